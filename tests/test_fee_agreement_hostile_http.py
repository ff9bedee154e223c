"""The fee agreement's portal routes as a hostile lawyer would try them from
his own session, and what the client's download serves (issue 19, items 1,
2 and 14)."""

import base64
import hashlib
import json

from lxml import html

from odoo.tests import HttpCase, tagged

from .common_fee import FeeAgreementCase, sign_online
from .test_fee_agreement_forgery import png
from .token_page_common import assert_token_page

LOGGER = "odoo.addons.itlaw_ai_advisory.models.itlaw_fee_agreement_signature"


@tagged("post_install", "-at_install")
class TestFeeAgreementHostileHttp(FeeAgreementCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()
        cls.agreement = cls.make_agreement()
        cls.agreement.action_send()

    def url_open(self, url, *args, timeout=60, **kwargs):
        return super().url_open(url, *args, timeout=timeout, **kwargs)

    def accept(self, **params):
        response = self.url_open(
            f"/my/fee_agreements/{self.agreement.id}/accept",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_lawyer_session_cannot_sign_for_the_client(self):
        self.authenticate("t_avocat", "t_avocat")
        signature = base64.b64encode(png()).decode()
        for params in (
            {"name": "John Miller", "signature": signature},
            {"name": "John Miller", "access_token": self.agreement.access_token},
        ):
            with self.subTest(token="access_token" in params):
                answer = self.accept(**params)
                self.assertIn("error", answer.get("result", answer))
        # The typed-name form refuses it too.
        page = html.fromstring(self.url_open(f"/my/fee_agreements/{self.agreement.id}").content)
        self.assertFalse(page.cssselect("form.itlaw_sign_typed"))
        # A CSRF token of the lawyer's session (any of its forms has one).
        form_page = html.fromstring(self.url_open("/mes-donnees").content)
        csrf = form_page.cssselect("input[name=csrf_token]")[0].get("value")
        response = self.url_open(
            f"/my/fee_agreements/{self.agreement.id}/sign",
            data={
                "csrf_token": csrf,
                "access_token": self.agreement.access_token,
                "name": "John Miller",
                "accept": "1",
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(html.fromstring(response.content).cssselect(".itlaw_sign_error"))
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")
        self.assertFalse(self.agreement.signed_by)

    def test_signed_copy_is_only_the_agreements_own_untouched_file(self):
        sign_online(self.agreement)
        url = self.agreement.get_portal_url(suffix="/signed")
        document = self.agreement.signed_document_id
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, document.raw)
        assert_token_page(self, response)
        foreign = self.env["ir.attachment"].create({"name": "private.txt", "raw": b"secret"})
        beside = self.env["ir.attachment"].create(
            {
                "name": "forged.pdf",
                "raw": b"%PDF forged",
                "res_model": "itlaw.fee.agreement",
                "res_id": self.agreement.id,
            }
        )
        # Pointed elsewhere behind the model's back (SQL): another file, or a
        # file of the agreement whose bytes do not match the signed hash.
        for other in (foreign, beside):
            with self.subTest(other=other.name):
                self.env.cr.execute(
                    "UPDATE itlaw_fee_agreement SET signed_document_id = %s WHERE id = %s",
                    [other.id, self.agreement.id],
                )
                self.agreement.invalidate_recordset()
                with self.assertLogs(LOGGER, "ERROR"):
                    response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(b"secret", response.content)
                self.assertNotIn(b"forged", response.content)
        self.assertEqual(self.agreement.signed_hash, hashlib.sha256(document.raw).hexdigest())

    def test_token_pages_leak_no_token(self):
        for url in (
            self.agreement.get_portal_url(),
            self.agreement.get_portal_url(report_type="pdf", download=True),
            self.agreement.get_portal_url(report_type="html"),
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                assert_token_page(self, response)

    def test_page_shows_the_version_sent(self):
        response = self.url_open(self.agreement.get_portal_url())
        page = html.fromstring(response.content)
        self.assertIn(self.agreement.sent_hash, page.text_content())
        # The typed-name form and the pad post the version the page shows.
        form = page.cssselect("form.itlaw_sign_typed")[0]
        self.assertEqual(
            form.cssselect("input[name=terms_hash]")[0].get("value"), self.agreement.sent_hash
        )

    def test_non_text_token_or_name_is_no_500(self):
        for params in (
            {"access_token": 12, "name": "x"},
            {"access_token": ["x"], "name": "x"},
            {"access_token": self.agreement.access_token, "name": 12},
            {"access_token": self.agreement.access_token, "name": ["John"]},
            {"access_token": self.agreement.access_token, "name": {"a": 1}},
            {"access_token": self.agreement.access_token, "name": "x", "signature": {"a": 1}},
        ):
            with self.subTest(params=params):
                answer = self.accept(**params)
                if "error" in answer:  # a JSON-RPC error: only "not found" will do
                    self.assertEqual(answer["error"]["code"], 404, answer["error"]["data"])
                else:  # refused with a message for the signature form
                    self.assertIsInstance(answer["result"]["error"], str)
        self.agreement.invalidate_recordset()
        self.assertEqual(self.agreement.state, "sent")
