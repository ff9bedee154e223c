from odoo import api, fields, models
from odoo.exceptions import AccessError

from .itlaw_conflict_check import REASON_SELECTION

HIT_MODELS = [
    ("res.partner", "Contact"),
    ("crm.lead", "Lead"),
    ("itlaw.engagement", "Engagement"),
]


class ItlawConflictCheckLine(models.Model):
    """A record the run of a check found. Every stored field is set by the run
    and never changes (nobody edits, adds or deletes a match); ``record_ref``
    is computed."""

    _name = "itlaw.conflict.check.line"
    _description = "Conflict check match"
    _inherit = ["itlaw.workflow.mixin"]
    _order = "check_id, sequence, id"
    _itlaw_workflow_fields = frozenset(
        {
            "check_id",
            "sequence",
            "subject",
            "subject_kind",
            "reason",
            "similarity",
            "role",
            "res_model",
            "res_id",
            "record_name",
        }
    )

    check_id = fields.Many2one(
        "itlaw.conflict.check", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    subject = fields.Char(required=True, help="Client, group company or declared party searched.")
    subject_kind = fields.Selection(
        [
            ("client", "Client"),
            ("client_contact", "Client contact"),
            ("group_company", "Group company"),
            ("party", "Declared party"),
        ],
        string="Searched as",
        required=True,
    )
    reason = fields.Selection(REASON_SELECTION, required=True)
    similarity = fields.Integer(string="Similarity (%)")
    role = fields.Selection(
        [
            ("partner", "Contact"),
            ("lead_client", "Client of a lead"),
            ("lead_party", "Party declared on a lead"),
            ("engagement_client", "Client of an engagement"),
            ("engagement_party", "Party declared on an engagement"),
        ],
        string="Found as",
        required=True,
    )
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", required=True)
    record_name = fields.Char(string="Record", help="Name of the record when the check ran.")
    record_ref = fields.Reference(HIT_MODELS, string="Record hit", compute="_compute_record_ref")

    @api.model_create_multi
    def create(self, vals_list):
        self._itlaw_check_run()
        return super().create(vals_list)

    def unlink(self):
        self._itlaw_check_run()
        return super().unlink()

    def _itlaw_check_run(self):
        if not self._itlaw_on_workflow_path():
            raise AccessError(
                self.env._(
                    "The matches of a conflict check are what its run found: nobody adds or "
                    "deletes one. Run the check again to search anew."
                )
            )

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for line in self:
            line.record_ref = f"{line.res_model},{line.res_id}" if line.res_id else False

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
