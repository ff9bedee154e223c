from odoo import api, fields, models
from odoo.exceptions import AccessError


class ItlawDpiaMeasure(models.Model):
    """A measure of a DPIA, existing or planned (the PIA method's section 3.1).
    The measures drafted from the diagnostic carry the finding's legal reference
    in their text."""

    _name = "itlaw.dpia.measure"
    _description = "DPIA measure"
    _order = "dpia_id, sequence, id"

    dpia_id = fields.Many2one(
        "itlaw.dpia", string="DPIA", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="dpia_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Measure", required=True)
    content = fields.Html(string="Description")
    planned = fields.Boolean(
        help="Planned (to implement, e.g. after a finding of the diagnostic); "
        "otherwise the measure exists already."
    )
    proposal = fields.Boolean(string="Proposed from the diagnostic", readonly=True)

    def _check_guarded(self, vals, moving):
        """The drafting alone marks proposals; a measure never moves to another
        DPIA nor company (record rules check it where it was created)."""
        if self.env["itlaw.dpia"]._itlaw_on_workflow_path():
            return
        if moving or vals.get("proposal") or "company_id" in vals:
            raise AccessError(
                self.env._(
                    "A measure stays in the DPIA (and company) it was created in, and only "
                    "the drafting from the diagnostic marks a measure as proposed."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_guarded(vals, moving=False)
        return super().create(vals_list)

    def write(self, vals):
        moving = "dpia_id" in vals and any(m.dpia_id.id != vals["dpia_id"] for m in self)
        self._check_guarded(vals, moving)
        if "proposal" in vals and not self.env["itlaw.dpia"]._itlaw_on_workflow_path():
            vals = {key: value for key, value in vals.items() if key != "proposal"}
        if any(name in vals for name in ("name", "content", "planned")):
            # An edited measure is the lawyer's, no longer a proposal.
            vals = {**vals, "proposal": False}
        return super().write(vals)
