from odoo import api, fields, models

from .. import itlaw_ai_advisory as engine
from .tools import engine_lang

SEVERITY_SELECTION = [
    ("prohibited", "Prohibited"),
    ("critical", "Critical"),
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
    ("info", "Information"),
]


class ItlawIntakeFinding(models.Model):
    _name = "itlaw.intake.finding"
    _description = "AI diagnostic finding"
    _inherit = ["itlaw.evidence.mixin"]
    _order = "intake_id, points desc, id"

    intake_id = fields.Many2one("itlaw.intake", required=True, ondelete="cascade", index=True)
    # Precomputed: written by the findings' INSERT (a diagnostic's dozen
    # findings were inserted, then updated for their company).
    company_id = fields.Many2one(related="intake_id.company_id", store=True, precompute=True)
    rule = fields.Char(required=True, index=True)
    framework = fields.Selection(
        [
            ("GDPR", "GDPR"),
            ("AI_ACT", "AI Act"),
            ("EDPB_DPIA", "EDPB DPIA"),
            ("CNIL", "CNIL"),
            ("DSA", "Digital Services Act"),
            ("FR_LAW", "French law"),
        ]
    )
    severity = fields.Selection(SEVERITY_SELECTION, required=True)
    points = fields.Float(digits=(5, 1))
    reference_fr = fields.Char(string="Legal reference (FR)")
    reference_en = fields.Char(string="Legal reference (EN)")
    reference = fields.Char(string="Legal reference", compute="_compute_texts")
    finding_fr = fields.Char(string="Finding (FR)")
    finding_en = fields.Char(string="Finding (EN)")
    action_fr = fields.Char(string="Recommended action (FR)")
    action_en = fields.Char(string="Recommended action (EN)")
    finding = fields.Char(compute="_compute_texts")
    action = fields.Char(string="Recommended action", compute="_compute_texts")
    superseded_by = fields.Char(
        help="In a group of rules (DPIA, opt-out) only the highest finding counts; "
        "this one is listed, with no points, under the rule that counts."
    )
    superseded_by_title = fields.Char(string="Superseded by", compute="_compute_texts")
    triggers = fields.Json(string="Triggering answers (raw)")
    triggers_display = fields.Text(string="Triggering answers", compute="_compute_triggers_display")
    to_verify = fields.Boolean(string="To be verified")
    unverified = fields.Boolean(string="Unverified source")
    applies_from = fields.Date()
    applicable = fields.Boolean(string="Applicable now")

    @api.depends_context("lang")
    @api.depends(
        "finding_fr",
        "finding_en",
        "action_fr",
        "action_en",
        "reference_fr",
        "reference_en",
        "superseded_by",
    )
    def _compute_texts(self):
        code = engine_lang(self.env.lang)
        french = code == "fr"
        rules = engine.get_catalog().rules
        for finding in self:
            finding.finding = finding.finding_fr if french else finding.finding_en
            finding.action = finding.action_fr if french else finding.action_en
            finding.reference = finding.reference_fr if french else finding.reference_en
            rule = rules.get(finding.superseded_by or "")
            finding.superseded_by_title = (
                rule.finding[code] if rule else finding.superseded_by or False
            )

    @api.depends_context("lang")
    @api.depends("finding_fr", "finding_en", "reference_fr", "reference_en", "rule")
    def _compute_display_name(self):
        """The finding and its legal reference, as a task linked to it reads."""
        french = engine_lang(self.env.lang) == "fr"
        for finding in self:
            title = (finding.finding_fr if french else finding.finding_en) or finding.rule
            reference = finding.reference_fr if french else finding.reference_en
            finding.display_name = f"{title} ({reference})" if reference else title

    @api.depends_context("lang")
    @api.depends("triggers")
    def _compute_triggers_display(self):
        """One line per triggering answer: the question, then the chosen options,
        as the prospect read them (in the user's language)."""
        questions = engine.get_catalog().questions
        code = engine_lang(self.env.lang)
        for finding in self:
            lines = []
            for question_id, value in (finding.triggers or {}).items():
                values = value if isinstance(value, list) else [value]
                question = questions.get(question_id)
                if not question:
                    lines.append(f"{question_id} → {', '.join(map(str, values))}")
                    continue
                options = {option.id: option.label[code] for option in question.options}
                shown = ", ".join(options.get(item, str(item)) for item in values)
                lines.append(f"{question.label[code]} → {shown}")
            finding.triggers_display = "\n".join(lines) or False

    @api.model
    def _prepare_finding_vals(self, finding):
        return {
            "rule": finding["rule"],
            "framework": finding["framework"],
            "severity": finding["severity"],
            "points": finding["points"],
            "reference_fr": finding["reference"]["fr"],
            "reference_en": finding["reference"]["en"],
            "finding_fr": finding["finding"]["fr"],
            "finding_en": finding["finding"]["en"],
            "action_fr": finding["action"]["fr"],
            "action_en": finding["action"]["en"],
            "superseded_by": finding.get("superseded_by") or False,
            "triggers": finding["triggers"],
            "to_verify": finding["to_verify"],
            "unverified": finding.get("unverified", False),
            "applies_from": finding.get("applies_from") or False,
            "applicable": finding.get("applicable", True),
        }
