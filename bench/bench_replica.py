"""The addon's load on Odoo with a real streaming replica: which server answered what.

Starts a throwaway PostgreSQL primary (initdb in a temporary folder, a loopback
port of its own, never the shared server), creates the database with the
addon and its demo data there, makes a hot standby of it (pg_basebackup -R,
streaming replication, another loopback port), then runs bench_load.py's mix
of diagnostics and bookings (N clients, --workers=2) against Odoo started with
--db_replica_host/--db_replica_port, then for half as long visitors who only
read pages (the diagnostic form, the booking page). It prints, for each part,
the share of the database's transactions (pg_stat_database) and statements
(pg_stat_statements) each server answered, the replica's lag at the end, the load's
figures and bench_load.py's invariants (complete records, no double booking,
each email once). Both clusters and the folder are removed afterwards (--keep
keeps the folder). Exit status 1 when a check fails. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_replica.py            # 16 clients, 60 s
    $(bash tools/odoo_env.sh) bench/bench_replica.py -c 4 -t 20 # a short try
"""

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from bench_load import (
    Bench,
    Client,
    OdooServer,
    PrivateCluster,
    check_invariants,
    connect,
    create_database,
    free_ports,
    project_options,
    report,
    say,
    settle_mail,
)
from smtp_sink import SmtpSink


class Standby(PrivateCluster):
    """A hot standby of ``primary``, streaming from it (pg_basebackup -R)."""

    def __init__(self, folder, port, primary):
        super().__init__(folder, port)
        self.data = Path(folder) / "standby"
        self.primary = primary

    def start(self):
        self.data.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
        self.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary.port),
            "-U",
            self.primary.user,
            "-D",
            str(self.data),
            "-X",
            "stream",
            "-R",  # standby.signal and primary_conninfo
            "-c",
            "fast",
        )
        self.pg_ctl("start")


STATEMENTS = " -c shared_preload_libraries=pg_stat_statements"


def counters(pg, db):
    """(transactions, statements) the server ran for ``db`` so far."""
    with connect(pg, db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [db]
        )
        transactions = cr.fetchone()[0]
        cr.execute(
            """SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = %s)""",
            [db],
        )
        statements = int(cr.fetchone()[0])
    conn.close()
    return transactions, statements


def share(label, primary, replica):
    total = primary + replica or 1
    return (
        f"{label}: primary {primary} ({100 * primary / total:.0f} %), "
        f"replica {replica} ({100 * replica / total:.0f} %)"
    )


def replica_lag(pg, db):
    with connect(pg, db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT pg_is_in_recovery(), "
            "COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
        )
        in_recovery, lag = cr.fetchone()
    conn.close()
    return in_recovery, lag


def browse_pages(client, phase):
    """A visitor who reads without posting: the diagnostic form and the booking
    page (in two time zones)."""
    for path in ("/diagnostic-ia", "/consultation", "/consultation?tz=America/New_York"):
        client.page(phase, "pages", path)


def parse_args(argv=None):
    """This script's options, with what bench_load.py's database, server and
    clients read of its own (tools/tests/test_bench_scripts.py)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--clients", type=int, default=16)
    parser.add_argument("-t", "--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--max-steps", type=int, default=20000)
    parser.add_argument("--seed", default="2026")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    args = parser.parse_args(argv)
    # The crons in the server, as bench_load.py runs them by default.
    args.db, args.faults, args.reuse, args.cron_nice = "itlaw_replica", False, False, None
    return args


def main():
    args = parse_args()

    work = Path(tempfile.mkdtemp(prefix="itlaw-replica-"))
    http_port, gevent_port, smtp_port, primary_port, standby_port = free_ports(5)
    addons_path, _shared = project_options()
    primary = PrivateCluster(work, primary_port)
    standby = Standby(work, standby_port, primary)
    # Statements counted on each server (the standby gets the extension by replication).
    primary.settings = standby.settings = STATEMENTS
    server = None
    status = 1
    try:
        primary.start()
        pg, replica_pg = primary.options(), standby.options()
        say(f"primary PostgreSQL on 127.0.0.1:{primary_port} in {primary.data}")
        create_database(args, pg, addons_path, work)
        with connect(pg, args.db) as conn, conn.cursor() as cr:
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.close()
        standby.start()
        say(f"standby on 127.0.0.1:{standby_port}, streaming: {replica_lag(replica_pg, args.db)}")
        with SmtpSink(smtp_port) as sink:
            server = OdooServer(args, pg, addons_path, work, http_port, gevent_port, smtp_port)
            server.command += [
                "--db_replica_host=127.0.0.1",
                f"--db_replica_port={standby_port}",
            ]
            server.start()
            say(f"Odoo on {server.url} with the replica, log {server.log}")
            with connect(pg, args.db) as conn, conn.cursor() as cr:
                cr.execute("SELECT now() AT TIME ZONE 'UTC'")
                run_started = cr.fetchone()[0]
            conn.close()
            bench = Bench(args, server.url)
            warm = Client(bench, -1)
            for _ in range(4):
                warm.step("warm-up", "addon")
            before = counters(pg, args.db), counters(replica_pg, args.db)
            durations = {"addon": bench.phase("addon", "addon", args.duration)}
            after = counters(pg, args.db), counters(replica_pg, args.db)
            # Then visitors who only read, for half as long.
            Client.step = lambda client, phase, flow: browse_pages(client, phase)
            reading = bench.phase("pages", "pages", args.duration / 2)
            after_reading = counters(pg, args.db), counters(replica_pg, args.db)
            in_recovery, lag = replica_lag(replica_pg, args.db)
            say("load done; running the confirmation cron and the mail queue")
            unsent = settle_mail(args, pg, bench.run_id)
            problems, summary = check_invariants(args, pg, bench, sink, run_started)
            report(bench, durations)
            (xact_p, stmt_p), (xact_r, stmt_r) = (
                (b[0] - a[0], b[1] - a[1]) for a, b in zip(before, after, strict=True)
            )
            print("during the load, " + share("transactions", xact_p, xact_r))
            print("during the load, " + share("statements", stmt_p, stmt_r))
            (rx_p, rs_p), (rx_r, rs_r) = (
                (b[0] - a[0], b[1] - a[1]) for a, b in zip(after, after_reading, strict=True)
            )
            pages = bench.results.requests["pages"]
            print(
                f"pages only ({pages} GETs in {reading:.0f} s, {pages / reading:.1f}/s), "
                + share("transactions", rx_p, rx_r)
            )
            print("pages only, " + share("statements", rs_p, rs_r))
            print(f"standby in recovery: {in_recovery}, replay lag at the end {lag:.2f} s")
            on_replica = xact_r
            retried = server.log.read_text(errors="replace").count(
                "retrying with a read/write cursor"
            )
            print(f"read-only requests that wrote and ran again on the primary: {retried}")
            print("after the load: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
            if unsent:
                problems.append(f"emails left unsent: {unsent}")
            if not in_recovery or not on_replica:
                problems.append("the replica answered nothing")
            if retried:
                problems.append(f"{retried} read-only requests wrote")
            for problem in problems:
                print(f"INVARIANT FAILED: {problem}")
            clean = not problems and not bench.results.tracebacks and not bench.results.failures
            print("checks: " + ("all invariants hold" if clean else "FAILED"))
            status = 0 if clean else 1
    finally:
        if server:
            server.stop()
        standby.stop()
        primary.stop()
        if args.keep or status:
            say(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
