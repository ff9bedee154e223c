import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from .. import itlaw_ai_advisory as engine
from .itlaw_evidence_mixin import ENGINE_PATH
from .mail_thread import SELECTION_TERMS, po_terms
from .tools import (
    MULTI_LINE_FIELDS,
    MULTI_LINE_FORBIDDEN,
    SINGLE_LINE_FORBIDDEN,
    data_record,
    engine_lang,
    escape_like,
    normalize_name,
    queue_notifications,
    reference_in_lang,
    truncate_ip,
    valid_email,
)

BAND_SELECTION = [
    ("faible", "Low"),
    ("modere", "Moderate"),
    ("eleve", "High"),
    ("critique", "Critical"),
]
# One colour per band wherever a chart or a tile shows it: low green,
# moderate yellow, high orange, critical red (Bootstrap's palette).
BAND_COLOURS = {
    "faible": "#198754",
    "modere": "#ffc107",
    "eleve": "#fd7e14",
    "critique": "#dc3545",
}
TIER_SELECTION = [
    ("prohibited", "Prohibited practice"),
    ("high", "High-risk"),
    ("transparency", "Transparency duties"),
    ("minimal", "Minimal risk"),
]
# Contact step of the public form: field -> (maximum length, required).
CONTACT_FIELDS = {
    "contact_name": (120, True),
    "email_from": (254, True),
    "phone": (40, False),
    "partner_name": (160, False),
    "function": (120, False),
    "description": (5000, False),
}
TIMELINE_PARAM = "itlaw_ai_advisory.timeline"
CONSENT_VERSION_PARAM = "itlaw_ai_advisory.consent_version"
DEFAULT_CONSENT_VERSION = "2026-12"


# Advisory lock namespaces (first key of pg_advisory_xact_lock).
PARTNER_LOCK = 0x17A7
COMPANY_LOCK = 0x17A8


class ItlawIntake(models.Model):
    _name = "itlaw.intake"
    _description = "AI project diagnostic"
    _inherit = ["portal.mixin", "mail.thread", "itlaw.evidence.mixin"]
    _order = "create_date desc, id desc"
    # What the prospect sent and accepted, and what the engine concluded: only
    # the submission and Recompute write them. The lead link stays editable
    # (leads get merged); confirmation_sent is the cron's (superuser) flag.
    _itlaw_evidence_fields = frozenset(
        {
            "name",
            "company_id",
            "partner_id",
            "lang",
            "description",
            "answers",
            "answer_ids",
            "finding_ids",
            "consent_given",
            "consent_version",
            "consent_date",
            "consent_ip",
            "consent_user_agent",
            "consent_proof",
            "catalog_version",
            "law_as_of",
            "timeline",
            "assessed_on",
            "assessment",
            "score",
            "band",
            "subscore_gdpr",
            "subscore_ai_act",
            "subscore_dpia",
            "prohibited",
            "dpia_required",
            "dpia_criteria",
            "ai_act_tier",
        }
    )

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    lead_id = fields.Many2one("crm.lead", string="Lead", index=True, ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Contact", index=True)
    user_id = fields.Many2one(related="lead_id.user_id", string="Lawyer")
    lang = fields.Char(string="Language", default="fr_FR")
    description = fields.Text(string="Project description")
    answers = fields.Json(string="Answers (raw)", readonly=True, copy=False)
    answer_ids = fields.One2many("itlaw.intake.answer", "intake_id", string="Answers")
    finding_ids = fields.One2many("itlaw.intake.finding", "intake_id", string="Findings")
    finding_count = fields.Integer(compute="_compute_finding_count")
    # Consent record (GDPR Art. 7(1): the firm must be able to prove it).
    consent_given = fields.Boolean(readonly=True)
    consent_version = fields.Char(readonly=True)
    consent_date = fields.Datetime(readonly=True)
    consent_ip = fields.Char(string="Consent IP (truncated)", readonly=True)
    consent_user_agent = fields.Char(readonly=True)
    # Keyed hash of email, time and notice version, written on erasure: the
    # proof that consent existed outlives the person's data.
    consent_proof = fields.Char(readonly=True, copy=False)
    confirmation_sent = fields.Boolean(readonly=True, copy=False)
    # Assessment, as computed by the engine.
    catalog_version = fields.Char(readonly=True)
    law_as_of = fields.Date(
        string="Law as of",
        readonly=True,
        help="The date of the law that the catalog used for this assessment states.",
    )
    timeline = fields.Char(readonly=True)
    assessed_on = fields.Date(readonly=True)
    assessment = fields.Json(readonly=True, copy=False)
    score = fields.Integer(readonly=True, aggregator="avg")
    band = fields.Selection(BAND_SELECTION, readonly=True)
    subscore_gdpr = fields.Integer(string="GDPR sub-score", readonly=True)
    subscore_ai_act = fields.Integer(string="AI Act sub-score", readonly=True)
    subscore_dpia = fields.Integer(string="DPIA / CNIL sub-score", readonly=True)
    prohibited = fields.Boolean(string="Prohibited practice", readonly=True)
    dpia_required = fields.Boolean(string="DPIA required", readonly=True)
    dpia_criteria = fields.Char(string="DPIA criteria met", readonly=True)
    ai_act_tier = fields.Selection(TIER_SELECTION, string="AI Act tier", readonly=True)

    @api.depends("finding_ids")
    def _compute_finding_count(self):
        counts = dict(
            self.env["itlaw.intake.finding"]._read_group(
                [("intake_id", "in", self.ids)], ["intake_id"], ["__count"]
            )
        )
        for intake in self:
            intake.finding_count = counts.get(intake, 0)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for intake in self:
            intake.access_url = f"/diagnostic-ia/result/{intake.id}"
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("itlaw.intake") or "/"
        # Only code running as superuser creates intakes (no group may, see the
        # access rights); their answer and finding lines are created with them.
        intakes = super(ItlawIntake, self.with_context(**{ENGINE_PATH: True})).create(vals_list)
        return intakes.with_env(self.env)

    def write(self, vals):
        if "confirmation_sent" in vals and not self.env.su:
            self._itlaw_check_engine_path()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Assessment
    # ------------------------------------------------------------------
    def _engine_settings(self):
        """Timeline variant and partners' rule settings, read once per batch."""
        timeline = self.env["ir.config_parameter"].sudo().get_param(TIMELINE_PARAM)
        if timeline not in engine.TIMELINES:
            timeline = engine.get_catalog().default_timeline  # the law in force
        return timeline, self.env["itlaw.rule.setting"].sudo()._engine_rule_settings()

    @api.model
    def _prepare_assessment_vals(self, answers, timeline, rule_settings, as_of=None):
        """Run the engine and turn its result into intake values (findings included)."""
        assessment = engine.assess(
            answers, as_of=as_of, timeline=timeline, rule_settings=rule_settings
        ).to_dict()
        return {
            "catalog_version": assessment["catalog_version"],
            "law_as_of": assessment["law_as_of"],
            "timeline": assessment["timeline"],
            "assessed_on": assessment["as_of"],
            "assessment": assessment,
            "score": assessment["score"],
            "band": assessment["band"],
            "subscore_gdpr": assessment["subscores"].get("GDPR", 0),
            "subscore_ai_act": assessment["subscores"].get("AI_ACT", 0),
            "subscore_dpia": assessment["subscores"].get("DPIA", 0),
            "prohibited": assessment["prohibited"],
            "dpia_required": assessment["dpia"]["required"],
            "dpia_criteria": ", ".join(assessment["dpia"]["criteria"]),
            "ai_act_tier": assessment["ai_act_tier"],
            "finding_ids": [
                fields.Command.create(
                    self.env["itlaw.intake.finding"]._prepare_finding_vals(finding)
                )
                for finding in assessment["findings"]
            ],
        }

    @api.model
    def _prepare_answer_lines(self, answers):
        catalog = engine.get_catalog()
        lines = []
        for sequence, question in enumerate(catalog.questions.values()):
            if question.id not in answers:
                continue
            value = answers[question.id]
            values = value if isinstance(value, list) else [value]
            lines.append(
                fields.Command.create(
                    {
                        "sequence": sequence,
                        "question": question.id,
                        "step": question.step,
                        "value": ", ".join(str(v) for v in values),
                    }
                )
            )
        return lines

    def action_recompute(self):
        """Re-score with today's catalog, timeline and rule settings.

        One engine call per intake, but the old findings go in one DELETE, the
        new ones in one INSERT and the scores in one batched UPDATE, so that
        re-scoring every open lead costs the same queries for 10 or 10,000.
        """
        self.check_access("write")
        invalid = self._rescore()
        if invalid:
            intake, error = invalid[0]
            raise UserError(self._invalid_answers_message(intake, error))
        return True

    def _rescore(self):
        """Score again every intake whose answers still fit the catalog, and
        return the others as ``[(intake, engine.InvalidAnswers)]``, untouched."""
        intakes = self.sudo().with_context(**{ENGINE_PATH: True})
        timeline, rule_settings = intakes._engine_settings()
        scored, invalid = [], []
        for intake in intakes:
            try:
                vals = intakes._prepare_assessment_vals(
                    intake.answers or {}, timeline, rule_settings
                )
            except engine.InvalidAnswers as error:
                invalid.append((intake.with_env(self.env), error))
                continue
            scored.append((intake, vals))
        if not scored:
            return invalid
        intakes.browse([intake.id for intake, _vals in scored]).finding_ids.unlink()
        findings = []
        for intake, vals in scored:
            findings += [
                {**command[2], "intake_id": intake.id} for command in vals.pop("finding_ids")
            ]
            intake.write(vals)
        intakes.env["itlaw.intake.finding"].create(findings)
        return invalid

    @api.model
    def _invalid_answers_message(self, intake, error):
        """Which stored answers the current questionnaire no longer accepts, by
        question, in the user's language: they are reported, never guessed."""
        return self.env._(
            "The answers of %(name)s (lead: %(lead)s) no longer fit the catalog %(version)s, "
            "so its assessment was kept as it was (catalog %(old)s, score %(score)s): "
            "%(problems)s",
            name=intake.name,
            lead=intake.lead_id.name or "-",
            version=engine.get_catalog().version,
            old=intake.catalog_version or "-",
            score=intake.score,
            problems="; ".join(self._invalid_answer_lines(intake.answers) or error.errors.values()),
        )

    @api.model
    def _invalid_answer_lines(self, answers):
        """« question: what is wrong » for each answer the questionnaire refuses,
        in the user's language."""
        questions = engine.get_catalog().questions
        code = engine_lang(self.env.lang)
        lines = []
        for key, message in engine.validate(answers or {}, lang=code).items():
            label = questions[key].label[code] if key in questions else key
            lines.append(f"« {label} » : {message}" if code == "fr" else f'"{label}": {message}')
        return lines

    # ------------------------------------------------------------------
    # Public submission
    # ------------------------------------------------------------------
    @api.model
    def _submit(self, answers, contact, request_info):
        """Create everything one public submission stands for, or nothing.

        ``answers`` must already be valid for the engine, ``contact`` holds the
        contact step's fields (contact_name, email_from, phone, partner_name,
        function, description) and ``request_info`` the website context (lang,
        ip, user_agent, utm dict, referrer). Runs as superuser on explicit values.
        """
        # The chatter summary, given by the confirmation cron, replaces the
        # "created" logs, and its activity is the lawyer's one notification
        # (no separate "assigned to you" email): this transaction emails no one.
        self = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True
        )
        timeline, rule_settings = self._engine_settings()
        assessment_vals = self._prepare_assessment_vals(answers, timeline, rule_settings)
        partner = self._find_or_create_partner(contact, request_info["lang"])
        lead = self.env["crm.lead"]._create_from_intake(
            partner, contact, assessment_vals, request_info
        )
        if contact.get("parties"):
            lead.itlaw_party_ids = self.env["itlaw.party"]._prepare_lead_parties(contact["parties"])
        intake = self.create(
            {
                "company_id": lead.company_id.id or self.env.company.id,
                "lead_id": lead.id,
                "partner_id": partner.id,
                "lang": request_info["lang"],
                "description": contact.get("description") or False,
                "answers": answers,
                "answer_ids": self._prepare_answer_lines(answers),
                "access_token": str(uuid.uuid4()),
                "consent_given": True,
                "consent_version": self._consent_version(),
                "consent_date": fields.Datetime.now(),
                "consent_ip": truncate_ip(request_info.get("ip")),
                "consent_user_agent": (request_info.get("user_agent") or "")[:255] or False,
                **assessment_vals,
            }
        )
        if request_info.get("marketing_consent"):
            self.env["itlaw.consent"]._itlaw_record(
                partner, "marketing", request_info, intake=intake, lead=lead
            )
        # The confirmation email, the lead's summary and the lawyer's activity
        # are made by a cron started right after this transaction: the visitor
        # does not wait for them, and a mail server failure cannot lose the intake.
        data_record(self.env, "itlaw_ai_advisory.ir_cron_intake_confirmation")._trigger()
        return intake

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """The result page's token (and the signed links of the emails) open the
        result page only: through mail's routes (chatter, posting, uploads)
        they grant nothing, so access is the user's own."""
        kwargs = {
            key: value for key, value in kwargs.items() if key not in ("token", "hash", "pid")
        }
        return super()._get_thread_with_access(thread_id, mode, **kwargs)

    @api.model
    def _consent_version(self):
        return (
            self.env["ir.config_parameter"].sudo().get_param(CONSENT_VERSION_PARAM)
            or DEFAULT_CONSENT_VERSION
        )

    @api.model
    def _find_or_create_partner(self, contact, lang):
        """One contact per normalised email; the organisation becomes its company.

        A user's contact (staff or portal, archived included) or one of the
        firm's own is never reused: the visitor then gets a contact of their
        own. Submissions with one email wait for each other, so that they share
        one contact and one company.
        """
        # A visitor's contact is recorded without a "created" note (its
        # creation date says it; the lead's note tells the story).
        Partner = self.env["res.partner"].sudo().with_context(mail_create_nolog=True)
        email = valid_email(contact["email_from"])
        if not email:
            raise ValidationError(self.env._("Please enter a valid email address."))

        def existing():
            return self._itlaw_reusable(
                Partner.search([("email_normalized", "=", email)], order="id")
            )[:1]

        # Waiting is needed only to create one: a contact this transaction
        # already sees is reused as it is.
        partner = existing()
        if partner:
            return partner
        self._itlaw_lock(
            PARTNER_LOCK, email, "SELECT id FROM res_partner WHERE email_normalized = %s", [email]
        )
        partner = existing()
        if partner:
            return partner
        company = self._itlaw_find_or_create_company(contact.get("partner_name"))
        partner = Partner.create(
            {
                "name": contact["contact_name"],
                "email": contact["email_from"],
                "phone": contact.get("phone") or False,
                "function": contact.get("function") or False,
                "parent_id": company.id,
                "lang": lang,
            }
        )
        # Its computed columns in one UPDATE (the searches that follow would
        # flush them in three).
        partner.flush_recordset()
        return partner

    @api.model
    def _itlaw_find_or_create_company(self, name):
        """The organisation of that exact name (case and spacing aside), else a new one."""
        Partner = self.env["res.partner"].sudo().with_context(mail_create_nolog=True)
        key = normalize_name(name)
        if not key:
            return Partner
        pattern = escape_like(" ".join(name.split()))

        def existing():
            candidates = Partner.search_fetch(
                [("is_company", "=", True), ("name", "=ilike", pattern)], ["name"], order="id"
            )
            return self._itlaw_reusable(candidates).filtered(
                lambda partner: normalize_name(partner.name) == key
            )[:1]

        # As for contacts: only creating one waits for the others (every
        # prospect of one organisation would otherwise queue behind each other).
        company = existing()
        if company:
            return company
        self._itlaw_lock(
            COMPANY_LOCK,
            key,
            "SELECT id FROM res_partner WHERE is_company AND name ILIKE %s",
            [pattern],
        )
        return existing() or Partner.create({"name": " ".join(name.split()), "is_company": True})

    @api.model
    def _itlaw_reusable(self, partners):
        """The partners an anonymous visitor may be attached to: not a user's
        (archived users included), not the firm's companies nor their people."""
        if not partners:
            return partners
        # One query, in the database: reading each candidate's users and
        # company, or the firm's companies, through the ORM fetched whole
        # records on every submission.
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["res.users"].flush_model(["partner_id"])
        self.env["res.company"].flush_model(["partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id
                  FROM res_partner p
                 WHERE p.id = ANY(%(ids)s)
                   AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
                   AND NOT EXISTS (
                       SELECT 1 FROM res_company c WHERE c.partner_id = p.commercial_partner_id
                   )
                """,
                ids=partners.ids,
            )
        )
        reusable = {row[0] for row in self.env.cr.fetchall()}
        return partners.filtered(lambda partner: partner.id in reusable)

    @api.model
    def _itlaw_lock(self, namespace, key, query, params):
        """Wait for the other transactions working on ``key`` (an email, an
        organisation), then make sure this one sees what they committed.

        The transaction's snapshot may predate their commit: ``query`` (ids)
        run here and in a fresh transaction tells; when it missed a record,
        the transaction is replayed as on any serialization failure (HTTP
        requests are), instead of creating a second contact.
        """
        cr = self.env.cr
        self.env["res.partner"].flush_model(["email_normalized", "name", "is_company"])
        cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [namespace, key])
        if self.env.registry.in_test_mode():
            return  # every cursor shares the test transaction
        if not self.env.registry.ready:
            # Loading modules (demo data): no visitor runs in parallel, and a
            # fresh cursor would wait for the installation's locks forever.
            return
        cr.execute(query, params)
        seen = {row[0] for row in cr.fetchall()}
        with self.env.registry.cursor() as fresh:
            fresh.execute(query, params)
            committed = {row[0] for row in fresh.fetchall()}
        if committed - seen:
            cr.execute(
                "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure', "
                "MESSAGE = 'contact created by a concurrent transaction'; END $$",
                log_exceptions=False,
            )

    @api.model
    def _parse_submission(self, form, lang):
        """Read a posted diagnostic form (a werkzeug MultiDict).

        Returns ``(answers, contact, errors)``; ``errors`` maps a field name to a
        message in the visitor's language and is empty when all is valid.
        """
        catalog = engine.get_catalog()
        raw, refused = {}, {}
        for question in catalog.questions.values():
            values = [value for value in form.getlist(question.id) if value.strip()]
            if not values:
                continue
            if any(MULTI_LINE_FORBIDDEN.search(value) for value in values):
                refused[question.id] = self._control_characters_message(multi_line=True)
                continue
            multiple = question.type in ("multi", "none_excl")
            raw[question.id] = values if multiple or len(values) > 1 else values[0]
        answers = engine.normalize(raw)
        # Without JavaScript every question is on the page: answers to questions
        # that the other answers hide are dropped rather than refused.
        while hidden := [qid for qid in answers if not catalog.is_visible(qid, answers)]:
            for qid in hidden:
                del answers[qid]
        errors = engine.validate(answers, lang=engine_lang(lang))
        contact, contact_errors = self._parse_contact(form)
        # The optional Parties step travels with the contact (see itlaw.party).
        contact["parties"], party_errors = self.env["itlaw.party"]._parse_public_parties(form)
        return answers, contact, {**errors, **refused, **contact_errors, **party_errors}

    @api.model
    def _parse_contact(self, form):
        contact, errors = {}, {}
        for name, (max_length, required) in CONTACT_FIELDS.items():
            values = form.getlist(name)
            raw = values[0] if values else ""
            value = raw.strip()
            multi_line = name in MULTI_LINE_FIELDS
            forbidden = MULTI_LINE_FORBIDDEN if multi_line else SINGLE_LINE_FORBIDDEN
            if len(values) > 1:
                errors[name] = self.env._("This field was sent more than once.")
            elif forbidden.search(raw):
                errors[name] = self._control_characters_message(multi_line)
            elif required and not value:
                errors[name] = self.env._("This field is required.")
            elif len(value) > max_length:
                errors[name] = self.env._(
                    "Please keep this under %(max)s characters.", max=max_length
                )
            contact[name] = value
        if "email_from" not in errors and not valid_email(contact["email_from"]):
            errors["email_from"] = self.env._(
                "This email address does not look valid (example: jeanne@example.fr)."
            )
        if not form.get("privacy_consent"):
            errors["privacy_consent"] = self.env._(
                "Please accept the processing of your data to receive your pre-assessment."
            )
        return contact, errors

    @api.model
    def _control_characters_message(self, multi_line):
        if multi_line:
            return self.env._(
                "This text contains invisible control characters: please type it again "
                "or paste it as plain text."
            )
        return self.env._(
            "Please keep this on one line, without line breaks or invisible control characters."
        )

    @api.model
    def _form_values(self, lang):
        """The catalog in the visitor's language, ready for the form template."""
        code = engine_lang(lang)
        catalog = engine.get_catalog()
        return {
            "version": catalog.version,
            "steps": [
                {
                    "id": step.id,
                    "title": step.title[code],
                    "questions": [
                        {
                            "id": question.id,
                            "type": question.type,
                            "label": question.label[code],
                            "help": question.help[code],
                            "required": question.required,
                            "max_length": getattr(question, "max_length", None) or 2000,
                            "options": [
                                {"id": option.id, "label": option.label[code]}
                                for option in question.options
                            ],
                        }
                        for question in step.questions
                    ],
                }
                for step in catalog.steps
            ],
        }

    @api.model
    def _visible_question_ids(self, answers):
        catalog = engine.get_catalog()
        answers = engine.normalize(answers if isinstance(answers, dict) else {})
        return [question.id for question in catalog.visible_questions(answers)]

    def _result_values(self, lang):
        """What the result page shows, in the visitor's language."""
        self.ensure_one()
        code = engine_lang(lang)
        assessment = self.assessment or {}
        findings = [f for f in assessment.get("findings", []) if f["points"] > 0]
        unverified = engine.get_catalog().text("report", "milestone_unverified")
        return {
            **self._verdict_values(lang),
            "findings": [
                {
                    "severity": f["severity"],
                    "finding": f["finding"][code],
                    "action": f["action"][code],
                    "reference": reference_in_lang(f["reference"], code),
                    "to_verify": f["to_verify"],
                    "applies_from": f.get("applies_from"),
                    "applicable": f.get("applicable", True),
                    # Not confirmed from the Official Journal text (see the timeline).
                    "date_note": unverified[code] if f.get("date_unverified") else "",
                }
                for f in findings[:6]
            ],
            "more": max(0, len(findings) - 6),
            "banner": assessment.get("banner", {}).get(code, "") if self.prohibited else "",
        }

    def _verdict_values(self, lang):
        """Band, AI Act tier and DPIA verdict in plain words, and the date of the law
        applied, in ``lang`` (the result page, the email, the lead's chatter)."""
        self.ensure_one()
        code = engine_lang(lang)
        assessment = self.assessment or {}
        # Assessments stored before catalog 2.0.0 have no plain-words texts: the
        # tier reads the same in every catalog, the DPIA keeps its stored reason.
        catalog = engine.get_catalog()
        tier_texts = catalog.texts["plain"]["tier"]
        tier_text = assessment.get("tier_text") or tier_texts.get(self.ai_act_tier) or {}
        band_label = assessment.get("band_label", {}).get(code, self.band)
        floor = assessment.get("floor") or {}
        floor_text = ""
        if floor.get("reason"):
            floor_band = next(
                (band["label"][code] for band in catalog.bands if band["id"] == floor["band"]),
                band_label,
            )
            floor_text = catalog.text("report", "floor")[code].format(
                band=floor_band, reason=floor["reason"][code]
            )
        return {
            "band_label": band_label,
            "tier_text": tier_text.get(code, ""),
            "dpia_verdict": assessment.get("dpia_verdict", {}).get(code, ""),
            "dpia_reason": assessment.get("dpia", {}).get("reason", {}).get(code, ""),
            "floor_text": floor_text,
            "law_as_of": self._law_as_of_text(lang),
        }

    def _law_as_of_text(self, lang):
        """« Droit applicable au 2 décembre 2026 », or "" for an assessment made
        before the catalog stated the date of its law."""
        self.ensure_one()
        if not self.law_as_of:
            return ""
        lang = lang if self.env["res.lang"]._get_data(code=lang) else "en_US"
        return self.with_context(lang=lang).env._(
            "Law as of %(date)s",
            date=format_date(self.env, self.law_as_of, lang_code=lang, date_format="d MMMM y"),
        )

    @api.model
    def _cron_send_confirmations(self, batch_size=200):
        """Queue the confirmation email of the intakes that do not have it yet,
        and give their leads the summary and the lawyer's qualification activity."""
        template = self.env.ref("itlaw_ai_advisory.mail_template_intake_confirmation")
        pending = self.search([("confirmation_sent", "=", False)], limit=batch_size)
        opted_out = pending.partner_id._itlaw_opted_out()
        for intake in pending:
            if intake.partner_id not in opted_out:
                template.send_mail(intake.id, force_send=False)
        pending.confirmation_sent = True
        # The activities' emails wait in the mail queue, woken once.
        for intake in queue_notifications(pending).filtered("lead_id"):
            intake.lead_id._notify_intake(intake)
        if len(pending) == batch_size:
            self.env.ref("itlaw_ai_advisory.ir_cron_intake_confirmation")._trigger()

    def _summary_lines(self, lang):
        """Short, translated lines that sum up the assessment (chatter, email)."""
        self.ensure_one()
        code = engine_lang(lang)
        assessment = self.assessment or {}
        top = [f for f in assessment.get("findings", []) if f["points"] > 0][:5]
        return {
            **self._verdict_values(lang),
            "findings": [
                (f["finding"][code], reference_in_lang(f["reference"], code)) for f in top
            ],
        }

    def _chatter_summary(self, lang):
        """The lead's chatter note, in ``lang`` (the assigned lawyer's language)."""
        self.ensure_one()
        self = self.with_context(lang=lang)
        lines = self._summary_lines(lang)
        verdict = self.env._("required") if self.dpia_required else self.env._("not required")
        tier = dict(self._fields["ai_act_tier"]._description_selection(self.env))
        if self.env.lang != "en_US":
            # While modules install, the database has no translated labels yet.
            catalog = po_terms(self._original_module, self.env.lang, SELECTION_TERMS)
            tier = {key: catalog.get(label, label) for key, label in tier.items()}
        items = Markup("").join(
            Markup("<li>%s <i>(%s)</i></li>") % (text, reference)
            for text, reference in lines["findings"]
        )
        # The WP248 criteria in words, as the catalog names them (not C1, C8...).
        code = engine_lang(lang)
        labels = engine.get_catalog().texts["dpia_criteria"]
        criteria = (" ; " if code == "fr" else "; ").join(
            labels[name][code] for name in (self.dpia_criteria or "").split(", ") if name in labels
        )
        dpia = (
            self.env._(
                "DPIA: %(verdict)s. WP248 criteria met: %(criteria)s",
                verdict=verdict,
                criteria=criteria,
            )
            if criteria
            else self.env._("DPIA: %(verdict)s", verdict=verdict)
        )
        return Markup(
            "<p><b>%s</b></p><ul><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul>"
            "<p>%s</p><ul>%s</ul>"
        ) % (
            self.env._("AI diagnostic %(name)s received", name=self.name),
            self.env._(
                "Score: %(score)s/100 (%(band)s)", score=self.score, band=lines["band_label"]
            ),
            self.env._("AI Act tier: %(tier)s", tier=tier.get(self.ai_act_tier, "")),
            dpia,
            lines["law_as_of"],
            self.env._("Top findings:"),
            items,
        )
