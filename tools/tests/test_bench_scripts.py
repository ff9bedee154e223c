"""The bench scripts that reuse bench_load.py's server and clients give them
every option they read: bench_replica.py stopped starting when bench_load.py
gained --cron-nice (found in session 13), and only a full run showed it."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_load  # noqa: E402
import bench_replica  # noqa: E402

PG = {"host": "127.0.0.1", "port": 5432, "user": "odoo"}


def test_replica_bench_builds_bench_loads_server(tmp_path):
    args = bench_replica.parse_args(["-c", "4", "-t", "5"])
    server = bench_load.OdooServer(args, PG, "addons", tmp_path, 8191, 8192, 8193)
    assert "--workers=2" in server.command
    assert "--max-cron-threads=1" in server.command
    assert f"--db-filter=^{args.db}$" in server.command
    assert server.cron_command is None
    bench = bench_load.Bench(args, server.url)
    assert len(bench.clients) == 4


def test_load_bench_with_crons_in_their_own_process(tmp_path):
    """The same server as bench_load.py builds it from its own command line."""
    parser_args = bench_load.parse_args(["--cron-nice", "10"])
    server = bench_load.OdooServer(parser_args, PG, "addons", tmp_path, 8191, 8192, 8193)
    assert "--max-cron-threads=0" in server.command
    assert server.cron_command[:3] == ["nice", "-n", "10"]
    assert "--no-http" in server.cron_command
