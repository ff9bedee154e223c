"""Concurrent diagnostics and bookings on Odoo's prefork server, against its contact form.

Creates its own database with the addon and its demo data (the name given with
--db, itlaw_load by default, dropped first), starts Odoo's multi-process server
on it (--workers=2 --max-cron-threads=1, 127.0.0.1, spare ports), and drives
it over HTTP as browsers without JavaScript would (page, CSRF token, POST,
redirect), N clients at once for a bounded time:

* the addon's mix: diagnostic submissions (every other one then books a
  consultation from its result page) and standalone bookings;
* in the same run, the same clients on website_crm's contact form
  (/website/form/crm.lead), alternating with the addon's load in blocks
  (--alternations: addon, contact, contact, addon, ... merged).

It prints throughput, p50/p95/p99 of the POSTs and errors of each, the ratios,
then checks the database: every accepted submission has one contact, one lead,
one intake, its answers and findings; every booking one event with its lead;
no lawyer holds two overlapping events; no orphan contact, company, lead,
intake or event; every email was queued once and, after the mail queue runs
(into an SMTP server of the script's own), delivered once.

With --faults the load runs on a PRIVATE PostgreSQL cluster the script creates
in a temporary folder (never the shared one), and during the load it kills an
Odoo HTTP worker, restarts that PostgreSQL, then kills a worker again; every
request must either succeed or fail cleanly (an error page or a dropped
connection, never a traceback), and the same checks follow. No contact-form
phase then: ratios under faults mean nothing.

Exit status 1 when a check fails, a body shows a traceback, or (without
--faults) any request fails. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_load.py                  # 16 clients, 60 s + 60 s
    $(bash tools/odoo_env.sh) bench/bench_load.py -c 4 -t 10       # a short try
    $(bash tools/odoo_env.sh) bench/bench_load.py --faults -c 8 -t 60
"""

import argparse
import contextlib
import html
import importlib.util
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg2
import requests
from machine import describe
from smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fixtures import CONTACT, CV_SCREENING, form_data  # noqa: E402

ODOO_BIN = Path(importlib.util.find_spec("odoo").origin).parents[1] / "odoo-bin"
PORTS = range(8191, 8200)  # this bench's loopback ports
CSRF = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
BOOKING_FORM = re.compile(r"<form\b[^>]*o_itlaw_booking_form[^>]*>(.*?)</form>", re.S)
RESULT_PATH = re.compile(r"/diagnostic-ia/result/(\d+)\?access_token=")
EVENT_PATH = re.compile(r"/consultation/(\d+)\?booked=1")
SLOT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
RATE_LIMIT = "itlaw_ai_advisory.intake_rate_limit"
# Slots are picked among the first few offered (contention on purpose), but
# two days ahead at least, so that the 24-hour reminders stay out of the run.
SLOT_CHOICES = 12
SLOT_MIN_AHEAD = timedelta(hours=48)
# A page with no time to book ends the step without a POST: not counted as one.
NO_SLOT = "no slot offered"
# The demo's types offer 4 and 6 weeks: a run on a fast machine books about
# 450 consultations, which filled 4 weeks holding the year-end holidays (the
# rest of the run then measured pages without times, and no booking). The
# bench's database offers 8 weeks: every page computes and shows free times.
BENCH_HORIZON_DAYS = 56
OUTSIDE_CRONS = (
    ("crm_iap_enrich", "ir_cron_lead_enrichment"),
    ("mail", "ir_cron_module_update_notification"),
    ("partner_autocomplete", "ir_cron_partner_autocomplete"),
    ("sms", "ir_cron_sms_scheduler_action"),
    ("snailmail", "snailmail_print"),
)


def say(message):
    print(f"[load] {message}", flush=True)


def free_ports(count):
    ports = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    sys.exit(f"[load] fewer than {count} free ports in {PORTS.start}-{PORTS.stop - 1}")


def percentiles(samples):
    if len(samples) < 2:
        return (samples[0] * 1000,) * 3 if samples else (float("nan"),) * 3
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


# ----------------------------------------------------------------------
# PostgreSQL and Odoo
# ----------------------------------------------------------------------
class PrivateCluster:
    """A throwaway PostgreSQL cluster in a folder of its own, on a loopback port."""

    def __init__(self, folder, port):
        self.data = Path(folder) / "pg"
        self.port = port
        self.user = "itlaw"
        self.settings = ""  # more -c options (bench_replica.py)
        bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bindirs:
            sys.exit("[load] --faults needs PostgreSQL's binaries (/usr/lib/postgresql/*/bin)")
        self.bindir = bindirs[-1]

    def run(self, *args):
        # PostgreSQL refuses to run as root: its own user then.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [*prefix, str(self.bindir / args[0]), *args[1:]]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start(self):
        self.data.mkdir()
        if os.geteuid() == 0:
            os.chmod(self.data.parent, 0o755)
            shutil.chown(self.data, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")

    def pg_ctl(self, action):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1{self.settings}"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data / "server.log"),
            "-w",
            "-m",
            "fast",
            "-o",
            options,
            action,
        )

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop")

    def options(self):
        return {"host": "127.0.0.1", "port": self.port, "user": self.user}


def project_options():
    """Addons path and the shared PostgreSQL's options, as tools/run.sh computes them."""
    output = subprocess.run(
        ["bash", str(ROOT / "tools" / "run.sh"), "--print-options"],
        env={**os.environ, "ITLAW_DB": "itlaw_load_options"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    values = dict(item[2:].split("=", 1) for item in output if "=" in item)
    return values["addons-path"], {
        "host": values["db_host"],
        "port": int(values["db_port"]),
        "user": values["db_user"],
    }


def odoo_command(server=False):
    """odoo-bin, or for the prefork server the script that starts it (see odoo_server.py)."""
    if not ODOO_BIN.is_file():
        sys.exit(f"[load] {ODOO_BIN} not found: the bench needs Odoo's source (ODOO_SRC)")
    if server:
        return [sys.executable, str(Path(__file__).with_name("odoo_server.py"))]
    return [sys.executable, str(ODOO_BIN)]


def connect(pg, dbname):
    return psycopg2.connect(dbname=dbname, **pg)


def db_options(pg):
    return [f"--db_host={pg['host']}", f"--db_port={pg['port']}", f"--db_user={pg['user']}"]


def installed(pg, db):
    try:
        conn = connect(pg, db)
    except psycopg2.OperationalError:
        return False
    with conn, conn.cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        if not cr.fetchone()[0]:
            return False
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'itlaw_ai_advisory'")
        state = cr.fetchone()
    conn.close()
    return bool(state) and state[0] == "installed"


def create_database(args, pg, addons_path, work):
    reuse = args.reuse and installed(pg, args.db)
    if not reuse:
        conn = connect(pg, "postgres")
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        conn.close()
    # Reused, the addon is updated to the checkout's code (its schema with it).
    say(
        f"updating {args.db}'s addon (--reuse)"
        if reuse
        else f"creating {args.db} with the addon and its demo data (a few minutes)"
    )
    started = time.monotonic()
    subprocess.run(
        [
            *odoo_command(),
            *db_options(pg),
            f"--addons-path={addons_path}",
            f"--data-dir={work / 'data'}",
            "-d",
            args.db,
            "-u" if reuse else "-i",
            "itlaw_ai_advisory",
            "--load-language=fr_FR",
            "--stop-after-init",
            "--log-level=warn",
            f"--logfile={work / 'install.log'}",
        ],
        check=True,
    )
    say(f"database ready in {time.monotonic() - started:.0f} s")
    prepare_database(pg, args.db)


def prepare_database(pg, db):
    with connect(pg, db) as conn, conn.cursor() as cr:
        # Every client posts from 127.0.0.1: lift the hourly limit per address.
        # Set in place: the row keeps its external id, and updating the addon
        # (--reuse) finds its record.
        cr.execute(
            """INSERT INTO ir_config_parameter (key, value) VALUES (%s, '1000000')
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
            [RATE_LIMIT],
        )
        # Loopback only: no cron may call Odoo's online services (lead
        # enrichment, publisher, IAP queues).
        cr.execute(
            """UPDATE ir_cron SET active = false
                WHERE id IN (SELECT res_id FROM ir_model_data
                              WHERE model = 'ir.cron' AND (module, name) IN %s)""",
            [OUTSIDE_CRONS],
        )
        cr.execute(
            "UPDATE itlaw_consultation_type SET horizon = GREATEST(horizon, %s)",
            [BENCH_HORIZON_DAYS],
        )
    conn.close()


class OdooServer:
    def __init__(self, args, pg, addons_path, work, http_port, gevent_port, smtp_port):
        self.url = f"http://127.0.0.1:{http_port}"
        self.log = work / "odoo.log"
        self.command = [
            *odoo_command(server=True),
            *db_options(pg),
            f"--addons-path={addons_path}",
            f"--data-dir={work / 'data'}",
            "-d",
            args.db,
            f"--db-filter=^{args.db}$",
            "--no-database-list",
            "--workers=2",
            # With --cron-nice the crons run in a process of their own.
            f"--max-cron-threads={0 if args.cron_nice is not None else 1}",
            "--http-interface=127.0.0.1",
            f"--http-port={http_port}",
            f"--gevent-port={gevent_port}",
            "--smtp=127.0.0.1",
            f"--smtp-port={smtp_port}",
            f"--logfile={self.log}",
            "--log-level=info",
        ]
        self.process = None
        self.cron_command = None
        self.cron_process = None
        if args.cron_nice is not None:
            # The production topology of the README's notes: the web server
            # without crons, one cron-only Odoo at a lower CPU priority.
            self.cron_log = work / "cron.log"
            self.cron_command = [
                "nice",
                "-n",
                str(args.cron_nice),
                *odoo_command(server=True),
                *self.command[2 : self.command.index("--workers=2")],
                "--no-http",
                "--workers=0",
                "--max-cron-threads=1",
                f"--smtp-port={smtp_port}",
                "--smtp=127.0.0.1",
                f"--logfile={self.cron_log}",
                "--log-level=info",
            ]

    def start(self):
        with open(self.log.with_suffix(".out"), "ab") as output:
            self.process = subprocess.Popen(
                self.command, start_new_session=True, stdout=output, stderr=subprocess.STDOUT
            )
        if self.cron_command:
            with open(self.cron_log.with_suffix(".out"), "ab") as output:
                self.cron_process = subprocess.Popen(
                    self.cron_command,
                    start_new_session=True,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
        self.wait_ready()

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"[load] Odoo stopped (status {self.process.returncode}): {self.log}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        sys.exit(f"[load] Odoo did not answer in {timeout} s: {self.log}")

    def http_workers(self):
        """Live HTTP workers: pids the log announced, still children of the master."""
        announced = re.findall(r"Worker WorkerHTTP \((\d+)\) alive", self.log.read_text())
        workers = []
        for pid in dict.fromkeys(int(pid) for pid in announced):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                workers.append(pid)
        return workers

    def stop(self):
        for process in (self.process, self.cron_process):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)  # (phase, kind) -> seconds of accepted POSTs
        self.outcomes = defaultdict(Counter)  # (phase, kind) -> outcome -> count
        self.failures = Counter()  # description -> count
        self.tracebacks = []
        self.diagnostics = {}  # email -> intake id or None (not confirmed to the client)
        self.bookings = {}  # email -> event id or None
        self.diagnostic_bookings = {}  # diagnostic email -> event id or None
        self.requests = Counter()  # phase -> HTTP requests sent (pages included)

    def add(self, phase, kind, outcome, elapsed=None):
        with self.lock:
            self.outcomes[phase, kind][outcome] += 1
            if outcome == "ok" and elapsed is not None:
                self.timings[phase, kind].append(elapsed)


class Client:
    def __init__(self, bench, index):
        self.bench = bench
        self.index = index
        self.results = bench.results
        self.session = requests.Session()
        self.random = random.Random(f"{bench.args.seed}-{index}")
        self.count = 0

    def email(self, kind):
        self.count += 1
        return f"l{self.bench.run_id}-c{self.index}-{self.count}-{kind}@example.fr"

    def request(self, phase, kind, method, path, allow_redirects=False, **kwargs):
        """(response, seconds), or (None, seconds) when the connection failed."""
        url = path if path.startswith("http") else f"{self.bench.url}{path}"
        with self.results.lock:
            self.results.requests[phase] += 1
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, url, timeout=90, allow_redirects=allow_redirects, **kwargs
            )
        except requests.RequestException as error:
            elapsed = time.perf_counter() - started
            self.failed(phase, kind, f"{method} {kind}: {type(error).__name__}")
            return None, elapsed
        elapsed = time.perf_counter() - started
        if "Traceback" in response.text:
            with self.results.lock:
                self.results.tracebacks.append((method, path, response.status_code))
        return response, elapsed

    def failed(self, phase, kind, description):
        with self.results.lock:
            self.results.failures[f"{phase}: {description}"] += 1

    def page(self, phase, kind, path):
        response, _elapsed = self.request(phase, kind, "GET", path, allow_redirects=True)
        if response is None:
            return None
        if response.status_code != 200:
            self.failed(phase, kind, f"GET {kind} page: HTTP {response.status_code}")
            return None
        return response.text

    # -- the addon's mix ------------------------------------------------
    def diagnostic(self, phase, book):
        text = self.page(phase, "diagnostic", "/diagnostic-ia")
        if text is None:
            return
        email = self.email("d")
        contact = {**CONTACT, "email_from": email}
        data = form_data(CV_SCREENING, contact=contact, csrf_token=CSRF.search(text).group(1))
        self.results.diagnostics[email] = None
        response, elapsed = self.request(
            phase, "diagnostic", "POST", "/diagnostic-ia/submit", data=list(data.items(multi=True))
        )
        if response is None:
            self.results.add(phase, "diagnostic", "error")
            return
        match = RESULT_PATH.search(response.headers.get("Location", ""))
        if response.status_code != 303 or not match:
            self.results.add(phase, "diagnostic", "error")
            self.failed(phase, "diagnostic", f"POST diagnostic: HTTP {response.status_code}")
            return
        self.results.diagnostics[email] = int(match.group(1))
        self.results.add(phase, "diagnostic", "ok", elapsed)
        # As a browser: the redirect to the result page, with its booking step.
        result = self.page(phase, "diagnostic", response.headers["Location"])
        if result is None or not book:
            return
        self.results.diagnostic_bookings[email] = None
        self.book(phase, "booking after diagnostic", result, email, {})

    def standalone_booking(self, phase):
        text = self.page(phase, "booking", "/consultation")
        if text is None:
            return
        email = self.email("b")
        self.results.bookings[email] = None
        contact = {**CONTACT, "email_from": email, "privacy_consent": "1"}
        self.book(phase, "booking", text, email, contact)

    def book(self, phase, kind, text, email, contact):
        form = BOOKING_FORM.search(text)
        slots = self.slots(text)
        if not form or not slots:
            self.results.add(phase, kind, NO_SLOT)
            return
        data = {}
        for tag in INPUT.findall(form.group(1)):
            attrs = {name: html.unescape(value) for name, value in ATTR.findall(tag)}
            if attrs.get("type") == "hidden" and "name" in attrs:
                data[attrs["name"]] = attrs.get("value", "")
        data.update(contact, tz="Europe/Paris", slot=self.random.choice(slots))
        response, elapsed = self.request(phase, kind, "POST", "/consultation/book", data=data)
        if response is None:
            self.results.add(phase, kind, "error")
            return
        location = response.headers.get("Location", "")
        match = EVENT_PATH.search(location)
        if response.status_code == 303 and match:
            event_id = int(match.group(1))
            if kind == "booking":
                self.results.bookings[email] = event_id
            else:
                self.results.diagnostic_bookings[email] = event_id
            self.results.add(phase, kind, "ok", elapsed)
        elif response.status_code == 200 and "o_itlaw_slot_error" in response.text:
            # Someone else took the slot between the page and the post.
            self.results.add(phase, kind, "slot taken (page again)", elapsed)
        else:
            self.results.add(phase, kind, "error")
            self.failed(phase, kind, f"POST {kind}: HTTP {response.status_code} {location}")

    def slots(self, text):
        earliest = datetime.now(timezone.utc) + SLOT_MIN_AHEAD
        values = []
        for tag in INPUT.findall(text):
            attrs = dict(ATTR.findall(tag))
            if attrs.get("name") != "slot" or "value" not in attrs:
                continue
            start = datetime.strptime(attrs["value"], SLOT_FORMAT).replace(tzinfo=timezone.utc)
            if start >= earliest:
                values.append(attrs["value"])
        return values[:SLOT_CHOICES]

    # -- website_crm's contact form -------------------------------------
    def contact_form(self, phase):
        text = self.page(phase, "contact form", "/contactus")
        if text is None:
            return
        data = {
            "csrf_token": CSRF.search(text).group(1),
            "contact_name": CONTACT["contact_name"],
            "email_from": self.email("w"),
            "partner_name": CONTACT["partner_name"],
            "phone": CONTACT["phone"],
            "name": "AI project",
            "description": CONTACT["description"],
        }
        response, elapsed = self.request(
            phase, "contact form", "POST", "/website/form/crm.lead", data=data
        )
        if response is None:
            self.results.add(phase, "contact form", "error")
            return
        try:
            accepted = response.status_code == 200 and "id" in response.json()
        except ValueError:
            accepted = False
        if accepted:
            self.results.add(phase, "contact form", "ok", elapsed)
        else:
            self.results.add(phase, "contact form", "error")
            self.failed(phase, "contact form", f"POST contact form: HTTP {response.status_code}")

    def step(self, phase, flow):
        if flow == "contact":
            self.contact_form(phase)
            return
        # Per client: diagnostic + booking, booking, diagnostic, booking, ...
        # each client starting at another step of the cycle.
        turn = (self.count + self.index) % 4
        if turn % 2 == 0:
            self.diagnostic(phase, book=turn == 0)
        else:
            self.standalone_booking(phase)


class Bench:
    def __init__(self, args, url):
        self.args = args
        self.url = url
        self.run_id = int(time.time())
        self.results = Results()
        self.clients = [Client(self, index) for index in range(args.clients)]
        self.steps = 0
        self.steps_lock = threading.Lock()

    def warm_up(self, clients=4, cycles=2):
        """Both phases measured on a warm server: every HTTP worker has served
        each kind of page and post (translations read, templates compiled,
        caches filled), and the cron worker has sent each kind of email (the
        caller settles the mail queue) before the clock starts; the contact
        form's phase otherwise ran warm, after the addon's first half."""

        def warm(client):
            for _ in range(cycles * 4):
                client.step("warm-up", "addon")
            for _ in range(cycles):
                client.contact_form("warm-up")

        threads = [
            threading.Thread(target=warm, args=(Client(self, -1 - index),))
            for index in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def phase(self, name, flow, duration):
        deadline = time.monotonic() + duration
        started = time.monotonic()

        def loop(client):
            while time.monotonic() < deadline:
                with self.steps_lock:
                    self.steps += 1
                    if self.steps > self.args.max_steps:
                        return
                try:
                    client.step(name, flow)
                except Exception as error:  # a page the client could not read
                    client.failed(name, flow, f"client: {type(error).__name__}: {error}")

        threads = [threading.Thread(target=loop, args=(client,)) for client in self.clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def alternation(turns, duration):
    """``[(phase, seconds), ...]``: ``duration`` seconds of each of the addon's
    mix and the contact form, in ``turns`` rounds of A C C A, adjacent blocks
    of one kind merged (one turn: A, C, A, as halves around the contact form)."""
    block = duration / (2 * turns)
    blocks = []
    for name in ["addon", "contact", "contact", "addon"] * turns:
        if blocks and blocks[-1][0] == name:
            blocks[-1] = (name, blocks[-1][1] + block)
        else:
            blocks.append((name, block))
    return blocks


# ----------------------------------------------------------------------
# Faults
# ----------------------------------------------------------------------
def inject_faults(server, cluster, duration, log):
    """Kill a worker at 1/4 of the load, restart PostgreSQL at 1/2, kill one at 3/4."""
    started = time.monotonic()
    plan = [(0.25, "kill"), (0.5, "restart"), (0.75, "kill")]
    for fraction, action in plan:
        time.sleep(max(0, started + fraction * duration - time.monotonic()))
        at = time.monotonic() - started
        if action == "kill":
            workers = server.http_workers()
            if not workers:
                log.append(f"{at:5.1f} s: no HTTP worker found to kill")
                continue
            victim = random.choice(workers)
            os.kill(victim, signal.SIGKILL)
            log.append(f"{at:5.1f} s: SIGKILL to HTTP worker {victim} (of {len(workers)})")
        else:
            began = time.monotonic()
            cluster.pg_ctl("restart")
            log.append(
                f"{at:5.1f} s: PostgreSQL restarted (-m fast, down for "
                f"{time.monotonic() - began:.1f} s)"
            )


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------
def query(cr, sql, params=None):
    cr.execute(sql, params or {})
    return cr.fetchall()


def settle_mail(args, pg, run_id, timeout=300):
    """Let the confirmation and invitation crons queue every email, then run
    the mail queue until nothing of this run is left to send (bounded).
    Returns what stays unsent."""
    deadline = time.monotonic() + timeout
    like = f"l{run_id}-%"
    while True:
        with connect(pg, args.db) as conn, conn.cursor() as cr:
            unconfirmed = query(
                cr,
                """SELECT count(*) FROM itlaw_intake i JOIN res_partner p ON p.id = i.partner_id
                    WHERE p.email LIKE %(like)s AND i.confirmation_sent IS NOT TRUE""",
                {"like": like},
            )[0][0]
            uninvited = query(
                cr,
                """SELECT count(*) FROM calendar_event e
                     JOIN res_partner p ON p.id = e.itlaw_prospect_id
                    WHERE p.email LIKE %(like)s AND e.itlaw_invitation_pending""",
                {"like": like},
            )[0][0]
            unsent = query(
                cr,
                """SELECT m.state, count(DISTINCT m.id) FROM mail_mail m
                     LEFT JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
                     LEFT JOIN res_partner p ON p.id = r.res_partner_id
                    WHERE (p.email LIKE %(like)s OR m.email_to LIKE %(like)s)
                      AND m.state IN ('outgoing', 'exception')
                    GROUP BY m.state""",
                {"like": like},
            )
        conn.close()
        if not unconfirmed and not uninvited and not unsent:
            return {}
        if time.monotonic() > deadline:
            return {
                "unconfirmed intakes": unconfirmed,
                "consultations not invited": uninvited,
                **dict(unsent),
            }
        # Due now, for the server's own cron worker, as _trigger() does. Not as
        # an administrator's "Run manually" from a request: the mail queue
        # commits after each email, which frees the cron's lock, and the cron
        # worker then ran the same queue at the same time (an email sent twice).
        with connect(pg, args.db) as conn, conn.cursor() as cr:
            cr.execute(
                """INSERT INTO ir_cron_trigger (cron_id, call_at)
                   SELECT res_id, now() AT TIME ZONE 'UTC' FROM ir_model_data
                    WHERE model = 'ir.cron' AND (module, name) IN %s""",
                [
                    (
                        ("itlaw_ai_advisory", "ir_cron_intake_confirmation"),
                        ("itlaw_ai_advisory", "ir_cron_consultation_invitations"),
                        ("mail", "ir_cron_mail_scheduler_action"),
                    )
                ],
            )
            cr.execute("SELECT pg_notify('cron_trigger', %s)", [args.db])
        conn.close()
        time.sleep(2)


def check_invariants(args, pg, bench, sink, run_started):
    """Problems found in the database and the delivered emails (a list of lines)."""
    results = bench.results
    like = f"l{bench.run_id}-%"
    problems = []
    with connect(pg, args.db) as conn, conn.cursor() as cr:
        partners = defaultdict(list)
        for pid, email in query(
            cr,
            "SELECT id, email_normalized FROM res_partner WHERE email_normalized LIKE %(like)s",
            {"like": like},
        ):
            partners[email].append(pid)
        intakes = defaultdict(list)
        for row in query(
            cr,
            """SELECT p.email_normalized, i.id, i.lead_id, i.partner_id, l.partner_id,
                      (SELECT count(*) FROM itlaw_intake_finding f WHERE f.intake_id = i.id),
                      jsonb_array_length(i.assessment->'findings'),
                      (SELECT count(*) FROM itlaw_intake_answer a WHERE a.intake_id = i.id)
                 FROM itlaw_intake i
                 JOIN res_partner p ON p.id = i.partner_id
                 LEFT JOIN crm_lead l ON l.id = i.lead_id
                WHERE p.email_normalized LIKE %(like)s""",
            {"like": like},
        ):
            intakes[row[0]].append(row[1:])
        leads = defaultdict(list)
        for email, lead_id, partner_id, active in query(
            cr,
            """SELECT lower(email_from), id, partner_id, active FROM crm_lead
                WHERE lower(email_from) LIKE %(like)s""",
            {"like": like},
        ):
            leads[email].append((lead_id, partner_id, active))
        events = defaultdict(list)
        for row in query(
            cr,
            """SELECT p.email_normalized, e.id, e.opportunity_id, e.itlaw_intake_id, e.user_id,
                      (SELECT count(*) FROM calendar_attendee a WHERE a.event_id = e.id)
                 FROM calendar_event e JOIN res_partner p ON p.id = e.itlaw_prospect_id
                WHERE p.email_normalized LIKE %(like)s""",
            {"like": like},
        ):
            events[row[0]].append(row[1:])
        # Overlapping busy events of one lawyer, one of them booked in this run.
        double = query(
            cr,
            """SELECT e1.id, e2.id, e1.user_id
                 FROM calendar_event e1
                 JOIN calendar_attendee a1 ON a1.event_id = e1.id AND a1.state != 'declined'
                 JOIN res_users u ON u.id = e1.user_id AND u.partner_id = a1.partner_id
                 JOIN calendar_attendee a2 ON a2.partner_id = a1.partner_id
                                          AND a2.state != 'declined'
                 JOIN calendar_event e2 ON e2.id = a2.event_id AND e2.id != e1.id
                WHERE e1.create_date >= %(since)s
                  AND e1.itlaw_consultation_type_id IS NOT NULL
                  AND e1.active AND e2.active
                  AND e1.show_as = 'busy' AND e2.show_as = 'busy'
                  AND e1.itlaw_state IS DISTINCT FROM 'cancelled'
                  AND e2.itlaw_state IS DISTINCT FROM 'cancelled'
                  AND e1.start < e2.stop AND e2.start < e1.stop""",
            {"since": run_started},
        )
        # Records of the run that nothing of the run refers to.
        orphans = query(
            cr,
            """SELECT 'contact', id FROM res_partner
                WHERE create_date >= %(since)s AND NOT is_company
                  AND email_normalized LIKE %(like)s
                  AND NOT EXISTS (SELECT 1 FROM crm_lead l WHERE l.partner_id = res_partner.id)
               UNION ALL
               SELECT 'company', c.id FROM res_partner c
                WHERE c.create_date >= %(since)s AND c.is_company
                  AND NOT EXISTS (SELECT 1 FROM res_partner p WHERE p.parent_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM crm_lead l WHERE l.partner_id = c.id)
               UNION ALL
               SELECT 'lead', l.id FROM crm_lead l
                WHERE l.create_date >= %(since)s AND lower(l.email_from) ~ %(addon)s
                  AND NOT EXISTS (SELECT 1 FROM itlaw_intake i WHERE i.lead_id = l.id)
                  AND NOT EXISTS (SELECT 1 FROM calendar_event e WHERE e.opportunity_id = l.id)
               UNION ALL
               SELECT 'intake', id FROM itlaw_intake
                WHERE create_date >= %(since)s AND (lead_id IS NULL OR partner_id IS NULL)
               UNION ALL
               SELECT 'event', id FROM calendar_event
                WHERE create_date >= %(since)s AND itlaw_consultation_type_id IS NOT NULL
                  AND (opportunity_id IS NULL OR itlaw_prospect_id IS NULL)
               UNION ALL
               SELECT 'finding', f.id FROM itlaw_intake_finding f
                 LEFT JOIN itlaw_intake i ON i.id = f.intake_id
                WHERE f.create_date >= %(since)s AND i.id IS NULL""",
            {"since": run_started, "like": like, "addon": rf"^l{bench.run_id}-c-?\d+-\d+-[db]@"},
        )
        # The emails as records: one confirmation (mail.mail, kept once sent)
        # per intake, one invitation to the prospect per consultation.
        confirmations = dict(
            query(
                cr,
                """SELECT m.res_id, count(*) FILTER (WHERE mm.state = 'sent') || '/' || count(*)
                     FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                    WHERE m.model = 'itlaw.intake' AND m.res_id = ANY(%(ids)s)
                    GROUP BY m.res_id""",
                {"ids": [row[0] for rows in intakes.values() for row in rows]},
            )
        )
        invitations = dict(
            query(
                cr,
                """SELECT m.res_id, count(*) FROM mail_message m
                     JOIN calendar_event e ON e.id = m.res_id
                     JOIN mail_message_res_partner_rel r ON r.mail_message_id = m.id
                                                        AND r.res_partner_id = e.itlaw_prospect_id
                    WHERE m.model = 'calendar.event' AND m.message_type = 'user_notification'
                      AND m.res_id = ANY(%(ids)s)
                    GROUP BY m.res_id""",
                {"ids": [row[0] for rows in events.values() for row in rows]},
            )
        )
    conn.close()
    for rows in intakes.values():
        for row in rows:
            sent = confirmations.get(row[0])
            if sent != "1/1":
                problems.append(f"intake {row[0]}: confirmations sent/queued {sent}")
    for rows in events.values():
        for row in rows:
            if invitations.get(row[0]) != 1:
                problems.append(f"event {row[0]}: {invitations.get(row[0])} invitations")
    for kind, identifier in orphans:
        problems.append(f"orphan {kind} {identifier}")
    for first, second, user_id in double:
        if first < second or not any(row[:2] == (second, first) for row in double):
            problems.append(f"lawyer {user_id} double-booked: events {first} and {second}")

    def complete_diagnostic(email, intake_id):
        rows = intakes.get(email, [])
        if intake_id is not None and [row[0] for row in rows] != [intake_id]:
            problems.append(f"{email}: accepted as intake {intake_id}, database has {rows}")
            return
        if len(rows) > 1:
            problems.append(f"{email}: {len(rows)} intakes")
        if not rows:
            if partners.get(email) or leads.get(email) or events.get(email):
                problems.append(f"{email}: no intake but a partial record")
            return
        _id, lead_id, partner_id, lead_partner, findings, expected, answers = rows[0]
        if len(partners.get(email, [])) != 1 or partners[email][0] != partner_id:
            problems.append(f"{email}: contacts {partners.get(email)}, intake has {partner_id}")
        if [lead[0] for lead in leads.get(email, [])] != [lead_id] or lead_partner != partner_id:
            problems.append(f"{email}: leads {leads.get(email)}, intake has {lead_id}")
        if not findings or findings != expected or not answers:
            problems.append(f"{email}: {findings} findings of {expected}, {answers} answers")

    for email, intake_id in results.diagnostics.items():
        complete_diagnostic(email, intake_id)
        booked = results.diagnostic_bookings.get(email)
        rows = events.get(email, [])
        if booked is not None and [row[0] for row in rows] != [booked]:
            problems.append(f"{email}: booked event {booked}, database has {rows}")
        for _id, lead_id, intake_id_of_event, _user, attendees in rows:
            intake_rows = intakes.get(email) or [(None, None)]
            if (intake_id_of_event, lead_id) != intake_rows[0][:2] or attendees != 2:
                problems.append(f"{email}: event {_id} not tied to its intake ({rows})")
        if len(rows) > 1:
            problems.append(f"{email}: {len(rows)} consultations for one diagnostic")
    for email, event_id in results.bookings.items():
        rows = events.get(email, [])
        if event_id is not None and [row[0] for row in rows] != [event_id]:
            problems.append(f"{email}: booked event {event_id}, database has {rows}")
        if not rows:
            if partners.get(email) or leads.get(email):
                problems.append(f"{email}: no event but a contact or lead was left")
            continue
        lead_ids = [lead[0] for lead in leads.get(email, [])]
        if len(rows) != 1 or lead_ids != [rows[0][1]] or rows[0][4] != 2:
            problems.append(f"{email}: events {rows}, leads {lead_ids}")
        if len(partners.get(email, [])) != 1:
            problems.append(f"{email}: contacts {partners.get(email)}")

    # Emails: one confirmation per intake, one invitation per consultation,
    # each Message-Id delivered once.
    delivered = Counter()
    by_id = Counter()
    for message in sink.snapshot():
        by_id[message["message_id"]] += 1
        for address in message["recipients"]:
            if address.startswith(f"l{bench.run_id}-"):
                delivered[address] += 1
    for message_id, count in by_id.items():
        if count > 1:
            problems.append(f"email {message_id} delivered {count} times")
    expected = Counter()
    for email in set(intakes) | set(events):
        expected[email] = len(intakes.get(email, [])) + len(events.get(email, []))
    for email in set(expected) | set(delivered):
        if expected[email] != delivered[email]:
            problems.append(
                f"{email}: {delivered[email]} emails delivered, {expected[email]} expected"
            )
    summary = {
        "intakes": sum(len(rows) for rows in intakes.values()),
        "consultations": sum(len(rows) for rows in events.values()),
        "emails delivered": sum(by_id.values()),
        "to prospects of the run": sum(delivered.values()),
    }
    return problems, summary


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
def posts_of(outcomes):
    """The POSTs sent among a kind's outcomes (a page without a time sends none)."""
    return sum(count for outcome, count in outcomes.items() if outcome != NO_SLOT)


def report(bench, durations):
    results = bench.results
    print(f"machine: {describe()}")
    if bench.args.cron_nice is None:
        topology = "--workers=2 --max-cron-threads=1"
    else:
        topology = (
            "--workers=2 --max-cron-threads=0, crons in their own process "
            f"(--no-http --max-cron-threads=1) at nice {bench.args.cron_nice}"
        )
    print(f"clients: {bench.args.clients}, server: {topology}")
    print("load average (1, 5, 15 min) at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    figures = {}
    for (phase, kind), outcomes in sorted(results.outcomes.items()):
        if phase not in durations:
            continue
        samples = results.timings.get((phase, kind), [])
        p50, p95, p99 = percentiles(samples)
        rate = posts_of(outcomes) / durations[phase]
        figures[phase, kind] = (p95, rate)
        details = ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
        print(
            f"{phase:>8} {kind:<25} {rate:5.2f} POST/s  p50 {p50:7.1f}  p95 {p95:7.1f}  "
            f"p99 {p99:7.1f} ms  ({details})"
        )
    for phase, seconds in durations.items():
        posts = sum(
            posts_of(outcomes)
            for (name, _kind), outcomes in results.outcomes.items()
            if name == phase
        )
        print(
            f"{phase:>8} {posts} POSTs in {seconds:.1f} s: {posts / seconds:.2f} POST/s, "
            f"{results.requests[phase] / seconds:.2f} HTTP requests/s (pages included)"
        )
    contact = figures.get(("contact", "contact form"))
    if contact:
        for kind in ("diagnostic", "booking", "booking after diagnostic"):
            if ("addon", kind) in figures:
                p95, rate = figures["addon", kind]
                print(f"ratio p95 {kind} / contact form: {p95 / contact[0]:.2f}")
        addon_posts = sum(
            posts_of(outcomes)
            for (name, _kind), outcomes in results.outcomes.items()
            if name == "addon"
        )
        print(
            "ratio throughput addon mix / contact form: "
            f"{addon_posts / durations['addon'] / contact[1]:.2f} (POST/s)"
        )
    unbooked = sum(
        outcomes[NO_SLOT] for (name, _kind), outcomes in results.outcomes.items() if name == "addon"
    )
    if unbooked:
        print(
            f"note: {unbooked} booking pages offered no time to book (the calendar was full; "
            "no POST, not counted)"
        )
    for description, count in sorted(results.failures.items()):
        print(f"failed: {description} × {count}")
    for method, path, status in results.tracebacks:
        print(f"TRACEBACK shown to the visitor: {method} {path} HTTP {status}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--clients", type=int, default=16)
    parser.add_argument(
        "-t", "--duration", type=float, default=60, help="seconds of load of each kind"
    )
    parser.add_argument(
        "--alternations",
        type=int,
        default=3,
        help="rounds of addon, contact, contact, addon (1: the contact form between two halves)",
    )
    parser.add_argument("--max-steps", type=int, default=20000, help="bound on the form posts")
    parser.add_argument("--db", default="itlaw_load", help="dropped and created again")
    parser.add_argument("--faults", action="store_true", help="see above")
    parser.add_argument("--seed", default="2026")
    parser.add_argument(
        "--cron-nice",
        type=int,
        metavar="N",
        help="run the crons in an Odoo process of their own at nice N (the README's "
        "production topology) instead of the web server's cron worker",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database when the addon is installed in it, updated to the "
        "checkout's code (quicker tries; the figures of the README come from a fresh one)",
    )
    args = parser.parse_args(argv)
    if args.alternations < 1:
        parser.error("--alternations: 1 at least")
    if args.db in ("itlaw_demo", "itlaw_bench"):
        parser.error("this database is dropped: give the load its own")
    return args


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="itlaw-load-"))
    http_port, gevent_port, smtp_port, pg_port = free_ports(4)
    addons_path, pg = project_options()
    cluster = None
    server = None
    status = 1
    try:
        if args.faults:
            cluster = PrivateCluster(work, pg_port)
            cluster.start()
            pg = cluster.options()
            say(f"private PostgreSQL cluster on 127.0.0.1:{pg_port} in {cluster.data}")
        create_database(args, pg, addons_path, work)
        with SmtpSink(smtp_port) as sink:
            server = OdooServer(args, pg, addons_path, work, http_port, gevent_port, smtp_port)
            server.start()
            say(f"Odoo on {server.url}, workers {server.http_workers()}, log {server.log}")
            with connect(pg, args.db) as conn, conn.cursor() as cr:
                run_started = query(cr, "SELECT now() AT TIME ZONE 'UTC'")[0][0]
            conn.close()
            bench = Bench(args, server.url)
            bench.warm_up()
            settle_mail(args, pg, bench.run_id)
            durations = {}
            fault_log = []
            if args.faults:
                faults = threading.Thread(
                    target=inject_faults, args=(server, cluster, args.duration, fault_log)
                )
                faults.start()
                durations["addon"] = bench.phase("addon", "addon", args.duration)
                faults.join()
                server.wait_ready()
            else:
                # Both see the same machine: the kinds alternate (A C C A A C C A
                # ..., merged), so that a slower spell of a shared machine
                # weighs on both alike.
                durations = {"addon": 0.0, "contact": 0.0}
                for name, seconds in alternation(args.alternations, args.duration):
                    durations[name] += bench.phase(name, name, seconds)
            say("load done; running the confirmation cron and the mail queue")
            settling = time.monotonic()
            unsent = settle_mail(args, pg, bench.run_id)
            settled = time.monotonic() - settling
            problems, summary = check_invariants(args, pg, bench, sink, run_started)
            report(bench, durations)
            for line in fault_log:
                print(f"fault at {line}")
            print("after the load: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
            if not unsent:
                print(f"every email of the run queued and sent {settled:.0f} s after the load")
            if unsent:
                problems.append(f"emails left unsent: {unsent}")
            for problem in problems:
                print(f"INVARIANT FAILED: {problem}")
            clean = not problems and not bench.results.tracebacks
            if not args.faults:
                clean = clean and not bench.results.failures
            print("checks: " + ("all invariants hold" if clean else "FAILED"))
            status = 0 if clean else 1
    finally:
        if server:
            server.stop()
        if cluster:
            cluster.stop()
        if args.keep or status:
            say(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
