"""Pipeline workbook: N leads of the AI Advisory team into the XLSX workbook.

Runs in-process on the benchmarks' own database (`tools/bench_db.sh` creates or
updates `itlaw_bench` and prints the Odoo options to reach it), inside one
transaction rolled back at the end: nothing is left behind. Creates N leads
(UTM source, band, tier, score, lawyer) and a consultation for one lead in
five, then times, as a partner with a cold ORM cache, the workbook
(``itlaw.pipeline.report._build_workbook``) against a baseline in the same run:
a plain ``search_read`` of the same leads and fields plus a bare xlsxwriter
dump of those rows. Prints both times, their ratio, the peak RSS and the
machine. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_pipeline_xlsx.py $(bash tools/bench_db.sh) -n 50000
"""

import argparse
import datetime
import io
import random
import resource
import time

import xlsxwriter
from machine import describe

import odoo
from odoo import SUPERUSER_ID, api


def setup(env, count):
    rng = random.Random(2026)
    team = env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
    partner = env["res.users"].create(
        {
            "name": "Bench partner",
            "login": f"bench_partner_{time.time_ns()}",
            "groups_id": [
                (4, env.ref("base.group_user").id),
                (4, env.ref("itlaw_ai_advisory.group_partner").id),
            ],
        }
    )
    lawyers = team.member_ids or partner
    sources = env["utm.source"].create([{"name": f"bench-source-{n}"} for n in range(8)])
    ctype = env.ref("itlaw_ai_advisory.consultation_type_first")
    for offset in range(0, count, 1000):
        size = min(1000, count - offset)
        leads = env["crm.lead"].create(
            [
                {
                    "name": f"Bench lead {offset + n}",
                    "type": "opportunity",
                    "team_id": team.id,
                    "user_id": rng.choice(lawyers).id,
                    "source_id": rng.choice(sources).id,
                    "ai_risk_band": rng.choice(["faible", "modere", "eleve", "critique"]),
                    "ai_act_tier": rng.choice(["minimal", "transparency", "high"]),
                    "ai_risk_score": rng.randrange(100),
                }
                for n in range(size)
            ]
        )
        start = datetime.datetime.now().replace(microsecond=0)
        env["calendar.event"].create(
            [
                {
                    "name": f"Bench consultation {lead.id}",
                    "itlaw_consultation_type_id": ctype.id,
                    "opportunity_id": lead.id,
                    "user_id": lead.user_id.id,
                    "itlaw_state": "booked",
                    "start": start,
                    "stop": start + datetime.timedelta(hours=1),
                }
                for lead in leads[::5]
            ]
        )
        env.flush_all()
        env.invalidate_all()
    return partner


def baseline(env, domain):
    """The same lead columns as the workbook's Pistes sheet, read and dumped bare."""
    # Importable once the options gave Odoo its addons path.
    from odoo.addons.itlaw_ai_advisory.models.itlaw_pipeline_report import LEAD_FIELDS

    rows = env["crm.lead"].search_read(domain, LEAD_FIELDS)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet()
    for row, lead in enumerate(rows):
        for col, field in enumerate(LEAD_FIELDS):
            value = lead[field]
            sheet.write(row, col, value[1] if isinstance(value, tuple) else value or "")
    book.close()
    return buffer.getvalue()


def timed(env, function):
    env.invalidate_all()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="leads to create")
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            partner = setup(env, args.n)
            env = env(user=partner, context={"lang": "fr_FR"})
            today = datetime.date.today()
            report = env["itlaw.pipeline.report"]
            domain = report._lead_domain(today, today)
            leads = env["crm.lead"].search_count(domain)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            base_time, base_bytes = timed(env, lambda: baseline(env, domain))
            book_time, book_bytes = timed(env, lambda: report._build_workbook(today, today))
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"machine: {describe()}")
            print(
                f"{leads} leads of the period: workbook {book_time:.2f} s "
                f"({len(book_bytes) / 1e6:.1f} MB), baseline search_read + bare dump "
                f"{base_time:.2f} s ({len(base_bytes) / 1e6:.1f} MB): "
                f"ratio {book_time / base_time:.2f} x"
            )
            print(
                f"peak RSS {rss_peak:.0f} MB (before the timings, after creating the "
                f"leads: {rss_before:.0f} MB)"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
