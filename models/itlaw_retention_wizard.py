from odoo import api, fields, models
from odoo.exceptions import AccessError

from .itlaw_settings import read_param


class ItlawRetentionWizard(models.TransientModel):
    """Dry run of the retention cron: who would be anonymised today, and a
    button to do it now."""

    _name = "itlaw.retention.wizard"
    _description = "Retention: prospects to anonymise"

    retention_years = fields.Integer(
        string="Kept for (years after the last contact)",
        readonly=True,
        default=lambda self: read_param(self.env, "retention_years"),
    )
    line_ids = fields.One2many("itlaw.retention.wizard.line", "wizard_id", readonly=True)
    count = fields.Integer(string="Prospects to anonymise", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        self._itlaw_check_partner()
        candidates = self.env["res.partner"]._itlaw_retention_candidates()
        values["count"] = len(candidates)
        values["line_ids"] = [
            fields.Command.create({"partner_id": partner.id, "last_contact": at})
            for partner, at in candidates
        ]
        return values

    def _itlaw_check_partner(self):
        if not self.env.user.has_group("itlaw_ai_advisory.group_partner"):
            raise AccessError(self.env._("Only partners may run the retention of personal data."))

    def action_anonymise(self):
        """Run the retention now (the same batches as the daily cron)."""
        self.ensure_one()
        self._itlaw_check_partner()
        Partner = self.env["res.partner"].sudo()
        done = Partner.browse()
        while batch := Partner._cron_itlaw_retention(batch_size=200):
            done |= batch
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("%(count)s prospects anonymised.", count=len(done)),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class ItlawRetentionWizardLine(models.TransientModel):
    _name = "itlaw.retention.wizard.line"
    _description = "Retention: prospect to anonymise"
    _order = "last_contact, id"

    wizard_id = fields.Many2one("itlaw.retention.wizard", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    last_contact = fields.Datetime(readonly=True)
