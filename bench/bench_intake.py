"""Latency of a diagnostic submission against Odoo's own contact form, same server, same run.

Needs a running instance with the addon and demo data, reached on loopback, on
the benchmarks' own database (each run leaves its leads there), never the
demo's: `bash tools/bench_db.sh --serve 8169` creates or updates `itlaw_bench`
and serves it on 127.0.0.1:8169. The rate limit is lifted for the run (through
the admin's JSON-RPC) and restored after. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_intake.py -n 150
"""

import argparse
import importlib.util
import re
import statistics
import time
from pathlib import Path

import requests
from machine import describe

_spec = importlib.util.spec_from_file_location(
    "fixtures", Path(__file__).resolve().parents[1] / "tests" / "fixtures.py"
)
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)
CONTACT, CV_SCREENING, form_data = fixtures.CONTACT, fixtures.CV_SCREENING, fixtures.form_data

CSRF = re.compile(r'csrf_token(?:" value=|: )"([^"]+)"')
RATE_LIMIT = "itlaw_ai_advisory.intake_rate_limit"


def admin_call(args, model, method, *params):
    session = requests.Session()
    session.post(
        f"{args.url}/web/session/authenticate",
        json={"params": {"db": args.db, "login": args.login, "password": args.password}},
        timeout=30,
    ).raise_for_status()
    response = session.post(
        f"{args.url}/web/dataset/call_kw",
        json={"params": {"model": model, "method": method, "args": list(params), "kwargs": {}}},
        timeout=30,
    )
    return response.json().get("result")


def csrf_token(session, url):
    return CSRF.search(session.get(url, timeout=30).text).group(1)


def post_diagnostic(session, args, index):
    token = csrf_token(session, f"{args.url}/diagnostic-ia")
    contact = {**CONTACT, "email_from": f"bench{index}-{time.time_ns()}@example.fr"}
    data = form_data(CV_SCREENING, contact=contact, csrf_token=token)
    started = time.perf_counter()
    response = session.post(
        f"{args.url}/diagnostic-ia/submit",
        data=list(data.items(multi=True)),
        allow_redirects=False,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 303, (response.status_code, response.text[:300])
    return elapsed


def post_contact_form(session, args, index):
    token = csrf_token(session, f"{args.url}/contactus")
    data = {
        "csrf_token": token,
        "contact_name": CONTACT["contact_name"],
        "email_from": f"bench{index}-{time.time_ns()}@example.fr",
        "partner_name": CONTACT["partner_name"],
        "phone": CONTACT["phone"],
        "name": "AI project",
        "description": CONTACT["description"],
    }
    started = time.perf_counter()
    response = session.post(f"{args.url}/website/form/crm.lead", data=data, timeout=60)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and "id" in response.json(), response.text[:300]
    return elapsed


def percentiles(samples):
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[94] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8169")
    parser.add_argument("--db", default="itlaw_bench")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("-n", type=int, default=100, help="submissions of each kind")
    args = parser.parse_args()
    if args.db == "itlaw_demo":
        parser.error("the benchmark leaves its leads behind: use its own database (itlaw_bench)")

    previous_limit = admin_call(args, "ir.config_parameter", "get_param", RATE_LIMIT)
    admin_call(args, "ir.config_parameter", "set_param", RATE_LIMIT, str(10 * (args.n + 5)))
    try:
        session = requests.Session()
        for index in range(5):  # warm both paths
            post_diagnostic(session, args, -index - 1)
            post_contact_form(session, args, -index - 1)
        diagnostic, contact = [], []
        # Interleaved, so that both kinds see the same machine noise.
        for index in range(args.n):
            diagnostic.append(post_diagnostic(session, args, index))
            contact.append(post_contact_form(session, args, index))
    finally:
        admin_call(args, "ir.config_parameter", "set_param", RATE_LIMIT, previous_limit or "10")

    d50, d95 = percentiles(diagnostic)
    c50, c95 = percentiles(contact)
    print(f"machine: {describe()}")
    print(f"submissions of each kind: {args.n}")
    print(f"website_crm contact form  p50 {c50:7.1f} ms   p95 {c95:7.1f} ms")
    print(f"AI diagnostic             p50 {d50:7.1f} ms   p95 {d95:7.1f} ms")
    print(f"ratio p95 diagnostic / contact form: {d95 / c95:.2f} (target <= 2.00)")


if __name__ == "__main__":
    main()
