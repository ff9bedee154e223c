"""The fee agreement as a French firm sends it: a document on the firm's
letterhead naming both parties, sent from Odoo's email composer to the
client's contact, reminded when left unsigned, and signed with a certificate
(the audit trail) appended to the signed PDF."""

import io
from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import html
from PyPDF2 import PdfFileReader

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .common_fee import FeeAgreementCase, sign_online

REPORT = "itlaw_ai_advisory.itlaw_fee_agreement_report"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"


def text_of(content):
    page = html.fromstring(content)
    return " ".join(page.text_content().replace("\xa0", " ").replace("\u202f", " ").split())


def pdf_text(content):
    reader = PdfFileReader(io.BytesIO(content))
    pages = [reader.getPage(number).extractText() for number in range(reader.getNumPages())]
    return reader.getNumPages(), " ".join(" ".join(pages).replace("\xa0", " ").split())


class FirmCase(FeeAgreementCase):
    @classmethod
    def setup_firm_identity(cls):
        cls.setup_fees()
        cls.env.company.write(
            {
                "name": "Cabinet Test Avocats",
                "street": "5 rue du Test",
                "zip": "75008",
                "city": "Paris",
                "phone": "+33 1 23 45 67 89",
                "email": "cabinet@test-avocats.example",
                "company_registry": "98765432100017",
                "vat": "FR40987654321",
                "itlaw_bar": "Paris",
                "itlaw_insurer": "Assureur Test RCP",
                "itlaw_insurance_coverage": "Monde entier hors USA",
                "itlaw_rate_partner": 480.0,
                "itlaw_rate_trainee": 110.0,
            }
        )
        Partner = cls.env["res.partner"]
        cls.company_client = Partner.create(
            {
                "name": "Datalyse SA",
                "is_company": True,
                "lang": "fr_FR",
                "company_registry": "552 100 554",
                "street": "8 quai des Données",
                "zip": "69002",
                "city": "Lyon",
            }
        )
        cls.company_contact = Partner.create(
            {
                "name": "Inès Moreau",
                "parent_id": cls.company_client.id,
                "function": "Directrice juridique",
                "email": "ines.moreau@datalyse.example",
                "lang": "fr_FR",
            }
        )


@tagged("post_install", "-at_install")
class TestFeeAgreementDocument(FirmCase, TransactionCase):
    """Item 5: the PDF is a firm document identifying both parties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm_identity()

    def render_html(self, agreement):
        content, _type = self.env["ir.actions.report"]._render_qweb_html(REPORT, agreement.ids)
        return text_of(content)

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_is_on_the_firms_letterhead_with_both_parties(self):
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        agreement = self.make_agreement(partner=self.company_client, engagement_id=False)
        self.assertEqual(agreement.contact_id, self.company_contact)
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, agreement.ids)
        )
        self.assertEqual(report_type, "pdf")
        pages, text = pdf_text(content)
        # Numbered pages: Odoo's footer with a patched wkhtmltopdf, else the addon's.
        self.assertRegex(text, rf"Page\s*:?\s*1 / {pages}")
        for expected in (
            # The letterhead.
            "Cabinet Test Avocats",
            "5 rue du Test",
            "75008 Paris",
            "barreau de Paris",
            "98765432100017",
            "FR40987654321",
            "+33 1 23 45 67 89",
            "cabinet@test-avocats.example",
            # The client, represented by its contact.
            "Datalyse SA",
            "552 100 554",
            "8 quai des Données",
            "Inès Moreau",
            "Directrice juridique",
            # Place and date, both signature blocks, the insurance.
            "Fait à Paris, le",
            "Pour le cabinet",
            "Pour le client",
            "Assureur Test RCP",
            "Monde entier hors USA",
        ):
            self.assertIn(expected, text)

    def test_title_is_printed_once(self):
        agreement = self.make_agreement(name=False)
        self.assertEqual(agreement.name, "Convention d'honoraires")
        text = self.render_html(agreement)
        self.assertEqual(text.count("Convention d'honoraires"), 1, text)

    def test_individual_client_and_date_of_signature(self):
        self.client_fr.write({"street": "3 rue des Lilas", "zip": "75011", "city": "Paris"})
        agreement = self.make_agreement()
        text = self.render_html(agreement)
        self.assertIn("Robotique Lyonnaise SAS, demeurant 3 rue des Lilas, 75011 Paris", text)
        self.assertIn("Fait à Paris, le …", text)
        client = text[text.index("Robotique Lyonnaise SAS") : text.index("(le client)")]
        self.assertNotIn("représentée par", client)
        with freeze_time("2026-12-31 23:30:00"):
            agreement.action_send()
            sign_online(agreement)
        # 23:30 UTC on 31 December is 1 January in Paris.
        self.assertIn("Fait à Paris, le 1 janvier 2027", self.render_html(agreement))


@tagged("post_install", "-at_install")
class TestFeeAgreementSending(FirmCase, TransactionCase):
    """Item 6: French title, rates prefilled, the contact as recipient, and
    Send through Odoo's composer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm_identity()
        employee = cls.env["hr.employee"].search([("user_id", "=", cls.avocat.id)])
        employee = employee or cls.env["hr.employee"].create(
            {"name": cls.avocat.name, "user_id": cls.avocat.id}
        )
        employee.itlaw_hourly_rate = 320.0

    def test_default_title_in_the_clients_language(self):
        Agreement = self.env["itlaw.fee.agreement"]
        french = Agreement.create({"partner_id": self.client_fr.id, "fee_fixed": True})
        english = Agreement.create({"partner_id": self.client_en.id, "fee_fixed": True})
        self.assertEqual(french.name, "Convention d'honoraires")
        self.assertEqual(english.name, "Fee agreement")
        english.partner_id = self.client_fr
        self.assertEqual(english.name, "Convention d'honoraires")
        french.name = "Convention AI Act"
        french.partner_id = self.client_en
        self.assertEqual(french.name, "Convention AI Act")

    def test_rates_prefilled_from_the_lawyer_or_the_grade(self):
        agreement = self.make_agreement(
            rate_line_ids=[
                Command.create({"user_id": self.avocat.id}),
                Command.create({"grade": "trainee"}),
                Command.create({"grade": "partner", "hourly_rate": 500.0}),
            ]
        )
        self.assertEqual(agreement.rate_line_ids.mapped("hourly_rate"), [320.0, 110.0, 500.0])
        with Form(self.env["itlaw.fee.agreement"].with_user(self.avocat)) as form:
            form.partner_id = self.client_fr
            form.fee_fixed = True
            form.fixed_amount = 1000
            form.fee_hourly = True
            self.assertEqual(len(form.rate_line_ids), 1)
            with form.rate_line_ids.edit(0) as line:
                self.assertEqual(line.user_id, self.avocat)
                self.assertEqual(line.hourly_rate, 320.0)
                line.user_id = self.env["res.users"]
                line.grade = "partner"
                self.assertEqual(line.hourly_rate, 480.0)

    def test_company_without_email_is_sent_to_its_contact(self):
        agreement = self.make_agreement(partner=self.company_client, engagement_id=False)
        self.assertFalse(self.company_client.email)
        self.assertEqual(agreement.contact_id, self.company_contact)
        agreement.action_send()
        self.assertEqual(agreement.state, "sent")
        self.assertEqual(agreement.sent_to, "ines.moreau@datalyse.example")
        message = agreement.message_ids[0]
        self.assertEqual(message.partner_ids, self.company_contact)
        self.assertIn("Bonjour Inès Moreau", message.body)
        self.assertIn(self.company_contact, agreement.message_partner_ids)

    def test_contact_without_email_is_a_translated_refusal(self):
        self.company_contact.email = False
        agreement = self.make_agreement(partner=self.company_client, engagement_id=False)
        with self.assertRaises(UserError) as caught:
            agreement.with_context(lang="fr_FR").action_send_email()
        self.assertIn("donnez une adresse email au contact du client", caught.exception.args[0])
        self.assertEqual(agreement.state, "draft")
        other = self.env["res.partner"].create({"name": "Someone Else", "email": "x@y.example"})
        with self.assertRaises(ValidationError):
            agreement.contact_id = other

    def test_send_opens_the_composer_and_the_email_sends_it(self):
        agreement = (
            self.env["itlaw.fee.agreement"]
            .with_user(self.avocat)
            .create(
                {
                    "partner_id": self.company_client.id,
                    "fee_fixed": True,
                    "fixed_amount": 2000.0,
                }
            )
        )
        action = agreement.action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        # Opening the composer sends nothing.
        self.assertEqual(agreement.state, "draft")
        composer = Form(
            self.env["mail.compose.message"].with_user(self.avocat).with_context(action["context"])
        )
        self.assertEqual(composer.partner_ids[:], self.company_contact)
        self.assertIn("access_token=", composer.body)
        composer.body = composer.body.replace("Bonjour", "Chère Madame,<br/>Bonjour")
        composer.save().action_send_mail()
        self.assertEqual(agreement.state, "sent")
        self.assertTrue(agreement.sent_hash)
        message = agreement.message_ids[0]
        self.assertIn("Chère Madame", message.body)
        self.assertEqual(message.partner_ids, self.company_contact)
        # The state is still the workflow's only.
        with self.assertRaises(AccessError):
            agreement.write({"state": "draft"})

    def test_composer_of_an_incomplete_agreement_sends_nothing(self):
        agreement = self.make_agreement(fee_hourly=False, rate_line_ids=[], fixed_amount=0)
        with self.assertRaises(UserError):
            agreement.action_send_email()
        # Even a composer opened by hand posts nothing while it cannot be sent.
        with self.assertRaises(UserError):
            agreement.with_context(itlaw_mark_fee_agreement_sent=True).message_post(
                body="Forged", message_type="comment"
            )
        self.assertEqual(agreement.state, "draft")


@tagged("post_install", "-at_install")
class TestFeeAgreementReminders(FirmCase, TransactionCase):
    """Item 7: one reminder to the client, one to-do for the lawyer, per sending."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm_identity()
        Param = cls.env["ir.config_parameter"]
        Param.set_param("itlaw_ai_advisory.fee_reminder_days", 7)
        Param.set_param("itlaw_ai_advisory.fee_expiry_alert_days", 3)

    def run_cron(self):
        self.env["itlaw.fee.agreement"]._cron_send_reminders()

    def reminders(self, agreement):
        return agreement.message_ids.filtered(
            lambda m: "attend votre signature" in (m.subject or "")
        )

    def todos(self, agreement):
        return agreement.activity_ids.filtered(lambda a: a.user_id == self.avocat)

    def test_reminder_and_expiry_alert_once_per_sending(self):
        with freeze_time("2026-06-01 09:00:00"):
            agreement = self.make_agreement()
            agreement.action_send()
        self.assertEqual(str(agreement.validity_date), "2026-07-01")
        with freeze_time("2026-06-05 09:00:00"):
            self.run_cron()
        self.assertFalse(self.reminders(agreement))
        with freeze_time("2026-06-08 10:00:00"):
            self.run_cron()
            self.run_cron()
        reminder = self.reminders(agreement)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.partner_ids, self.client_fr)
        self.assertIn("access_token=", reminder.body)
        self.assertFalse(self.todos(agreement))
        with freeze_time("2026-06-28 10:00:00"):
            self.run_cron()
            self.run_cron()
        todo = self.todos(agreement)
        self.assertEqual(len(todo), 1)
        self.assertEqual(str(todo.date_deadline), "2026-07-01")
        self.assertEqual(len(self.reminders(agreement)), 1)
        # Sent again: a new period, a new reminder.
        with freeze_time("2026-06-29 10:00:00"):
            agreement.validity_date = "2026-08-15"
            agreement.action_send()
        with freeze_time("2026-07-07 10:00:00"):
            self.run_cron()
        self.assertEqual(len(self.reminders(agreement)), 2)

    def test_signed_cancelled_or_expired_get_nothing(self):
        with freeze_time("2026-06-01 09:00:00"):
            signed, cancelled, expired = (self.make_agreement() for _i in range(3))
            (signed | cancelled | expired).action_send()
            sign_online(signed)
            cancelled.action_cancel()
            expired.validity_date = "2026-06-05"
        with freeze_time("2026-06-20 09:00:00"):
            self.run_cron()
        for agreement in (signed, cancelled, expired):
            self.assertFalse(self.reminders(agreement))
            self.assertFalse(self.todos(agreement))

    def test_reminder_marks_are_the_workflows(self):
        agreement = self.make_agreement()
        agreement.action_send()
        for field in ("reminder_sent_on", "expiry_alert_on", "opened_on", "sent_to"):
            with self.assertRaises(AccessError):
                agreement.with_user(self.avocat).write({field: False})

    def test_settings_refuse_a_reminder_after_zero_days(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"itlaw_fee_reminder_days": 0})


@tagged("post_install", "-at_install")
class TestSignatureCertificate(FirmCase, TransactionCase):
    """Item 8: the signed document ends with the signature's audit trail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm_identity()

    def sign(self, agreement):
        with freeze_time("2026-07-14 08:00:00"):
            agreement.action_send()
        with freeze_time("2026-07-15 07:30:00"):
            agreement._record_opening()
        with freeze_time("2026-07-16 16:45:10"):
            agreement._record_opening()
            sign_online(agreement, "Inès Moreau", user_agent=CHROME)

    def test_certificate_in_the_signed_document(self):
        agreement = self.make_agreement(partner=self.company_client, engagement_id=False)
        self.sign(agreement)
        self.assertEqual(agreement.signed_user_agent, CHROME)
        self.assertEqual(str(agreement.opened_on), "2026-07-15 07:30:00")
        text = text_of(agreement.signed_document_id.raw)
        certificate = text[text.index("Certificat de signature") :]
        for expected in (
            agreement.sent_hash,
            "Inès Moreau (nom saisi)",
            "ines.moreau@datalyse.example",
            "203.0.113.9",
            CHROME,
            # Paris time (UTC+2 in summer).
            "14/07/2026 10:00:00",
            "15/07/2026 09:30:00",
            "16/07/2026 18:45:10",
            "Europe/Paris",
        ):
            self.assertIn(expected, certificate)

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_certificate_is_the_last_page_of_the_signed_pdf(self):
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        agreement = self.make_agreement(partner=self.company_client, engagement_id=False)
        agreement = agreement.with_context(force_report_rendering=True)
        unsigned, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, agreement.ids)
        )
        self.sign(agreement)
        document = agreement.signed_document_id.raw
        self.assertTrue(document.startswith(b"%PDF"))
        pages, text = pdf_text(document)
        self.assertEqual(pages, pdf_text(unsigned)[0] + 1)
        certificate = text[text.index("Certificat de signature") :]
        self.assertIn("16/07/2026 18:45:10", certificate)
        self.assertIn("ines.moreau@datalyse.example", certificate)
        self.assertIn(agreement.sent_hash[:32], certificate.replace(" ", ""))

    def test_opening_is_recorded_once_and_only_while_sent(self):
        agreement = self.make_agreement()
        agreement._record_opening()
        self.assertFalse(agreement.opened_on)
        with freeze_time("2026-07-15 07:30:00"):
            agreement.action_send()
            agreement._record_opening()
        with freeze_time("2026-07-16 07:30:00"):
            agreement._record_opening()
        self.assertEqual(agreement.opened_on, datetime(2026, 7, 15, 7, 30))
        # Sent again: the new link's first opening.
        with freeze_time("2026-07-17 07:30:00"):
            agreement.action_draft()
            agreement.action_send()
        self.assertFalse(agreement.opened_on)


@tagged("post_install", "-at_install")
class TestFeeAgreementOpeningHttp(FirmCase, HttpCase):
    """Item 8 over HTTP: the client's first visit is recorded, the firm's is not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()
        cls.agreement = cls.make_agreement()
        cls.agreement.action_send()

    def test_first_opening_by_the_client(self):
        self.authenticate(self.avocat.login, self.avocat.login)
        self.assertEqual(self.url_open(self.agreement.get_portal_url()).status_code, 200)
        self.assertFalse(self.agreement.opened_on)
        self.authenticate(None, None)
        response = self.url_open(
            self.agreement.get_portal_url(), headers={"User-Agent": CHROME}, timeout=60
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.agreement.opened_on)
        self.assertLessEqual(
            self.agreement.opened_on - self.agreement.sent_on, timedelta(minutes=10)
        )


@tagged("post_install", "-at_install")
class TestLegalNotice(HttpCase):
    """Item 12: the legal notice (LCEN art. 6), linked from every page, and no
    promotion of Odoo on the firm's pages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        website = cls.env["website"].get_current_website()
        website.language_ids |= cls.env.ref("base.lang_fr") | cls.env.ref("base.lang_en")
        website.company_id.write(
            {
                "name": "Cabinet Mentions",
                "company_registry": "11122233300044",
                "vat": "FR55111222333",
                "itlaw_bar": "Lyon",
                "itlaw_publication_director": "Maître Directrice",
                "itlaw_website_host": "Hébergeur Test SAS, 1 rue du Serveur, 59100 Roubaix",
            }
        )

    def test_legal_notice_page(self):
        for url in ("/mentions-legales", "/en/mentions-legales"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            text = text_of(response.content)
            for expected in (
                "Cabinet Mentions",
                "11122233300044",
                "FR55111222333",
                "Lyon",
                "Maître Directrice",
                "Hébergeur Test SAS, 1 rue du Serveur, 59100 Roubaix",
            ):
                self.assertIn(expected, text, url)
        response = self.url_open("/en/legal-notice", allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response.headers["Location"].endswith("/en/mentions-legales"))

    def test_every_page_links_it_and_promotes_no_one_else(self):
        for url in ("/", "/en/", "/mentions-legales", "/contactus"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            page = html.fromstring(response.content)
            links = {a.get("href") for a in page.xpath("//footer//a[@href]")}
            self.assertTrue({"/mentions-legales", "/en/mentions-legales"} & links, url)
            text = text_of(response.content)
            for promotion in ("free website", "site web gratuit", "Powered by", "Fourni par"):
                self.assertNotIn(promotion, text, url)
            self.assertFalse(page.xpath("//*[hasclass('o_brand_promotion')]"), url)
