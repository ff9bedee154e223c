from odoo import fields, models


class ItlawFeeAgreement(models.Model):
    _name = "itlaw.fee.agreement"
    _description = "Fee agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Title", required=True, default="Fee agreement")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one("res.partner", string="Client", required=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
    )
