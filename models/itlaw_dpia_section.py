from markupsafe import Markup

from odoo import api, fields, models

from ..itlaw_ai_advisory import dpia as engine_dpia

PART_SELECTION = [
    ("context", "Context"),
    ("principles", "Fundamental principles"),
    ("risks", "Risks"),
    ("validation", "Validation"),
]
KIND_SELECTION = [
    ("text", "Text"),
    ("measures", "Measures"),
    ("risk", "Risk"),
    ("validation", "Validation"),
]
STATE_SELECTION = [
    ("to_complete", "To complete"),
    ("drafted", "Drafted"),
    ("reviewed", "Reviewed"),
]
# The method's four-level scale (the PIA software's gauges 1 to 4).
LEVEL_SELECTION = [
    ("1", "Negligible"),
    ("2", "Limited"),
    ("3", "Significant"),
    ("4", "Maximum"),
]
# What a lawyer edits in a section; the rest (its DPIA, its key) is the structure.
CONTENT_FIELDS = (
    "content",
    "impacts",
    "threats",
    "risk_sources",
    "risk_measures",
    "severity",
    "likelihood",
    "likelihood_note",
)
STATE_WEIGHT = {"to_complete": 0.0, "drafted": 0.5, "reviewed": 1.0}


class ItlawDpiaSection(models.Model):
    """One section of a DPIA after the CNIL's PIA method. The sections are the
    method's fixed structure: created with their DPIA, never by a user."""

    _name = "itlaw.dpia.section"
    _description = "DPIA section"
    _inherit = ["itlaw.workflow.mixin"]
    _order = "dpia_id, sequence, id"
    _itlaw_workflow_fields = frozenset({"dpia_id", "key", "sequence", "part", "kind", "proposal"})

    dpia_id = fields.Many2one(
        "itlaw.dpia", string="DPIA", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="dpia_id.company_id", store=True)
    key = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    part = fields.Selection(PART_SELECTION, required=True, readonly=True)
    kind = fields.Selection(KIND_SELECTION, required=True, readonly=True)
    name = fields.Char(string="Section", compute="_compute_name")
    state = fields.Selection(STATE_SELECTION, string="State", required=True, default="to_complete")
    proposal = fields.Boolean(
        string="Proposed from the diagnostic",
        readonly=True,
        help="Drafted from the diagnostic's answers and findings: to be reviewed.",
    )
    content = fields.Html(string="Text")
    # Risks (illegitimate access, unwanted modification, disappearance of data).
    impacts = fields.Text(string="Potential impacts", help="One per line.")
    threats = fields.Text(help="One per line.")
    risk_sources = fields.Text(string="Risk sources", help="One per line.")
    risk_measures = fields.Text(
        string="Measures treating the risk", help="Titles of the measures, one per line."
    )
    severity = fields.Selection(LEVEL_SELECTION)
    likelihood = fields.Selection(LEVEL_SELECTION)
    likelihood_note = fields.Html(string="Likelihood justification")

    _sql_constraints = [
        ("key_unique", "unique(dpia_id, key)", "A DPIA has each section once."),
    ]

    @api.depends("key", "dpia_id.lang")
    def _compute_name(self):
        for section in self:
            known = section.key in engine_dpia.SECTIONS_BY_KEY
            section.name = (
                engine_dpia.section_title(section.key, section.dpia_id.lang or "fr")
                if known
                else section.key
            )

    @api.model
    def _prepare_section_vals(self):
        return [
            {
                "key": section.key,
                "sequence": sequence,
                "part": section.part,
                "kind": section.kind,
            }
            for sequence, section in enumerate(engine_dpia.SECTIONS)
        ]

    def write(self, vals):
        on_path = self._itlaw_on_workflow_path()
        before = {section: section.state for section in self}
        result = super().write(vals)
        if on_path:
            return result
        edited = [name for name in CONTENT_FIELDS if name in vals]
        with self._itlaw_workflow_path() as sections:
            if vals.get("state") == "reviewed":
                sections.proposal = False
            elif edited and "state" not in vals:
                # A section the lawyer writes is no longer to complete.
                sections.filtered(
                    lambda s: s.state == "to_complete" and s._has_content()
                ).state = "drafted"
        self._log_changes(before, edited)
        return result

    def _has_content(self):
        self.ensure_one()
        return not engine_dpia.is_blank_html(self.content or "") or any(
            self[name] for name in CONTENT_FIELDS if name != "content"
        )

    def _log_changes(self, before, edited):
        """The DPIA's chatter says who changed which section (its texts live here)."""
        labels = self.fields_get(edited, ["string"]) if edited else {}
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for dpia in self.dpia_id:
            lines = []
            for section in self.filtered(lambda s, d=dpia: s.dpia_id == d):
                changes = [labels[name]["string"] for name in edited]
                if before[section] != section.state:
                    changes.append(
                        self.env._(
                            "state %(old)s → %(new)s",
                            old=state_labels[before[section]],
                            new=state_labels[section.state],
                        )
                    )
                if changes:
                    lines.append(
                        Markup("<li><b>%s</b>: %s</li>") % (section.name, ", ".join(changes))
                    )
            if lines:
                dpia.sudo().message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (self.env._("Sections edited:"), Markup("").join(lines)),
                    author_id=self.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )
