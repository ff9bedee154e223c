from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, tagged, users
from odoo.tools import format_date

from .common import AdvisoryCase


@tagged("post_install", "-at_install")
class TestGdprRegister(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()
        cls.env["res.lang"]._activate_lang("fr_FR")

    @users("t_associe")
    def test_partners_edit_and_print_the_register(self):
        Activity = self.env["itlaw.processing.activity"]
        seeded = Activity.search([])
        self.assertGreaterEqual(len(seeded), 4)
        self.assertTrue(all(seeded.mapped("legal_basis")))
        self.assertTrue(all(seeded.mapped("retention")))
        activity = Activity.create(
            {
                "name": "Recrutement",
                "purpose": "Gérer les candidatures",
                "legal_basis": "Art. 6(1)(b)",
                "data_categories": "CV",
                "retention": "2 ans",
                "security_measures": "Accès restreint",
            }
        )
        activity.retention = "1 an"
        report = self.env.ref("itlaw_ai_advisory.itlaw_processing_activity_report")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            report.report_name, (seeded | activity).ids
        )
        html = html.decode()
        for record in seeded | activity:
            self.assertIn(record.name, html)
        self.assertIn("Gérer les candidatures", html)
        self.assertIn("Accès restreint", html)

    def _register_html(self, activities):
        report = self.env.ref("itlaw_ai_advisory.itlaw_processing_activity_report")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            report.report_name, activities.ids
        )
        return html.decode()

    @users("t_associe")
    def test_register_names_the_controller_the_dpo_and_its_date(self):
        company = self.env.company.sudo()
        dpo = (
            self.env["res.partner"]
            .sudo()
            .create(
                {"name": "Hélène DPO", "email": "dpo@cabinet.example", "phone": "01 02 03 04 05"}
            )
        )
        company.write(
            {
                "email": "contact@cabinet.example",
                "phone": "01 40 00 00 00",
                "company_registry": "123 456 789 00012",
                "itlaw_privacy_contact_id": dpo.id,
                "itlaw_privacy_contact_is_dpo": True,
            }
        )
        activities = self.env["itlaw.processing.activity"].search([])
        activities[:1].purpose = "Revue annuelle"
        html = self._register_html(activities)
        for text in (
            company.name,
            "contact@cabinet.example",
            "01 40 00 00 00",
            "123 456 789 00012",
            "Data protection officer (DPO)",
            "Hélène DPO",
            "dpo@cabinet.example",
            "01 02 03 04 05",
            "Last updated on",
            format_date(self.env, activities[:1].last_update),
        ):
            self.assertIn(text, html)
        self.assertEqual(activities[:1].last_update, max(activities.mapped("last_update")))

        company.itlaw_privacy_contact_is_dpo = False
        html = self._register_html(activities)
        self.assertNotIn("Data protection officer (DPO)", html)
        self.assertIn("Data protection contact", html)
        self.assertIn("No data protection officer appointed", html)

    @users("t_associe")
    def test_register_lists_the_firms_own_processings(self):
        Activity = self.env["itlaw.processing.activity"]
        seeded = Activity.search([])
        french = {
            "processing_activity_client_files": "Dossiers clients",
            "processing_activity_billing": "Conventions d'honoraires et facturation",
            "processing_activity_conflict_checks": "Vérification des conflits d'intérêts",
            "processing_activity_website": "Site internet du cabinet",
        }
        for xmlid, name in french.items():
            activity = self.env.ref(f"itlaw_ai_advisory.{xmlid}")
            self.assertIn(activity, seeded)
            for field in (
                "purpose",
                "legal_basis",
                "data_subjects",
                "data_categories",
                "recipients",
                "retention",
                "security_measures",
            ):
                self.assertTrue(activity[field], f"{xmlid}.{field}")
            self.assertEqual(activity.with_context(lang="fr_FR").name, name)
            self.assertNotEqual(
                activity.with_context(lang="fr_FR").purpose, activity.purpose, "French text"
            )
        html = self._register_html(seeded)
        self.assertIn("Client files (matters)", html)
        self.assertIn("Conflict of interest checks", html)

    def test_retention_simulation_names_its_buttons(self):
        for lang, buttons in (
            ("en_US", ("Anonymise them now", "Close")),
            ("fr_FR", ("Les anonymiser maintenant", "Fermer")),
        ):
            arch = etree.fromstring(
                self.env["itlaw.retention.wizard"]
                .with_context(lang=lang)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual(
                tuple(button.get("string") for button in arch.xpath("//footer/button")), buttons
            )
            with_prospects = " ".join(
                " ".join(arch.xpath("//p[@name='anonymise_hint']//text()")).split()
            )
            nothing = " ".join(" ".join(arch.xpath("//p[@name='nothing_hint']//text()")).split())
            for label in buttons:
                self.assertIn(label, with_prospects, lang)
            self.assertIn(buttons[1], nothing, lang)
            self.assertNotIn("the button", " ".join(arch.itertext()))

    @users("t_avocat")
    def test_lawyers_read_only(self):
        activity = self.env["itlaw.processing.activity"].search([], limit=1)
        self.assertTrue(activity.name)
        with self.assertRaises(AccessError):
            activity.name = "x"
        with self.assertRaises(AccessError):
            self.env["privacy.log"].search([])

    @users("t_associe")
    def test_partners_see_the_request_log(self):
        self.env["res.partner"].sudo().create(
            {"name": "Jean Log", "email": "jean.log@exemple-rgpd.fr"}
        )._itlaw_log("link", "Link to the personal data sent by email")
        logs = self.env["privacy.log"].search([("itlaw_kind", "=", "link")])
        self.assertEqual(logs.anonymized_email, "j***.l**@e***********.fr")

    @users("t_associe")
    def test_settings(self):
        settings = Form(self.env["itlaw.settings"])
        self.assertEqual(settings.privacy_link_days, 7)
        self.assertEqual(settings.retention_years, 3)
        settings.privacy_link_days = 2
        settings.retention_years = 5
        settings.save().action_save()
        parameters = self.env["ir.config_parameter"].sudo()
        self.assertEqual(parameters.get_param("itlaw_ai_advisory.privacy_link_days"), "2")
        self.assertEqual(parameters.get_param("itlaw_ai_advisory.retention_years"), "5")
        with self.assertRaises(ValidationError):
            self.env["itlaw.settings"].create({"retention_years": 0})


@tagged("post_install", "-at_install")
class TestGdprEmails(TransactionCase):
    def test_every_email_of_the_addon_links_the_rights_page(self):
        templates = self.env["ir.model.data"].search(
            [("module", "=", "itlaw_ai_advisory"), ("model", "=", "mail.template")]
        )
        self.assertGreaterEqual(len(templates), 6)
        for template in self.env["mail.template"].browse(templates.mapped("res_id")):
            body = template.body_html
            self.assertTrue("_itlaw_my_data_url()" in body or "itlaw_link" in body, template.name)
            self.assertIn("_itlaw_privacy_notice_url()", body, template.name)

    def test_links_follow_the_person_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        website = self.env["website"].get_current_website()
        website.language_ids |= self.env.ref("base.lang_fr") | self.env.ref("base.lang_en")
        website.default_lang_id = self.env.ref("base.lang_fr")
        Partner = self.env["res.partner"]
        french = Partner.create({"name": "A", "email": "a@exemple-rgpd.fr", "lang": "fr_FR"})
        english = Partner.create({"name": "B", "email": "b@exemple-rgpd.fr", "lang": "en_US"})
        self.assertTrue(french._itlaw_my_data_url().endswith("/mes-donnees"))
        self.assertTrue(english._itlaw_my_data_url().endswith("/en/my-data"))
        self.assertTrue(english._itlaw_privacy_notice_url().endswith("/en/privacy"))
        self.assertTrue(french._itlaw_privacy_notice_url().endswith("/confidentialite"))


@tagged("post_install", "-at_install")
class TestSettingsDefaults(TransactionCase):
    def test_deadline_reminder_defaults_to_thirty_days(self):
        """A setting never saved reads as its default, not as 0 (get_param
        answers False for a missing parameter)."""
        self.env["ir.config_parameter"].search(
            [("key", "=", "itlaw_ai_advisory.engagement_reminder_days")]
        ).unlink()
        self.assertEqual(
            self.env["itlaw.settings"].default_get(["engagement_reminder_days"]),
            {"engagement_reminder_days": 30},
        )
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.itlaw_engagement_reminder_days, 30)
        # 0 stays a valid choice once saved.
        self.env["ir.config_parameter"].set_param("itlaw_ai_advisory.engagement_reminder_days", 0)
        self.assertEqual(
            self.env["res.config.settings"].create({}).itlaw_engagement_reminder_days, 0
        )
