#!/usr/bin/env bash
# `make test`: lint, engine and tooling tests (no database), then the Odoo suite
# under both runners, each on a fresh database where the addon was just
# installed: pytest-odoo, and Odoo's own (odoo-bin --test-enable), the way
# integrators, hosting platforms and OCA's CI run an addon's tests.
# Prints one summary line per suite; exits non-zero if anything failed or did
# not run: a suite or a test that did not run (skipped, no browser, no Odoo) is
# not a pass, nor is a warning or an error in a log that no test asked for.
set -uo pipefail
source "$(dirname "$0")/common.sh"
cd "$root"

failed=0
summary=()
log_dir=$(mktemp -d)
record() {  # $1 suite, $2 exit code, $3 text
    summary+=("$(printf '%-8s %s  %s' "$1" "$([ "$2" = 0 ] && echo ok || echo FAILED)" "$3")")
    [ "$2" = 0 ] || failed=1
}
last_pytest_line() { grep -E '(passed|failed|error|no tests ran)' "$1" | tail -n 1 | tr -d '='; }
pytest_skips() {  # $1 log: fails (with the skipped tests) when pytest skipped any
    if grep -qE '^SKIPPED|[0-9]+ skipped' "$1"; then
        grep -E '^SKIPPED' "$1" | sed 's/^/a skipped test is not a pass: /'
        return 1
    fi
}
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
drop_db() {
    "$py" - "${odoo_opts[@]}" "$1" <<'PYEOF'
import sys
import odoo
*opts, db = sys.argv[1:]
odoo.tools.config.parse_config([*opts, "--log-level=warn"])
odoo.service.db.exp_drop(db)
PYEOF
}

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
"$py" -m pytest tests/engine -q -rs 2>&1 | tee "$log_dir/engine.log"
engine_rc=${PIPESTATUS[0]}
pytest_skips "$log_dir/engine.log" || engine_rc=1
record engine "$engine_rc" "$(last_pytest_line "$log_dir/engine.log")"

echo "== tooling tests (setup script, browser and wkhtmltopdf lookup, log reader, make run's options, the engine's and the addon's wheels, the bench scripts' servers)"
# make run's server test, the addon's wheel installed into a database and the
# bench scripts (they locate odoo-bin) need Odoo: without it the Odoo lines
# below fail the run.
tools_opts=()
[ "$have_odoo" = 1 ] ||
    tools_opts=(--ignore=tools/tests/test_run_server.py --ignore=tools/tests/test_addon_package.py
        --ignore=tools/tests/test_bench_scripts.py)
"$py" -m pytest tools/tests -q -rs "${tools_opts[@]}" 2>&1 | tee "$log_dir/tools.log"
tools_rc=${PIPESTATUS[0]}
pytest_skips "$log_dir/tools.log" || tools_rc=1
record tools "$tools_rc" "$(last_pytest_line "$log_dir/tools.log")"

# The tours need Chromium: installed here when possible, else the run fails.
if browser=$(bash tools/browser.sh); then
    record browser 0 "$browser ($("$browser" --version 2>/dev/null | head -n 1))"
else
    record browser 1 "NOT RUN: no Chromium for the tours (as root: apt-get install chromium)"
fi

# The PDF reports need wkhtmltopdf, found before Odoo starts: installed here when possible.
if wkhtmltopdf=$(bash tools/wkhtmltopdf.sh); then
    record pdf 0 "$wkhtmltopdf ($("$wkhtmltopdf" --version 2>/dev/null | head -n 1))"
else
    record pdf 1 "NOT RUN: no wkhtmltopdf for the PDF reports (as root: apt-get install wkhtmltopdf)"
fi

if [ "$have_odoo" = 1 ]; then
    db_opts=$("$root/tools/postgres.sh") || exit 1
    db=itlaw_test_$(printf '%s' "$root" | sha1sum | cut -c1-8)
    odoo_opts=($db_opts --addons-path="$addons_path" --data-dir="$data_dir/odoo-data")
    echo "== installing the addon into a fresh database ($db)"
    drop_db "$db"
    # With Odoo's own French, as `make run` installs it: the French pages are
    # tested as the firm's visitors see them (Odoo's templates translated too).
    "$py" -m odoo "${odoo_opts[@]}" -d "$db" -i itlaw_ai_advisory --load-language=fr_FR \
        --stop-after-init --log-level=warn >"$log_dir/install.log" 2>&1
    install_rc=$?
    # The install must be clean: any warning or error of Odoo's logger fails it.
    "$py" tools/odoo_log.py clean "$log_dir/install.log" || install_rc=1
    [ $install_rc = 0 ] || tail -n 40 "$log_dir/install.log"
    record install $install_rc "$([ $install_rc = 0 ] && echo 'clean install with demo data' || echo 'see the log above')"

    if [ $install_rc = 0 ]; then
        echo "== Odoo tests (pytest-odoo)"
        "$py" -m pytest "$link_dir/itlaw_ai_advisory/tests" --ignore="$link_dir/itlaw_ai_advisory/tests/engine" \
            -q -rs -p odoo --rootdir="$link_dir/itlaw_ai_advisory" \
            --odoo-database="$db" --odoo-addons-path="$addons_path" --odoo-http \
            --odoo-log-level=error $(printf -- '--odoo-extra=%s ' ${db_opts//--/} "data-dir=$data_dir/odoo-data") \
            2>&1 | tee "$log_dir/odoo.log"
        odoo_rc=${PIPESTATUS[0]}
        pytest_skips "$log_dir/odoo.log" || odoo_rc=1
        "$py" tools/odoo_log.py clean "$log_dir/odoo.log" || odoo_rc=1
        record pytest "$odoo_rc" "$(last_pytest_line "$log_dir/odoo.log") (pytest-odoo)"
    fi

    # Odoo's own runner installs the addon itself, at_install and post_install
    # tests included, in a database of its own.
    runner_db=${db}_runner
    echo "== Odoo tests (Odoo's own runner: odoo-bin -i itlaw_ai_advisory --test-enable, database $runner_db)"
    drop_db "$runner_db"
    timeout 2400 "$py" -m odoo "${odoo_opts[@]}" -d "$runner_db" -i itlaw_ai_advisory \
        --load-language=fr_FR --test-enable --test-tags=/itlaw_ai_advisory --stop-after-init \
        --http-port="$(free_port)" >"$log_dir/runner.log" 2>&1
    runner_rc=$?
    "$py" tools/odoo_log.py runner "$log_dir/runner.log" | tee "$log_dir/runner.summary"
    [ "${PIPESTATUS[0]}" = 0 ] || runner_rc=1
    [ $runner_rc = 0 ] || [ -s "$log_dir/runner.summary" ] || tail -n 40 "$log_dir/runner.log"
    record odoo-bin $runner_rc "$(tail -n 1 "$log_dir/runner.summary") (Odoo's own runner)"
    drop_db "$runner_db"
else
    record pytest 1 "NOT RUN: Odoo 18 not found (see README, 'Providing Odoo')"
    record odoo-bin 1 "NOT RUN: Odoo 18 not found (see README, 'Providing Odoo')"
fi

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
rm -rf "$log_dir"
exit $failed
