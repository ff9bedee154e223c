import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..itlaw_ai_advisory import fria as engine_fria
from ..itlaw_ai_advisory import memo as engine_memo
from ..models import itlaw_deliverable
from .common import CONTACT, CV_SCREENING, HARMLESS, AdvisoryCase, clear_conflict_check
from .common import request_info as make_request_info
from .deliverables_common import docx_text, pdf_text, render_pdf

# A credit-scoring tool used by a bank: Annex III point 5(b), a deployer in Art. 27's scope.
CREDIT_SCORING = {
    **CV_SCREENING,
    "proj_annex_iii": ["credit_scoring"],
    "data_subjects": ["customers"],
}
MEMO_REPORT = "itlaw_ai_advisory.report_ai_act_memo"


class DeliverablesCase(AdvisoryCase):
    @classmethod
    def make_engagement(cls, answers, lang="fr_FR", email="client@example.org", user=None):
        intake = cls.env["itlaw.intake"]._submit(
            dict(answers), dict(CONTACT, email_from=email), make_request_info(lang)
        )
        client = cls.env["res.partner"].create(
            {"name": f"Client {email}", "is_company": True, "email": email}
        )
        # A matter opens from a lead only once a partner cleared its conflicts.
        clear_conflict_check(intake.lead_id)
        return cls.env["itlaw.engagement"].create(
            {
                "partner_id": client.id,
                "user_id": (user or cls.avocat).id,
                "lead_id": intake.lead_id.id,
                "intake_id": intake.id,
            }
        )


@tagged("post_install", "-at_install")
class TestAiActMemo(DeliverablesCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.french = cls.make_engagement(CV_SCREENING)
        cls.english = cls.make_engagement(CV_SCREENING, "en_US", "en@example.org")
        cls.harmless = cls.make_engagement(HARMLESS, "en_US", "harmless@example.org")

    def _todo(self, engagement, days, summary):
        engagement.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=datetime.date.today() + datetime.timedelta(days=days),
            summary=summary,
            user_id=self.avocat.id,
        )

    def test_memo_facts_qualification_obligations_roadmap(self):
        self._todo(self.french, 40, "Second step")
        self._todo(self.french, 10, "First step")
        memo = self.french.with_user(self.avocat)._itlaw_memo()
        self.assertEqual(memo.lang, "fr")
        self.assertEqual(memo.tier, "high")
        self.assertEqual(memo.roles, ["Déployeur (nous utilisons le système)"])
        self.assertIn("annexe III, point 4(a)", memo.annex_iii_reference)
        self.assertIn("aia_deployer_duties", [o.rule for o in memo.obligations])
        titles = [title for _date, title, _note in memo.roadmap]
        self.assertLess(titles.index("First step"), titles.index("Second step"))
        # Under the timeline set in force, Annex III applies from 2 August 2026.
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.timeline", "regulation_2024")
        memo = self.french._itlaw_memo()
        dates = {o.rule: o.applies_from for o in memo.obligations}
        self.assertEqual(dates["aia_high_risk_annex_iii"], datetime.date(2026, 8, 2))
        harmless = self.harmless._itlaw_memo()
        self.assertEqual(harmless.why_none, engine_memo.TEXTS["why_none"]["en"])

    def test_roadmap_holds_the_deliverable_tasks_and_deadline_to_dos_in_order(self):
        # Opening the matter's project makes the deliverable tasks and the
        # deadline reminders of the client's tier.
        self.english.with_user(self.avocat)._create_projects()
        tasks = self.english.project_id.task_ids
        self.assertTrue(tasks)
        self.assertTrue(self.english.activity_ids)
        roadmap = self.english._itlaw_memo().roadmap
        titles = [title for _date, title, _note in roadmap]
        self.assertEqual(
            set(titles),
            set(tasks.mapped("name")) | set(self.english.activity_ids.mapped("summary")),
        )
        dates = [date for date, _title, _note in roadmap]
        self.assertEqual(dates, sorted(dates))
        tasks[:1].state = "1_done"
        self.assertNotIn(tasks[:1].name, [t for _d, t, _n in self.english._itlaw_memo().roadmap])

    def test_no_diagnostic_no_memo(self):
        engagement = self.env["itlaw.engagement"].create(
            {"partner_id": self.french.partner_id.id, "user_id": self.avocat.id}
        )
        with self.assertRaisesRegex(UserError, "no AI diagnostic"):
            engagement.with_user(self.avocat).action_export_memo()

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_memo_pdf_and_docx_in_both_languages_with_the_partners_paragraphs(self):
        template = self.env.ref("itlaw_ai_advisory.itlaw_memo_template_fr").with_user(self.associe)
        template.intro = "<p>Paragraphe type du cabinet</p>"
        with self.assertRaises(AccessError):
            self.env.ref("itlaw_ai_advisory.itlaw_memo_template_en").with_user(
                self.avocat
            ).intro = "<p>Mine</p>"
        self._todo(self.french, 5, "Étape planifiée")
        for engagement, expected, absent in (
            (self.french, ["Note AI Act", "Qualification du système", "Paragraphe type du cabinet",
                           "Feuille de route", "Étape planifiée", "Droit applicable au"],
             "Compliance roadmap"),
            (self.english, ["AI Act memo", "Qualification of the system", "Compliance roadmap",
                            "Law as of", "You asked us"], "Feuille de route"),
        ):  # fmt: skip
            with self.subTest(lang=engagement.intake_id.lang):
                intake = engagement.intake_id
                pdf = pdf_text(render_pdf(self.env, MEMO_REPORT, engagement.ids))
                engagement.with_user(self.avocat).with_context(
                    force_report_rendering=True
                ).action_export_memo()
                files = engagement.message_ids[0].attachment_ids
                self.assertEqual(
                    sorted(files.mapped("mimetype")),
                    ["application/pdf", "application/vnd.openxmlformats-officedocument"
                     ".wordprocessingml.document"],
                )  # fmt: skip
                docx, properties = docx_text(files.filtered(lambda a: a.name.endswith(".docx")).raw)
                for text in (pdf, docx):
                    for term in [*expected, intake.catalog_version]:
                        self.assertIn(term, text)
                    self.assertNotIn(absent, text)
                self.assertEqual(properties.version, intake.catalog_version)
                self.assertIn(intake.assessed_on.isoformat(), properties.keywords)


@tagged("post_install", "-at_install")
class TestFria(DeliverablesCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.bank = cls.make_engagement(CREDIT_SCORING)
        cls.recruiter = cls.make_engagement(CV_SCREENING, email="rh@example.org")

    def test_fria_only_where_article_27_applies(self):
        self.assertTrue(self.bank.fria_required)
        self.assertFalse(self.recruiter.fria_required)
        with self.assertRaisesRegex(UserError, "Art. 27"):
            self.recruiter.with_user(self.avocat).action_create_fria()
        self.assertFalse(self.env["itlaw.fria"].search([("engagement_id", "=", self.recruiter.id)]))

    def test_fria_prefilled_from_answers_and_notification_reminder(self):
        action = self.bank.with_user(self.avocat).action_create_fria()
        fria = self.env["itlaw.fria"].browse(action["res_id"])
        self.assertEqual(fria.engagement_id, self.bank)
        self.assertEqual(fria.lang, "fr")
        self.assertEqual(fria.catalog_version, self.bank.intake_id.catalog_version)
        self.assertIn("Évaluation de la solvabilité", fria.process)
        for key in ("process", "period", "persons", "risks", "oversight", "remedies"):
            with self.subTest(element=key):
                # What only the deployer can tell is flagged, never invented.
                self.assertIn("À compléter :", fria[key])
        self.assertEqual(fria.to_complete_count, 0)
        fria.with_user(self.avocat).period = False
        self.assertEqual(fria.to_complete_count, 1)
        activity = fria.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Art. 27(3)", activity.summary)
        self.assertEqual(activity.user_id, self.avocat)
        self.assertGreater(activity.date_deadline, datetime.date.today())
        # The DOCX carries every element, the blank one flagged.
        fria.with_user(self.avocat).action_export_docx()
        text, properties = docx_text(fria.message_ids[0].attachment_ids.raw)
        for element in engine_fria.ELEMENTS:
            self.assertIn(engine_fria.element_title(element.key, "fr"), text)
        self.assertEqual(text.count("À compléter."), 1)
        self.assertIn("art. 27(3)", text)
        self.assertEqual(properties.version, fria.catalog_version)

    def test_scope_is_the_workflows_and_other_teams_see_nothing(self):
        fria = self.env["itlaw.fria"].browse(
            self.bank.with_user(self.avocat).action_create_fria()["res_id"]
        )
        with self.assertRaises(AccessError):
            fria.with_user(self.avocat).engagement_id = self.recruiter
        with self.assertRaises(AccessError):
            self.env["itlaw.fria"].with_user(self.avocat).create(
                {"name": "Forged", "engagement_id": self.bank.id}
            )
        with self.assertRaises(AccessError):
            fria.with_user(self.avocate).read(["process"])
        self.assertEqual(fria.with_user(self.associe).name, fria.name)


@tagged("post_install", "-at_install")
class TestDeliverablePublishing(DeliverablesCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.engagement = cls.make_engagement(CV_SCREENING)

    def test_publishing_and_withdrawing_are_the_lawyers(self):
        dpia = self.env["itlaw.dpia"].browse(
            self.engagement.with_user(self.avocat).action_create_dpia()["res_id"]
        )
        dpia.with_user(self.avocat).action_publish_pia()
        deliverable = self.engagement.deliverable_ids
        self.assertTrue(deliverable.published)
        self.assertEqual(deliverable.kind, "dpia")
        self.assertTrue(deliverable.attachment_id.name.endswith(".json"))
        self.assertEqual(deliverable.attachment_id.res_model, "itlaw.deliverable")
        with self.assertRaises(AccessError):
            deliverable.with_user(self.avocat).published = False
        with self.assertRaises(AccessError):
            self.env["itlaw.deliverable"].with_user(self.avocat).create(
                {"name": "Forged", "engagement_id": self.engagement.id, "published": True}
            )
        deliverable.with_user(self.avocat).action_unpublish()
        self.assertFalse(deliverable.published)
        with self.assertRaises(AccessError):
            deliverable.with_user(self.avocate).action_publish()

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_publish_the_memo_and_the_dpia_pdf(self):
        self.env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        engagement = self.engagement.with_user(self.avocat).with_context(
            force_report_rendering=True
        )
        engagement.action_publish_memo()
        dpia = self.env["itlaw.dpia"].browse(engagement.action_create_dpia()["res_id"])
        dpia.with_user(self.avocat).with_context(force_report_rendering=True).action_publish_pdf()
        files = self.engagement.deliverable_ids.mapped("attachment_id")
        self.assertEqual(
            sorted(files.mapped("mimetype")),
            sorted(["application/pdf", "application/pdf", engine_word_mimetype()]),
        )
        memo_pdf = files.filtered(lambda a: a.mimetype == "application/pdf" and "Note" in a.name)
        self.assertIn("Note AI Act", pdf_text(memo_pdf.raw))
        # Nothing left over in the engagement's chatter by publishing the memo.
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "itlaw.engagement"), ("res_id", "=", self.engagement.id)]
            )
        )

    def test_an_upload_over_the_limit_is_refused_and_nothing_is_written(self):
        Deliverable = self.env["itlaw.deliverable"]
        with patch.object(itlaw_deliverable, "MAX_UPLOAD_BYTES", 10):
            with self.assertRaisesRegex(UserError, "too large"):
                Deliverable._itlaw_client_upload(self.engagement, "big.pdf", b"%PDF-1.4 12345")
            Deliverable._itlaw_client_upload(self.engagement, "small.pdf", b"%PDF-1.4")
        self.assertEqual(self.engagement.deliverable_ids.mapped("name"), ["small.pdf"])
        with self.assertRaisesRegex(UserError, "cannot be uploaded"):
            Deliverable._itlaw_client_upload(self.engagement, "../../evil.HTML", b"<p>")
        with self.assertRaisesRegex(UserError, "cannot be uploaded"):
            Deliverable._itlaw_client_upload(self.engagement, "no_extension", b"data")

    def test_invite_the_client_gives_him_a_portal_account(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Jeanne Client",
                "email": "jeanne@client.example.org",
                "parent_id": self.engagement.partner_id.id,
            }
        )
        self.engagement.with_user(self.avocat).action_invite_client()
        self.assertTrue(contact.user_ids._is_portal())
        self.assertFalse(self.engagement.partner_id.user_ids)
        self.assertIn("Jeanne Client", self.engagement.message_ids[0].body)
        with self.assertRaises(AccessError):
            self.make_engagement(CV_SCREENING, email="x@example.org", user=self.avocate).with_user(
                self.avocat
            ).action_invite_client()


def engine_word_mimetype():
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
