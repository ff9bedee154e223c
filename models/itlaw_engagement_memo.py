import re

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from .. import itlaw_ai_advisory as engine
from ..itlaw_ai_advisory import memo as engine_memo
from ..itlaw_ai_advisory import word
from .itlaw_dpia import DOCX_MIMETYPE
from .itlaw_settings import read_param
from .tools import engine_lang

MEMO_REPORT = "itlaw_ai_advisory.report_ai_act_memo"


class ItlawEngagement(models.Model):
    _inherit = "itlaw.engagement"

    def _itlaw_client_lang(self):
        """The engine language the client reads: the diagnostic's, else the client's."""
        self.ensure_one()
        return engine_lang(self.intake_id.sudo().lang or self.partner_id.lang or self.env.lang)

    def _itlaw_timeline(self):
        timeline = read_param(self.env, "timeline")
        return timeline if timeline in engine.TIMELINES else engine.get_catalog().default_timeline

    def _itlaw_roadmap(self):
        """The engagement's dated to-dos (deadline reminders) and deliverable
        tasks still open: [(date, title, note)]."""
        self.ensure_one()
        steps = [
            (activity.date_deadline, activity.summary or activity.activity_type_id.name, "")
            for activity in self.sudo().activity_ids
            if activity.date_deadline
        ]
        tasks = self.sudo().project_id.task_ids.filtered(
            lambda task: task.date_deadline and not task.is_closed
        )
        steps += [
            (task.date_deadline.date(), task.name, task.itlaw_reference or "") for task in tasks
        ]
        return steps

    def _itlaw_memo(self):
        """The memo's facts (engine memo.Memo) in the client's language."""
        self.ensure_one()
        intake = self.intake_id.sudo()
        if not intake.assessment:
            raise UserError(
                self.env._(
                    "This engagement has no AI diagnostic: the AI Act memo is drafted from one."
                )
            )
        return engine_memo.build(
            intake.assessment,
            intake.answers or {},
            self._itlaw_client_lang(),
            self._itlaw_roadmap(),
            timeline=self._itlaw_timeline(),
            today=fields.Date.context_today(self),
        )

    def _itlaw_memo_meta(self, lang):
        self.ensure_one()
        intake = self.intake_id.sudo()
        lang_code = "fr_FR" if lang == "fr" else "en_US"
        title = f"{engine_memo.TEXTS['title'][lang]} – {self.partner_id.display_name or ''}"
        return {
            "title": title,
            "client": self.partner_id.display_name or "",
            "engagement": self.name or "",
            "catalog_version": intake.catalog_version or "",
            "law_as_of": format_date(self.env, intake.assessed_on, lang_code=lang_code)
            if intake.assessed_on
            else "",
        }

    def _itlaw_memo_docx(self):
        self.ensure_one()
        memo = self._itlaw_memo()
        meta = self._itlaw_memo_meta(memo.lang)
        paragraphs = self.env["itlaw.memo.template"]._paragraphs(memo.lang)
        return word.render(
            engine_memo.docx_blocks(memo, paragraphs, meta),
            {
                "title": meta["title"],
                "subject": engine_memo.TEXTS["title"][memo.lang],
                "author": self.company_id.name or "",
                "keywords": f"catalog {meta['catalog_version']}; "
                f"law-as-of {self.intake_id.sudo().assessed_on or ''}",
                "version": meta["catalog_version"],
                "language": "fr-FR" if memo.lang == "fr" else "en-GB",
            },
        )

    def _itlaw_file_name(self, label, extension):
        self.ensure_one()
        stem = re.sub(r"[^\w.-]+", "_", f"{label}_{self.name}").strip("_")
        return f"{stem}.{extension}"

    def _itlaw_memo_files(self):
        """The memo as PDF and Word attachments of the engagement."""
        self.ensure_one()
        self.check_access("read")
        self._itlaw_memo()  # refuses an engagement without a diagnostic before rendering
        pdf, _type = self.env["ir.actions.report"]._render_qweb_pdf(MEMO_REPORT, self.ids)
        label = engine_memo.TEXTS["title"][self._itlaw_client_lang()]
        return self.env["ir.attachment"].create(
            [
                {
                    "name": self._itlaw_file_name(label, "pdf"),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": self._itlaw_file_name(label, "docx"),
                    "raw": self._itlaw_memo_docx(),
                    "mimetype": DOCX_MIMETYPE,
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )

    def _itlaw_memo_report_values(self):
        """What the QWeb memo reads: the facts, the firm's paragraphs, the origin."""
        self.ensure_one()
        memo = self._itlaw_memo()
        return {
            "memo": memo,
            # The partners' paragraphs, from sanitised HTML fields.
            "paragraphs": {
                key: Markup(value)
                for key, value in self.env["itlaw.memo.template"]._paragraphs(memo.lang).items()
            },
            "meta": self._itlaw_memo_meta(memo.lang),
            "texts": {key: value[memo.lang] for key, value in engine_memo.TEXTS.items()},
            "fmt": lambda value: engine_memo.format_date(value, memo.lang),
        }

    def _itlaw_memo_report_lang(self):
        self.ensure_one()
        return "fr_FR" if self._itlaw_client_lang() == "fr" else "en_US"

    def action_export_memo(self):
        """Draft the AI Act memo (PDF and Word) into the engagement's chatter."""
        self.ensure_one()
        attachments = self._itlaw_memo_files()
        self.message_post(
            body=self.env._("AI Act memo drafted (PDF and Word)."),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachments[1].id}?download=true",
            "target": "self",
        }
