from odoo import fields, models


class ProjectProject(models.Model):
    """The matter's project. ``itlaw_engagement_id`` is set only when the
    engagement opens its project (the workflow): nobody links a project to
    another matter, nor unlinks it."""

    _name = "project.project"
    _inherit = ["project.project", "itlaw.workflow.mixin"]
    _itlaw_workflow_fields = frozenset({"itlaw_engagement_id"})

    itlaw_engagement_id = fields.Many2one(
        "itlaw.engagement",
        string="Engagement",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )

    def action_view_itlaw_engagement(self):
        self.ensure_one()
        return self.itlaw_engagement_id._get_form_action()
