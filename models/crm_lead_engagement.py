from odoo import api, fields, models


class CrmLead(models.Model):
    """The lead's side of engagements (kept apart from crm_lead.py, which the
    intake and conflict-check work extend)."""

    _inherit = "crm.lead"

    itlaw_engagement_ids = fields.One2many("itlaw.engagement", "lead_id", string="Engagements")
    # Stored for the partners' funnel (itlaw.pipeline.analysis).
    itlaw_engagement_count = fields.Integer(
        string="Engagement count", compute="_compute_itlaw_engagement_count", store=True
    )
    itlaw_stage_is_won = fields.Boolean(related="stage_id.is_won", string="Won stage")

    @api.depends("itlaw_engagement_ids")
    def _compute_itlaw_engagement_count(self):
        leads = self._itlaw_may_hold("itlaw_engagement_ids")
        counts = dict(
            self.env["itlaw.engagement"]._read_group(
                [("lead_id", "in", leads.ids)], ["lead_id"], ["__count"]
            )
            if leads
            else []
        )
        for lead in self:
            lead.itlaw_engagement_count = counts.get(lead, 0)

    def action_open_itlaw_engagement_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open engagement"),
            "res_model": "itlaw.engagement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "crm.lead", "active_id": self.id},
        }

    def action_view_itlaw_engagements(self):
        self.ensure_one()
        engagements = self.itlaw_engagement_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Engagements"),
            "res_model": "itlaw.engagement",
            "domain": [("lead_id", "=", self.id)],
            "view_mode": "list,form",
            "context": {"default_lead_id": self.id, "default_partner_id": self.partner_id.id},
        }
        if len(engagements) == 1:
            action.update(view_mode="form", res_id=engagements.id)
        return action
