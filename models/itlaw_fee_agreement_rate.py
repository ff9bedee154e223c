from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..itlaw_ai_advisory.fees import amount_incl_vat


class ItlawFeeAgreementRate(models.Model):
    """An hourly rate of a fee agreement: users edit its lawyer or grade and
    rate; ``agreement_id`` is set at creation only (no rate moves into another
    team's agreement); ``hourly_rate_incl`` is computed."""

    _name = "itlaw.fee.agreement.rate"
    _description = "Fee agreement hourly rate"
    _inherit = ["itlaw.workflow.mixin"]
    _order = "sequence, id"
    _itlaw_creation_fields = frozenset({"agreement_id"})

    sequence = fields.Integer(default=10)
    agreement_id = fields.Many2one(
        "itlaw.fee.agreement", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    user_id = fields.Many2one("res.users", string="Lawyer")
    grade = fields.Selection(
        [
            ("partner", "Partner"),
            ("counsel", "Counsel"),
            ("senior", "Senior associate"),
            ("associate", "Associate"),
            ("trainee", "Trainee lawyer"),
        ]
    )
    hourly_rate = fields.Monetary(
        string="Hourly rate (excl. VAT)",
        currency_field="currency_id",
        compute="_compute_hourly_rate",
        store=True,
        readonly=False,
        precompute=True,
        help="Prefilled from the lawyer's billed rate (his employee record), else from the "
        "firm's standard rate of the grade (company settings).",
    )
    hourly_rate_incl = fields.Monetary(
        string="Hourly rate (incl. VAT)", compute="_compute_hourly_rate_incl"
    )

    @api.depends("user_id", "grade")
    def _compute_hourly_rate(self):
        # Billed rates are printed on every agreement: no secret, read as the firm.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", self.user_id.ids), ("itlaw_hourly_rate", ">", 0)])
        )
        for line in self:
            company = line.agreement_id.company_id or self.env.company
            rate = next(
                (
                    employee.itlaw_hourly_rate
                    for employee in employees
                    if employee.user_id == line.user_id and employee.company_id == company
                ),
                0.0,
            ) or (company.sudo()[f"itlaw_rate_{line.grade}"] if line.grade else 0.0)
            # A rate typed for a lawyer or grade the firm has none for stays.
            line.hourly_rate = rate or line.hourly_rate or 0.0

    @api.depends("hourly_rate", "agreement_id.vat_rate")
    def _compute_hourly_rate_incl(self):
        for line in self:
            line.hourly_rate_incl = amount_incl_vat(line.hourly_rate, line.agreement_id.vat_rate)

    @api.constrains("user_id", "grade", "hourly_rate")
    def _check_rate(self):
        bad = self.filtered(lambda r: not (r.user_id or r.grade) or r.hourly_rate <= 0)
        if bad:
            raise ValidationError(
                self.env._(
                    "Each hourly rate names a lawyer or a grade and is above zero: "
                    "correct the rates of %(names)s.",
                    names=", ".join(bad.agreement_id.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.agreement_id._check_lines_editable()
        return lines

    def write(self, vals):
        self.agreement_id._check_lines_editable()
        # A rate belongs to the agreement it was created in: moved into another
        # (a sent one, another team's), it would change terms nobody may change.
        if "agreement_id" in vals and any(
            line.agreement_id.id != vals["agreement_id"] for line in self
        ):
            raise AccessError(
                self.env._("An hourly rate cannot be moved to another fee agreement.")
            )
        return super().write(vals)

    def unlink(self):
        self.agreement_id._check_lines_editable()
        return super().unlink()
