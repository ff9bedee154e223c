from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # The rate the firm bills for this lawyer's time (hourly_cost, from
    # hr_hourly_cost, is what an hour costs the firm and is HR-only).
    itlaw_hourly_rate = fields.Monetary(
        string="Hourly rate (billed)",
        currency_field="currency_id",
        help="Hourly rate billed to clients for this lawyer's time, excl. VAT; "
        "engagements value the time logged at this rate.",
    )
