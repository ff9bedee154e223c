from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, tagged, users

from .common import AdvisoryCase


@tagged("post_install", "-at_install")
class TestGdprRegister(AdvisoryCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_firm()

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
