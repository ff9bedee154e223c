from odoo import api, fields, models

from .. import itlaw_ai_advisory as engine
from .tools import engine_lang


class ItlawIntakeAnswer(models.Model):
    _name = "itlaw.intake.answer"
    _description = "AI diagnostic answer"
    _inherit = ["itlaw.evidence.mixin"]
    _order = "intake_id, sequence, id"

    intake_id = fields.Many2one("itlaw.intake", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    question = fields.Char(string="Question id", required=True)
    step = fields.Char(string="Step id")
    value = fields.Char(string="Option ids")
    step_label = fields.Char(string="Step", compute="_compute_labels")
    question_label = fields.Char(string="Question", compute="_compute_labels")
    value_label = fields.Char(string="Answer", compute="_compute_labels")

    @api.depends_context("lang")
    @api.depends("question", "step", "value")
    def _compute_labels(self):
        catalog = engine.get_catalog()
        steps = {step.id: step for step in catalog.steps}
        code = engine_lang(self.env.lang)
        for answer in self:
            question = catalog.questions.get(answer.question)
            step = steps.get(answer.step)
            answer.step_label = step.title[code] if step else answer.step
            if not question:
                answer.question_label = answer.question
                answer.value_label = answer.value
                continue
            options = {option.id: option.label[code] for option in question.options}
            answer.question_label = question.label[code]
            answer.value_label = ", ".join(
                options.get(value, value) for value in (answer.value or "").split(", ")
            )
