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
    hourly_rate = fields.Monetary(string="Hourly rate (excl. VAT)", currency_field="currency_id")
    hourly_rate_incl = fields.Monetary(
        string="Hourly rate (incl. VAT)", compute="_compute_hourly_rate_incl"
    )

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
