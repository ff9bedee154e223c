#!/usr/bin/env bash
# `make run`: a demo instance on http://localhost:8069 with the addon and its
# demo data installed in a database of its own.
#
# A demo, not a production server: it listens on 127.0.0.1 only (ITLAW_HTTP_INTERFACE
# to change it) and the database manager (/web/database/*) is off, with a
# generated master password kept in the data folder, outside the checkout.
# `tools/run.sh --print-options` prints the server's options and stops;
# `tools/run.sh --prepare` creates or updates the database and stops.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# Without Odoo, tools/odoo_env.sh has already said how to provide it.
[ "$have_odoo" = 1 ] || exit 1
db_opts=$("$root/tools/postgres.sh")
db=${ITLAW_DB:-itlaw_demo}
port=${ITLAW_HTTP_PORT:-8069}
interface=${ITLAW_HTTP_INTERFACE:-127.0.0.1}
odoo_opts=($db_opts --addons-path="$addons_path" --data-dir="$data_dir/odoo-data" -d "$db")

# Odoo's master password guards the database manager: a random one, hashed in
# a configuration file of the data folder (the password itself beside it).
run_conf=$data_dir/odoo-run.conf
if [ ! -s "$run_conf" ]; then
    (
        umask 077
        "$py" - "$run_conf" "$data_dir/master-password" <<'EOF'
import secrets
import sys

from odoo.tools.config import crypt_context

conf, password_file = sys.argv[1:]
password = secrets.token_urlsafe(24)
with open(password_file, "w") as out:
    out.write(password + "\n")
with open(conf, "w") as out:
    out.write("[options]\nadmin_passwd = %s\n" % crypt_context.hash(password))
EOF
    )
fi
server_opts=("${odoo_opts[@]}" -c "$run_conf" --http-port="$port" --http-interface="$interface"
    --no-database-list --db-filter="^$db\$")
if [ "${1:-}" = --print-options ]; then
    printf '%s\n' "${server_opts[@]}"
    exit 0
fi

installed=$("$py" - "${odoo_opts[@]}" <<'EOF'
import sys
import odoo
odoo.tools.config.parse_config(sys.argv[1:])
db = odoo.tools.config["db_name"]
with odoo.sql_db.db_connect("postgres").cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
    exists = bool(cr.fetchone())
state = None
if exists:
    with odoo.sql_db.db_connect(db).cursor() as cr:
        # An empty database (created by hand) has no module table yet.
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        if cr.fetchone()[0]:
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'itlaw_ai_advisory'")
            state = (cr.fetchone() or [None])[0]
print("yes" if state == "installed" else "no")
EOF
)
# Odoo looks for wkhtmltopdf when it starts: without it, no PDF (fee agreements).
bash "$root/tools/wkhtmltopdf.sh" >/dev/null || true

if [ "$installed" = yes ]; then
    echo "[run] updating the addon in the database $db"
    "$py" -m odoo "${odoo_opts[@]}" -u itlaw_ai_advisory --stop-after-init --log-level=warn
else
    echo "[run] creating the database $db with the addon and its demo data (about a minute)"
    "$py" -m odoo "${odoo_opts[@]}" -i itlaw_ai_advisory --load-language=fr_FR \
        --stop-after-init --log-level=warn
fi

[ "${1:-}" != --prepare ] || exit 0

cat <<EOF

ITLAW AI Advisory demo — database $db
  Listening on $interface only; the database manager is disabled.
  Backend:            http://localhost:$port/web/login
  Public diagnostic:  http://localhost:$port/diagnostic-ia   (English: /en/diagnostic-ia)
  Contact page:       http://localhost:$port/contactus
  Logins (password = login):
    admin              administrator
    associe            Claire Martin, partner (Associé)
    avocat             Thomas Bernard, lawyer (Avocat)
    avocate            Sophie Leroy, lawyer (Avocat)
  Stop with Ctrl+C.

EOF
exec "$py" -m odoo "${server_opts[@]}"
