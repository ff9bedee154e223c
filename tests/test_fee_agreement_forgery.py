"""The fee agreement as a hostile lawyer would try it over JSON-RPC (``with_user``):
no signature, state or evidence forged by create/write, no sent terms changed
under the client's eyes, no signed PDF overwritten, no SVG signature, and an
online signature only ever given by the client (issue 19, items 1-3, 7, 8,
12, 13, 15)."""

import base64
import hashlib
import io

from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_fee import FeeAgreementCase, sign_online

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.example/x.png"/>'
    b"<foreignObject><script>alert(1)</script></foreignObject></svg>"
)


def png(width=60, height=20):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestFeeAgreementForgery(FeeAgreementCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()
        cls.other_engagement = cls.env["itlaw.engagement"].create(
            {"partner_id": cls.client_en.id, "user_id": cls.avocate.id}
        )
        cls.foreign_file = cls.env["ir.attachment"].create(
            {"name": "private.txt", "raw": b"another team's secret"}
        )

    def as_lawyer(self, agreement):
        return agreement.with_user(self.avocat)

    # Item 3 ---------------------------------------------------------------
    def test_signed_state_cannot_be_forged_by_create(self):
        Agreement = self.env["itlaw.fee.agreement"].with_user(self.avocat)
        base = {"partner_id": self.client_fr.id, "engagement_id": self.engagement.id}
        for forged in (
            {"state": "signed"},
            {"state": "sent"},
            {"signed_by": "John Miller"},
            {"signed_ip": "203.0.113.9"},
            {"signature_method": "online"},
            {"signed_on": "2026-01-01 10:00:00"},
            {"signed_hash": "0" * 64},
            {"signature": base64.b64encode(png())},
            {"signed_document_id": self.foreign_file.id},
            {"sent_on": "2026-01-01 10:00:00"},
            {"sent_hash": "0" * 64},
            {"access_token": "chosen-by-the-lawyer"},
            {"signed_recorded_by_id": self.avocat.id},
        ):
            with self.subTest(forged=forged), self.assertRaises(AccessError):
                Agreement.create({**base, "fee_fixed": True, **forged})
        self.assertFalse(
            self.env["itlaw.fee.agreement"].search([("signed_by", "=", "John Miller")])
        )

    def test_signed_state_cannot_be_forged_by_write_even_in_sudo(self):
        agreement = self.make_agreement()
        for forged in (
            {"state": "signed", "signed_by": "John Miller", "signed_hash": "0" * 64},
            {"signature_method": "online"},
            {"signed_ip": "203.0.113.9"},
            {"signed_document_id": self.foreign_file.id},
            {"sent_on": "2026-01-01 10:00:00"},
            {"access_token": "chosen-by-the-lawyer"},
            {"amended_from_id": self.make_agreement().id},
        ):
            for who in (self.as_lawyer(agreement), self.as_lawyer(agreement).sudo()):
                with self.subTest(forged=forged, su=who.env.su), self.assertRaises(AccessError):
                    who.write(forged)
        self.assertEqual(agreement.state, "draft")
        self.assertFalse(agreement.signed_document_id)

    def test_refusal_is_translated(self):
        agreement = self.make_agreement().with_user(self.avocat)
        with self.assertRaises(AccessError) as caught:
            agreement.with_context(lang="fr_FR").write({"state": "signed"})
        self.assertIn("que par ses boutons", caught.exception.args[0])

    def test_engagement_cannot_be_moved_after_creation(self):
        agreement = self.as_lawyer(self.make_agreement())
        with self.assertRaises(AccessError):
            agreement.write({"engagement_id": self.other_engagement.id})
        with self.assertRaises(AccessError):
            agreement.write({"engagement_id": False})
        self.assertEqual(agreement.engagement_id, self.engagement)
        # Nor created in another team's engagement.
        with self.assertRaises(AccessError):
            self.env["itlaw.fee.agreement"].with_user(self.avocat).create(
                {"partner_id": self.client_en.id, "engagement_id": self.other_engagement.id}
            )

    def test_workflow_buttons_check_the_users_right_first(self):
        theirs = self.make_agreement(partner=self.client_en, engagement_id=self.other_engagement.id)
        for action in ("action_send", "action_cancel", "action_draft", "action_amend"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(theirs.with_user(self.avocat), action)()
        self.assertEqual(theirs.state, "draft")

    # Item 2 ---------------------------------------------------------------
    def test_staff_cannot_sign_online_for_the_client(self):
        agreement = self.make_agreement()
        agreement.action_send()
        for user in (self.avocat, self.associe):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                agreement.with_user(user).sudo()._sign_online(
                    "John Miller", False, "203.0.113.9", access_token=agreement.access_token
                )
        # Neither the public user without the token, nor another company's contact.
        public = self.env.ref("base.public_user")
        with self.assertRaises(UserError):
            agreement.with_user(public).sudo()._sign_online("John Miller", False, "203.0.113.9")
        stranger = new_test_user(
            self.env, "t_fee_stranger", groups="base.group_portal", partner_id=self.client_en.id
        )
        with self.assertRaises(UserError):
            agreement.with_user(stranger).sudo()._sign_online("John Miller", False, "203.0.113.9")
        self.assertEqual(agreement.state, "sent")
        self.assertFalse(agreement.signed_by)
        # The client's contact with a portal login signs without the token.
        contact = self.env["res.partner"].create(
            {
                "name": "Jeanne Dupont",
                "parent_id": self.client_fr.id,
                "email": "j@robotique.example",
            }
        )
        client_user = new_test_user(
            self.env, "t_fee_contact", groups="base.group_portal", partner_id=contact.id
        )
        agreement.with_user(client_user).sudo()._sign_online("Jeanne Dupont", False, "203.0.113.9")
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.message_ids[0].author_id, contact)

    def test_scanned_copy_is_attributed_to_the_staff_member(self):
        agreement = self.as_lawyer(self.make_agreement())
        agreement.write(
            {"scanned_copy": base64.b64encode(b"%PDF-1.4 scan"), "scanned_copy_filename": "s.pdf"}
        )
        agreement.action_mark_signed_scanned()
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.signature_method, "scan")
        self.assertEqual(agreement.signed_recorded_by_id, self.avocat)
        self.assertFalse(agreement.signed_ip)
        self.assertIn(self.avocat.name, agreement.message_ids[0].body)

    # Item 8 ---------------------------------------------------------------
    def test_sent_terms_cannot_change_until_back_to_draft(self):
        agreement = self.as_lawyer(self.make_agreement())
        agreement.action_send()
        token, sent_hash = agreement.access_token, agreement.sent_hash
        self.assertEqual(len(sent_hash), 64)
        for vals in (
            {"fixed_amount": 50000.0},
            {"partner_id": self.client_en.id},
            {"dispute_clause": "No recourse."},
            {"vat_rate": 0.0},
            {"name": "Other"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                agreement.write(vals)
        with self.assertRaises(UserError):
            agreement.rate_line_ids[0].hourly_rate = 3000.0
        with self.assertRaises(UserError):
            agreement.rate_line_ids[0].unlink()
        # The signing date may move; the terms stay.
        agreement.validity_date = "2099-12-31"
        self.assertEqual(agreement.fixed_amount, 1500.0)
        agreement.action_draft()
        self.assertFalse(agreement.access_token)
        self.assertFalse(agreement.sent_hash)
        agreement.fixed_amount = 50000.0
        agreement.action_send()
        self.assertNotEqual(agreement.access_token, token)
        self.assertNotEqual(agreement.sent_hash, sent_hash)

    @mute_logger("odoo.addons.itlaw_ai_advisory.models.itlaw_fee_agreement_signature")
    def test_signing_refuses_terms_other_than_those_sent(self):
        agreement = self.make_agreement()
        agreement.action_send()
        # Changed behind the workflow's back (SQL): the client cannot sign it.
        self.env.cr.execute(
            "UPDATE itlaw_fee_agreement SET fixed_amount = 50000 WHERE id = %s", [agreement.id]
        )
        agreement.invalidate_recordset()
        with self.assertRaises(UserError):
            sign_online(agreement)
        self.assertEqual(agreement.state, "sent")
        # Nor a version other than the one the client's page showed.
        self.env.cr.execute(
            "UPDATE itlaw_fee_agreement SET fixed_amount = 1500 WHERE id = %s", [agreement.id]
        )
        agreement.invalidate_recordset()
        with self.assertRaises(UserError):
            sign_online(agreement, terms_hash="0" * 64)
        # Nor for a client renamed since (the client is part of the terms).
        self.client_fr.name = "Robotique Lyonnaise Holding"
        with self.assertRaises(UserError):
            sign_online(agreement, terms_hash=agreement.sent_hash)
        self.client_fr.name = "Robotique Lyonnaise SAS"
        sign_online(agreement, terms_hash=agreement.sent_hash)
        self.assertEqual(agreement.state, "signed")

    def test_version_sent_is_printed(self):
        agreement = self.make_agreement()
        agreement.action_send()
        content, _type = self.env["ir.actions.report"]._render_qweb_html(
            "itlaw_ai_advisory.itlaw_fee_agreement_report", agreement.ids
        )
        self.assertIn(agreement.sent_hash, content.decode())
        sign_online(agreement)
        self.assertIn(agreement.sent_hash.encode(), agreement.signed_document_id.raw)

    # Item 15 --------------------------------------------------------------
    def test_sending_needs_every_printed_clause(self):
        agreement = self.make_agreement()
        agreement.write(
            {"expenses_policy": " ", "dispute_clause": False, "result_fee_description": False}
        )
        self.assertTrue(agreement.payment_terms)
        with self.assertRaises(UserError) as caught:
            agreement.action_send()
        message = caught.exception.args[0]
        for label in ("Costs and expenses", "Fee disputes", "Result the fee depends on"):
            self.assertIn(label, message)
        self.assertNotIn("Payment terms", message)
        with self.assertRaises(UserError) as caught:
            agreement.with_context(lang="fr_FR").action_send()
        self.assertIn("Contestation des honoraires", caught.exception.args[0])
        self.assertEqual(agreement.state, "draft")

    # Item 7 ---------------------------------------------------------------
    def test_signed_pdf_and_signature_are_immutable(self):
        agreement = self.make_agreement()
        agreement.action_send()
        sign_online(agreement, signature=base64.b64encode(png()).decode())
        document = agreement.signed_document_id
        signature_file = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "itlaw.fee.agreement"),
                ("res_id", "=", agreement.id),
                ("res_field", "=", "signature"),
            ]
        )
        self.assertTrue(signature_file)
        for target in (document, signature_file):
            for who in (target.with_user(self.avocat), target.with_user(self.associe).sudo()):
                with self.subTest(target=target.name, su=who.env.su):
                    with self.assertRaises(AccessError):
                        who.write({"raw": b"%PDF forged"})
                    with self.assertRaises(AccessError):
                        who.write({"res_id": self.make_agreement().id})
                    with self.assertRaises(AccessError):
                        who.unlink()
        # Nor a second signature file slipped in beside it.
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.avocat).create(
                {
                    "name": "signature",
                    "raw": png(),
                    "res_model": "itlaw.fee.agreement",
                    "res_id": agreement.id,
                    "res_field": "signature",
                }
            )
        self.assertEqual(agreement.signed_hash, hashlib.sha256(document.raw).hexdigest())
        # Other files of the chatter stay free.
        note = self.env["ir.attachment"].create(
            {
                "name": "note.txt",
                "raw": b"x",
                "res_model": "itlaw.fee.agreement",
                "res_id": agreement.id,
            }
        )
        note.with_user(self.avocat).unlink()

    # Items 12 and 13 ------------------------------------------------------
    def test_signature_is_only_a_small_png(self):
        agreement = self.make_agreement()
        agreement.action_send()
        big = png(4000, 3000) + b"\0" * (600 * 1024)
        for bad in (
            base64.b64encode(SVG).decode(),
            "data:image/svg+xml;base64," + base64.b64encode(SVG).decode(),
            base64.b64encode(b"GIF89a" + b"\0" * 20).decode(),
            base64.b64encode(PNG_MAGIC + b"not really a png").decode(),
            base64.b64encode(big).decode(),
            "%%%not base64%%%",
            12,
            ["a"],
        ):
            with self.subTest(bad=str(bad)[:40]), self.assertRaises(UserError):
                sign_online(agreement, signature=bad)
        self.assertEqual(agreement.state, "sent")
        sign_online(
            agreement, signature="data:image/png;base64," + base64.b64encode(png()).decode()
        )
        self.assertTrue(base64.b64decode(agreement.signature).startswith(PNG_MAGIC))

    def test_name_that_is_not_text_is_refused(self):
        agreement = self.make_agreement()
        agreement.action_send()
        for name in (42, ["John"], {"name": "John"}, None, 4.2, "\x00", " \r\n\t"):
            with self.subTest(name=name), self.assertRaises(UserError):
                sign_online(agreement, name=name)
        self.assertEqual(agreement.state, "sent")
        sign_online(agreement, name="Jeanne\x00 Dupont\r\nBcc: x")
        self.assertEqual(agreement.signed_by, "Jeanne Dupont Bcc: x")
