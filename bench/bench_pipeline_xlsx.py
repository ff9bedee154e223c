"""Pipeline workbook: N leads of the AI Advisory team into the XLSX workbook.

Runs in-process on the benchmarks' own database (`tools/bench_db.sh` creates or
updates `itlaw_bench` and prints the Odoo options to reach it), inside one
transaction rolled back at the end: nothing is left behind. Creates N leads
(UTM source, band, tier, score, lawyer), a consultation for one lead in
five and a diagnostic with five findings for one lead in two, then times, as a
partner with a cold ORM cache, the workbook
(``itlaw.pipeline.report._build_workbook``) against a baseline in the same run:
a plain ``search_read`` of the same leads and fields plus a bare xlsxwriter
dump of those rows; and Odoo's own list export of the same leads and columns
to XLSX (``export_data`` and the writer of /web/export/xlsx). Prints the
times, the ratios, the peak RSS and the machine. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_pipeline_xlsx.py $(bash tools/bench_db.sh) -n 50000
"""

import argparse
import datetime
import io
import random
import resource
import statistics
import time
from types import SimpleNamespace

import xlsxwriter
from database import vacuum
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
                # Odoo's own export (compared below) needs this right.
                (4, env.ref("base.group_allow_export").id),
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
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    sheet = book.add_worksheet()
    for row, lead in enumerate(rows):
        for col, field in enumerate(LEAD_FIELDS):
            value = lead[field]
            sheet.write(row, col, value[1] if isinstance(value, tuple) else value or "")
    book.close()
    return buffer.getvalue()


def add_findings(env):
    """A diagnostic for one lead in two with five findings each, in bulk (SQL: a
    bench fixture; the workbook's findings sheet groups them)."""
    rules = ["dpia_required", "art28_vendor", "art50_transparency", "annex3_high", "art4_literacy"]
    env.cr.execute(
        """
        WITH intake AS (
            INSERT INTO itlaw_intake (name, lead_id, company_id, create_date, write_date)
            SELECT 'BENCH/' || id, id, COALESCE(company_id, 1), create_date, create_date
              FROM crm_lead
             WHERE name LIKE 'Bench lead %%' AND id %% 2 = 0
            RETURNING id)
        INSERT INTO itlaw_intake_finding (intake_id, rule, severity, finding_fr, finding_en,
                                          reference_fr, reference_en)
        SELECT intake.id, rule, 'high', 'Constat ' || rule, 'Finding ' || rule,
               'RGPD, art. 35', 'GDPR, Art. 35'
          FROM intake, unnest(%s::varchar[]) AS rule
        """,
        [rules],
    )


def odoo_export(env, domain):
    """Odoo's own list export (Export → XLSX) of the same leads and columns, as
    /web/export/xlsx runs it: export_data, then its ExportXlsxWriter."""
    from odoo.addons.itlaw_ai_advisory.models.itlaw_pipeline_report import LEAD_FIELDS
    from odoo.addons.web.controllers.export import ExcelExport

    Lead = env["crm.lead"]
    fields = [
        {"name": name, "label": Lead._fields[name].string, "type": Lead._fields[name].type}
        for name in LEAD_FIELDS
    ]
    # The writer reads request.env (currency decimals): a bare stand-in is enough.
    odoo.http._request_stack.push(SimpleNamespace(env=env))
    try:
        rows = Lead.search(domain).export_data(LEAD_FIELDS).get("datas", [])
        return ExcelExport().from_data(fields, [field["label"] for field in fields], rows)
    finally:
        odoo.http._request_stack.pop()


def timed(env, function):
    env.invalidate_all()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="leads to create")
    parser.add_argument("--repeat", type=int, default=3, help="timings of each, medians compared")
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    vacuum(
        registry,
        "crm_lead",
        "calendar_event",
        "calendar_attendee",
        "itlaw_intake",
        "itlaw_intake_finding",
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            partner = setup(env, args.n)
            add_findings(env)
            # The rows were written in this transaction: without fresh
            # statistics the planner walks them with nested loops (22 s instead
            # of 2.4 s for 3,000 leads), which no production table suffers.
            cr.execute("ANALYZE crm_lead, calendar_event, itlaw_intake, itlaw_intake_finding")
            env = env(user=partner, context={"lang": "fr_FR"})
            today = datetime.date.today()
            report = env["itlaw.pipeline.report"]
            domain = report._lead_domain(today, today)
            leads = env["crm.lead"].search_count(domain)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # Baseline and workbook alternate, --repeat times each; the medians
            # are compared (a single pair varies by 20 % on a shared machine).
            base_times, book_times = [], []
            for _round in range(args.repeat):
                base_time, base_bytes = timed(env, lambda: baseline(env, domain))
                book_time, book_bytes = timed(env, lambda: report._build_workbook(today, today))
                base_times.append(base_time)
                book_times.append(book_time)
            base_time, book_time = statistics.median(base_times), statistics.median(book_times)
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            export_time, _export = timed(env, lambda: odoo_export(env, domain))
            print(f"machine: {describe()}")
            print(
                f"{leads} leads of the period, medians of {args.repeat} alternating runs "
                f"(workbook {', '.join(f'{t:.2f}' for t in book_times)} s; baseline "
                f"{', '.join(f'{t:.2f}' for t in base_times)} s):\n"
                f"workbook {book_time:.2f} s "
                f"({len(book_bytes) / 1e6:.1f} MB), baseline search_read + bare dump "
                f"{base_time:.2f} s ({len(base_bytes) / 1e6:.1f} MB): "
                f"ratio {book_time / base_time:.2f} x"
            )
            print(
                f"Odoo's own list export of the same leads and columns to XLSX "
                f"{export_time:.2f} s: the workbook takes {book_time / export_time:.2f} x its time"
            )
            print(
                f"peak RSS {rss_peak:.0f} MB (before the timings, after creating the "
                f"leads: {rss_before:.0f} MB)"
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
