"""Who used the CPU during a bench_load.py run: its HTTP workers, its cron worker,
PostgreSQL, the bench's own clients, by phase.

Run it beside bench_load.py (same machine), then report on the run's log:

    $(bash tools/odoo_env.sh) bench/cpu_share.py sample /tmp/cpu.txt &   # before the bench
    $(bash tools/odoo_env.sh) bench/bench_load.py --keep
    kill %1
    $(bash tools/odoo_env.sh) bench/cpu_share.py report /tmp/cpu.txt /tmp/itlaw-load-XXXX/odoo.log

``sample`` writes every 2 s the CPU seconds used so far by each process kind
(from /proc); ``report`` pairs each interval with the posts Odoo logged in it
(only the contact form's, or only the addon's) and prints the CPUs each kind
used on average in each phase. Linux only.
"""

import argparse
import itertools
import os
import re
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
POST = re.compile(r"^(\d+-\d+-\d+ \d+:\d+:\d+),\d+ \d+ \S+ \S+ werkzeug: .*\"POST (\S+)")
CRON_WORKER = re.compile(r"WorkerCron \((\d+)\) alive")


def process_kind(pid):
    """(kind, CPU seconds) of a process, or (None, 0) when it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            command = file.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return None, 0.0
    seconds = (int(fields[11]) + int(fields[12])) / TICKS
    if "postgres" in command:
        return "postgresql", seconds
    if "bench_load" in command:
        return "clients", seconds
    if "odoo_server.py" in command or "odoo-bin" in command:
        return f"odoo:{pid}", seconds
    return "other", seconds


def sample(output, period=2.0):
    with open(output, "w") as out:
        while True:
            totals = Counter()
            for pid in filter(str.isdigit, os.listdir("/proc")):
                kind, seconds = process_kind(pid)
                if kind:
                    totals[kind] += seconds
            items = " ".join(f"{kind}={seconds:.2f}" for kind, seconds in sorted(totals.items()))
            out.write(f"{time.time():.1f} {items}\n")
            out.flush()
            time.sleep(period)


def report(samples_path, log_path):
    samples = []
    with open(samples_path) as file:
        for line in file:
            stamp, *items = line.split()
            samples.append((float(stamp), {k: float(v) for k, v in (i.split("=") for i in items)}))
    phases, cron = defaultdict(set), None
    with open(log_path, errors="replace") as file:
        for line in file:
            found = CRON_WORKER.search(line)
            if found and cron is None:
                cron = f"odoo:{found.group(1)}"
            match = POST.match(line)
            if match:
                moment = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S")
                second = int(moment.replace(tzinfo=timezone.utc).timestamp())
                phases[second].add("contact" if "website/form" in match.group(2) else "addon")
    used, durations = defaultdict(Counter), Counter()
    for (start, before), (end, after) in itertools.pairwise(samples):
        seen = set().union(*(phases.get(s, set()) for s in range(int(start), int(end) + 1)))
        if len(seen) != 1:
            continue  # idle, or both phases in one interval
        phase = seen.pop()
        durations[phase] += end - start
        for kind, seconds in after.items():
            name = "cron worker" if kind == cron else "odoo" if kind.startswith("odoo") else kind
            used[phase][name] += seconds - before.get(kind, seconds)
    for phase, seconds in durations.items():
        shares = ", ".join(
            f"{name} {total / seconds:.2f}" for name, total in sorted(used[phase].items())
        )
        print(f"{phase}: {seconds:.0f} s, CPUs used: {shares}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sampling = commands.add_parser("sample", help="write CPU samples until killed")
    sampling.add_argument("output")
    reporting = commands.add_parser("report", help="CPU share per phase of a bench_load.py run")
    reporting.add_argument("samples")
    reporting.add_argument("odoo_log")
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.output)
    else:
        report(args.samples, args.odoo_log)


if __name__ == "__main__":
    main()
