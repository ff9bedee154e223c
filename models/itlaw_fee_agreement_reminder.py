from datetime import timedelta

from odoo import api, fields, models

from .itlaw_settings import read_param


class ItlawFeeAgreementReminder(models.AbstractModel):
    """Agreements sent and not signed: the client is reminded once after the
    days set in the settings, and the lawyer gets a to-do once before the link
    expires. Once per sending: sending again starts a new period."""

    _name = "itlaw.fee.agreement.reminder"
    _description = "Fee agreement reminders"

    @api.model
    def _cron_send_reminders(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        Agreement = self.env["itlaw.fee.agreement"].sudo()
        waiting = [("state", "=", "sent"), ("validity_date", ">=", today)]
        reminder_days = read_param(self.env, "fee_reminder_days")
        to_remind = Agreement.search(
            [
                *waiting,
                ("reminder_sent_on", "=", False),
                ("sent_on", "<=", now - timedelta(days=reminder_days)),
            ]
        )
        to_remind._send_reminder()
        alert_days = read_param(self.env, "fee_expiry_alert_days")
        to_alert = Agreement.search(
            [
                *waiting,
                ("expiry_alert_on", "=", False),
                ("validity_date", "<=", today + timedelta(days=alert_days)),
            ]
        )
        to_alert._alert_expiry()

    def _send_reminder(self):
        template = self.env.ref("itlaw_ai_advisory.mail_template_fee_agreement_reminder")
        with self._itlaw_workflow_path() as agreements_sudo:
            agreements_sudo.write({"reminder_sent_on": fields.Datetime.now()})
        for agreement in self:
            agreement.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )

    def _alert_expiry(self):
        with self._itlaw_workflow_path() as agreements_sudo:
            agreements_sudo.write({"expiry_alert_on": fields.Datetime.now()})
        for agreement in self.filtered("user_id"):
            agreement.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=agreement.validity_date,
                summary=agreement.with_context(lang=agreement.user_id.lang).env._(
                    "Fee agreement not signed: the link expires on %(date)s",
                    date=agreement.validity_date,
                ),
                note=agreement.with_context(lang=agreement.user_id.lang).env._(
                    "The client has not signed yet. Call them, or extend the “Sign before” "
                    "date and send the agreement again."
                ),
                user_id=agreement.user_id.id,
            )
