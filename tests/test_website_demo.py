from lxml import html

from odoo.tests import HttpCase, tagged

PLACEHOLDERS = ("YourLogo", "555-555", "We are a team of passionate people", "yourcompany")
LINKS = ("/diagnostic-ia", "/consultation", "/confidentialite")


@tagged("post_install", "-at_install")
class TestWebsiteDemo(HttpCase):
    """The demo website is the firm's: no theme placeholder is left (demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        if not cls.env.ref("itlaw_ai_advisory.footer_demo", raise_if_not_found=False):
            # Without demo data there is no demo website to check: fail, never skip.
            raise AssertionError("The addon's demo data is not installed")
        # As `make run` (--load-language=fr_FR): Odoo's own French, the
        # templates' texts included, which the addon's views must not rely on.
        cls.env["ir.module.module"]._load_module_terms(["website", "website_crm"], ["fr_FR"])
        cls.env.registry.clear_cache("templates")

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text, html.fromstring(response.content)

    def test_home_and_contact_pages_show_the_firm(self):
        self.assertEqual(self.company.name, "ITLAW Avocats")
        self.assertEqual(self.company.email, "contact@itlaw-avocats.fr")
        # French first: the website's default language, its home page in French.
        website = self.env.ref("website.default_website")
        self.assertEqual(website.default_lang_id.code, "fr_FR")
        text, _page = self.page("/fr/")
        self.assertIn("Liens utiles", text)
        self.assertIn("Commencer le diagnostic IA", text)
        text, _page = self.page("/fr/contactus")
        self.assertIn("un avocat du cabinet vous répond", text)
        for url in ("/", "/contactus", "/contactus-thank-you", "/en/", "/en/contactus"):
            text, page = self.page(url)
            for placeholder in PLACEHOLDERS:
                self.assertNotIn(placeholder, text, url)
            self.assertNotIn("example.com", text, url)
            self.assertIn("ITLAW Avocats", text, url)
            self.assertIn("+33 1 40 00 00 00", text, url)
            footer_links = {
                link.get("href").removeprefix("/en") for link in page.xpath("//footer//a[@href]")
            }
            for link in LINKS:
                self.assertIn(link, footer_links, url)
            logo = page.xpath("//header//a[hasclass('navbar-brand')]//img")
            self.assertTrue(logo, url)

    def test_privacy_notice_page(self):
        """The footer's privacy link leads to the notice, in French and in English."""
        text, page = self.page("/fr/confidentialite")
        self.assertIn("Vos droits", text)
        self.assertIn("contact@itlaw-avocats.fr", text)
        self.assertEqual(page.xpath("//h1")[0].text_content(), "Politique de confidentialité")
        # The demo firm has no DPO: its partner is the named contact point.
        contact = " ".join(page.cssselect(".o_itlaw_contact_point")[0].text_content().split())
        self.assertIn("n'a pas désigné de délégué à la protection des données", contact)
        self.assertIn("Claire Martin", page.cssselect(".o_itlaw_privacy_contact")[0].text_content())
        text, _page = self.page("/en/confidentialite")
        self.assertIn("Your rights", text)
        self.assertIn("lead-enrichment", text)
        self.assertIn("Claire Martin", text)

    def test_public_forms_link_the_privacy_notice_beside_consent(self):
        """Consent is given knowing the notice: each form links it in the visitor's language."""
        for url, form in (("/fr/diagnostic-ia", "#step_consent"), ("/fr/consultation", "form")):
            _text, page = self.page(url)
            links = page.cssselect(f'{form} a[href$="/confidentialite"]')
            self.assertEqual(
                [" ".join(link.text_content().split()) for link in links[:1]],
                ["Politique de confidentialité"],
                url,
            )
        _text, page = self.page("/en/diagnostic-ia")
        links = page.cssselect('#step_consent a[href$="/confidentialite"]')
        self.assertEqual([link.text_content().strip() for link in links], ["Privacy notice"])

    def test_legal_notice_of_the_demo_firm(self):
        text, _page = self.page("/fr/mentions-legales")
        for expected in (
            "Mentions légales",
            "barreau de Paris",
            "123 456 789 00012",
            "FR32123456789",
            "Claire Martin",
            "OVH SAS",
        ):
            self.assertIn(expected, text)
        for url in ("/", "/en/"):
            _text, page = self.page(url)
            links = {a.get("href").removeprefix("/en") for a in page.xpath("//footer//a[@href]")}
            self.assertIn("/mentions-legales", links, url)

    def test_demo_fee_agreements(self):
        """Titled in French, each the work of a lawyer of the firm (the fees
        pivot's *Lawyer*), and every one shown as sent could be sent."""
        agreements = self.env["itlaw.fee.agreement"].search([])
        self.assertGreaterEqual(len(agreements), 4)
        lawyers = self.env.ref("itlaw_ai_advisory.group_lawyer").users
        for agreement in agreements:
            self.assertIn("Convention d'honoraires", agreement.name)
            self.assertIn(agreement.user_id, lawyers, agreement.name)
            self.assertNotIn(
                agreement.user_id,
                self.env.ref("base.user_root") | self.env.ref("base.user_admin"),
            )
        for agreement in agreements.filtered(lambda a: a.state == "sent"):
            agreement._check_sendable()
            self.assertTrue(agreement._recipient().email)
