import datetime
import re

from odoo import api, fields, models
from odoo.tools import format_date

from ..itlaw_ai_advisory import fria as engine_fria
from ..itlaw_ai_advisory import word
from .itlaw_dpia import DOCX_MIMETYPE
from .tools import download_from_chatter, engine_lang

ELEMENT_FIELDS = tuple(element.key for element in engine_fria.ELEMENTS)
# The reminder to notify the market surveillance authority (Art. 27(3)): the
# results go to the authority once the assessment is performed, before first use.
NOTIFY_AFTER_DAYS = 30


class ItlawFria(models.Model):
    """The fundamental-rights impact assessment of AI Act Art. 27, for a
    deployer in its scope: the elements of Art. 27(1)(a)-(f), drafted from the
    diagnostic, completed by the lawyer."""

    _name = "itlaw.fria"
    _description = "Fundamental rights impact assessment (FRIA)"
    _inherit = ["mail.thread", "mail.activity.mixin", "itlaw.workflow.mixin"]
    _order = "id desc"
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
        }
    )

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", readonly=True
    )
    intake_id = fields.Many2one("itlaw.intake", string="AI diagnostic", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible lawyer", default=lambda self: self.env.user, readonly=True
    )
    lang = fields.Selection(
        [("fr", "French"), ("en", "English")],
        string="Language of the FRIA",
        required=True,
        default="fr",
        readonly=True,
    )
    catalog_version = fields.Char(string="Catalog version", readonly=True)
    law_as_of = fields.Date(string="Law as of", readonly=True)
    process = fields.Html(string="(a) Deployer's processes")
    period = fields.Html(string="(b) Period and frequency of use")
    persons = fields.Html(string="(c) Persons and groups affected")
    risks = fields.Html(string="(d) Specific risks of harm")
    oversight = fields.Html(string="(e) Human oversight")
    remedies = fields.Html(string="(f) Measures if the risks materialise")
    to_complete_count = fields.Integer(
        string="Elements to complete", compute="_compute_to_complete_count"
    )

    @api.depends(*ELEMENT_FIELDS)
    def _compute_to_complete_count(self):
        for fria in self:
            fria.to_complete_count = sum(
                engine_fria.is_blank_html(str(fria[name] or "")) for name in ELEMENT_FIELDS
            )

    @api.model
    def _itlaw_create_for(self, engagement):
        """The FRIA of ``engagement``, drafted from its diagnostic, with the
        reminder to notify the authority. The caller has checked the user's rights."""
        engagement = engagement.sudo()
        intake = engagement.intake_id
        lang = engine_lang(intake.lang or engagement.partner_id.lang or self.env.lang)
        assessment = intake.assessment or {}
        drafts = engine_fria.draft(
            intake.answers or {}, assessment.get("findings", []), lang, intake.description or ""
        )
        name = self.with_context(lang="en_US" if lang == "en" else "fr_FR").env._(
            "FRIA – %(client)s", client=engagement.partner_id.display_name or ""
        )
        vals = {
            "name": name,
            "company_id": engagement.company_id.id,
            "engagement_id": engagement.id,
            "intake_id": intake.id,
            "partner_id": engagement.partner_id.id,
            "user_id": (engagement.user_id or self.env.user).id,
            "lang": lang,
            "catalog_version": intake.catalog_version,
            "law_as_of": intake.assessed_on,
            **{key: drafts.get(key) or False for key in ELEMENT_FIELDS},
        }
        with self._itlaw_workflow_path() as frias:
            fria = frias.create(vals)
        fria._schedule_notification_reminder()
        return fria.with_env(self.env)

    def _schedule_notification_reminder(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        for fria in self:
            lawyer = fria.user_id or self.env.user
            fria.with_context(lang=lawyer.lang or self.env.lang).activity_schedule(
                activity_type_id=todo.id,
                date_deadline=today + datetime.timedelta(days=NOTIFY_AFTER_DAYS),
                summary=fria.with_context(lang=lawyer.lang or self.env.lang).env._(
                    "Notify the market surveillance authority of the FRIA's results "
                    "(AI Act Art. 27(3))"
                ),
                user_id=lawyer.id,
            )

    def _docx_file(self):
        self.ensure_one()
        lang_code = "fr_FR" if self.lang == "fr" else "en_US"
        meta = {
            "title": self.name,
            "client": self.partner_id.display_name or "",
            "engagement": self.engagement_id.sudo().display_name or "",
            "catalog_version": self.catalog_version or "",
            "law_as_of": format_date(self.env, self.law_as_of, lang_code=lang_code)
            if self.law_as_of
            else "",
        }
        contents = {key: str(self[key] or "") for key in ELEMENT_FIELDS}
        return word.render(
            engine_fria.docx_blocks(contents, meta, self.lang),
            {
                "title": self.name,
                "subject": engine_fria.TITLE[self.lang],
                "author": self.company_id.name or "",
                "keywords": f"catalog {self.catalog_version or ''}; "
                f"law-as-of {self.law_as_of or ''}",
                "version": self.catalog_version or "",
                "language": "fr-FR" if self.lang == "fr" else "en-GB",
            },
        )

    def _file_name(self, extension):
        self.ensure_one()
        stem = re.sub(r"[^\w.-]+", "_", self.name or "fria").strip("_") or "fria"
        return f"{stem}.{extension}"

    def action_export_docx(self):
        self.ensure_one()
        self.check_access("read")
        return download_from_chatter(
            self,
            self._file_name("docx"),
            self._docx_file(),
            DOCX_MIMETYPE,
            self.env._("Word document (.docx) of the FRIA generated."),
        )

    def action_publish_docx(self):
        """Publish the FRIA's Word document to the client's portal."""
        self.ensure_one()
        self.check_access("write")
        deliverables = self.env["itlaw.deliverable"]._itlaw_publish(
            self.engagement_id,
            "fria",
            [(f"{self.name} (Word)", self._file_name("docx"), self._docx_file(), DOCX_MIMETYPE)],
        )
        return self.engagement_id._records_action(deliverables, self.env._("Deliverables"))

    def action_view_engagement(self):
        self.ensure_one()
        return self.engagement_id._get_form_action()
