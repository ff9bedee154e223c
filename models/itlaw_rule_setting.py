from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .. import itlaw_ai_advisory as engine
from .tools import engine_lang


class ItlawRuleSetting(models.Model):
    """A partner's tuning of one catalog rule: on/off and a weight on its points."""

    _name = "itlaw.rule.setting"
    _description = "Diagnostic rule setting"
    _inherit = ["mail.thread", "itlaw.workflow.mixin"]
    _order = "rule"
    _rec_name = "rule"
    # Partners tune ``enabled`` and ``weight``; the rule is named when its
    # setting is created; each change bumps ``revision`` (never written by hand).
    _itlaw_workflow_fields = frozenset({"revision"})
    _itlaw_creation_fields = frozenset({"rule"})

    rule = fields.Char(required=True, readonly=True)
    title = fields.Char(compute="_compute_catalog_info")
    reference = fields.Char(string="Legal reference", compute="_compute_catalog_info")
    enabled = fields.Boolean(default=True, tracking=True)
    weight = fields.Float(default=1.0, digits=(3, 2), tracking=True)
    revision = fields.Integer(default=1, readonly=True, tracking=True)

    _sql_constraints = [
        ("rule_unique", "unique(rule)", "Each rule has one setting."),
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 3)",
            "The weight must be between 0 and 3.",
        ),
    ]

    @api.depends_context("lang")
    @api.depends("rule")
    def _compute_catalog_info(self):
        rules = engine.get_catalog().rules
        code = engine_lang(self.env.lang)
        for setting in self:
            rule = rules.get(setting.rule)
            setting.title = rule.finding[code] if rule else setting.rule
            setting.reference = rule.reference[code] if rule else ""

    def write(self, vals):
        if {"enabled", "weight"} & set(vals):
            # Every change of a setting is a new revision: assessments keep which
            # settings they were computed with.
            self._itlaw_check_write_vals(vals)
            with self._itlaw_workflow_path():
                for setting in self:
                    super(ItlawRuleSetting, setting).write(
                        {**vals, "revision": setting.revision + 1}
                    )
            return True
        return super().write(vals)

    @api.model
    def _engine_rule_settings(self):
        """Settings that differ from the catalog defaults, in the engine's format."""
        tuned = self.search_read(
            ["|", ("enabled", "=", False), ("weight", "!=", 1.0)], ["rule", "enabled", "weight"]
        )
        return {row["rule"]: {"active": row["enabled"], "weight": row["weight"]} for row in tuned}

    @api.model
    def _sync_with_catalog(self):
        """One setting per catalog rule (called at install and upgrade)."""
        existing = set(self.search([]).mapped("rule"))
        self.create([{"rule": rule} for rule in engine.get_catalog().rules if rule not in existing])

    def action_rescore_open_leads(self):
        """Re-score the intakes of every open lead with the current settings.

        An intake whose stored answers no longer fit the catalog is left as it
        was, noted in its chatter and named in the returned notification: one
        bad answer set must not stop the others.
        """
        if not self.env.is_superuser() and not self.env.user.has_group(
            "itlaw_ai_advisory.group_partner"
        ):
            raise AccessError(self.env._("Only partners may re-score the open leads."))
        intakes = self.env["itlaw.intake"].search(
            [("lead_id.active", "=", True), ("lead_id.stage_id.is_won", "=", False)]
        )
        invalid = intakes._rescore()
        Intake = self.env["itlaw.intake"]
        for intake, error in invalid:
            # On the diagnostic and on its lead, where the lawyer works.
            body = Markup("<p>%s</p>") % Intake._invalid_answers_message(intake, error)
            for thread in (intake, intake.lead_id):
                if thread:
                    thread.message_post(body=body, subtype_xmlid="mail.mt_note")
        skipped = Intake.browse([intake.id for intake, _error in invalid])
        message = self.env._("Diagnostics re-scored: %(count)s.", count=len(intakes) - len(skipped))
        if skipped:
            # Built apart: a translated term nested in another's call is not exported.
            names = [
                self.env._(
                    "%(intake)s (lead: %(lead)s; questions: %(questions)s)",
                    intake=intake.name,
                    lead=intake.lead_id.name or "-",
                    questions=", ".join(Intake._invalid_answer_lines(intake.answers)),
                )
                for intake, _error in invalid
            ]
            message += " " + self.env._(
                "Not re-scored, their answers no longer fit the catalog (see their chatter): "
                "%(names)s.",
                names="; ".join(names),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Open leads re-scored"),
                "message": message,
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
            },
        }
