from odoo import api, fields, models

STAGES = [
    ("conflict_check", "Conflict check"),
    ("fee_agreement", "Fee agreement"),
    ("in_progress", "In progress"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("lost", "Lost"),
]


class ItlawEngagement(models.Model):
    _name = "itlaw.engagement"
    _description = "Engagement (matter)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True
    )
    lead_id = fields.Many2one("crm.lead", string="Origin lead", index="btree_not_null")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible lawyer",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    stage = fields.Selection(
        STAGES, required=True, default="conflict_check", index=True, tracking=True
    )
    conflict_check_ids = fields.One2many(
        "itlaw.conflict.check", "engagement_id", string="Conflict checks"
    )
    fee_agreement_ids = fields.One2many(
        "itlaw.fee.agreement", "engagement_id", string="Fee agreements"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("itlaw.engagement") or "/"
        return super().create(vals_list)
