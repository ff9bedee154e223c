from odoo import api, models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # An attendee who accepts, declines or leaves frees or takes their slots.
    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees._itlaw_invalidate_slots()
        return attendees

    def write(self, vals):
        moves = {"state", "partner_id", "event_id"}.intersection(vals)
        if moves:
            self._itlaw_invalidate_slots()
        result = super().write(vals)
        if moves:
            self._itlaw_invalidate_slots()
        return result

    def unlink(self):
        self._itlaw_invalidate_slots()
        return super().unlink()

    def _itlaw_invalidate_slots(self):
        self.env["itlaw.slot.cache"]._invalidate_partners(self.sudo().partner_id.ids)

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
