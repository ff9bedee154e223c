"""Deliverables: drafting a DPIA and rendering its PDF for the diagnostic with
the most findings the catalog can produce, as a ratio to rendering the fee
agreement's PDF in the same run; and the DPIA's Word document alone.

Runs in-process on the benchmarks' own database (`tools/bench_db.sh` creates or
updates `itlaw_bench` and prints the Odoo options to reach it), inside one
transaction rolled back at the end: nothing is left behind. The answer set is
found first by a greedy search over the catalog (each question's options tried
in turn, kept when they raise the number of findings, until nothing does).
Prints the medians, the ratio and the machine. From the checkout:

    $(bash tools/odoo_env.sh) bench/bench_deliverables.py $(bash tools/bench_db.sh)
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

from database import vacuum
from machine import describe

import odoo
from odoo import SUPERUSER_ID, api

_spec = importlib.util.spec_from_file_location(
    "fixtures", Path(__file__).resolve().parents[1] / "tests" / "fixtures.py"
)
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

FEE_REPORT = "itlaw_ai_advisory.itlaw_fee_agreement_report"
DPIA_REPORT = "itlaw_ai_advisory.report_dpia"


def most_findings(engine):
    """A valid answer set with as many findings as the greedy search reaches."""
    catalog = engine.get_catalog()
    best = dict(fixtures.CV_SCREENING)

    def count(answers):
        if engine.validate(answers):
            return -1
        return len(engine.assess(answers).findings)

    score = count(best)
    improved = True
    while improved:
        improved = False
        for question in catalog.questions.values():
            if question.type in ("number", "text"):
                continue
            options = [option.id for option in question.options] or ["yes", "no"]
            if question.type == "multi":
                candidates = [options] + [[option] for option in options]
            elif question.type == "none_excl":
                plain = [o.id for o in question.options if not o.exclusive]
                candidates = [plain] + [[option] for option in options]
            else:
                candidates = options
            for value in candidates:
                trial = dict(best, **{question.id: value})
                trial = {k: v for k, v in trial.items() if catalog.is_visible(k, trial)}
                trial_score = count(trial)
                if trial_score > score:
                    best, score, improved = trial, trial_score, True
    return best, score


def timed(env, function):
    env.invalidate_all()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timings of each, medians compared")
    args, odoo_args = parser.parse_known_args()
    odoo.tools.config.parse_config(odoo_args)
    registry = odoo.modules.registry.Registry(odoo.tools.config["db_name"])
    vacuum(registry, "itlaw_dpia", "itlaw_dpia_section", "itlaw_dpia_measure")
    # Importable once the registry has set up the addons path.
    from odoo.addons.itlaw_ai_advisory import itlaw_ai_advisory as engine

    answers, findings = most_findings(engine)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            # No server for the reports' assets in this process: links fail at once.
            env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
            intake = env["itlaw.intake"]._submit(
                answers, dict(fixtures.CONTACT), fixtures.request_info()
            )
            client = env["res.partner"].create({"name": "Bench client", "is_company": True})
            engagement = env["itlaw.engagement"].create(
                {"partner_id": client.id, "intake_id": intake.id, "lead_id": intake.lead_id.id}
            )
            agreement = env["itlaw.fee.agreement"].create(
                {
                    "partner_id": client.id,
                    "engagement_id": engagement.id,
                    "fee_fixed": True,
                    "fixed_amount": 1500.0,
                }
            )
            reports = env["ir.actions.report"].with_context(force_report_rendering=True)

            def dpia_and_pdf():
                dpia = env["itlaw.dpia"]._itlaw_create_for(engagement=engagement)
                return dpia, reports._render_qweb_pdf(DPIA_REPORT, dpia.ids)[0]

            fee_times, dpia_times, docx_times = [], [], []
            for _round in range(args.repeat):
                fee_time, _pdf = timed(
                    env, lambda: reports._render_qweb_pdf(FEE_REPORT, agreement.ids)[0]
                )
                dpia_time, (dpia, pdf) = timed(env, dpia_and_pdf)
                docx_time, docx = timed(env, dpia._docx_file)
                fee_times.append(fee_time)
                dpia_times.append(dpia_time)
                docx_times.append(docx_time)
            fee, drafted, word = (
                statistics.median(fee_times),
                statistics.median(dpia_times),
                statistics.median(docx_times),
            )
            print(f"machine: {describe()}")
            print(
                f"diagnostic with {findings} findings ({len(intake.finding_ids)} stored), "
                f"{len(dpia.measure_ids)} measures in the DPIA; medians of {args.repeat} runs"
            )
            print(
                f"DPIA drafted + PDF {drafted:.2f} s ({len(pdf) / 1e3:.0f} kB), fee agreement PDF "
                f"{fee:.2f} s: ratio {drafted / fee:.2f} x"
            )
            print(f"DPIA Word document alone {word * 1000:.0f} ms ({len(docx) / 1e3:.0f} kB)")
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
