from odoo import models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _send_mail_to_attendees(self, mail_template, force_send=False):
        # Reminders are not sent to prospects who objected, were restricted
        # or are on the blacklist (/mes-donnees).
        reminder = self.env.ref(
            "itlaw_ai_advisory.mail_template_consultation_reminder", raise_if_not_found=False
        )
        attendees = self
        if mail_template and mail_template == reminder:
            opted_out = self.partner_id._itlaw_opted_out()
            attendees = self.filtered(lambda attendee: attendee.partner_id not in opted_out)
        return super(CalendarAttendee, attendees)._send_mail_to_attendees(
            mail_template, force_send=force_send
        )
