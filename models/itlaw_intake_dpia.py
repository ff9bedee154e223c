from odoo import api, fields, models


class ItlawIntake(models.Model):
    _inherit = "itlaw.intake"

    dpia_ids = fields.One2many("itlaw.dpia", "intake_id", string="DPIAs")
    dpia_count = fields.Integer(string="Number of DPIAs", compute="_compute_dpia_count")

    @api.depends("dpia_ids")
    def _compute_dpia_count(self):
        for intake in self:
            intake.dpia_count = len(intake.dpia_ids)

    def action_create_dpia(self):
        """A DPIA drafted from this diagnostic, before any engagement (the lead's)."""
        self.ensure_one()
        self.check_access("write")
        dpia = self.env["itlaw.dpia"]._itlaw_create_for(intake=self)
        return dpia._get_records_action(name=self.env._("DPIA"))

    def action_view_dpias(self):
        self.ensure_one()
        return self.dpia_ids._get_records_action(name=self.env._("DPIAs"))
