"""French first, English complete: the shipped i18n/fr.po as the visitor, the
prospect and the lawyer see it.

The terms of i18n/fr.po are loaded for every active language when the addon is
installed (with demo data, demo/website_demo.xml activates fr_FR); activating
French here, on a database without it, loads them as well."""

from datetime import datetime

from lxml import html
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CONTACT, CV_SCREENING, FrenchWebsiteCase, request_info

CONTACT_EN = {
    **CONTACT,
    "contact_name": "John Smith",
    "email_from": "john.smith@example.com",
    "partner_name": "Hiring Bots Ltd",
}


@tagged("post_install", "-at_install")
class TestFrenchTranslations(FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()
        cls.Intake = cls.env["itlaw.intake"]

    def fr(self, record):
        return record.with_context(lang="fr_FR")

    def en(self, record):
        return record.with_context(lang="en_US")

    def page(self, url, **kwargs):
        response = self.url_open(url, **kwargs)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def text(self, page, selector):
        return " ".join(" ".join(node.text_content().split()) for node in page.cssselect(selector))

    # ------------------------------------------------------------------
    # Backend
    # ------------------------------------------------------------------
    def test_menus_groups_and_labels(self):
        menu = self.env.ref("itlaw_ai_advisory.menu_root")
        self.assertEqual(self.fr(menu).name, "Conseil IA")
        self.assertEqual(self.en(menu).name, "AI Advisory")
        self.assertEqual(
            self.fr(self.env.ref("itlaw_ai_advisory.itlaw_intake_menu")).name, "Diagnostics"
        )
        self.assertEqual(self.fr(self.env.ref("itlaw_ai_advisory.group_lawyer")).name, "Avocat")
        self.assertEqual(self.fr(self.env.ref("itlaw_ai_advisory.group_partner")).name, "Associé")
        fields_fr = self.fr(self.Intake).fields_get(["band", "ai_act_tier", "dpia_required"])
        self.assertEqual(fields_fr["dpia_required"]["string"], "AIPD requise")
        self.assertEqual(
            dict(fields_fr["band"]["selection"]),
            {"faible": "Faible", "modere": "Modéré", "eleve": "Élevé", "critique": "Critique"},
        )
        self.assertEqual(
            dict(fields_fr["ai_act_tier"]["selection"])["transparency"],
            "Obligations de transparence",
        )
        self.assertEqual(
            self.en(self.Intake).fields_get(["dpia_required"])["dpia_required"]["string"],
            "DPIA required",
        )
        # A view's terms: the intake form in French.
        arch = self.fr(self.Intake).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('string="Constats"', arch)
        self.assertIn('string="Recalculer"', arch)

    def test_lead_named_in_the_lawyer_language(self):
        (self.associe | self.avocat | self.avocate).lang = "fr_FR"
        intake = self.Intake._submit(
            dict(CV_SCREENING), dict(CONTACT_EN), request_info(lang="en_US")
        )
        self.assertEqual(intake.lead_id.name, "Diagnostic IA – Hiring Bots Ltd")

    def test_chatter_summary_in_french(self):
        intake = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        self.assertTrue(intake.dpia_required)
        summary = str(intake._chatter_summary("fr_FR"))
        self.assertIn(f"Diagnostic IA {intake.name} reçu", summary)
        # The WP248 criteria in words, not their codes (C1, C8...).
        self.assertIn(
            "AIPD : requise. Critères WP248 réunis : évaluation ou notation, y compris le "
            "profilage ; personnes vulnérables",
            summary,
        )
        self.assertNotRegex(summary, r"\bC\d\b")
        self.assertIn("Principaux constats :", summary)
        english = str(intake._chatter_summary("en_US"))
        self.assertIn(
            "DPIA: required. WP248 criteria met: evaluation or scoring, including profiling; ",
            english,
        )
        top = intake.finding_ids.sorted("points", reverse=True)[0]
        self.assertIn(escape(top.finding_en), english)
        self.assertIn(escape(top.finding_fr), summary)
        self.assertIn("Catégorie AI Act : Haut risque", summary)
        # As while modules install, before Odoo loads the database's catalogs
        # (the demo's diagnostics read "Catégorie AI Act : High-risk").
        self.env.ref("itlaw_ai_advisory.selection__itlaw_intake__ai_act_tier__high").with_context(
            lang="fr_FR"
        ).name = "High-risk"
        summary = str(intake._chatter_summary("fr_FR"))
        self.assertIn("Catégorie AI Act : Haut risque", summary)

    # ------------------------------------------------------------------
    # Website
    # ------------------------------------------------------------------
    def test_diagnostic_page_in_french_and_english(self):
        page = self.page("/diagnostic-ia")
        self.assertEqual(page.cssselect("html")[0].get("lang"), "fr-FR")
        self.assertEqual(self.text(page, "h1"), "Diagnostic de projet d'IA")
        self.assertIn("Diagnostic IA", self.text(page, "title"))
        self.assertEqual(self.text(page, "button.o_itlaw_submit"), "Obtenir ma pré-évaluation")
        self.assertIn("Vos coordonnées", self.text(page, "#step_contact h2"))
        self.assertIn("convention d'honoraires", self.text(page, ".o_itlaw_disclaimer"))
        labels = self.text(page, "#step_contact label")
        for label in ("Nom", "E-mail", "Téléphone", "Fonction"):
            self.assertIn(label, labels)
        english = self.page("/en/diagnostic-ia")
        self.assertEqual(self.text(english, "h1"), "AI project diagnostic")
        self.assertEqual(self.text(english, "button.o_itlaw_submit"), "Get my pre-assessment")

    def test_french_validation_messages(self):
        form = MultiDict({"contact_name": "", "email_from": "jeanne"})
        _contact, errors = self.fr(self.Intake)._parse_contact(form)
        self.assertEqual(errors["contact_name"], "Ce champ est obligatoire.")
        self.assertEqual(
            errors["email_from"],
            "Cette adresse e-mail ne semble pas valide (exemple : jeanne@example.fr).",
        )
        self.assertEqual(
            errors["privacy_consent"],
            "Veuillez accepter le traitement de vos données pour recevoir votre pré-évaluation.",
        )
        _contact, errors = self.en(self.Intake)._parse_contact(form)
        self.assertEqual(errors["contact_name"], "This field is required.")
        # The same messages on the page a French visitor gets back.
        csrf = self.page("/diagnostic-ia").cssselect("input[name=csrf_token]")[0].get("value")
        page = self.page(
            "/diagnostic-ia/submit",
            data={"csrf_token": csrf, "contact_name": "Jeanne", "email_from": "jeanne"},
        )
        summary = self.text(page, "#o_itlaw_error_summary")
        self.assertIn("Veuillez vérifier les réponses signalées :", summary)
        self.assertIn("ne semble pas valide", summary)

    def test_model_names_in_french_in_the_chatter(self):
        """Issue 20 item 10: "Dossier créé", never "Engagement (matter) créé",
        also for the records created while modules install, before Odoo loads
        the database's catalogs (ir.model's name then holds English alone)."""
        partner = self.env["res.partner"].create({"name": "Client Chatter SAS", "is_company": True})
        Engagement = self.fr(self.env["itlaw.engagement"]).with_context(tracking_disable=False)
        engagement = Engagement.create({"partner_id": partner.id})
        self.assertEqual(engagement.message_ids[-1].body, "<p>Dossier créé</p>")
        model = self.env["ir.model"]._get("itlaw.engagement")
        model.with_context(lang="fr_FR").name = "Engagement (matter)"
        engagement = Engagement.create({"partner_id": partner.id})
        self.assertEqual(engagement.message_ids[-1].body, "<p>Dossier créé</p>")
        self.assertEqual(self.en(engagement).message_ids[-1].body, "<p>Dossier créé</p>")
        english = (
            self.en(self.env["itlaw.engagement"])
            .with_context(tracking_disable=False)
            .create({"partner_id": partner.id})
        )
        self.assertEqual(english.message_ids[-1].body, "<p>Engagement (matter) created</p>")

    def test_workflow_refusal_names_the_model_in_french(self):
        partner = self.env["res.partner"].create({"name": "Client Refus SAS", "is_company": True})
        engagement = self.fr(self.env["itlaw.engagement"]).create({"partner_id": partner.id})
        with self.assertRaises(AccessError) as caught:
            engagement._itlaw_refuse_workflow_fields({"stage"})
        self.assertIn("Dossier", str(caught.exception))
        self.assertNotIn("Engagement (matter)", str(caught.exception))

    def test_conflict_subjects_name_the_party_kinds_in_french(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Piste partie adverse",
                "itlaw_party_ids": [Command.create({"name": "Rival SAS", "kind": "counterparty"})],
            }
        )
        subjects, _excluded = self.fr(self.env["itlaw.conflict.check"])._itlaw_subjects(
            lead, self.env["itlaw.engagement"], lead.partner_id
        )
        labels = [subject["label"] for subject in subjects]
        self.assertIn("Rival SAS (Partie adverse)", labels)
        self.assertNotIn("Rival SAS (Counterparty)", labels)

    def test_result_page_explains_the_wp248_criteria_in_words(self):
        """Issue 20 item 11: criteria in words, not "C1, C8, C9"."""
        intake = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        self.assertTrue(intake.assessment["dpia"]["criteria"])
        page = self.page(f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}")
        reason = self.text(page, ".o_itlaw_dpia")
        self.assertNotRegex(reason, r"\bC\d\b")
        self.assertIn("évaluation ou notation, y compris le profilage", reason)

    def test_score_card_fits_a_phone(self):
        """Issue 20 item 11: the score card within a 390 px screen."""
        intake = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.browser_js(
            f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}",
            """
            const card = document.querySelector('.o_itlaw_band');
            const right = Math.min(
                card.getBoundingClientRect().right, document.documentElement.clientWidth
            );
            const wide = [...card.querySelectorAll('*')].filter(
                (node) => node.getBoundingClientRect().right > right + 0.5
            );
            if (wide.length) {
                console.error('Wider than the card: ' + wide.map((n) => n.className).join(', '));
            } else {
                console.log('test successful');
            }
            """,
            cookies={"frontend_lang": "fr_FR"},
        )

    def test_result_page_in_french(self):
        intake = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        page = self.page(f"/diagnostic-ia/result/{intake.id}?access_token={intake.access_token}")
        self.assertEqual(self.text(page, "h1"), "Pré-évaluation de votre projet d'IA")
        self.assertIn(f"Référence {intake.name}", self.text(page, "p.text-muted"))
        self.assertIn("Points principaux", self.text(page, "h2"))
        self.assertIn("Prochaine étape", self.text(page, ".o_itlaw_next_step h2"))

    def test_result_page_cites_the_law_in_the_prospects_language(self):
        intake_fr = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        intake_en = self.Intake._submit(
            dict(CV_SCREENING), dict(CONTACT_EN), request_info(lang="en_US")
        )
        findings = {
            intake: self.text(self.page(f"{prefix}{intake.get_portal_url()}"), ".o_itlaw_finding")
            for intake, prefix in ((intake_fr, ""), (intake_en, "/en"))
        }
        self.assertIn("AI Act art. 6(2) ; annexe III, point 4(a)–(b)", findings[intake_fr])
        self.assertIn("AI Act Art. 6(2); Annex III, point 4(a)–(b)", findings[intake_en])
        self.assertNotIn("annexe", findings[intake_en])

    def test_booking_page_in_french(self):
        page = self.page("/consultation")
        self.assertEqual(self.text(page, "h1"), "Réserver une consultation")
        if page.cssselect(".o_itlaw_no_type"):
            self.assertIn("Aucune consultation ne peut être réservée", self.text(page, "p"))
        else:
            self.assertIn("Choisissez un horaire", self.text(page, "legend"))
            self.assertIn("Fuseau horaire", self.text(page, ".o_itlaw_tz_form label"))

    # ------------------------------------------------------------------
    # Emails
    # ------------------------------------------------------------------
    def test_intake_confirmation_in_the_prospects_language(self):
        intake_fr = self.Intake._submit(dict(CV_SCREENING), dict(CONTACT), request_info())
        intake_en = self.Intake._submit(
            dict(CV_SCREENING), dict(CONTACT_EN), request_info(lang="en_US")
        )
        self.Intake._cron_send_confirmations()
        mails = {
            intake: self.env["mail.mail"].search(
                [("model", "=", "itlaw.intake"), ("res_id", "=", intake.id)]
            )
            for intake in (intake_fr, intake_en)
        }
        mail_fr, mail_en = mails[intake_fr], mails[intake_en]
        self.assertEqual(mail_fr.subject, f"Pré-évaluation de votre projet d'IA ({intake_fr.name})")
        body_fr = str(mail_fr.body_html)
        for text in ("Bonjour Jeanne Dupont", "Niveau de risque :", "convention d'honoraires"):
            self.assertIn(text, body_fr)
        self.assertNotIn("Hello", body_fr)
        self.assertEqual(mail_en.subject, f"Your AI project pre-assessment ({intake_en.name})")
        body_en = str(mail_en.body_html)
        for text in ("Hello John Smith", "Risk level:", "fee agreement"):
            self.assertIn(text, body_en)
        self.assertNotIn("Bonjour", body_en)
        # Legal references too, down to the point: "annexe III, point 4(a)–(b)".
        self.assertIn("AI Act art. 6(2) ; annexe III, point 4(a)–(b)", body_fr)
        self.assertIn("AI Act Art. 6(2); Annex III, point 4(a)–(b)", body_en)
        self.assertNotIn("annexe", body_en)

    def test_consultation_emails_in_the_prospects_language(self):
        ctype = self.env.ref("itlaw_ai_advisory.consultation_type_first")
        prospects = self.env["res.partner"].create(
            [
                {"name": "Jeanne Dupont", "email": "jeanne@example.fr", "lang": "fr_FR"},
                {"name": "John Smith", "email": "john@example.com", "lang": "en_US"},
            ]
        )
        expected = {
            "mail_template_consultation_booked": (
                "Votre consultation avec",
                "Your consultation with",
                "est confirmée",
                "is confirmed",
            ),
            "mail_template_consultation_rescheduled": (
                "Votre consultation a été déplacée",
                "Your consultation was moved",
                "a été déplacée à un nouvel horaire",
                "was moved to a new time",
            ),
            "mail_template_consultation_cancelled": (
                "Votre consultation est annulée",
                "Your consultation is cancelled",
                "Vous pouvez en réserver une autre",
                "You can book another one",
            ),
            "mail_template_consultation_reminder": (
                "Rappel : votre consultation de demain",
                "Reminder: your consultation tomorrow",
                "Nous vous rappelons votre consultation",
                "This is a reminder of your consultation",
            ),
        }
        for prospect, french in zip(prospects, (True, False), strict=True):
            event = self.env["calendar.event"].create(
                {
                    "name": f"{ctype.name} – {prospect.name}",
                    "start": datetime(2026, 12, 1, 9, 0),
                    "stop": datetime(2026, 12, 1, 9, 45),
                    "user_id": self.avocat.id,
                    "partner_ids": [Command.set((self.avocat.partner_id | prospect).ids)],
                    "itlaw_consultation_type_id": ctype.id,
                    "itlaw_prospect_id": prospect.id,
                    "itlaw_state": "booked",
                    "itlaw_booking_token": "test-token",
                    "itlaw_booking_tz": "Europe/Paris",
                }
            )
            attendee = event.attendee_ids.filtered(lambda a, p=prospect: a.partner_id == p)
            for xmlid, (subject_fr, subject_en, body_fr, body_en) in expected.items():
                with self.subTest(template=xmlid, french=french):
                    template = self.env.ref(f"itlaw_ai_advisory.{xmlid}")
                    values = template._generate_template(attendee.ids, ["subject", "body_html"])
                    subject = values[attendee.id]["subject"]
                    body = str(values[attendee.id]["body_html"])
                    self.assertIn(subject_fr if french else subject_en, subject)
                    self.assertIn(body_fr if french else body_en, body)
                    self.assertIn(
                        "mardi 1 décembre 2026, 10:00" if french else "Tuesday 1 December 2026",
                        body,
                    )
                    self.assertIn("Bonjour" if french else "Hello", body)
