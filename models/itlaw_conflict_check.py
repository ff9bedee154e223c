from odoo import fields, models


class ItlawConflictCheck(models.Model):
    _name = "itlaw.conflict.check"
    _description = "Conflict of interest check"
    _inherit = ["mail.thread"]
    _order = "id desc"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    lead_id = fields.Many2one("crm.lead", string="Lead", index="btree_not_null", ondelete="cascade")
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Client", index=True)
    decision = fields.Selection(
        [("pending", "To decide"), ("cleared", "Cleared"), ("conflict", "Conflict")],
        required=True,
        default="pending",
        tracking=True,
    )
