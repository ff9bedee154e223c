import io

from lxml import html as lxml_html

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.itlaw_deliverable import MAX_UPLOAD_BYTES
from .common import CV_SCREENING
from .test_deliverables import DeliverablesCase


@tagged("post_install", "-at_install")
class TestDeliverablesPortal(DeliverablesCase, HttpCase):
    """The client's portal: his engagements, what the firm published, his
    comments and documents; nothing of another client, no draft, no note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.mine = cls.make_engagement(CV_SCREENING, email="mine@example.org")
        cls.theirs = cls.make_engagement(CV_SCREENING, email="theirs@example.org")
        cls.client_user = new_test_user(
            cls.env,
            "t_client",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Jeanne Client", "parent_id": cls.mine.partner_id.id})
            .id,
        )
        cls.other_client = new_test_user(
            cls.env,
            "t_other_client",
            groups="base.group_portal",
            partner_id=cls.theirs.partner_id.id,
        )
        Dpia = cls.env["itlaw.dpia"]
        cls.dpia = Dpia.browse(cls.mine.with_user(cls.avocat).action_create_dpia()["res_id"])
        cls.dpia.with_user(cls.avocat).action_publish_pia()
        cls.dpia.with_user(cls.avocat).action_publish_docx()
        cls.published_pia, cls.published_docx = cls.mine.deliverable_ids.sorted("id")
        cls.withdrawn = cls.published_docx
        cls.withdrawn.with_user(cls.avocat).action_unpublish()
        cls.published_pia.with_user(cls.avocat).message_post(
            body="Internal note: fee dispute brewing", subtype_xmlid="mail.mt_note"
        )
        their_dpia = Dpia.browse(cls.theirs.with_user(cls.avocat).action_create_dpia()["res_id"])
        their_dpia.with_user(cls.avocat).action_publish_pia()
        cls.their_deliverable = cls.theirs.deliverable_ids

    def login_client(self):
        self.authenticate("t_client", "t_client")

    def page(self, url):
        response = self.url_open(url, allow_redirects=False)
        return response, lxml_html.fromstring(response.content or b"<html/>")

    def test_the_client_sees_his_engagements_and_published_deliverables_only(self):
        self.login_client()
        response, tree = self.page("/my/engagements")
        self.assertEqual(response.status_code, 200)
        names = [a.text for a in tree.cssselect(".itlaw_engagement_row a")]
        self.assertEqual(names, [self.mine.name])
        response, tree = self.page(self.mine.get_portal_url())
        self.assertEqual(response.status_code, 200)
        links = [a.text for a in tree.cssselect(".itlaw_deliverable_link")]
        self.assertEqual(links, [self.published_pia.name])
        self.assertNotIn(self.withdrawn.attachment_id.name, response.text)
        self.assertTrue(tree.cssselect(".itlaw_deadline"), "the AI Act deadlines ahead")
        self.assertTrue(tree.cssselect(".itlaw_engagement_stage"))
        # The deliverable's page: its file, its comments without the firm's notes.
        response, tree = self.page(self.published_pia.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(tree.cssselect(".itlaw_deliverable_download"))
        messages = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "itlaw.deliverable", "thread_id": self.published_pia.id},
        )
        bodies = " ".join(str(m.get("body")) for m in messages["data"].get("mail.message", []))
        self.assertNotIn("fee dispute", bodies)
        download = self.url_open(
            self.published_pia.get_portal_url(suffix="/download"), allow_redirects=False
        )
        self.assertEqual(download.status_code, 200)
        self.assertTrue(download.headers["Content-Disposition"].startswith("attachment"))
        self.assertEqual(download.headers["X-Content-Type-Options"], "nosniff")
        self.assertIn(b'"pia"', download.content)

    def test_another_clients_or_withdrawn_is_a_404(self):
        self.login_client()
        with mute_logger("odoo.http"):
            for url in (
                self.theirs.get_portal_url(),
                f"/my/engagements/{self.theirs.id}",
                self.their_deliverable.get_portal_url(),
                self.their_deliverable.get_portal_url(suffix="/download"),
                f"/my/deliverables/{self.withdrawn.id}",
                self.withdrawn.get_portal_url(suffix="/download"),
                "/my/engagements/999999",
            ):
                with self.subTest(url=url):
                    self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(self.mine.get_portal_url(), allow_redirects=False)
        self.assertEqual(response.status_code, 303)  # to the login page

    def test_the_client_comments_a_deliverable(self):
        self.login_client()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "itlaw.deliverable",
                "thread_id": self.published_pia.id,
                "post_data": {
                    "body": "Section 2 needs our DPO's name",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.published_pia.message_ids[0]
        self.assertEqual(message.author_id, self.client_user.partner_id)
        # The responsible lawyer follows the deliverable: he is told of the comment.
        self.assertIn(self.avocat.partner_id, message.notified_partner_ids)
        self.assertIn("DPO", message.body)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/message/post",
                data=(
                    '{"jsonrpc": "2.0", "method": "call", "params": {"thread_model": '
                    f'"itlaw.deliverable", "thread_id": {self.their_deliverable.id}, '
                    '"post_data": {"body": "x", "message_type": "comment"}}}'
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", response.json())
        self.assertNotIn("x", self.their_deliverable.message_ids.mapped("body"))

    def upload(self, engagement, name, content):
        return self.url_open(
            engagement.get_portal_url(suffix="/upload"),
            data={"csrf_token": self.csrf_token()},
            files={"upload": (name, io.BytesIO(content), "text/html")},
            allow_redirects=False,
        )

    def csrf_token(self):
        _response, tree = self.page(self.mine.get_portal_url())
        return tree.cssselect("form.itlaw_upload_form input[name=csrf_token]")[0].get("value")

    def chatter_upload(self, record, name, content):
        return self.chatter_post(record, name, content).json()

    def chatter_post(self, record, name, content):
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self.csrf_token(),
                "thread_id": record.id,
                "thread_model": record._name,
                "is_pending": "true",
            },
            files={"ufile": (name, io.BytesIO(content), "application/octet-stream")},
        )

    def test_chatter_uploads_pass_the_upload_forms_checks(self):
        self.login_client()
        attachments = self.env["ir.attachment"].sudo()
        for name, content, messages in (
            ("page.html", b"<script>alert(1)</script>", ("cannot be uploaded", "ne peut pas")),
            ("tool.exe", b"MZ", ("cannot be uploaded", "ne peut pas")),
            ("empty.pdf", b"", ("Choose a file", "Choisissez un fichier")),
            ("big.pdf", b"0" * (MAX_UPLOAD_BYTES + 1), ("too large", "trop volumineux")),
        ):
            with self.subTest(name=name):
                answer = self.chatter_upload(self.published_pia, name, content)
                error = answer.get("error", "")
                self.assertTrue(any(message in error for message in messages), answer)
                self.assertFalse(attachments.search([("name", "=", name)]))
        # Another client's deliverable: a 404, whatever the file, as Odoo answers.
        for name, content in (("x.exe", b"MZ"), ("x.pdf", b"%PDF-1.4")):
            with self.subTest(name=name), mute_logger("odoo.http"):
                response = self.chatter_post(self.their_deliverable, name, content)
                self.assertEqual(response.status_code, 404)
        answer = self.chatter_upload(self.published_pia, "notes.pdf", b"%PDF-1.4 notes")
        self.assertNotIn("error", answer)
        self.assertTrue(attachments.search([("name", "=", "notes.pdf")]))

    def test_uploads_are_typed_limited_and_never_html(self):
        self.login_client()
        response = self.upload(self.mine, "contrat.pdf", b"%PDF-1.4 contract")
        self.assertEqual(response.status_code, 303)
        document = self.mine.deliverable_ids.filtered("from_client")
        self.assertEqual(document.name, "contrat.pdf")
        self.assertEqual(document.attachment_id.mimetype, "application/pdf")
        self.assertTrue(document.published)
        download = self.url_open(document.get_portal_url(suffix="/download"))
        self.assertTrue(download.headers["Content-Disposition"].startswith("attachment"))
        self.assertEqual(download.headers["Content-Type"], "application/pdf")
        # Refused, with a message next to the form, nothing stored.
        # The page speaks the visitor's language (French first on the firm's site).
        for name, content, messages in (
            ("page.html", b"<script>alert(1)</script>", ("cannot be uploaded", "ne peut pas")),
            ("image.svg", b"<svg onload=alert(1)>", ("cannot be uploaded", "ne peut pas")),
            ("empty.pdf", b"", ("Choose a file", "Choisissez un fichier")),
        ):
            with self.subTest(name=name):
                response = self.upload(self.mine, name, content)
                self.assertEqual(response.status_code, 200)
                tree = lxml_html.fromstring(response.content)
                error = tree.cssselect(".itlaw_upload_error")[0].text_content()
                self.assertTrue(any(message in error for message in messages), error)
        self.assertEqual(len(self.mine.deliverable_ids.filtered("from_client")), 1)
        # Another client's engagement: a 404, nothing stored.
        with mute_logger("odoo.http"):
            response = self.upload(self.theirs, "x.pdf", b"%PDF-1.4")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.theirs.deliverable_ids.filtered("from_client"))
