#!/usr/bin/env bash
# Refreshes the README's screenshots from a real browser:
#   bash tools/screenshots.sh [OUTPUT_DIR]      (default: static/description/)
#
# Creates (or updates) a database of its own, itlaw_screens (the addon, its demo
# data and French; never the demo database itlaw_demo), starts Odoo on a spare
# port of 127.0.0.1, waits until it answers, takes the pages in headless
# Chromium (tools/screenshots.py) and stops the server whatever happens.
#   screenshot_diagnostic.png     /diagnostic-ia, first step (French, 1366x900)
#   screenshot_result.png         a demo intake's result page, booking day picker
#   screenshot_booking_phone.png  /consultation on a phone (390x844)
#   screenshot_pipeline.png       the AI pipeline, as the partner associe
#   screenshot_lead.png           a lead's "Diagnostic IA" tab, as associe
#   screenshot_engagement.png     the demo engagement in progress (DOS/...), as associe
#   screenshot_dashboard.png      Reporting > Pipeline dashboard, as associe
#   screenshot_dpia.png           the DPIA drafted from the demo engagement's diagnostic, as associe
#   screenshot_portal_phone.png   that engagement on the client's portal (/my/engagements/ID)
#                                 on a phone, as the invited client, the DPIA's PDF published
#
# For the last two, the script does once in that database what associe does with
# the buttons (a rerun reuses what is there): a DPIA of the demo engagement,
# drafted from its diagnostic, its PDF published to the client's portal, the
# client invited to the portal; it sets a known password on the client's portal user.
set -euo pipefail
source "$(dirname "$0")/common.sh"
say() { echo "[screenshots] $*" >&2; }

[ "$have_odoo" = 1 ] || exit 1
out=$(mkdir -p "${1:-$root/static/description}" && cd "${1:-$root/static/description}" && pwd)
chromium=$("$root/tools/browser.sh") || exit 1
db_opts=$("$root/tools/postgres.sh")
db=${ITLAW_SCREENS_DB:-itlaw_screens}
[ "$db" != itlaw_demo ] || { say "refusing to use the demo database itlaw_demo"; exit 1; }
odoo_opts=($db_opts --addons-path="$addons_path" --data-dir="$data_dir/odoo-data" -d "$db")

# Created (addon, demo data, French) or updated as `make run` does for the demo.
ITLAW_DB=$db bash "$root/tools/run.sh" --prepare >&2

# The result page of the French demo intake (Recrut'IA), its lead, the demo
# engagement in progress, its DPIA and its client's portal login.
client_password=itlaw-screens-client
read -r result_path lead_id engagement_id dpia_id client_login portal_path < <(
    ITLAW_CLIENT_PASSWORD=$client_password "$py" - "${odoo_opts[@]}" <<'EOF'
import os
import sys
import odoo
from odoo import SUPERUSER_ID, api
odoo.tools.config.parse_config(sys.argv[1:])
registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    intake = env["itlaw.intake"].search(
        [("partner_id.email", "=", "jeanne.dupont@recrutia.example"), ("lead_id", "!=", False)],
        order="id", limit=1,
    )
    if not intake:
        sys.exit("no demo intake with a lead: is the demo data loaded?")
    engagement = env.ref("itlaw_ai_advisory.itlaw_engagement_in_progress_demo")
    # What the partner does with the engagement's and the DPIA's buttons, once:
    # a rerun reuses the DPIA, its published PDF and the client's portal user.
    associe = env.ref("itlaw_ai_advisory.user_partner_demo")
    as_associe = engagement.with_user(associe)
    if not engagement.dpia_ids:
        as_associe.action_create_dpia()
    dpia = engagement.dpia_ids.sorted("id")[:1]
    published = engagement.deliverable_ids.filtered(lambda d: d.kind == "dpia" and d.published)
    if not published:
        dpia.with_user(associe).action_publish_pdf()
    contacts = engagement._itlaw_client_contacts()
    if not contacts.user_ids.filtered("share"):
        as_associe.action_invite_client()
    client = contacts.user_ids.filtered("share").sorted("id")[:1]
    if not client:
        sys.exit("inviting the demo client to the portal gave it no portal user")
    client.password = os.environ["ITLAW_CLIENT_PASSWORD"]
    # The link of the client's /my/engagements list (with its access token).
    print(
        intake.get_portal_url(), intake.lead_id.id, engagement.id, dpia.id, client.login,
        engagement.get_portal_url(),
    )
EOF
)
[ -n "${portal_path:-}" ] || { say "could not find or prepare the demo intake and engagement"; exit 1; }

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tmp=$(mktemp -d "${TMPDIR:-/tmp}/itlaw-screens.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting Odoo on http://127.0.0.1:$port (log: $tmp/odoo.log)"
"$py" -m odoo "${odoo_opts[@]}" --http-port="$port" --http-interface=127.0.0.1 \
    --db-filter="^$db\$" --no-database-list --max-cron-threads=0 --log-level=warn \
    --logfile="$tmp/odoo.log" &
server_pid=$!

base=http://127.0.0.1:$port
for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { say "Odoo stopped:"; cat "$tmp/odoo.log" >&2; exit 1; }
    if "$py" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
        "$base/web/login" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 1
done
[ "${ready:-}" = 1 ] || { say "Odoo did not answer on $base"; cat "$tmp/odoo.log" >&2; exit 1; }

"$py" "$root/tools/screenshots.py" --base "$base" --db "$db" --out "$out" \
    --result-path "$result_path" --lead-id "$lead_id" \
    --engagement-id "$engagement_id" --dpia-id "$dpia_id" \
    --client-login "$client_login" --client-password "$client_password" \
    --portal-path "$portal_path" \
    --chromium "$chromium" || {
    status=$?
    say "taking the screenshots failed; the server's log:"
    tail -n 40 "$tmp/odoo.log" >&2
    exit "$status"
}
say "done: $out"
