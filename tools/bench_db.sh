#!/usr/bin/env bash
# The benchmarks' own database, never the demo's: creates or updates
# ITLAW_BENCH_DB (default itlaw_bench) with the addon and its demo data, as
# `make run` does for the demo, then
#   tools/bench_db.sh               prints the Odoo options to reach it
#                                   (for bench/bench_booking.py);
#   tools/bench_db.sh --serve PORT  serves it on 127.0.0.1:PORT (default 8169)
#                                   for bench/bench_intake.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
db=${ITLAW_BENCH_DB:-itlaw_bench}
[ "$db" != itlaw_demo ] || { echo "[bench] not the demo database: the benchmarks leave data behind" >&2; exit 1; }

if [ "${1:-}" = --serve ]; then
    ITLAW_DB=$db ITLAW_HTTP_PORT=${2:-8169} exec bash "$here/run.sh"
fi
ITLAW_DB=$db bash "$here/run.sh" --prepare >&2
ITLAW_DB=$db bash "$here/run.sh" --print-options | grep -E '^--(db_|addons-path|data-dir)' | tr '\n' ' '
echo "-d $db"
