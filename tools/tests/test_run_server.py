"""`make run` on this machine: the demo server started with the options
tools/run.sh gives it (printed by `tools/run.sh --print-options`), on a spare
port, against a scratch database, then attacked as issue 13 did: the database
manager must refuse to list, back up, drop or change the master password, even
with the right master password, and the server must listen on 127.0.0.1 only.

Needs Odoo and the PostgreSQL server `make run` uses: `make test` runs it only
where the Odoo suites run.
"""

import json
import os
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_options():
    out = subprocess.run(
        ["bash", str(ROOT / "tools" / "run.sh"), "--print-options"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    return out.splitlines()


def option(options, name):
    values = [o.split("=", 1)[1] for o in options if o.startswith(f"{name}=")]
    return values[-1] if values else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port):
    """Local addresses listening on `port` (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def post(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(url, data=data, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


@pytest.fixture(scope="module")
def server():
    options = run_options()
    pg = {name: option(options, f"--db_{name}") for name in ("host", "port", "user")}
    psql = ["-h", pg["host"], "-p", pg["port"], "-U", pg["user"]]
    scratch = f"itlaw_run_test_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", *psql, scratch], check=True, timeout=60)
    port = free_port()
    # The demo database and port give way to a spare port and a database
    # filter matching none; every other option is run.sh's, in its order.
    server_options, skip = [], False
    for value in options:
        if skip:
            skip = False
            continue
        if value == "-d":
            skip = True
            continue
        if value.startswith(("--http-port=", "--db-filter=")):
            continue
        server_options.append(value)
    python = subprocess.run(
        ["bash", str(ROOT / "tools" / "odoo_env.sh")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.strip()
    process = subprocess.Popen(
        [
            python,
            "-m",
            "odoo",
            *server_options,
            f"--http-port={port}",
            # The scratch database is not an Odoo one: hidden by the filter, as
            # the databases the attack dropped were.
            "--db-filter=^itlaw_run_test_none$",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "the server did not start within 90 s"
                time.sleep(0.5)
        yield {
            "url": f"http://127.0.0.1:{port}",
            "port": port,
            "options": options,
            "scratch": scratch,
            "psql": psql,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        subprocess.run(["dropdb", *psql, "--if-exists", scratch], check=False, timeout=60)


def master_password(options):
    conf = Path(options[options.index("-c") + 1])
    return conf, (conf.parent / "master-password").read_text().strip()


def test_options_bind_loopback_and_disable_the_database_manager(server):
    options = server["options"]
    assert option(options, "--http-interface") == "127.0.0.1"
    assert "--no-database-list" in options
    conf, password = master_password(options)
    assert ROOT not in conf.resolve().parents
    assert stat.S_IMODE(conf.stat().st_mode) == 0o600
    text = conf.read_text()
    assert "admin_passwd = $pbkdf2-sha512$" in text and password not in text
    assert listening_addresses(server["port"]) == {"0100007F"}  # 127.0.0.1 only


def test_database_manager_refuses_everything(server):
    url, scratch = server["url"], server["scratch"]
    conf, password = master_password(server["options"])
    conf_before = conf.read_text()

    with urllib.request.urlopen(f"{url}/web/database/manager", timeout=60) as response:
        page = response.read().decode()
    assert "The database manager has been disabled by the administrator" in page
    assert scratch not in page

    # The first anonymous backup used to set the master password and get a dump.
    for master in ("admin", "chosen-by-the-attacker", password):
        status, content_type, body = post(
            f"{url}/web/database/backup",
            {"master_pwd": master, "name": scratch, "backup_format": "zip"},
        )
        assert content_type == "text/html" and not body.startswith(b"PK"), (master, status)
    post(f"{url}/web/database/drop", {"master_pwd": password, "name": scratch})
    post(
        f"{url}/web/database/change_password",
        {"master_pwd": "admin", "master_pwd_new": "chosen-by-the-attacker"},
    )
    exists = subprocess.run(
        [
            "psql",
            *server["psql"],
            "-d",
            "postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{scratch}'",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert exists == "1"
    assert conf.read_text() == conf_before
    request = urllib.request.Request(
        f"{url}/web/database/list",
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    assert "error" in answer and "result" not in answer, answer
