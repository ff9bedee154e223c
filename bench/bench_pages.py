"""Render time of the public booking pages against Odoo's own /contactus, same server, same run.

Needs a running instance with the addon and demo data on loopback, on a
database of the benchmarks (one diagnostic is posted to reach a result page),
never the demo's: `bash tools/bench_db.sh --serve 8169` serves `itlaw_bench` on
127.0.0.1:8169. Times GET /consultation, GET of a diagnostic's result page
(with its booking step) and GET /contactus, interleaved so that all three see
the same machine noise, after warm-up rounds; prints the medians and their
ratios to /contactus (and the load average). From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_pages.py -n 100
"""

import argparse
import os
import re
import statistics
import time

import requests
from bench_intake import CONTACT, CV_SCREENING, admin_call, csrf_token, form_data
from machine import describe

RATE_LIMIT = "itlaw_ai_advisory.intake_rate_limit"
SLOT = re.compile(r'name="slot"')


def result_page(session, args):
    """The URL of a fresh diagnostic's result page."""
    token = csrf_token(session, f"{args.url}/diagnostic-ia")
    contact = {**CONTACT, "email_from": f"pages-{time.time_ns()}@example.fr"}
    data = form_data(CV_SCREENING, contact=contact, csrf_token=token)
    response = session.post(
        f"{args.url}/diagnostic-ia/submit",
        data=list(data.items(multi=True)),
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 303, (response.status_code, response.text[:300])
    return args.url + response.headers["Location"]


def timed_get(session, url):
    started = time.perf_counter()
    response = session.get(url, timeout=60)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response.text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8169")
    parser.add_argument("--db", default="itlaw_bench")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("-n", type=int, default=100, help="rounds (one GET of each page)")
    args = parser.parse_args()
    if args.db == "itlaw_demo":
        parser.error("the benchmark posts a diagnostic: use a database of the benchmarks")

    previous_limit = admin_call(args, "ir.config_parameter", "get_param", RATE_LIMIT)
    admin_call(args, "ir.config_parameter", "set_param", RATE_LIMIT, "1000")
    try:
        session = requests.Session()
        result_url = result_page(session, args)
    finally:
        admin_call(args, "ir.config_parameter", "set_param", RATE_LIMIT, previous_limit or "10")
    pages = {
        "/contactus": f"{args.url}/contactus",
        "/consultation": f"{args.url}/consultation",
        "result page": result_url,
    }
    for _ in range(5):
        for url in pages.values():
            timed_get(session, url)
    times = {name: [] for name in pages}
    slots = {}
    load_before = os.getloadavg()
    for _ in range(args.n):
        for name, url in pages.items():
            elapsed, text = timed_get(session, url)
            times[name].append(elapsed)
            slots[name] = len(SLOT.findall(text))
    load_after = os.getloadavg()
    medians = {name: statistics.median(samples) * 1000 for name, samples in times.items()}
    print(f"machine: {describe()}")
    print(
        f"load average before / after: {load_before[0]:.1f} / {load_after[0]:.1f}; rounds: {args.n}"
    )
    for name, median in medians.items():
        print(f"{name:15} median {median:7.1f} ms   ({slots[name]} slots offered)")
    for name in ("/consultation", "result page"):
        ratio = medians[name] / medians["/contactus"]
        print(f"ratio {name} / contactus: {ratio:.2f} (target <= 1.50)")


if __name__ == "__main__":
    main()
