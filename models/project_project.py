from odoo import fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    itlaw_engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", ondelete="set null"
    )

    def action_view_itlaw_engagement(self):
        self.ensure_one()
        return self.itlaw_engagement_id._get_form_action()
