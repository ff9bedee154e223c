from odoo import api, fields, models


class ItlawEngagement(models.Model):
    _inherit = "itlaw.engagement"

    dpia_ids = fields.One2many("itlaw.dpia", "engagement_id", string="DPIAs")
    dpia_count = fields.Integer(string="Number of DPIAs", compute="_compute_dpia_count")

    @api.depends("dpia_ids")
    def _compute_dpia_count(self):
        for engagement in self:
            engagement.dpia_count = len(engagement.dpia_ids)

    def action_create_dpia(self):
        """A new DPIA of the matter, drafted from its diagnostic."""
        self.ensure_one()
        self.check_access("write")
        dpia = self.env["itlaw.dpia"]._itlaw_create_for(engagement=self)
        return dpia._get_records_action(name=self.env._("DPIA"))

    def action_view_dpias(self):
        self.ensure_one()
        action = self._records_action(self.dpia_ids, self.env._("DPIAs"))
        return action
