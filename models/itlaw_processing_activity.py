from odoo import fields, models


class ItlawProcessingActivity(models.Model):
    """One processing activity of the firm's record of processing (GDPR
    Art. 30(1)), kept by the partners and printable."""

    _name = "itlaw.processing.activity"
    _description = "Record of processing activities"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(string="Processing", required=True, translate=True, tracking=True)
    purpose = fields.Text(required=True, translate=True, tracking=True)
    legal_basis = fields.Text(string="Legal basis", required=True, translate=True, tracking=True)
    data_subjects = fields.Text(string="Data subjects", translate=True)
    data_categories = fields.Text(string="Data categories", required=True, translate=True)
    recipients = fields.Text(translate=True)
    transfers = fields.Text(string="Transfers outside the EU", translate=True)
    retention = fields.Text(string="Retention", required=True, translate=True, tracking=True)
    security_measures = fields.Text(string="Security measures", translate=True)
    company_id = fields.Many2one(
        "res.company", string="Controller", default=lambda self: self.env.company
    )
