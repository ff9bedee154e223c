"""The partners' dashboard (issue 20, item 18) and the workbook's period and
funnel (item 19)."""

import base64
import datetime
import io
import re
import zipfile

import openpyxl
from freezegun import freeze_time
from lxml import etree
from lxml import html as lxml_html

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from ..models.itlaw_intake import BAND_COLOURS
from .common import clear_conflict_check
from .test_reporting import ReportingCase

# A day late in the evening in Paris (already the next day there): the period
# ends on the day of the user's time zone, whatever the server's hour.
LATE_EVENING = "2026-12-02 23:30:00"
TWELVE_MONTHS = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 3))


@tagged("post_install", "-at_install")
class TestPipelineDashboard(ReportingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_pipeline()
        # A team of their own: the dashboard counts these leads only.
        cls.board_team = cls.env["crm.team"].create({"name": "Dashboard team"})
        cls.leads = cls.intakes.lead_id
        cls.leads.team_id = cls.board_team
        first = cls.leads[0]
        first.itlaw_first_contact_date = first.create_date + datetime.timedelta(hours=6)
        cls.env["calendar.event"].create(
            {
                "name": "Consultation",
                "itlaw_consultation_type_id": cls.env.ref(
                    "itlaw_ai_advisory.consultation_type_first"
                ).id,
                "opportunity_id": first.id,
                "user_id": cls.avocat.id,
                "itlaw_state": "booked",
                "start": first.create_date + datetime.timedelta(days=1),
                "stop": first.create_date + datetime.timedelta(days=1, hours=1),
            }
        )
        # A matter opens from a lead only once a partner cleared its conflicts.
        clear_conflict_check(first)
        engagement = cls.env["itlaw.engagement"].create(
            {"partner_id": first.partner_id.id, "lead_id": first.id, "user_id": cls.avocat.id}
        )
        agreement = cls.env["itlaw.fee.agreement"].create(
            {
                "name": "Convention",
                "partner_id": first.partner_id.id,
                "engagement_id": engagement.id,
                "fee_fixed": True,
                "fixed_amount": 4800.0,
            }
        )
        agreement.write(
            {"scanned_copy": base64.b64encode(b"%PDF signed"), "scanned_copy_filename": "s.pdf"}
        )
        agreement.action_mark_signed_scanned()

    def board(self, user=None, lang="en_US"):
        Board = self.env["itlaw.pipeline.dashboard"].with_user(user or self.associe)
        form = Form(Board.with_context(lang=lang))
        form.team_id = self.board_team
        return form

    def tiles(self, html):
        tree = lxml_html.fromstring(str(html))
        return {
            card.get("data-kpi"): card.xpath(".//div[contains(@class, 'fs-2')]")[0].text_content()
            for card in tree.xpath("//div[@data-kpi]")
        }

    @freeze_time(LATE_EVENING)
    def test_default_period_is_the_last_twelve_months(self):
        self.associe.tz = "Europe/Paris"
        form = self.board()
        self.assertEqual((form.date_from, form.date_to), TWELVE_MONTHS)

    def test_kpi_tiles(self):
        tiles = self.tiles(self.board().kpi_html)
        self.assertEqual(tiles["leads"], "3")
        self.assertEqual(tiles["consultation_rate"], "33.3 %")
        self.assertEqual(tiles["engagement_rate"], "33.3 %")
        self.assertEqual(tiles["first_contact"], "6.0 h")
        self.assertEqual(
            tiles["fees"], self.env.company.currency_id.with_context(lang="en_US").format(4800.0)
        )
        # Another period: nothing.
        form = self.board()
        form.date_from = form.date_to = datetime.date(2020, 1, 1)
        tiles = self.tiles(form.kpi_html)
        self.assertEqual(tiles["leads"], "0")
        self.assertEqual(tiles["first_contact"], "–")

    def test_charts_show_each_band_in_its_colour(self):
        tree = lxml_html.fromstring(str(self.board().chart_html))
        bars = tree.xpath("//div[contains(@class, 'o_itlaw_band_bar')]")
        self.assertEqual(sum(int(bar.get("title").rsplit(" ", 1)[1]) for bar in bars), 3)
        for bar in bars:
            band = bar.get("data-band")
            self.assertIn(f"background-color: {BAND_COLOURS[band]}", bar.get("style"))
        self.assertEqual(
            BAND_COLOURS,
            {"faible": "#198754", "modere": "#ffc107", "eleve": "#fd7e14", "critique": "#dc3545"},
        )
        rows = {
            row.get("data-band"): row
            for row in tree.xpath("//table[contains(@class, 'o_itlaw_bands')]//tr")
        }
        self.assertEqual(set(rows), {*BAND_COLOURS, "none"})
        for band, colour in BAND_COLOURS.items():
            self.assertIn(colour, rows[band].xpath(".//div")[0].get("style"))
        months = tree.xpath("//div[@data-month]")
        self.assertEqual(len(months), 12)
        funnel = [
            row.xpath("./td")[-1].text_content()
            for row in tree.xpath("//tr[contains(@class, 'o_itlaw_funnel_stage')]")
        ]
        self.assertEqual(funnel, ["3", "3", "1", "1"])

    def test_french_dashboard(self):
        html = str(self.board(lang="fr_FR").kpi_html) + str(self.board(lang="fr_FR").chart_html)
        self.assertIn("Taux de consultation", html)
        self.assertIn("Honoraires signés", html)
        self.assertIn("33,3 %", html)

    def test_lawyers_have_no_dashboard(self):
        with self.assertRaises(AccessError):
            self.env["itlaw.pipeline.dashboard"].with_user(self.avocat).create({})

    def test_partners_reach_it_from_reporting(self):
        menu = self.env.ref("itlaw_ai_advisory.itlaw_pipeline_dashboard_menu")
        self.assertEqual(menu.parent_id, self.env.ref("itlaw_ai_advisory.menu_reporting"))
        self.assertEqual(menu.action.res_model, "itlaw.pipeline.dashboard")


@tagged("post_install", "-at_install")
class TestWorkbookPeriodAndFunnel(ReportingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_pipeline()

    @freeze_time(LATE_EVENING)
    def test_wizard_proposes_the_last_twelve_months(self):
        self.associe.tz = "Europe/Paris"
        form = Form(self.env["itlaw.pipeline.report.wizard"].with_user(self.associe))
        self.assertEqual((form.date_from, form.date_to), TWELVE_MONTHS)

    def test_funnel_shows_every_stage(self):
        report = self.env["itlaw.pipeline.report"].with_user(self.associe)
        content = report.with_context(lang="en_US")._build_workbook(*self.period)
        summary = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
        rows = [row for row in summary.iter_rows(values_only=True) if row[0]]
        start = next(i for i, row in enumerate(rows) if row[0] == "Stage of the funnel")
        stages = rows[start + 1 : start + 5]
        self.assertEqual(
            [row[0] for row in stages],
            [
                "Leads",
                "Leads with a diagnostic",
                "Leads with a consultation",
                "Leads with an engagement",
            ],
        )
        lead_count = self.env["crm.lead"].search_count(report._lead_domain(*self.period))
        self.assertEqual(stages[0][1], lead_count)
        self.assertGreaterEqual(stages[1][1], len(self.intakes))
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = [
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("xl/charts/chart")
            ]
        [funnel] = [chart for chart in charts if '<c:barDir val="bar"/>' in chart]
        [(first, last)] = set(re.findall(r"\$A\$(\d+):\$A\$(\d+)", funnel))
        self.assertEqual(int(last) - int(first), 3, "four stages")
        self.assertEqual(summary[f"A{first}"].value, "Leads")
        [pie] = [chart for chart in charts if "<c:pieChart>" in chart]
        for colour in BAND_COLOURS.values():
            self.assertIn(colour.lstrip("#").upper(), pie)


@tagged("post_install", "-at_install")
class TestBandColours(TransactionCase):
    def test_every_band_badge_uses_the_band_colours(self):
        """Leads and diagnostics show the band with the widget that paints it
        in its colour (modéré yellow, élevé orange), not Bootstrap's info and
        warning decorations (modéré blue, élevé yellow)."""
        seen = 0
        for model, field in (("crm.lead", "ai_risk_band"), ("itlaw.intake", "band")):
            views = self.env[model].get_views([(False, "form"), (False, "list"), (False, "kanban")])
            for view in views["views"].values():
                arch = etree.fromstring(view["arch"])
                for node in arch.xpath(f"//field[@name='{field}'][@widget]"):
                    seen += 1
                    self.assertEqual(node.get("widget"), "itlaw_band_badge", model)
                    self.assertIsNone(node.get("decoration-info"))
        self.assertGreaterEqual(seen, 4)
