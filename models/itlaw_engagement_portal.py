from odoo import api, fields, models
from odoo.exceptions import UserError

from ..itlaw_ai_advisory.memo import TEXTS as MEMO_TEXTS


class ItlawEngagement(models.Model):
    """The engagement on the client's portal: its deliverables, his invitation."""

    _name = "itlaw.engagement"
    _inherit = ["itlaw.engagement", "portal.mixin"]

    deliverable_ids = fields.One2many("itlaw.deliverable", "engagement_id", string="Deliverables")
    deliverable_count = fields.Integer(
        string="Number of deliverables", compute="_compute_deliverable_count"
    )

    @api.depends("deliverable_ids")
    def _compute_deliverable_count(self):
        for engagement in self:
            engagement.deliverable_count = len(engagement.deliverable_ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for engagement in self:
            engagement.access_url = f"/my/engagements/{engagement.id}"
        return result

    def _itlaw_portal_deadlines(self):
        """The regulatory deadlines still ahead, for the client's page."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return [deadline for deadline in self._itlaw_deadlines() if deadline.date >= today]

    def _itlaw_is_client(self, user):
        """Whether ``user`` (a portal user) is the engagement's client or one of its contacts."""
        self.ensure_one()
        return bool(self.partner_id) and (
            self.partner_id.commercial_partner_id == user.partner_id.commercial_partner_id
        )

    def _itlaw_client_contacts(self):
        """Who is invited: the client's contacts with an email, else the client itself."""
        self.ensure_one()
        contacts = self.partner_id.child_ids.filtered(lambda c: c.email and c.type == "contact")
        return contacts or self.partner_id.filtered("email")

    def action_invite_client(self):
        """Give the client's contacts a portal account (Odoo's portal invitation,
        with its email): they find their engagements at /my/engagements."""
        self.ensure_one()
        self.check_access("write")
        contacts = self._itlaw_client_contacts()
        if not contacts:
            raise UserError(
                self.env._(
                    "The client has no email address: add one to the client or to one of "
                    "its contacts first."
                )
            )
        # sudo: granting portal access is Odoo's contact managers'; the lawyer
        # invites only the client of a matter he may work on (checked above).
        wizard = self.env["portal.wizard"].sudo().create({"partner_ids": contacts.ids})
        wizard.user_ids.filtered(lambda line: not line.is_portal).action_grant_access()
        self.message_post(
            body=self.env._(
                "Client invited to the portal: %(names)s",
                names=", ".join(contacts.mapped("display_name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The client's contacts are invited to the portal."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_publish_memo(self):
        """Publish the AI Act memo (PDF and Word) to the client's portal."""
        self.ensure_one()
        self.check_access("write")
        files = self._itlaw_memo_files()
        label = MEMO_TEXTS["title"][self._itlaw_client_lang()]
        self.env["itlaw.deliverable"]._itlaw_publish(
            self,
            "memo",
            [
                (
                    f"{label} ({'PDF' if a.mimetype == 'application/pdf' else 'Word'})",
                    a.name,
                    a.raw,
                    a.mimetype,
                )
                for a in files
            ],
        )
        files.unlink()
        return self.action_view_deliverables()

    def action_view_deliverables(self):
        self.ensure_one()
        return self._records_action(self.deliverable_ids, self.env._("Deliverables"))
