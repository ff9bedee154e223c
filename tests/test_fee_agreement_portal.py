"""The client reads and signs the fee agreement in the portal, over HTTP: by
its tokenised link (JSON route of the signature pad, or the typed name without
JavaScript) and from his portal account."""

import base64
import hashlib
import io
import json

from lxml import html
from PIL import Image

from odoo.tests import HttpCase, new_test_user, tagged

from .common_fee import FeeAgreementCase


def png_signature():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestFeeAgreementPortal(FeeAgreementCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_fees()
        cls.agreement = cls.make_agreement()
        cls.agreement.action_send()

    def url_open(self, url, *args, timeout=60, **kwargs):
        # The first portal pages of a run may be slow on a busy machine.
        return super().url_open(url, *args, timeout=timeout, **kwargs)

    def json_call(self, url, **params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def accept(self, agreement, token=None, name="Jeanne Dupont"):
        url = f"/my/fee_agreements/{agreement.id}/accept"
        return self.json_call(
            url,
            access_token=agreement.access_token if token is None else token,
            name=name,
            signature=png_signature(),
        )

    def test_client_reads_the_agreement_by_its_link(self):
        response = self.url_open(self.agreement.get_portal_url())
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        text = " ".join(page.text_content().replace("\u202f", " ").replace("\xa0", " ").split())
        self.assertIn("Robotique Lyonnaise SAS", text)
        self.assertIn("1 500,00 €", text)
        self.assertIn("bâtonnier", text)
        self.assertTrue(page.cssselect("form.itlaw_sign_typed input[name=name]"))
        pdf = self.url_open(self.agreement.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(pdf.status_code, 200)

    def test_wrong_or_missing_token_is_a_404(self):
        base = f"/my/fee_agreements/{self.agreement.id}"
        for url in (
            f"{base}?access_token=wrong",
            base,
            "/my/fee_agreements/999999?access_token=x",
            f"{base}?access_token=%C3%A9t%C3%A9",  # non-ASCII: wrong too, not a 500
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        result = self.accept(self.agreement, token="wrong")
        self.assertEqual(result["error"]["code"], 404)
        self.assertEqual(self.agreement.state, "sent")

    def test_expired_link_is_a_404(self):
        self.agreement.validity_date = "2020-01-01"
        self.assertEqual(self.url_open(self.agreement.get_portal_url()).status_code, 404)
        self.assertEqual(self.accept(self.agreement)["error"]["code"], 404)
        self.assertFalse(self.agreement.signed_on)

    def test_draft_or_cancelled_is_not_signable(self):
        self.agreement.action_cancel()
        self.assertEqual(self.url_open(self.agreement.get_portal_url()).status_code, 404)
        self.assertEqual(self.accept(self.agreement)["error"]["code"], 404)
        self.agreement.action_draft()
        self.assertEqual(self.accept(self.agreement)["error"]["code"], 404)
        self.assertFalse(self.agreement.signed_on)

    def test_online_signature(self):
        result = self.accept(self.agreement)["result"]
        self.assertIn("message=sign_ok", result["redirect_url"])
        agreement = self.agreement
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.signed_by, "Jeanne Dupont")
        self.assertEqual(agreement.signed_ip, "127.0.0.1")
        self.assertTrue(agreement.signature)
        self.assertTrue(agreement.signed_on)
        document = agreement.signed_document_id
        self.assertEqual(agreement.signed_hash, hashlib.sha256(document.raw).hexdigest())
        posted = agreement.message_ids.filtered(lambda m: document in m.attachment_ids)
        self.assertEqual(posted.author_id, self.client_fr)
        self.assertIn("Jeanne Dupont", posted.body)
        self.assertIn("Convention AI Act", self.engagement.message_ids[0].body)
        # Signing twice is refused, the first signature stays.
        again = self.accept(self.agreement, name="Someone Else")["result"]
        self.assertIn("error", again)
        self.assertEqual(agreement.signed_by, "Jeanne Dupont")
        # The signed agreement and its signed copy stay readable by the link.
        page = self.url_open(agreement.get_portal_url(query_string="&message=sign_ok"))
        self.assertEqual(page.status_code, 200)
        copy = self.url_open(agreement.get_portal_url(suffix="/signed"))
        self.assertEqual(copy.status_code, 200)
        self.assertEqual(copy.content, document.raw)

    def test_signature_without_javascript(self):
        url = self.agreement.get_portal_url()
        page = html.fromstring(self.url_open(url).content)
        form = page.cssselect("form.itlaw_sign_typed")[0]
        fields = {node.get("name"): node.get("value") for node in form.cssselect("input[name]")}
        fields["name"] = "Jeanne Dupont"
        fields.pop("accept")
        response = self.url_open(form.get("action"), data=fields)
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        self.assertTrue(page.cssselect(".itlaw_sign_error"))
        self.assertEqual(page.cssselect("input#itlaw_sign_name")[0].get("value"), "Jeanne Dupont")
        self.assertEqual(self.agreement.state, "sent")
        fields["accept"] = "1"
        response = self.url_open(form.get("action"), data=fields, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.agreement.state, "signed")
        self.assertEqual(self.agreement.signed_by, "Jeanne Dupont")
        self.assertFalse(self.agreement.signature)
        self.assertTrue(self.agreement.signed_hash)
        fields["csrf_token"] = "bad"
        with self.assertLogs("odoo.http", "WARNING"):
            self.assertEqual(self.url_open(form.get("action"), data=fields).status_code, 400)

    def test_portal_user_sees_only_his_own_agreements(self):
        new_test_user(
            self.env, "t_fee_client", groups="base.group_portal", partner_id=self.client_fr.id
        )
        other = self.make_agreement(partner=self.client_en)
        other.action_send()
        self.authenticate("t_fee_client", "t_fee_client")
        listing = html.fromstring(self.url_open("/my/fee_agreements").content)
        links = [
            a.get("href").split("?")[0] for a in listing.cssselect(".itlaw_fee_agreement_row a")
        ]
        self.assertEqual(links, [f"/my/fee_agreements/{self.agreement.id}"])
        counters = self.json_call("/my/counters", counters=["fee_agreement_count"])["result"]
        self.assertEqual(counters["fee_agreement_count"], 1)
        self.assertEqual(self.url_open(f"/my/fee_agreements/{self.agreement.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/fee_agreements/{other.id}").status_code, 404)
