"""The convention d'honoraires: lawful arrangements only, read-only once
signed, amendments as new agreements, the report in the client's language,
the scanned signed copy and who may see what."""

import base64
import hashlib

from lxml import html

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_fee import FeeAgreementCase, sign_online

REPORT = "itlaw_ai_advisory.itlaw_fee_agreement_report"


def text_of(content):
    page = html.fromstring(content)
    return " ".join(page.text_content().replace("\xa0", " ").replace("\u202f", " ").split())


@tagged("post_install", "-at_install")
class TestFeeAgreement(FeeAgreementCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()

    def test_result_fee_alone_is_refused(self):
        with self.assertRaises(ValidationError):
            self.make_agreement(fee_fixed=False, fee_hourly=False, rate_line_ids=[])
        agreement = self.make_agreement(fee_hourly=False, rate_line_ids=[])
        with self.assertRaises(ValidationError):
            agreement.fee_fixed = False
        agreement.fee_subscription = True
        agreement.subscription_amount = 400
        agreement.fee_fixed = False
        self.assertEqual(agreement._arrangements(), {"subscription", "result"})

    def test_result_fee_refusal_is_translated(self):
        for lang, expected in (("en_US", "only as a complement"), ("fr_FR", "en complément")):
            env = self.env(context=dict(self.env.context, lang=lang))
            with self.assertRaises(ValidationError) as caught:
                env["itlaw.fee.agreement"].create(
                    {"partner_id": self.client_fr.id, "result_fee": True}
                )
            self.assertIn(expected, caught.exception.args[0])

    def test_amounts_incl_vat_and_rates(self):
        agreement = self.make_agreement(vat_rate=20.0)
        self.assertEqual(agreement.fixed_amount_incl, 1800.0)
        self.assertEqual(agreement.rate_line_ids.mapped("hourly_rate_incl"), [360.0, 180.0])
        with self.assertRaises(ValidationError):
            agreement.rate_line_ids = [Command.create({"hourly_rate": 100.0})]
        with self.assertRaises(ValidationError):
            agreement.fixed_amount = -1

    def test_clauses_follow_the_language_unless_edited(self):
        agreement = self.make_agreement()
        self.assertEqual(agreement.lang, "fr_FR")
        self.assertIn("bâtonnier", agreement.dispute_clause)
        self.assertIn("honoraires", agreement.payment_terms.lower() + agreement.client_information)
        agreement.expenses_policy = "Frais réels uniquement."
        agreement.partner_id = self.client_en
        self.assertEqual(agreement.lang, "en_US")
        self.assertIn("referred by either party to the bâtonnier", agreement.dispute_clause)
        self.assertEqual(agreement.expenses_policy, "Frais réels uniquement.")

    def test_send_needs_a_complete_agreement_and_sets_the_validity(self):
        agreement = self.make_agreement(fee_hourly=False, rate_line_ids=[], fixed_amount=0)
        with self.assertRaises(UserError):
            agreement.action_send()
        agreement.fixed_amount = 2000
        agreement.action_send()
        self.assertEqual(agreement.state, "sent")
        self.assertTrue(agreement.access_token)
        # The day it was sent in the lawyer's time zone, as the validity counts
        # (sent_on is UTC: a day behind Paris after 23:00 UTC).
        sent_day = fields.Date.context_today(agreement, timestamp=agreement.sent_on)
        self.assertEqual((agreement.validity_date - sent_day).days, 30)
        self.assertIn(self.client_fr, agreement.message_partner_ids)
        message = agreement.message_ids[0]
        self.assertIn(f"/my/fee_agreements/{agreement.id}?access_token=", message.body)
        self.assertIn("convention d'honoraires", message.body)
        self.assertIn("Lire et signer", message.body)
        english = self.make_agreement(partner=self.client_en)
        english.action_send()
        self.assertIn("Read and sign the agreement", english.message_ids[0].body)

    def test_signed_is_read_only_and_amended_by_a_new_draft(self):
        agreement = self.make_agreement()
        agreement.action_send()
        sign_online(agreement, "Jeanne Dupont")
        self.assertEqual(agreement.state, "signed")
        for vals in (
            {"fixed_amount": 1},
            {"name": "Other"},
            {"state": "draft"},
            {"dispute_clause": "None"},
        ):
            with self.assertRaises(UserError, msg=vals):
                agreement.write(vals)
        with self.assertRaises(UserError):
            agreement.rate_line_ids[0].hourly_rate = 1
        with self.assertRaises(UserError):
            agreement.rate_line_ids = [Command.create({"grade": "partner", "hourly_rate": 500})]
        with self.assertRaises(UserError):
            agreement.unlink()
        agreement.action_cancel()
        self.assertEqual(agreement.state, "signed")
        # The chatter stays open.
        agreement.message_post(body="Original sent to the archive.")
        action = agreement.action_amend()
        amendment = self.env["itlaw.fee.agreement"].browse(action["res_id"])
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.amended_from_id, agreement)
        self.assertEqual(amendment.fixed_amount, 1500.0)
        self.assertEqual(len(amendment.rate_line_ids), 2)
        self.assertFalse(amendment.signed_by or amendment.signed_hash or amendment.access_token)
        amendment.fixed_amount = 1800
        self.assertEqual(agreement.fixed_amount, 1500.0)

    def test_online_signature_records_the_evidence(self):
        agreement = self.make_agreement()
        agreement.action_send()
        sign_online(agreement, "  Jeanne   Dupont ")
        self.assertEqual(agreement.signed_by, "Jeanne Dupont")
        self.assertEqual(agreement.signed_ip, "203.0.113.9")
        self.assertEqual(agreement.signature_method, "online")
        document = agreement.signed_document_id
        self.assertEqual(agreement.signed_hash, hashlib.sha256(document.raw).hexdigest())
        self.assertIn("Jeanne Dupont", text_of(document.raw))
        self.assertIn(document, agreement.message_ids[0].attachment_ids)
        self.assertIn("Convention AI Act", self.engagement.message_ids[0].body)
        with self.assertRaises(UserError):
            sign_online(agreement, "Jeanne Dupont")

    def test_draft_cancelled_and_expired_cannot_be_signed(self):
        draft = self.make_agreement()
        with self.assertRaises(UserError):
            sign_online(draft, "Jeanne Dupont")
        cancelled = self.make_agreement()
        cancelled.action_send()
        cancelled.action_cancel()
        with self.assertRaises(UserError):
            sign_online(cancelled, "Jeanne Dupont")
        expired = self.make_agreement()
        expired.action_send()
        expired.validity_date = "2020-01-01"
        with self.assertRaises(UserError):
            sign_online(expired, "Jeanne Dupont")
        self.assertEqual((draft | cancelled | expired).mapped("signed_by"), [False] * 3)

    def test_scanned_copy(self):
        agreement = self.make_agreement()
        with self.assertRaises(UserError):
            agreement.action_mark_signed_scanned()
        scan = b"%PDF-1.4 scanned signed copy"
        agreement.write(
            {"scanned_copy": base64.b64encode(scan), "scanned_copy_filename": "signed.pdf"}
        )
        agreement.action_mark_signed_scanned()
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.signature_method, "scan")
        self.assertEqual(agreement.signed_hash, hashlib.sha256(scan).hexdigest())
        self.assertEqual(agreement.signed_document_id.raw, scan)
        self.assertEqual(agreement.message_ids[0].attachment_ids.raw, scan)
        with self.assertRaises(UserError):
            agreement.scanned_copy = base64.b64encode(b"another")

    def test_signature_starts_the_cleared_engagement(self):
        """Signed and cleared: the engagement is in progress; signed only: it waits."""
        scan = base64.b64encode(b"%PDF-1.4 signed")
        waiting = self.make_agreement()
        waiting.write({"scanned_copy": scan, "scanned_copy_filename": "signed.pdf"})
        waiting.action_mark_signed_scanned()
        self.assertEqual(self.engagement.stage, "fee_agreement")
        self.assertIn("conflict", self.engagement.message_ids[0].body)
        action = self.engagement.action_run_conflict_check()
        self.env["itlaw.conflict.check"].browse(action["res_id"]).action_clear()
        self.assertTrue(self.engagement.fixed_fee)
        second = self.make_agreement()
        second.write({"scanned_copy": scan, "scanned_copy_filename": "signed.pdf"})
        second.action_mark_signed_scanned()
        self.assertEqual(self.engagement.stage, "in_progress")

    def test_report_in_french(self):
        agreement = self.make_agreement(fee_subscription=True, subscription_amount=400)
        content, report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, agreement.ids
        )
        self.assertEqual(report_type, "html")
        text = text_of(content)
        for expected in (
            "Convention d'honoraires",
            "Robotique Lyonnaise SAS",
            "1 500,00 €",
            "1 800,00 €",
            "TVA",
            "20 %",
            "Forfait",
            "Temps passé",
            "300,00 €",
            "360,00 €",
            "Élève-avocat",
            "Abonnement",
            "480,00 €",
            "Honoraire de résultat complémentaire",
            "10 %",
            "CNIL sanction avoided",
            "bâtonnier",
            "décret n° 91-1197",
            self.avocat.name,
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Fixed fee", text)

    def test_report_in_english(self):
        agreement = self.make_agreement(partner=self.client_en)
        content, _report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, agreement.ids
        )
        text = text_of(content)
        for expected in (
            "Fee agreement",
            "Hiring Bots Ltd",
            "1,500.00 €",
            "1,800.00 €",
            "VAT at 20 %",
            "Fixed fee",
            "Time spent",
            "300.00 €",
            "Trainee lawyer",
            "Complementary result fee",
            "referred by either party to the bâtonnier",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Forfait", text)

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_report_as_pdf(self):
        # No server for the report's assets (a server would wait on this test's
        # transaction): their links fail at once and the PDF is made without them.
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        agreement = self.make_agreement()
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, agreement.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        agreement.action_send()
        sign_online(agreement.with_context(force_report_rendering=True), "Jeanne Dupont")
        document = agreement.signed_document_id
        self.assertTrue(document.raw.startswith(b"%PDF"))
        self.assertTrue(document.name.endswith(".pdf"))
        self.assertEqual(agreement.signed_hash, hashlib.sha256(document.raw).hexdigest())


@tagged("post_install", "-at_install")
class TestFeeAgreementAccess(FeeAgreementCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()
        cls.mine = cls.make_agreement()
        other_engagement = cls.env["itlaw.engagement"].create(
            {"partner_id": cls.client_en.id, "user_id": cls.avocate.id}
        )
        cls.theirs = cls.make_agreement(partner=cls.client_en, engagement_id=other_engagement.id)
        cls.portal_user = new_test_user(
            cls.env, "t_fee_portal", groups="base.group_portal", partner_id=cls.client_fr.id
        )

    def test_lawyer_sees_the_agreements_of_his_engagements(self):
        Agreement = self.env["itlaw.fee.agreement"].with_user(self.avocat)
        self.assertEqual(Agreement.search([("id", "in", (self.mine | self.theirs).ids)]), self.mine)
        self.mine.with_user(self.avocat).fixed_amount = 1600
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.avocat).fixed_amount = 1600
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.avocat).read(["name"])
        own = Agreement.create({"partner_id": self.client_en.id, "fee_fixed": True})
        self.assertEqual(own.with_user(self.avocat).name, "Fee agreement")
        # The lawyer sends his agreement himself: the email goes out with the link.
        mine = self.mine.with_user(self.avocat)
        mine.action_send()
        self.assertEqual(mine.state, "sent")
        self.assertIn("access_token=", mine.message_ids[0].body)

    def test_partner_sees_everything(self):
        Agreement = self.env["itlaw.fee.agreement"].with_user(self.associe)
        self.assertEqual(
            Agreement.search([("id", "in", (self.mine | self.theirs).ids)]),
            self.mine | self.theirs,
        )
        self.theirs.with_user(self.associe).fixed_amount = 1700

    def test_portal_user_sees_only_his_sent_agreements(self):
        Agreement = self.env["itlaw.fee.agreement"].with_user(self.portal_user)
        self.assertFalse(Agreement.search([]))
        (self.mine | self.theirs).action_send()
        self.assertEqual(Agreement.search([]), self.mine)
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.mine.with_user(self.portal_user).write({"fixed_amount": 1})

    def test_other_company_is_hidden(self):
        other = self.env["res.company"].create({"name": "Other firm"})
        agreement = self.make_agreement(company_id=other.id)
        self.associe.company_ids = self.env.company
        self.assertFalse(
            self.env["itlaw.fee.agreement"]
            .with_user(self.associe)
            .search([("id", "=", agreement.id)])
        )
