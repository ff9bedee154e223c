from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ItlawPipelineReportWizard(models.TransientModel):
    _name = "itlaw.pipeline.report.wizard"
    _description = "Pipeline workbook wizard"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.today().replace(day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(wizard.date_from > wizard.date_to for wizard in self):
            raise ValidationError(self.env._("The start date must not be after the end date."))

    def action_download(self):
        self.ensure_one()
        query = urlencode(
            {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/itlaw/pipeline.xlsx?{query}",
            "target": "download",
        }
