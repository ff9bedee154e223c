import json
import re

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, is_html_empty

from ..itlaw_ai_advisory import dpia as engine_dpia
from ..itlaw_ai_advisory import word
from .itlaw_dpia_section import STATE_WEIGHT
from .tools import download_from_chatter, engine_lang

DECISION_SELECTION = [
    ("0", "In progress"),
    ("1", "Refused"),
    ("2", "Validated"),
    ("3", "Validated and signed"),
]
OPINION_SELECTION = [("1", "Favourable"), ("0", "Unfavourable")]
SOUGHT_SELECTION = [("yes", "Sought"), ("no", "Not sought")]
# A PIA file is text: a few megabytes at most (attachments are not part of it).
MAX_PIA_FILE_BYTES = 10 * 1024 * 1024
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def html_text(value):
    """An Html field's value as the PIA file holds it: a string, empty when blank."""
    return "" if is_html_empty(value) else str(value)


def text_lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def lines_text(items):
    return "\n".join(" ".join(str(item).split()) for item in items if str(item).strip()) or False


class ItlawDpia(models.Model):
    """A data protection impact assessment (AIPD) of a client's processing,
    after the CNIL's PIA method: drafted from the diagnostic, completed by the
    lawyer section by section, exchanged with the CNIL's PIA software."""

    _name = "itlaw.dpia"
    _description = "Data protection impact assessment (DPIA)"
    _inherit = ["mail.thread", "mail.activity.mixin", "itlaw.workflow.mixin"]
    _order = "id desc"
    # The links that define its scope and where it comes from are set when it is
    # created (from an engagement or a diagnostic), and by the drafting.
    _itlaw_workflow_fields = frozenset(
        {
            "engagement_id",
            "intake_id",
            "partner_id",
            "company_id",
            "user_id",
            "lang",
            "catalog_version",
            "law_as_of",
            "drafted_on",
        }
    )

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", readonly=True
    )
    intake_id = fields.Many2one(
        "itlaw.intake", string="AI diagnostic", index="btree_not_null", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible lawyer", default=lambda self: self.env.user, readonly=True
    )
    lang = fields.Selection(
        [("fr", "French"), ("en", "English")],
        string="Language of the DPIA",
        required=True,
        default="fr",
        readonly=True,
    )
    report_lang = fields.Char(string="Language of the report", compute="_compute_report_lang")
    catalog_version = fields.Char(
        string="Catalog version",
        readonly=True,
        help="Version of the diagnostic's catalog the draft came from.",
    )
    law_as_of = fields.Date(
        string="Law as of", readonly=True, help="Date of the law the diagnostic applied."
    )
    drafted_on = fields.Datetime(string="Drafted from the diagnostic on", readonly=True)
    section_ids = fields.One2many("itlaw.dpia.section", "dpia_id", string="Sections")
    context_section_ids = fields.One2many(
        "itlaw.dpia.section", "dpia_id", string="Context", domain=[("part", "=", "context")]
    )
    principle_section_ids = fields.One2many(
        "itlaw.dpia.section",
        "dpia_id",
        string="Fundamental principles",
        domain=[("part", "=", "principles")],
    )
    risk_section_ids = fields.One2many(
        "itlaw.dpia.section", "dpia_id", string="Risks", domain=[("part", "=", "risks")]
    )
    validation_section_ids = fields.One2many(
        "itlaw.dpia.section",
        "dpia_id",
        string="Validation",
        domain=[("part", "=", "validation")],
    )
    measure_ids = fields.One2many("itlaw.dpia.measure", "dpia_id", string="Measures")
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="Sections drafted count half, sections reviewed count in full.",
    )
    to_complete_count = fields.Integer(
        string="Sections to complete", compute="_compute_progress", store=True
    )
    author_name = fields.Char(string="Author")
    evaluator_name = fields.Char(string="Evaluator")
    validator_name = fields.Char(string="Validator")
    dpo_names = fields.Char(string="DPO")
    dpo_status = fields.Selection(OPINION_SELECTION, string="DPO's opinion", tracking=True)
    subjects_names = fields.Char(string="Data subjects consulted")
    subjects_sought = fields.Selection(SOUGHT_SELECTION, string="Data subjects' opinion")
    subjects_not_sought_reason = fields.Text(string="Why their opinion was not sought")
    subjects_status = fields.Selection(
        OPINION_SELECTION, string="Data subjects' position", tracking=True
    )
    decision = fields.Selection(DECISION_SELECTION, required=True, default="0", tracking=True)

    @api.depends("section_ids.state")
    def _compute_progress(self):
        for dpia in self:
            states = dpia.section_ids.mapped("state")
            dpia.progress = (
                100.0 * sum(STATE_WEIGHT[state] for state in states) / len(states)
                if states
                else 0.0
            )
            dpia.to_complete_count = states.count("to_complete")

    @api.depends("lang")
    def _compute_report_lang(self):
        for dpia in self:
            dpia.report_lang = "en_US" if dpia.lang == "en" else "fr_FR"

    # ------------------------------------------------------------------
    # Creation and drafting
    # ------------------------------------------------------------------
    @api.model
    def _itlaw_create_for(self, engagement=None, intake=None):
        """A DPIA of ``engagement`` (its diagnostic, if any) or of a lead's
        diagnostic ``intake``, drafted from the diagnostic. The caller has
        checked the user's right to act on them."""
        engagement = (engagement or self.env["itlaw.engagement"]).sudo()
        intake = (intake or engagement.intake_id).sudo()
        partner = engagement.partner_id or intake.lead_id.partner_id or intake.partner_id
        lang = engine_lang(intake.lang or partner.lang or self.env.lang)
        # Named in the client's language, like its sections.
        name = self.with_context(lang="en_US" if lang == "en" else "fr_FR").env._(
            "DPIA – %(client)s", client=partner.display_name or intake.name or ""
        )
        vals = {
            "name": name,
            "company_id": (engagement.company_id or intake.company_id or self.env.company).id,
            "engagement_id": engagement.id,
            "intake_id": intake.id,
            "partner_id": partner.id,
            "user_id": (engagement.user_id or self.env.user).id,
            "lang": lang,
            "section_ids": [
                Command.create(vals)
                for vals in self.env["itlaw.dpia.section"]._prepare_section_vals()
            ],
        }
        sections = self.env["itlaw.dpia.section"]
        with self._itlaw_workflow_path() as dpias, sections._itlaw_workflow_path():
            dpia = dpias.create(vals)
        dpia = dpia.with_env(self.env)
        if intake:
            dpia._draft_from_diagnostic()
        return dpia

    def _draft_from_diagnostic(self):
        """Fill the sections still to complete from the diagnostic (a section the
        lawyer has written is never overwritten) and add the measures it calls
        for, marked as proposals."""
        now = fields.Datetime.now()
        for dpia in self:
            intake = dpia.intake_id.sudo()
            assessment = intake.assessment or {}
            drafts, measures = engine_dpia.draft(
                intake.answers or {},
                assessment.get("findings", []),
                dpia.lang,
                intake.description or "",
            )
            known = set(dpia.measure_ids.mapped("name"))
            with (
                dpia._itlaw_workflow_path() as dpia_sudo,
                self.env["itlaw.dpia.section"]._itlaw_workflow_path(),
            ):
                for section in dpia_sudo.section_ids.filtered(lambda s: s.state == "to_complete"):
                    drafted = drafts.get(section.key)
                    if drafted and drafted.filled:
                        section.write(dpia._prepare_drafted_section_vals(drafted))
                dpia_sudo.write(
                    {
                        "catalog_version": intake.catalog_version,
                        "law_as_of": intake.assessed_on,
                        "drafted_on": now,
                        "measure_ids": [
                            Command.create(
                                {
                                    "sequence": sequence,
                                    "name": measure.title,
                                    "content": measure.content,
                                    "planned": measure.planned,
                                    "proposal": True,
                                }
                            )
                            for sequence, measure in enumerate(measures, start=len(known) + 1)
                            if measure.title not in known
                        ],
                    }
                )

    @api.model
    def _prepare_drafted_section_vals(self, drafted):
        return {
            "content": drafted.content or False,
            "risk_measures": lines_text(drafted.measures),
            "severity": str(drafted.severity) if drafted.severity else False,
            "likelihood": str(drafted.likelihood) if drafted.likelihood else False,
            "likelihood_note": drafted.likelihood_note or False,
            "state": "drafted",
            "proposal": True,
        }

    # ------------------------------------------------------------------
    # The CNIL PIA software's file
    # ------------------------------------------------------------------
    def _pia_record(self):
        """This DPIA as the engine's plain record (see engine dpia.empty_record)."""
        self.ensure_one()
        record = engine_dpia.empty_record()
        record.update(
            name=self.name,
            author=self.author_name or "",
            evaluator=self.evaluator_name or "",
            validator=self.validator_name or "",
            dpo_names=self.dpo_names or "",
            dpo_status=int(self.dpo_status) if self.dpo_status else None,
            subjects_names=self.subjects_names or "",
            subjects_status=int(self.subjects_status) if self.subjects_status else None,
            subjects_searched={"yes": True, "no": False}.get(self.subjects_sought),
            subjects_not_searched_reason=self.subjects_not_sought_reason or "",
            decision=int(self.decision),
        )
        for section in self.section_ids:
            values = record["sections"].get(section.key)
            if values is None:
                continue
            values.update(
                content=html_text(section.content),
                impacts=text_lines(section.impacts),
                threats=text_lines(section.threats),
                sources=text_lines(section.risk_sources),
                measures=text_lines(section.risk_measures),
                severity=int(section.severity) if section.severity else None,
                likelihood=int(section.likelihood) if section.likelihood else None,
                likelihood_note=html_text(section.likelihood_note),
            )
        record["measures"] = [
            {
                "title": measure.name,
                "content": html_text(measure.content),
                "planned": measure.planned,
            }
            for measure in self.measure_ids
        ]
        return record

    def _pia_file(self):
        self.ensure_one()
        data = engine_dpia.to_pia(
            self._pia_record(), created_at=self.create_date, updated_at=self.write_date
        )
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    def _docx_meta(self):
        """What the Word document says of where this DPIA came from."""
        self.ensure_one()
        env = self.with_context(lang=self.report_lang).env
        return {
            "client": self.partner_id.display_name or "",
            "engagement": self.engagement_id.sudo().display_name or "",
            "diagnostic": self.intake_id.sudo().display_name or "",
            "catalog_version": self.catalog_version or "",
            "law_as_of": format_date(env, self.law_as_of, lang_code=self.report_lang)
            if self.law_as_of
            else "",
            "law_as_of_iso": self.law_as_of.isoformat() if self.law_as_of else "",
            "author": self.company_id.name or "",
            "states": {section.key: section.state for section in self.section_ids},
            "proposals": self.section_ids.filtered("proposal").mapped("key"),
        }

    def _docx_file(self):
        """This DPIA as a Word document (bytes), in its language."""
        self.ensure_one()
        record, meta = self._pia_record(), self._docx_meta()
        return word.render(
            engine_dpia.docx_blocks(record, meta, self.lang),
            engine_dpia.docx_properties(record, meta, self.lang),
        )

    def _file_name(self, extension):
        self.ensure_one()
        stem = re.sub(r"[^\w.-]+", "_", self.name or "dpia").strip("_") or "dpia"
        return f"{stem}.{extension}"

    def _import_pia_file(self, raw):
        """Replace this DPIA's content by the PIA software's file ``raw`` (bytes).
        Anything that is not such a file is refused before anything is written."""
        self.ensure_one()
        self.check_access("write")
        if len(raw) > MAX_PIA_FILE_BYTES:
            raise UserError(self.env._("This file is too large to be a PIA file (10 MB at most)."))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise UserError(
                self.env._(
                    "This file is not a JSON file. Export the PIA from the CNIL's PIA "
                    "software (Export, .json) and import that file."
                )
            ) from None
        try:
            record = engine_dpia.from_pia(data)
        except engine_dpia.PiaFormatError as error:
            if error.reason == "not_pia":
                raise UserError(
                    self.env._(
                        "This JSON file is not a PIA export: it has no “pia” object. Export "
                        "the PIA from the CNIL's PIA software (Export, .json) and import that file."
                    )
                ) from None
            raise UserError(
                self.env._(
                    "This PIA file cannot be read: the value of %(where)s is not what the "
                    "PIA software writes. Nothing was imported.",
                    where=error.detail,
                )
            ) from None
        self._apply_pia_record(record)
        return True

    def _apply_pia_record(self, record):
        self.ensure_one()
        Section = self.env["itlaw.dpia.section"]
        with self._itlaw_workflow_path() as dpia, Section._itlaw_workflow_path():
            for section in dpia.section_ids:
                values = record["sections"].get(section.key)
                if values is None:
                    continue
                vals = {
                    "content": values["content"] or False,
                    "impacts": lines_text(values["impacts"]),
                    "threats": lines_text(values["threats"]),
                    "risk_sources": lines_text(values["sources"]),
                    "risk_measures": lines_text(values["measures"]),
                    "severity": str(values["severity"]) if values["severity"] else False,
                    "likelihood": str(values["likelihood"]) if values["likelihood"] else False,
                    "likelihood_note": values["likelihood_note"] or False,
                    "proposal": False,
                }
                filled = any(vals[name] for name in vals if name != "proposal")
                # What the file brings is to be reviewed: drafted, never reviewed.
                vals["state"] = "drafted" if filled else "to_complete"
                section.write(vals)
            dpia.measure_ids.unlink()
            dpia.write(
                {
                    "author_name": record["author"] or False,
                    "evaluator_name": record["evaluator"] or False,
                    "validator_name": record["validator"] or False,
                    "dpo_names": record["dpo_names"] or False,
                    "dpo_status": _selection(record["dpo_status"]),
                    "subjects_names": record["subjects_names"] or False,
                    "subjects_status": _selection(record["subjects_status"]),
                    "subjects_sought": {True: "yes", False: "no"}.get(record["subjects_searched"])
                    or False,
                    "subjects_not_sought_reason": record["subjects_not_searched_reason"] or False,
                    "decision": str(record["decision"]),
                    "measure_ids": [
                        Command.create(
                            {
                                "sequence": sequence,
                                "name": measure["title"],
                                "content": measure["content"] or False,
                                "planned": measure["planned"],
                            }
                        )
                        for sequence, measure in enumerate(record["measures"], start=1)
                    ],
                }
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_draft_from_diagnostic(self):
        self.ensure_one()
        self.check_access("write")
        if not self.intake_id:
            raise UserError(
                self.env._("This DPIA has no diagnostic to draft from: complete it by hand.")
            )
        self._draft_from_diagnostic()
        self.message_post(
            body=self.env._("Sections still to complete drafted from the diagnostic."),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_export_pia(self):
        """The PIA software's file of this DPIA, as an attachment to download."""
        self.ensure_one()
        self.check_access("read")
        return download_from_chatter(
            self,
            self._file_name("json"),
            self._pia_file(),
            "application/json",
            Markup("%s") % self.env._("Exported to the CNIL's PIA software (.json)."),
        )

    def action_export_docx(self):
        """The DPIA as a Word document to finish in Word, kept in the chatter."""
        self.ensure_one()
        self.check_access("read")
        return download_from_chatter(
            self,
            self._file_name("docx"),
            self._docx_file(),
            DOCX_MIMETYPE,
            self.env._("Word document (.docx) of the DPIA generated."),
        )

    def _publish(self, files):
        self.ensure_one()
        self.check_access("write")
        if not self.engagement_id:
            raise UserError(
                self.env._(
                    "This DPIA belongs to no engagement: open the engagement first, then "
                    "publish the DPIA to the client from it."
                )
            )
        deliverables = self.env["itlaw.deliverable"]._itlaw_publish(
            self.engagement_id, "dpia", files
        )
        self.message_post(
            body=self.env._("Published to the client's portal."), subtype_xmlid="mail.mt_note"
        )
        return self.engagement_id._records_action(deliverables, self.env._("Deliverables"))

    def action_publish_pdf(self):
        """Publish the DPIA's PDF to the client's portal."""
        self.ensure_one()
        self.check_access("write")
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "itlaw_ai_advisory.report_dpia", self.ids
        )
        return self._publish(
            [(f"{self.name} (PDF)", self._file_name("pdf"), pdf, "application/pdf")]
        )

    def action_publish_docx(self):
        """Publish the DPIA's Word document to the client's portal."""
        self.ensure_one()
        return self._publish(
            [(f"{self.name} (Word)", self._file_name("docx"), self._docx_file(), DOCX_MIMETYPE)]
        )

    def action_publish_pia(self):
        """Publish the DPIA's file for the CNIL's PIA software to the client's portal
        (his DPO imports it)."""
        self.ensure_one()
        return self._publish(
            [(f"{self.name} (PIA)", self._file_name("json"), self._pia_file(), "application/json")]
        )

    def action_open_pia_import(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import from PIA (.json)"),
            "res_model": "itlaw.dpia.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dpia_id": self.id},
        }

    def action_view_engagement(self):
        self.ensure_one()
        return self.engagement_id._get_form_action()


def _selection(value):
    return str(value) if value in (0, 1) else False
