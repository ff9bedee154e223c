"""Pipeline dashboard: the partners' pivot over N leads, opened on the reporting view.

Runs in-process on the benchmarks' own database (`tools/bench_db.sh`), inside
one transaction rolled back at the end. Creates N leads as
bench_pipeline_xlsx.py does (a consultation for one in five), a diagnostic row
for one lead in two and three chatter messages per lead (one by a lawyer),
recomputes what the leads store for the view, then
times, as a partner, the grouped reads the dashboard's graph and pivot send to
``itlaw.pipeline.analysis`` (rows by source, columns by month, every measure)
against the same grouped read on ``crm.lead`` alone (the baseline: what the
lead already stores, no diagnostic, consultation or contact delays). Median of
five runs each; prints both, their ratio, and the plan of the view's query.

    $(bash tools/odoo_env.sh) bench/bench_pipeline_pivot.py $(bash tools/bench_db.sh) -n 50000
"""

import argparse
import statistics
import time

from bench_pipeline_xlsx import setup
from database import vacuum
from machine import describe

import odoo
from odoo import SUPERUSER_ID, api

MEASURES = [
    "lead_count",
    "intake_count",
    "consulted",
    "consultation_rate:avg",
    "won_rate:avg",
    "hours_to_first_contact:avg",
    "hours_to_consultation:avg",
]


def add_history(env, lead_ids, lawyer_partner):
    """Diagnostics and chatter in proportion, written in bulk (SQL: a bench
    fixture, not the path under test)."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO itlaw_intake (name, lead_id, company_id, create_date, write_date)
        SELECT 'BENCH/' || id, id, COALESCE(company_id, 1), create_date, create_date
          FROM crm_lead WHERE id = ANY(%s) AND id %% 2 = 0
        """,
        [lead_ids],
    )
    leads = env["crm.lead"].browse(lead_ids)
    env.add_to_compute(leads._fields["intake_count"], leads)
    leads.flush_recordset(["intake_count"])
    comment = env.ref("mail.mt_comment").id
    note = env.ref("mail.mt_note").id
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, message_type, subtype_id, author_id, body, date,
                                  create_date, write_date)
        SELECT 'crm.lead', lead.id, kind.message_type, kind.subtype_id,
               CASE WHEN kind.by_lawyer THEN %(lawyer)s ELSE NULL END, '<p>bench</p>',
               lead.create_date + kind.delay, lead.create_date, lead.create_date
          FROM crm_lead lead,
               (VALUES ('notification', %(note)s, FALSE, interval '0 hours'),
                       ('email', %(comment)s, FALSE, interval '1 minute'),
                       ('comment', %(comment)s, TRUE, interval '5 hours')) AS
               kind(message_type, subtype_id, by_lawyer, delay)
         WHERE lead.id = ANY(%(ids)s)
        """,
        {"lawyer": lawyer_partner.id, "note": note, "comment": comment, "ids": lead_ids},
    )
    # What posting would have kept on the leads (and the migration's backfill, timed).
    started = time.perf_counter()
    env["crm.lead"]._itlaw_backfill_first_contact()
    return time.perf_counter() - started


def median_time(function, runs=5):
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="leads to create")
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    vacuum(registry, "crm_lead", "calendar_event", "mail_message", "itlaw_intake")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            partner = setup(env, args.n)
            team = env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
            lead_ids = env["crm.lead"].search([("team_id", "=", team.id)]).ids
            backfill = add_history(env, lead_ids, (team.member_ids or partner)[0].partner_id)
            cr.execute("ANALYZE crm_lead, calendar_event, mail_message, itlaw_intake")
            env = env(user=partner)
            domain = [("team_id", "=", team.id)]
            Analysis = env["itlaw.pipeline.analysis"]
            Lead = env["crm.lead"]

            def pivot():
                Analysis.read_group(
                    domain, MEASURES, ["source_id", "create_date:month"], lazy=False
                )
                Analysis.read_group(domain, MEASURES, ["source_id"], lazy=False)
                Analysis.read_group(domain, MEASURES, [], lazy=False)

            def graph():
                Analysis.read_group(
                    domain, ["lead_count"], ["create_date:month", "ai_risk_band"], lazy=False
                )

            def baseline():
                Lead.read_group(
                    domain, ["ai_risk_score:avg"], ["source_id", "create_date:month"], lazy=False
                )
                Lead.read_group(domain, ["ai_risk_score:avg"], ["source_id"], lazy=False)
                Lead.read_group(domain, ["ai_risk_score:avg"], [], lazy=False)

            rows = Analysis.search_count(domain)
            base = median_time(baseline)
            pivot_time = median_time(pivot)
            graph_time = median_time(graph)
            cr.execute(
                "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) "
                "SELECT source_id, count(*), avg(hours_to_first_contact), "
                "avg(hours_to_consultation), avg(consultation_rate), sum(intake_count) "
                "FROM itlaw_pipeline_analysis WHERE team_id = %s GROUP BY source_id",
                [team.id],
            )
            plan = "\n".join(line for (line,) in cr.fetchall())
            print(f"machine: {describe()}")
            print(
                f"{rows} leads in the dashboard's domain "
                f"(first contacts backfilled in {backfill:.2f} s)"
            )
            print(
                f"pivot (3 grouped reads, 7 measures) {pivot_time * 1000:.0f} ms, "
                f"graph {graph_time * 1000:.0f} ms; the same pivot on crm.lead alone "
                f"{base * 1000:.0f} ms: ratio {pivot_time / base:.2f} x"
            )
            print("plan of one grouped read on the view:\n" + plan)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
