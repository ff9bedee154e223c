from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ItlawPipelineReportWizard(models.TransientModel):
    _name = "itlaw.pipeline.report.wizard"
    _description = "Pipeline workbook wizard"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: fields.Date.context_today(self)
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales team",
        required=True,
        default=lambda self: self.env.ref("itlaw_ai_advisory.crm_team_ai_advisory"),
    )
    user_ids = fields.Many2many("res.users", string="Lawyers", help="All lawyers when empty.")
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="Every company you may see when empty.",
    )

    @api.model
    def _default_date_from(self):
        """The last twelve months: this month and the eleven before it."""
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=11)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(wizard.date_from > wizard.date_to for wizard in self):
            raise ValidationError(self.env._("The start date must not be after the end date."))

    def action_download(self):
        self.ensure_one()
        params = {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "team_id": self.team_id.id,
        }
        if self.user_ids:
            params["user_ids"] = ",".join(str(uid) for uid in self.user_ids.ids)
        if self.company_ids:
            params["company_ids"] = ",".join(str(cid) for cid in self.company_ids.ids)
        query = urlencode(params)
        return {
            "type": "ir.actions.act_url",
            "url": f"/itlaw/pipeline.xlsx?{query}",
            "target": "download",
        }
