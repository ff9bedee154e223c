from odoo import api, fields, models
from odoo.exceptions import UserError

from ..itlaw_ai_advisory import fria as engine_fria


class ItlawEngagement(models.Model):
    _inherit = "itlaw.engagement"

    fria_ids = fields.One2many("itlaw.fria", "engagement_id", string="FRIAs")
    fria_count = fields.Integer(string="Number of FRIAs", compute="_compute_fria")
    fria_required = fields.Boolean(string="FRIA required (AI Act Art. 27)", compute="_compute_fria")

    @api.depends("fria_ids", "intake_id")
    def _compute_fria(self):
        for engagement in self:
            engagement.fria_count = len(engagement.fria_ids)
            findings = engagement.intake_id.sudo().finding_ids
            engagement.fria_required = any(
                f.rule == engine_fria.RULE and not f.superseded_by for f in findings
            )

    def action_create_fria(self):
        """A FRIA of the matter, drafted from its diagnostic, where Art. 27 applies."""
        self.ensure_one()
        self.check_access("write")
        if not self.fria_required:
            raise UserError(
                self.env._(
                    "The diagnostic of this engagement does not call for a fundamental-rights "
                    "impact assessment (AI Act Art. 27): only deployers in its scope carry one out."
                )
            )
        fria = self.env["itlaw.fria"]._itlaw_create_for(self)
        return fria._get_records_action(name=self.env._("FRIA"))

    def action_view_frias(self):
        self.ensure_one()
        return self._records_action(self.fria_ids, self.env._("FRIAs"))
