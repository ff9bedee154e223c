#!/usr/bin/env bash
# `make test`: lint, engine tests (no database), then the Odoo suite with
# pytest-odoo on a fresh database where the addon was just installed.
# Prints one summary line per suite; exits non-zero if anything that ran failed.
set -uo pipefail
source "$(dirname "$0")/common.sh"
cd "$root"

failed=0
summary=()
log_dir=$(mktemp -d)
record() {  # $1 suite, $2 exit code, $3 text
    summary+=("$(printf '%-7s %s  %s' "$1" "$([ "$2" = 0 ] && echo ok || echo FAILED)" "$3")")
    [ "$2" = 0 ] || failed=1
}
last_pytest_line() { grep -E '(passed|failed|error|no tests ran)' "$1" | tail -n 1 | tr -d '='; }

echo "== lint"
"$py" -m ruff check . && "$py" -m ruff format --check . >/dev/null
ruff_rc=$?
# The OCA checks are for the Odoo code; the engine (a CLI too) is ruff's.
"$py" -m pylint --rcfile=.pylintrc-mandatory --recursive=y \
    --ignore-paths='^(\./)?(itlaw_ai_advisory|tests|bench|tools)/' . >"$log_dir/pylint.log" 2>&1
pylint_rc=$?
cat "$log_dir/pylint.log"
lint_rc=$(( ruff_rc || pylint_rc ))
record lint $lint_rc "ruff $([ $ruff_rc = 0 ] && echo clean || echo errors), pylint-odoo $([ $pylint_rc = 0 ] && echo clean || echo errors)"

echo "== engine tests"
"$py" -m pytest tests/engine -q 2>&1 | tee "$log_dir/engine.log"
record engine "${PIPESTATUS[0]}" "$(last_pytest_line "$log_dir/engine.log")"

if [ "$have_odoo" = 1 ]; then
    db_opts=$("$root/tools/postgres.sh") || exit 1
    db=itlaw_test_$(printf '%s' "$root" | sha1sum | cut -c1-8)
    odoo_opts=($db_opts --addons-path="$addons_path" --data-dir="$data_dir/odoo-data")
    echo "== installing the addon into a fresh database ($db)"
    "$py" - "${odoo_opts[@]}" "$db" <<'EOF'
import sys
import odoo
*opts, db = sys.argv[1:]
odoo.tools.config.parse_config(opts)
odoo.service.db.exp_drop(db)
EOF
    "$py" -m odoo "${odoo_opts[@]}" -d "$db" -i itlaw_ai_advisory --stop-after-init \
        --log-level=warn >"$log_dir/install.log" 2>&1
    install_rc=$?
    # The install must be clean: any warning or error of Odoo's logger fails it.
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log_dir/install.log"; then
        install_rc=1
    fi
    [ $install_rc = 0 ] || tail -n 40 "$log_dir/install.log"
    record install $install_rc "$([ $install_rc = 0 ] && echo 'clean install with demo data' || echo 'see the log above')"

    if [ $install_rc = 0 ]; then
        echo "== Odoo tests (pytest-odoo)"
        "$py" -m pytest "$link_dir/itlaw_ai_advisory/tests" --ignore="$link_dir/itlaw_ai_advisory/tests/engine" \
            -q -p odoo --rootdir="$link_dir/itlaw_ai_advisory" \
            --odoo-database="$db" --odoo-addons-path="$addons_path" --odoo-http \
            --odoo-log-level=error $(printf -- '--odoo-extra=%s ' ${db_opts//--/} "data-dir=$data_dir/odoo-data") \
            2>&1 | tee "$log_dir/odoo.log"
        record odoo "${PIPESTATUS[0]}" "$(last_pytest_line "$log_dir/odoo.log")"
    fi
else
    record odoo 1 "NOT RUN: Odoo 18 not found (see README, 'Providing Odoo')"
fi

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
rm -rf "$log_dir"
exit $failed
