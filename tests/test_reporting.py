import base64
import datetime
import io
import zipfile
from urllib.parse import urlparse

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import (
    CONTACT,
    CV_SCREENING,
    EMOTION_AT_WORK,
    HARMLESS,
    AdvisoryCase,
    clear_conflict_check,
    request_info,
)

FR_SHEETS = ["Synthèse", "Pistes", "Consultations", "Dossiers", "Constats fréquents"]
EN_SHEETS = ["Summary", "Leads", "Consultations", "Engagements", "Frequent findings"]


class ReportingCase(AdvisoryCase):
    @classmethod
    def setup_pipeline(cls):
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        Intake = cls.env["itlaw.intake"]
        cls.intakes = Intake
        for index, (answers, source) in enumerate(
            [(CV_SCREENING, "linkedin"), (EMOTION_AT_WORK, "linkedin"), (HARMLESS, "google")]
        ):
            contact = dict(
                CONTACT,
                email_from=f"prospect{index}@example.fr",
                contact_name=f"Prospect {index}",
                partner_name=f"Organisation {index}",
            )
            cls.intakes |= Intake._submit(
                dict(answers),
                contact,
                request_info(utm={"utm_source": source, "utm_medium": "social"}),
            )
        cls.today = datetime.date.today()
        cls.period = (
            cls.today - datetime.timedelta(days=1),
            cls.today + datetime.timedelta(days=1),
        )


@tagged("post_install", "-at_install")
class TestPipelineWorkbook(ReportingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_pipeline()
        cls.Report = cls.env["itlaw.pipeline.report"]

    def build(self, user=None, lang="fr_FR", period=None):
        report = self.Report.with_user(user or self.associe).with_context(lang=lang)
        return report._build_workbook(*(period or self.period))

    def test_french_workbook_sheets_headers_values(self):
        content = self.build()
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, FR_SHEETS)
        leads = book["Pistes"]
        headers = [cell.value for cell in leads[1]]
        self.assertEqual(headers[:3], ["Piste", "Créé le", "Source"])
        self.assertIn("Catégorie AI Act", headers)
        self.assertEqual(leads.freeze_panes, "A2")
        self.assertEqual(leads.auto_filter.ref.split(":")[0], "A1")
        rows = {row[0].value: row for row in leads.iter_rows(min_row=2)}
        lead = self.intakes[0].lead_id
        self.assertIn(lead.name, rows)
        row = rows[lead.name]
        self.assertEqual(row[1].number_format, "dd/mm/yyyy")
        self.assertEqual(row[1].value.date(), lead.create_date.date())
        self.assertEqual(row[2].value.lower(), "linkedin")
        self.assertEqual(row[9].value, lead.ai_risk_score)
        lead_count = self.env["crm.lead"].search_count(self.Report._lead_domain(*self.period))
        self.assertEqual(len(rows), lead_count)
        summary = book["Synthèse"]
        self.assertEqual(summary["A2"].value, "Pistes")
        self.assertEqual(summary["B2"].value, lead_count)
        self.assertEqual(summary["A7"].value, "Conversion diagnostic → consultation")
        self.assertEqual(summary["B7"].number_format, "0.0%")
        # Band distribution (unbanded leads last, when any) totals the leads of the period.
        band_rows = [
            row
            for row in summary.iter_rows(min_row=12, max_row=16, values_only=True)
            if row[0] and row[0] != "Source"
        ]
        self.assertEqual(sum(row[1] for row in band_rows), lead_count)
        findings = book["Constats fréquents"]
        self.assertEqual(
            [c.value for c in findings[1]], ["Règle", "Constat", "Référence", "Nombre"]
        )
        counts = [row[3] for row in findings.iter_rows(min_row=2, values_only=True)]
        self.assertTrue(counts)
        self.assertEqual(counts, sorted(counts, reverse=True))
        rules = self.intakes.finding_ids.mapped("rule")
        top = findings["A2"].value
        self.assertGreaterEqual(findings["D2"].value, rules.count(top))
        engagements = self.env["itlaw.engagement"].search_count(
            self.Report._engagement_domain(*self.period)
        )
        self.assertEqual(book["Dossiers"].max_row, 1 + engagements)
        self.assertEqual(summary["B6"].value, engagements)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
        for chart in ("xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"):
            self.assertIn(chart, names)

    def test_engagements_sheet_and_fees(self):
        lead = self.intakes[0].lead_id
        clear_conflict_check(lead)
        engagement = self.env["itlaw.engagement"].create(
            {"partner_id": lead.partner_id.id, "lead_id": lead.id, "user_id": self.avocat.id}
        )
        agreement = self.env["itlaw.fee.agreement"].create(
            {
                "name": "Convention",
                "partner_id": lead.partner_id.id,
                "engagement_id": engagement.id,
                "fee_fixed": True,
                "fixed_amount": 4800.0,
                "fee_subscription": True,
                "subscription_amount": 350.0,
            }
        )
        agreement.write(
            {"scanned_copy": base64.b64encode(b"%PDF signed"), "scanned_copy_filename": "s.pdf"}
        )
        agreement.action_mark_signed_scanned()
        book = openpyxl.load_workbook(io.BytesIO(self.build()))
        sheet = book["Dossiers"]
        self.assertEqual(
            [cell.value for cell in sheet[1]][:6],
            ["Date", "Référence", "Client", "Avocat", "Étape", "Forfait signé (HT)"],
        )
        rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
        row = rows[engagement.name]
        self.assertEqual(row[2].value, lead.partner_id.display_name)
        # Cleared and signed: the matter is in progress (issue 20, item 4).
        self.assertEqual(row[4].value, "En cours")
        self.assertEqual(row[5].value, 4800.0)
        self.assertIn("€", row[5].number_format)
        self.assertEqual(row[6].value, 350.0)
        summary = book["Synthèse"]
        self.assertEqual(summary["A9"].value, "Forfaits signés (HT)")
        self.assertGreaterEqual(summary["B9"].value, 4800.0)
        self.assertEqual(summary["A8"].value, "Taux piste → dossier")
        self.assertGreater(summary["B8"].value, 0)

    def test_consultations_sheet_and_conversion(self):
        lead = self.intakes[0].lead_id
        start = datetime.datetime.combine(self.today, datetime.time(9))
        self.env["calendar.event"].create(
            {
                "name": "Consultation",
                "itlaw_consultation_type_id": self.env.ref(
                    "itlaw_ai_advisory.consultation_type_first"
                ).id,
                "opportunity_id": lead.id,
                "user_id": self.avocat.id,
                "itlaw_state": "booked",
                "start": start,
                "stop": start + datetime.timedelta(hours=1),
            }
        )
        book = openpyxl.load_workbook(io.BytesIO(self.build()))
        rows = list(book["Consultations"].iter_rows(min_row=2))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0].number_format, "dd/mm/yyyy")
        self.assertEqual(rows[0][0].value.date(), self.today)
        self.assertEqual(rows[0][2].value, self.avocat.name)
        self.assertEqual(rows[0][3].value, "Réservée")
        self.assertEqual(rows[0][4].value, lead.name)
        summary = book["Synthèse"]
        self.assertEqual(summary["B4"].value, 1)
        self.assertEqual(summary["B5"].value, 1)
        intakes = summary["B3"].value
        self.assertAlmostEqual(summary["B7"].value, 1 / intakes)
        lead_row = next(r for r in book["Pistes"].iter_rows(min_row=2) if r[0].value == lead.name)
        self.assertEqual(lead_row[11].value.date(), self.today)

    def test_lawyer_filter(self):
        lawyer = self.intakes[0].lead_id.user_id
        report = self.Report.with_user(self.associe).with_context(lang="fr_FR")
        book = openpyxl.load_workbook(
            io.BytesIO(report._build_workbook(*self.period, lawyers=lawyer))
        )
        lawyers = {row[6] for row in book["Pistes"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(lawyers, {lawyer.name})

    def test_company_filter(self):
        other = self.env["res.company"].create({"name": "Autre cabinet"})
        (self.associe | self.avocat | self.avocate).company_ids |= other
        moved = self.intakes[0].lead_id
        moved.company_id = other
        report = self.Report.with_user(self.associe).with_context(lang="fr_FR")

        def lead_names(companies):
            book = openpyxl.load_workbook(
                io.BytesIO(report._build_workbook(*self.period, companies=companies))
            )
            return {row[0] for row in book["Pistes"].iter_rows(min_row=2, values_only=True)}

        self.assertEqual(lead_names(other), {moved.name})
        own = lead_names(self.env.company)
        self.assertNotIn(moved.name, own)
        self.assertLessEqual(set((self.intakes.lead_id - moved).mapped("name")), own)
        wizard = self.env["itlaw.pipeline.report.wizard"].create({"company_ids": other.ids})
        self.assertIn(f"company_ids={other.id}", wizard.action_download()["url"])

    def test_english_workbook(self):
        self.env["res.lang"]._activate_lang("en_US")
        book = openpyxl.load_workbook(io.BytesIO(self.build(lang="en_US")))
        self.assertEqual(book.sheetnames, EN_SHEETS)
        self.assertEqual(book["Leads"]["A1"].value, "Lead")
        finding = self.intakes.finding_ids[:1]
        texts = [row[1] for row in book["Frequent findings"].iter_rows(min_row=2, values_only=True)]
        self.assertIn(finding.finding_en, texts)

    def test_empty_period(self):
        period = (datetime.date(2000, 1, 1), datetime.date(2000, 1, 31))
        content = self.build(period=period)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, FR_SHEETS)
        self.assertEqual(book["Pistes"].max_row, 1)
        self.assertEqual(book["Synthèse"]["B2"].value, 0)
        self.assertEqual(book["Constats fréquents"].max_row, 1)

    def test_lead_entered_by_hand(self):
        """A lead typed in by a lawyer (no diagnostic, no source, no score, not
        assigned) has its row, its empty cells empty and its score 0."""
        lead = self.env["crm.lead"].create(
            {
                "name": "Piste saisie à la main",
                "type": "opportunity",
                "team_id": self.env.ref("itlaw_ai_advisory.crm_team_ai_advisory").id,
                "user_id": False,
            }
        )
        self.env.cr.execute("SELECT ai_risk_score FROM crm_lead WHERE id = %s", [lead.id])
        self.assertIsNone(self.env.cr.fetchone()[0])
        book = openpyxl.load_workbook(io.BytesIO(self.build()))
        rows = {row[0].value: row for row in book["Pistes"].iter_rows(min_row=2)}
        row = rows[lead.name]
        self.assertEqual(row[1].value.date(), lead.create_date.date())
        self.assertEqual([row[col].value for col in (2, 6, 7, 8, 10, 11)], [None] * 6)
        self.assertEqual(row[5].value, lead.stage_id.with_context(lang="fr_FR").name)
        self.assertEqual(row[9].value, 0)

    def test_visitor_text_is_never_a_formula(self):
        """A visitor's utm_source, or the referrer host the source is derived
        from, that reads as a formula stays text in every sheet (Synthèse
        wrote it with write(), which turned "=..." into a live formula)."""
        hyperlink = '=HYPERLINK("http://evil.example/x","click")'
        dde = "=cmd|' /C calc'!A0"
        # The host urlparse reads from a forged Referer header.
        referrer_host = urlparse("https://=1+2+cmd|calc!A0/page").hostname
        self.assertTrue(referrer_host.startswith("="))
        Intake = self.env["itlaw.intake"]
        for index, info in enumerate(
            [
                request_info(utm={"utm_source": hyperlink}),
                request_info(utm={"utm_source": dde, "utm_campaign": "=1+1"}),
                request_info(referrer_host=referrer_host),
            ]
        ):
            Intake._submit(
                dict(HARMLESS),
                dict(
                    CONTACT,
                    email_from=f"formula{index}@example.fr",
                    contact_name=f"=Formula {index}",
                    partner_name=f'=HYPERLINK("http://evil.example/{index}")',
                ),
                info,
            )
        content = self.build()
        book = openpyxl.load_workbook(io.BytesIO(content))
        formulas = [
            (sheet.title, cell.coordinate, cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        self.assertEqual(formulas, [])
        summary = [value for row in book["Synthèse"].iter_rows(values_only=True) for value in row]
        leads = [value for row in book["Pistes"].iter_rows(values_only=True) for value in row]
        for text in (hyperlink, dde, referrer_host):
            self.assertIn(text, summary)
            self.assertIn(text, leads)
        self.assertIn("=1+1", leads)
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
            for name in sheets:
                self.assertNotIn("<f>", package.read(name).decode(), name)

    def test_rows_are_streamed_not_held_in_memory(self):
        """xlsxwriter's constant_memory mode: each row goes to a temporary file
        as it is written, its strings inline (no shared-strings table, which
        would keep every string of the workbook in memory)."""
        with zipfile.ZipFile(io.BytesIO(self.build())) as package:
            self.assertNotIn("xl/sharedStrings.xml", package.namelist())
            leads_sheet = package.read("xl/worksheets/sheet2.xml").decode()
        self.assertIn('t="inlineStr"', leads_sheet)

    def test_wizard_downloads_through_the_route(self):
        wizard = (
            self.env["itlaw.pipeline.report.wizard"]
            .with_user(self.associe)
            .create({"date_from": "2026-01-01", "date_to": "2026-03-31"})
        )
        self.assertEqual(wizard.team_id, self.team)
        action = wizard.action_download()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"],
            f"/itlaw/pipeline.xlsx?date_from=2026-01-01&date_to=2026-03-31&team_id={self.team.id}",
        )
        wizard.user_ids = self.avocat | self.avocate
        self.assertIn(
            f"&user_ids={self.avocat.id}%2C{self.avocate.id}", wizard.action_download()["url"]
        )
        with self.assertRaises(ValidationError):
            wizard.date_to = "2025-12-31"
            wizard.flush_recordset()

    def test_reporting_views_open(self):
        Lead = self.env["crm.lead"].with_user(self.associe)
        for model, view in (
            ("crm.lead", "crm_lead_view_graph_reporting"),
            ("crm.lead", "crm_lead_view_pivot_reporting"),
            ("itlaw.intake", "itlaw_intake_view_graph"),
            ("itlaw.intake", "itlaw_intake_view_pivot"),
        ):
            view_id = self.env.ref(f"itlaw_ai_advisory.{view}").id
            self.assertTrue(
                self.env[model]
                .with_user(self.associe)
                .get_views([(view_id, "graph" if "graph" in view else "pivot")])
            )
        groups = Lead.read_group(
            [("team_id", "=", self.team.id)],
            ["ai_risk_band"],
            ["ai_risk_band", "source_id"],
            lazy=False,
        )
        self.assertTrue(groups)
        menu = self.env.ref("itlaw_ai_advisory.menu_reporting")
        self.assertEqual(menu.groups_id, self.env.ref("itlaw_ai_advisory.group_partner"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.associe)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.avocat)._visible_menu_ids())

    def test_lawyer_refused(self):
        with self.assertRaises(AccessError):
            self.build(user=self.avocat)


@tagged("post_install", "-at_install")
class TestPipelineRoute(ReportingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_pipeline()
        new_test_user(cls.env, "t_portal", groups="base.group_portal")
        cls.associe.lang = "fr_FR"

    def url(self, date_from="2026-01-01", date_to="2026-12-31"):
        return f"/itlaw/pipeline.xlsx?date_from={date_from}&date_to={date_to}"

    def test_partner_downloads(self):
        self.authenticate("t_associe", "t_associe")
        start, end = self.period
        response = self.url_open(self.url(start.isoformat(), end.isoformat()))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn("classeur_pipeline_", response.headers["Content-Disposition"])
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames[0], "Synthèse")

    def test_lawyer_and_portal_forbidden(self):
        for login in ("t_avocat", "t_portal"):
            self.authenticate(login, login)
            self.assertEqual(self.url_open(self.url()).status_code, 403, login)

    def test_public_redirected_to_login(self):
        self.authenticate(None, None)
        response = self.url_open(self.url(), allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_bad_dates(self):
        self.authenticate("t_associe", "t_associe")
        for url in (
            self.url("2026-13-01"),
            "/itlaw/pipeline.xlsx",
            self.url("2026-03-01", "2026-01-01"),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("date_from", response.text)
        foreign = self.env["res.company"].create({"name": "Cabinet voisin"})
        for url in (
            self.url() + "&user_ids=2,x",
            self.url() + "&team_id=999999",
            self.url() + "&company_ids=x",
            self.url() + f"&company_ids={foreign.id}",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("user_ids", response.text)
