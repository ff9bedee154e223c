"""The firm's privacy notice (/confidentialite, /en/privacy), read as a data
protection lawyer reads it against GDPR Art. 13 and 14 and the loi 78-17: each
item the notice must hold, in French and in English, with the firm's own
facts (contact point, notice version and date, retention, mail servers)."""

from lxml import html

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from ..models.itlaw_intake import CONSENT_VERSION_PARAM
from ..models.itlaw_settings import RETENTION_YEARS_PARAM
from .common import FrenchWebsiteCase

FR, EN = "/fr/confidentialite", "/en/privacy"
CNIL_ADDRESS = "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07"


@tagged("post_install", "-at_install")
class TestPrivacyNotice(FrenchWebsiteCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_website()
        cls.env["ir.mail_server"].search([]).active = False
        cls.company = cls.env["website"].get_current_website().company_id
        cls.contact = cls.env["res.partner"].create(
            {"name": "Inès Garnier", "email": "donnees@cabinet-test.example"}
        )
        cls.company.write(
            {"itlaw_privacy_contact_id": cls.contact.id, "itlaw_privacy_contact_is_dpo": False}
        )
        parameters = cls.env["ir.config_parameter"]
        parameters.set_param(CONSENT_VERSION_PARAM, "2031-04")
        parameters.set_param(RETENTION_YEARS_PARAM, 4)
        cls.version_date = parameters.search(
            [("key", "=", CONSENT_VERSION_PARAM)]
        ).write_date.date()

    def notice(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def text(self, page, selector):
        nodes = page.cssselect(selector)
        self.assertTrue(nodes, f"{selector} is missing")
        return " ".join(" ".join(node.text_content().split()) for node in nodes)

    def assert_holds(self, page, selector, *snippets):
        text = self.text(page, selector)
        for snippet in snippets:
            self.assertIn(snippet, text, f"{selector} should say {snippet!r}")

    def both(self):
        """The French and the English notice, each with its language."""
        return (("fr", self.notice(FR)), ("en", self.notice(EN)))

    def test_english_address_is_the_same_page(self):
        response = self.url_open(EN)
        self.assertTrue(response.url.endswith("/en/confidentialite"), response.url)
        page = self.notice(EN)
        self.assertEqual(page.get("lang"), "en-US")
        self.assertEqual(self.notice(FR).get("lang"), "fr-FR")

    def test_version_and_its_date(self):
        """The version recorded with every consent, and the day it was set."""
        for lang, page in self.both():
            code = {"fr": "fr_FR", "en": "en_US"}[lang]
            day = format_date(self.env, self.version_date, lang_code=code, date_format="d MMMM y")
            label = {"fr": "Dernière mise à jour :", "en": "Last updated:"}[lang]
            version = {"fr": "Version : 2031-04", "en": "Version: 2031-04"}[lang]
            self.assert_holds(page, ".o_itlaw_notice_version", version, f"{label} {day}")
        consent = self.env["itlaw.consent"]._itlaw_record(
            self.contact, "marketing", {"lang": "fr_FR", "ip": "192.0.2.1"}
        )
        self.assertEqual(consent.version, "2031-04")

    def test_1_contact_for_data_protection(self):
        expected = {
            "fr": "Le cabinet n'a pas désigné de délégué à la protection des données (DPO)",
            "en": "The firm has not appointed a data protection officer (DPO)",
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_contact_point", expected[lang])
            self.assert_holds(
                page, ".o_itlaw_privacy_contact", "Inès Garnier", "donnees@cabinet-test.example"
            )
            self.assertFalse(page.cssselect(".o_itlaw_dpo"))
        self.company.itlaw_privacy_contact_is_dpo = True
        expected = {
            "fr": "Le cabinet a désigné un délégué à la protection des données (DPO)",
            "en": "The firm has appointed a data protection officer (DPO)",
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_dpo", expected[lang])
            self.assert_holds(page, ".o_itlaw_privacy_contact", "Inès Garnier")
            self.assertFalse(page.cssselect(".o_itlaw_contact_point"))
        # Without a named person, the firm itself at its email.
        self.company.itlaw_privacy_contact_id = False
        page = self.notice(FR)
        self.assert_holds(page, ".o_itlaw_contact_point", "n'a pas désigné")
        self.assert_holds(page, ".o_itlaw_privacy_contact", self.company.name)

    def test_2_every_purpose_with_its_legal_basis(self):
        rows = {
            "request": {
                "fr": ("préalables à un contrat", "art. 6(1)(b)"),
                "en": ("before entering into a contract", "Art. 6(1)(b)"),
            },
            "conflict": {
                "fr": (
                    "conflit d'intérêts",
                    "Obligation légale",
                    "art. 6(1)(c)",
                    "Règlement intérieur national",
                ),
                "en": (
                    "conflict of interest",
                    "Legal obligation",
                    "Art. 6(1)(c)",
                    "Règlement intérieur national",
                ),
            },
            "security": {
                "fr": (
                    "adresse IP, tronquée",
                    "User-Agent",
                    "limité",
                    "Intérêt légitime",
                    "art. 6(1)(f)",
                    "contre le spam",
                ),
                "en": (
                    "IP address, truncated",
                    "user agent",
                    "limited",
                    "Legitimate interest",
                    "Art. 6(1)(f)",
                    "against spam",
                ),
            },
            "proof": {
                "fr": (
                    "preuve de vos consentements",
                    "demandes",
                    "Obligation légale",
                    "7(1)",
                    "intérêt légitime",
                ),
                "en": (
                    "proof of your consents",
                    "requests",
                    "Legal obligation",
                    "7(1)",
                    "legitimate interest",
                ),
            },
            "newsletter": {
                "fr": ("lettre d'information", "consentement", "art. 6(1)(a)"),
                "en": ("newsletter", "consent", "Art. 6(1)(a)"),
            },
            "client": {
                "fr": ("facturation", "Exécution du contrat", "obligations légales", "blanchiment"),
                "en": (
                    "billing",
                    "Performance of the contract",
                    "legal obligations",
                    "money-laundering",
                ),
            },
        }
        for lang, page in self.both():
            for row, snippets in rows.items():
                with self.subTest(lang=lang, row=row):
                    self.assert_holds(page, f".o_itlaw_purpose_{row}", *snippets[lang])

    def test_3_retention_per_purpose(self):
        rows = {
            "request": {
                "fr": ("4 ans après notre dernier contact",),
                "en": ("4 years after our last contact",),
            },
            "conflict": {
                "fr": ("même durée", "dossier du client"),
                "en": ("same period", "client's file"),
            },
            "security": {"fr": ("deux heures", "six mois"), "en": ("two hours", "six months")},
            "proof": {
                "fr": ("cinq ans", "art. 2224", "cinq ans après la demande"),
                "en": ("five years", "art. 2224", "five years after the request"),
            },
            "newsletter": {
                "fr": ("retiriez votre consentement", "4 ans"),
                "en": ("withdraw your consent", "4 years"),
            },
            "client": {
                "fr": (
                    "cinq ans après la fin de la mission",
                    "cinq ans après la fin de la relation",
                    "L.561-12",
                    "dix ans",
                    "L.123-22",
                ),
                "en": (
                    "five years after the end of the engagement",
                    "five years after the end of the relationship",
                    "L.561-12",
                    "ten years",
                    "L.123-22",
                ),
            },
        }
        for lang, page in self.both():
            for row, snippets in rows.items():
                with self.subTest(lang=lang, row=row):
                    self.assert_holds(page, f".o_itlaw_purpose_{row}", *snippets[lang])

    def test_4_automated_assessment(self):
        expected = {
            "fr": (
                "évalue le risque réglementaire du projet, non votre personne",
                "art. 22",
                "un avocat du cabinet examine chaque demande",
                "critique",
                "un associé",
                "le moins de demandes en cours",
            ),
            "en": (
                "regulatory risk of the project, not your person",
                "Art. 22",
                "a lawyer of the firm reviews every request",
                "critical",
                "a partner",
                "the fewest open requests",
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_automated", *expected[lang])

    def test_5_whether_providing_data_is_required(self):
        expected = {
            "fr": (
                "de votre nom, de votre adresse e-mail",
                "astérisque",
                "ne peut pas répondre à votre demande",
                "facultatif",
                "L.561-8",
            ),
            "en": (
                "your name, your email address",
                "asterisk",
                "cannot answer your request",
                "optional",
                "L.561-8",
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_required", *expected[lang])

    def test_6_people_named_by_the_prospect(self):
        expected = {
            "fr": (
                "n'informe pas ces personnes individuellement",
                "secret professionnel",
                "art. 14(5)(d)",
                "effacés avec votre demande",
            ),
            "en": (
                "does not inform them individually",
                "professional secrecy",
                "Art. 14(5)(d)",
                "erased with your request",
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_parties", *expected[lang])

    def test_7_french_law_rights_and_cnil(self):
        expected = {
            "fr": (
                "limiter",
                "après votre décès",
                "art. 85",
                "réclamation auprès de la CNIL",
                CNIL_ADDRESS,
            ),
            "en": (
                "restrict",
                "after your death",
                "art. 85",
                "complaint with the CNIL",
                CNIL_ADDRESS,
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_rights", *expected[lang])
            self.assertEqual(
                [link.get("href") for link in page.cssselect(".o_itlaw_cnil a")],
                ["https://www.cnil.fr"],
            )

    def test_8_recipients_and_transfers_follow_the_mail_servers(self):
        expected = {
            "fr": (
                "hébergeur",
                "sous-traitant",
                "par les serveurs de son hébergeur",
                "aucune n'est transférée hors de l'Union européenne",
            ),
            "en": (
                "hosting provider",
                "processor",
                "through its hosting provider's servers",
                "not transferred outside the European Union",
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_recipients", *expected[lang][:3])
            self.assert_holds(page, ".o_itlaw_no_transfer", expected[lang][3])
        # An EU provider: named as recipient, still no transfer.
        server = self.env["ir.mail_server"].create(
            {"name": "Relais Test", "smtp_host": "smtp.relais-test.example"}
        )
        expected = {
            "fr": ("Relais Test (smtp.relais-test.example)", "prestataire d'envoi des e-mails"),
            "en": ("Relais Test (smtp.relais-test.example)", "email delivery provider"),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_mail_provider", *expected[lang])
            self.assertFalse(page.cssselect(".o_itlaw_no_mail_provider"))
            self.assertTrue(page.cssselect(".o_itlaw_no_transfer"))
        # A provider outside the EU: the transfer, its country and safeguard.
        server.write(
            {
                "itlaw_transfer_country_id": self.env.ref("base.us").id,
                "itlaw_transfer_safeguard": "adequacy",
            }
        )
        expected = {
            "fr": (
                "Relais Test (smtp.relais-test.example)",
                "États-Unis",
                "Décision d'adéquation",
                "art. 45",
            ),
            "en": (
                "Relais Test (smtp.relais-test.example)",
                "United States",
                "Adequacy decision",
                "Art. 45",
            ),
        }
        for lang, page in self.both():
            self.assert_holds(page, ".o_itlaw_transfers", *expected[lang])
            self.assertFalse(page.cssselect(".o_itlaw_no_transfer"))

    def test_9_correct_french(self):
        text = self.text(self.notice(FR), "#wrap")
        self.assertNotIn("utilisées à rien", text)
        self.assertIn("ne sont utilisées à aucune autre fin", text)

    def test_a_transfer_needs_its_safeguard(self):
        """The notice never names a transfer without its ground (GDPR Chapter V)."""
        server = self.env["ir.mail_server"].create(
            {"name": "Relais Test", "smtp_host": "smtp.relais-test.example"}
        )
        with self.assertRaises(ValidationError):
            server.itlaw_transfer_country_id = self.env.ref("base.us")
