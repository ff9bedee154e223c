"""Catalog 2.0.0 in the addon: the date of the law and the verdicts in plain words
where a result is shown (result page, email, lead), the timeline setting's default,
and what re-scoring does with diagnostics of an older catalog."""

from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from odoo.addons.itlaw_ai_advisory import itlaw_ai_advisory as engine

from .common import CONTACT, CV_SCREENING, AdvisoryCase, FrenchWebsiteCase
from .common import request_info as make_request_info
from .test_migrations import load_migration

LAW_FR = "Droit applicable au 2 décembre 2026"
LAW_EN = "Law as of 2 December 2026"
TIMELINE_PARAM = "itlaw_ai_advisory.timeline"
# The CV screening tool with every deployer duty of Art. 26 in place, the other conformity
# steps not done.
DUTIES_IN_PLACE = {
    **CV_SCREENING,
    "hr_deployer_measures": [
        "human_oversight",
        "logs_kept",
        "workers_informed",
        "persons_informed",
        "explanation_process",
        "incident_process",
    ],
}


def text_of(element):
    return " ".join(element.text_content().split())


@tagged("post_install", "-at_install")
class TestResultPageLaw(FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()

    def result_page(self, lang, prefix="", answers=CV_SCREENING):
        intake = self.env["itlaw.intake"]._submit(
            dict(answers), dict(CONTACT), make_request_info(lang=lang)
        )
        response = self.url_open(
            f"{prefix}/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}",
            timeout=120,  # the first page of a run builds the website's assets
        )
        self.assertEqual(response.status_code, 200)
        return intake, html.fromstring(response.content)

    def test_result_page_states_tier_dpia_verdict_and_the_law_applied(self):
        plain = engine.get_catalog().texts["plain"]
        for lang, code, prefix, law in (
            ("fr_FR", "fr", "", LAW_FR),
            ("en_US", "en", "/en", LAW_EN),
        ):
            with self.subTest(lang=lang):
                # The deployer's Art. 26 duties are in place: only the floor lifts the score.
                intake, page = self.result_page(lang, prefix, DUTIES_IN_PLACE)
                card = page.cssselect(".o_itlaw_band")[0]
                # Next to the band: the AI Act tier and the DPIA verdict in plain words.
                self.assertEqual(
                    text_of(card.cssselect(".o_itlaw_tier")[0]), plain["tier"]["high"][code]
                )
                self.assertIn(
                    plain["dpia"]["not_done"][code], text_of(card.cssselect(".o_itlaw_dpia")[0])
                )
                self.assertEqual(text_of(card.cssselect(".o_itlaw_law_as_of")[0]), law)
                # A high-risk system with no conformity answer reads at least "élevé".
                self.assertIn(intake.band, ("eleve", "critique"))
                self.assertTrue(card.cssselect(".o_itlaw_floor"))
                # Annex III applies from 2 December 2027 under the law in force,
                # a date that says it is not confirmed from the Official Journal.
                badges = " ".join(
                    text_of(badge) for badge in page.cssselect(".o_itlaw_finding .badge")
                )
                self.assertIn("2027-12-02", badges)
                self.assertIn("Journal officiel" if code == "fr" else "Official Journal", badges)


@tagged("post_install", "-at_install")
class TestCatalogLaw(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.intake = cls.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), dict(CONTACT), make_request_info()
        )

    def test_the_assessment_follows_the_law_in_force_and_records_its_date(self):
        self.assertEqual(self.env["ir.config_parameter"].get_param(TIMELINE_PARAM), "omnibus_2026")
        self.assertEqual(self.intake.timeline, "omnibus_2026")
        self.assertEqual(str(self.intake.law_as_of), "2026-12-02")
        self.assertTrue(self.intake.catalog_version.startswith("2.0.0+"))
        self.assertEqual(
            self.env["itlaw.settings"].default_get(["timeline"])["timeline"], "omnibus_2026"
        )
        self.assertEqual(
            self.env["res.config.settings"]._fields["itlaw_timeline"].default(None),
            "omnibus_2026",
        )

    def test_queued_email_states_the_verdicts_and_the_law(self):
        plain = engine.get_catalog().texts["plain"]
        for lang, code, law in (("fr_FR", "fr", LAW_FR), ("en_US", "en", LAW_EN)):
            with self.subTest(lang=lang):
                intake = self.env["itlaw.intake"]._submit(
                    dict(CV_SCREENING),
                    {**CONTACT, "email_from": f"law.{code}@example.fr"},
                    make_request_info(lang=lang),
                )
                self.env["itlaw.intake"]._cron_send_confirmations()
                mail = self.env["mail.mail"].search(
                    [("model", "=", "itlaw.intake"), ("res_id", "=", intake.id)]
                )
                self.assertEqual(len(mail), 1)
                body = text_of(html.fromstring(str(mail.body_html)))
                self.assertIn(law, body)
                self.assertIn(plain["tier"]["high"][code], body)
                self.assertIn(plain["dpia"]["not_done"][code], body)

    def test_lead_diagnostic_tab_shows_the_law_as_of(self):
        lead = self.intake.lead_id.with_user(self.avocat)
        self.assertEqual(str(lead.ai_law_as_of), "2026-12-02")
        with Form(lead) as form:
            self.assertEqual(str(form.ai_law_as_of), "2026-12-02")
        arch = lead.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="ai_law_as_of"', arch)
        label = lead.with_context(lang="fr_FR").fields_get(["ai_law_as_of"])["ai_law_as_of"]
        self.assertEqual(label["string"], "Droit applicable au")
        # The lawyer's chatter note says it too.
        self.assertIn(LAW_FR, str(self.intake._chatter_summary("fr_FR")))

    def test_timeline_labels_say_which_text_is_in_force(self):
        selection = dict(
            self.env["itlaw.settings"]
            .with_context(lang="fr_FR")
            .fields_get(["timeline"])["timeline"]["selection"]
        )
        self.assertIn("2026/1744", selection["omnibus_2026"])
        self.assertNotIn("confirm", " ".join(selection.values()).lower())

    def test_existing_diagnostic_keeps_its_catalog_version_and_score(self):
        """A diagnostic assessed with catalog 1.1.0 keeps its version, timeline and
        score (its evidence) through the upgrade and new submissions."""
        old = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), {**CONTACT, "email_from": "old@example.fr"}, make_request_info()
        )
        self.env.cr.execute(
            "UPDATE itlaw_intake SET catalog_version = '1.1.0+0ff1ce00', score = 20, "
            "band = 'modere', timeline = 'regulation_2024', law_as_of = NULL WHERE id = %s",
            [old.id],
        )
        old.invalidate_recordset()
        self.env["itlaw.rule.setting"]._sync_with_catalog()
        load_migration("18.0.1.4.0", "post-migrate").migrate(self.env.cr, "18.0.1.3.0")
        self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), {**CONTACT, "email_from": "new@example.fr"}, make_request_info()
        )
        old.invalidate_recordset()
        self.assertEqual(
            (old.catalog_version, old.score, old.band, old.timeline),
            ("1.1.0+0ff1ce00", 20, "modere", "regulation_2024"),
        )
        self.assertFalse(old.law_as_of)
        self.assertEqual(old._result_values("fr_FR")["law_as_of"], "")
        with self.assertRaises(AccessError):
            old.with_user(self.associe).write({"score": 90})

    def test_rescoring_reports_answers_the_new_questionnaire_refuses(self):
        """A partner re-scores the open leads: a diagnostic whose stored answers the new
        catalog no longer accepts keeps its old assessment and is reported, lead and
        question named; the others move to catalog 2.0.0."""
        fits = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), {**CONTACT, "email_from": "fits@example.fr"}, make_request_info()
        )
        refused = self.env["itlaw.intake"]._submit(
            dict(CV_SCREENING), {**CONTACT, "email_from": "refused@example.fr"}, make_request_info()
        )
        # Both assessed by catalog 1.1.0; the refused one answered an option 2.0.0 dropped.
        self.env.cr.execute(
            "UPDATE itlaw_intake SET catalog_version = '1.1.0+0ff1ce00', score = 20, "
            "band = 'modere' WHERE id IN %s",
            [(fits.id, refused.id)],
        )
        refused.with_context(itlaw_engine_path=True).answers = {
            **CV_SCREENING,
            "proj_gpai": "retired_option",
        }
        (fits | refused).invalidate_recordset()
        findings_before = refused.finding_ids.ids
        setting = self.env["itlaw.rule.setting"].with_user(self.associe).search([], limit=1)
        action = setting.action_rescore_open_leads()
        self.assertEqual(action["params"]["type"], "warning")
        message = action["params"]["message"]
        question = engine.get_catalog().questions["proj_gpai"].label["en"]
        self.assertIn(refused.name, message)
        self.assertIn(refused.lead_id.name, message)
        self.assertIn(question, message)
        self.assertNotIn(fits.name, message)
        (fits | refused).invalidate_recordset()
        self.assertTrue(fits.catalog_version.startswith("2.0.0+"))
        self.assertEqual(fits.band, "eleve")
        self.assertEqual(
            (refused.catalog_version, refused.score, refused.band),
            ("1.1.0+0ff1ce00", 20, "modere"),
        )
        self.assertEqual(refused.finding_ids.ids, findings_before)
        for thread in (refused, refused.lead_id):
            note = thread.message_ids[:1].body
            self.assertIn("no longer fit the catalog", note)
            self.assertIn(question, note)
            self.assertIn(refused.lead_id.name, note)

    def test_migration_moves_the_old_default_timeline_to_the_law_in_force(self):
        params = self.env["ir.config_parameter"]
        params.set_param(TIMELINE_PARAM, "regulation_2024")
        module = load_migration("18.0.1.4.0", "post-migrate")
        module.migrate(self.env.cr, "18.0.1.3.0")
        self.assertEqual(params.get_param(TIMELINE_PARAM), "omnibus_2026")
        module.migrate(self.env.cr, False)  # a new database: nothing to do
        self.assertEqual(params.get_param(TIMELINE_PARAM), "omnibus_2026")
