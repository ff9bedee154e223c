from odoo.tests import HttpCase, new_test_user, tagged

from .common import CV_SCREENING
from .test_deliverables import DeliverablesCase


@tagged("post_install", "-at_install")
class TestDeliverablesTour(DeliverablesCase, HttpCase):
    """A lawyer drafts the DPIA, edits a section and publishes the PDF; the
    client reads it on a phone and comments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.engagement = cls.make_engagement(CV_SCREENING, "en_US", "tour@example.org")
        cls.client_user = new_test_user(
            cls.env,
            "t_tour_client",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Camille Client", "parent_id": cls.engagement.partner_id.id})
            .id,
        )

    def test_lawyer_publishes_the_dpia_and_the_client_comments_on_a_phone(self):
        self.start_tour(
            f"/odoo/action-itlaw_ai_advisory.itlaw_engagement_action/{self.engagement.id}",
            "itlaw_lawyer_dpia_publish_tour",
            login="t_avocat",
        )
        dpia = self.engagement.dpia_ids
        self.assertEqual(len(dpia), 1)
        purposes = dpia.section_ids.filtered(lambda s: s.key == "pr_purposes")
        self.assertIn("Recruiting faster", purposes.content)
        self.assertEqual(purposes.state, "drafted")
        deliverable = self.engagement.deliverable_ids
        self.assertEqual(len(deliverable), 1)
        self.assertTrue(deliverable.published)
        # (Odoo renders reports as HTML in test mode: the PDF itself is tested in
        # TestDeliverablePublishing.)
        self.assertEqual(deliverable.attachment_id.mimetype, "application/pdf")
        self.assertTrue(deliverable.attachment_id.name.endswith(".pdf"))

        self.browser_size = "390x844"
        self.start_tour(
            "/my/engagements", "itlaw_client_reads_deliverable_tour", login="t_tour_client"
        )
        comment = deliverable.message_ids.filtered(lambda m: "Our DPO" in (m.body or ""))
        self.assertEqual(comment.author_id, self.client_user.partner_id)
