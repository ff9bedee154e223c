"""Shared by the GDPR tests: a person with a diagnostic, a consultation and
emails, and a scan of the whole database for what identifies them."""

import re

from odoo.tools import SQL

from .booking_common import BookingCase, paris
from .fixtures import CV_SCREENING, request_info

PERSON = {
    "contact_name": "Zoé Quennevillard",
    "email_from": "Zoe.Quennevillard@exemple-rgpd.fr",
    "phone": "+33 6 11 22 33 44",
    "partner_name": "Cabinet Témoin SARL",
    "function": "DPO",
    "description": "Tri des CV ; me joindre au bureau de Zoé Quennevillard.",
}
EMAIL = "zoe.quennevillard@exemple-rgpd.fr"
VENDOR_ANSWER = "Quennevillard Intelligence"
NEEDLES = (EMAIL, "Quennevillard", "+33 6 11 22 33 44")
TOKEN_LINK = re.compile(r"/(?:mes-donnees|my-data)/([A-Za-z0-9_-]{20,})")
TEXT_TYPES = ("text", "character varying", "jsonb", "json")


def scan_database(env, needles=NEEDLES):
    """Every (table, column, count) of the database whose text, varchar or
    json values contain one of ``needles`` (case-insensitive)."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.data_type IN %s
         ORDER BY 1, 2
        """,
        [TEXT_TYPES],
    )
    patterns = [f"%{needle}%" for needle in needles]
    hits = []
    for table, column in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE %s::text ILIKE ANY(%s)",
                SQL.identifier(table),
                SQL.identifier(column),
                patterns,
            )
        )
        count = env.cr.fetchone()[0]
        if count:
            hits.append((table, column, count))
    return hits


class GdprCase(BookingCase):
    """A firm with lawyers, hours and a consultation type (BookingCase)."""

    def make_person(self, contact=None, book=True, marketing=True, **info_extra):
        """A visitor's diagnostic (free text and newsletter consent included),
        its confirmation email, and a booked consultation with its invitation."""
        contact = dict(contact or PERSON)
        info = request_info(
            ip="203.0.113.77",
            user_agent="Mozilla/5.0 (Test)",
            marketing_consent=marketing,
            **info_extra,
        )
        answers = {**CV_SCREENING, "gov_ai_vendors": VENDOR_ANSWER}
        intake = self.env["itlaw.intake"]._submit(answers, contact, info)
        self.env["itlaw.intake"]._cron_send_confirmations()
        event = self.env["calendar.event"]
        if book:
            event = self.ctype._book(
                paris(2026, 12, 1, 10, 0),
                intake.partner_id,
                intake.lead_id,
                "Europe/Paris",
                intake=intake,
            )
            self.env["itlaw.consent"]._itlaw_record_booking(event, info, marketing=marketing)
            # Its invitation, as the cron sends it right after the booking's commit.
            self.env["calendar.event"]._cron_send_invitations()
        return intake, event

    def link_token(self, email=EMAIL, lang="fr_FR"):
        """Ask for the link and return the token of the email sent."""
        self.env["itlaw.privacy.request"]._itlaw_ask(email, lang)
        self.env["itlaw.privacy.request"]._cron_send_links()
        for mail in self.env["mail.mail"].search([], order="id desc", limit=20):
            match = re.search(
                r"/(?:mes-donnees|my-data)/([A-Za-z0-9_-]{20,})", mail.body_html or ""
            )
            if match:
                return match.group(1)
        return None
