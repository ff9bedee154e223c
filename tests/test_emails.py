"""Every email template of the addon, rendered as it is sent (layout included),
in French and in English: a real header, no technical model names, no
placeholder domains, no unsubscribe link in transactional emails."""

from freezegun import freeze_time
from lxml import html

from odoo.tests import TransactionCase, tagged

from .booking_common import BookingCase, paris
from .common import CONTACT, CV_SCREENING, request_info

FORBIDDEN = (
    "Événement calendrier",
    "Calendar Event",
    "Informations des participants",
    "Calendar Attendee",
    "example.com",
    "unfollow",
    "Unfollow",
    "Désabonner",
    "Powered by",
)
HEADER = {"fr_FR": "Votre consultation", "en_US": "Your consultation"}


@tagged("post_install", "-at_install")
@freeze_time("2026-11-30 08:00:00")
class TestEmails(BookingCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking()
        # The placeholders Odoo's default company carries: never shown.
        cls.env.company.write({"website": "http://www.example.com", "email": "cabinet@itlaw.fr"})
        cls.Template = cls.env["mail.template"]
        cls.templates = cls.env["mail.template"].search(
            [
                (
                    "id",
                    "in",
                    cls.env["ir.model.data"]
                    .search([("module", "=", "itlaw_ai_advisory"), ("model", "=", "mail.template")])
                    .mapped("res_id"),
                )
            ]
        )

    def sent(self, partner, since):
        return self.env["mail.mail"].search(
            [("id", ">", since), ("recipient_ids", "in", partner.ids)], order="id"
        )

    def last_mail_id(self):
        return self.env["mail.mail"].search([], order="id desc", limit=1).id

    def assert_clean(self, mail, lang):
        body = str(mail.body_html)
        for word in FORBIDDEN:
            self.assertNotIn(word, body, f"{mail.subject}: {word}")
        self.assertTrue(mail.email_from, mail.subject)
        self.assertNotIn("example.com", mail.email_from)
        return html.fromstring(body)

    def assert_consultation_email(self, mail, lang, links=True):
        page = self.assert_clean(mail, lang)
        text = page.text_content()
        self.assertIn(HEADER[lang], text, mail.subject)
        other = HEADER["en_US" if lang == "fr_FR" else "fr_FR"]
        self.assertNotIn(f"{other}\n", text)
        title = page.xpath("//span[contains(@class, 'o_itlaw_mail_title')]")
        self.assertEqual(title[0].text_content().strip(), self.ctype.name)
        hrefs = " ".join(page.xpath("//a/@href"))
        self.assertEqual("/reschedule?token=" in hrefs, links, mail.subject)
        self.assertEqual("/cancel?token=" in hrefs, links, mail.subject)
        if links:
            button = page.xpath("//a[contains(@href, '/reschedule?token=')]")[0]
            self.assertIn("inline-block", button.get("style"), "buttons never overlap the text")
        return page

    def test_every_template_is_covered(self):
        names = set(self.templates.mapped(lambda t: t.get_external_id()[t.id]))
        self.assertEqual(
            names,
            {
                "itlaw_ai_advisory.mail_template_intake_confirmation",
                "itlaw_ai_advisory.mail_template_consultation_booked",
                "itlaw_ai_advisory.mail_template_consultation_rescheduled",
                "itlaw_ai_advisory.mail_template_consultation_cancelled",
                "itlaw_ai_advisory.mail_template_consultation_reminder",
                "itlaw_ai_advisory.mail_template_privacy_link",
                "itlaw_ai_advisory.mail_template_fee_agreement_send",
                "itlaw_ai_advisory.mail_template_fee_agreement_reminder",
            },
            "a new template needs its case in this test",
        )

    def test_fee_agreement_email_in_french_and_english(self):
        send = self.env.ref("itlaw_ai_advisory.mail_template_fee_agreement_send")
        reminder = self.env.ref("itlaw_ai_advisory.mail_template_fee_agreement_reminder")
        for template, lang, partner, expected, my_data in (
            (send, "fr_FR", self.prospect, "Lire et signer", "/mes-donnees"),
            (send, "en_US", self.prospect_en, "Read and sign the agreement", "/my-data"),
            (reminder, "fr_FR", self.prospect, "attend toujours votre signature", "/mes-donnees"),
            (reminder, "en_US", self.prospect_en, "still waiting for your signature", "/my-data"),
        ):
            with self.subTest(template=template.name, lang=lang):
                agreement = self.env["itlaw.fee.agreement"].create(
                    {
                        "name": "Convention",
                        "partner_id": partner.id,
                        "fee_fixed": True,
                        "fixed_amount": 1000.0,
                    }
                )
                body = template._render_field("body_html", agreement.ids, compute_lang=True)[
                    agreement.id
                ]
                self.assertNotIn("object.", body)
                self.assertIn(expected, body)
                self.assertIn(my_data, body)
                self.assertIn("/my/fee_agreements/", body)

    def test_consultation_emails_in_french_and_english(self):
        reminder = self.env.ref("itlaw_ai_advisory.mail_template_consultation_reminder")
        for lang, partner, lawyer in (
            ("fr_FR", self.prospect, self.avocat),
            ("en_US", self.prospect_en, self.avocate),
        ):
            with self.subTest(lang=lang):
                since = self.last_mail_id()
                lead = self.lead.copy({"partner_id": partner.id, "user_id": False})
                event = self.ctype._book(
                    paris(2026, 12, 1, 10, 0), partner, lead, "Europe/Paris", lawyer=lawyer
                )
                self.env["calendar.event"]._cron_send_invitations()
                booked = self.sent(partner, since)
                self.assertEqual(len(booked), 1)
                self.assert_consultation_email(booked, lang)
                self.assertTrue(
                    booked.attachment_ids.filtered(lambda a: a.name == "invitation.ics")
                )
                since = self.last_mail_id()
                event._itlaw_reschedule(paris(2026, 12, 2, 15, 0))
                self.assert_consultation_email(self.sent(partner, since), lang)
                # The reminder, as calendar's alarm sends it.
                since = self.last_mail_id()
                attendee = event.attendee_ids.filtered(lambda a, p=partner: a.partner_id == p)
                attendee._send_mail_to_attendees(reminder)
                self.assert_consultation_email(self.sent(partner, since), lang)
                since = self.last_mail_id()
                event._itlaw_cancel()
                cancelled = self.sent(partner, since)
                self.assertEqual(len(cancelled), 1)
                page = self.assert_consultation_email(cancelled, lang, links=False)
                self.assertTrue(page.xpath("//a[contains(@href, '/consultation')]"))

    def test_intake_confirmation_in_french_and_english(self):
        for lang, expected in (("fr_FR", "Bonjour"), ("en_US", "Hello")):
            with self.subTest(lang=lang):
                since = self.last_mail_id()
                intake = self.env["itlaw.intake"]._submit(
                    dict(CV_SCREENING), dict(CONTACT), request_info(lang=lang)
                )
                self.env["itlaw.intake"]._cron_send_confirmations()
                mail = self.sent(intake.partner_id, since)
                self.assertEqual(len(mail), 1)
                page = self.assert_clean(mail, lang)
                self.assertIn(expected, page.text_content())
                self.assertIn(intake.name, mail.subject)
                self.assertIn(
                    "pré-évaluation" if lang == "fr_FR" else "pre-assessment", mail.subject.lower()
                )
                self.assertTrue(page.xpath("//a[contains(@href, 'access_token=')]"))

    def test_privacy_link_in_french_and_english(self):
        Request = self.env["itlaw.privacy.request"]
        for lang, partner, button, path in (
            ("fr_FR", self.prospect, "Voir mes données", "/mes-donnees/"),
            ("en_US", self.prospect_en, "See my data", "/my-data/"),
        ):
            with self.subTest(lang=lang):
                since = self.last_mail_id()
                Request._itlaw_ask(partner.email, lang)
                Request._cron_send_links()
                mail = self.sent(partner, since)
                self.assertEqual(len(mail), 1)
                page = self.assert_clean(mail, lang)
                link = page.xpath(f"//a[contains(@href, '{path}')]")
                self.assertEqual(link[0].text_content().strip(), button)
