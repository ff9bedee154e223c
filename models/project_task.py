from odoo import fields, models


class ProjectTask(models.Model):
    _inherit = "project.task"

    itlaw_finding_id = fields.Many2one(
        "itlaw.intake.finding",
        string="Finding of the diagnostic",
        index="btree_not_null",
        ondelete="set null",
        help="The finding of the client's AI diagnostic this deliverable answers.",
    )
    itlaw_reference = fields.Char(string="Legal reference")
    itlaw_finding_reference = fields.Char(
        related="itlaw_finding_id.reference", string="Finding's legal reference"
    )
