from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from .itlaw_fee_agreement_signature import CLAUSE_FIELDS

# Days a sent agreement can be signed online, unless the lawyer sets a date.
VALIDITY_DAYS = 30


class ItlawFeeAgreementSending(models.AbstractModel):
    """How a fee agreement is sent: complete first, from Odoo's email composer
    (the lawyer previews and edits the email) or directly with the standard
    email, to the client's contact; the version sent is hashed."""

    _name = "itlaw.fee.agreement.sending"
    _description = "Fee agreement sending"

    def action_send(self):
        """Email the client a link to read and sign the agreement online, with
        the standard email as it is (the *Send* button opens the composer)."""
        template = self.env.ref("itlaw_ai_advisory.mail_template_fee_agreement_send")
        self._mark_sent()
        for agreement in self:
            agreement.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", message_type="comment"
            )
        return True

    def action_send_email(self):
        """*Send*: Odoo's email composer with the agreement's email, which the
        lawyer reads and edits; the agreement is sent when the email is."""
        self.ensure_one()
        self.check_access("write")
        self._check_sendable()
        today = fields.Date.context_today(self)
        if not self.validity_date or self.validity_date < today:
            self.validity_date = today + timedelta(days=VALIDITY_DAYS)
        self._portal_ensure_token()
        template = self.env.ref("itlaw_ai_advisory.mail_template_fee_agreement_send")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the fee agreement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": (
                    "mail.mail_notification_layout_with_responsible_signature"
                ),
                "force_email": True,
                "itlaw_mark_fee_agreement_sent": True,
            },
        }

    def _mark_sent(self, recipients=None):
        """The workflow of sending: checked, then sent as it stands (its hash),
        signable until the validity date, reminders counted from now."""
        self.check_access("write")
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement._check_sendable()
            to = recipients or agreement._recipient()
            vals = {
                "state": "sent",
                "sent_on": fields.Datetime.now(),
                "sent_hash": agreement._terms_hash(),
                "sent_to": ", ".join(filter(None, to.mapped("email"))),
                "opened_on": False,
                "reminder_sent_on": False,
                "expiry_alert_on": False,
            }
            if not agreement.validity_date or agreement.validity_date < today:
                vals["validity_date"] = today + timedelta(days=VALIDITY_DAYS)
            with agreement._itlaw_workflow_path() as agreement_sudo:
                agreement_sudo.write(vals)
            agreement._portal_ensure_token()
            agreement.message_subscribe(partner_ids=agreement._recipient().ids)

    def _recipient(self):
        """Who receives the agreement: the client's contact, else the client."""
        self.ensure_one()
        return self.contact_id or self.partner_id

    def _check_sendable(self):
        self.ensure_one()
        problems = []
        if self.state not in ("draft", "sent"):
            problems.append(self.env._("only a draft or sent agreement can be sent"))
        if not self._arrangements() - {"result"}:
            problems.append(self.env._("choose a fixed, subscription or time-based fee"))
        if self.fee_fixed and self.fixed_amount <= 0:
            problems.append(self.env._("give the fixed fee"))
        if self.fee_subscription and self.subscription_amount <= 0:
            problems.append(self.env._("give the monthly subscription"))
        if self.fee_hourly and not self.rate_line_ids:
            problems.append(self.env._("give at least one hourly rate"))
        if self.result_fee and not (
            self.result_fee_percent if self.result_fee_type == "percent" else self.result_fee_amount
        ):
            problems.append(self.env._("give the result fee"))
        # Every clause the agreement prints, as the client will read it.
        empty = [name for name in self._printed_clauses() if not (self[name] or "").strip()]
        if empty:
            labels = self.fields_get(empty, ["string"])
            problems.append(
                self.env._(
                    "write the clauses %(clauses)s",
                    clauses=", ".join(f"“{labels[name]['string']}”" for name in empty),
                )
            )
        if not self._recipient().email:
            problems.append(self.env._("give the client's contact an email address"))
        if problems:
            raise UserError(
                self.env._(
                    "%(name)s cannot be sent yet: %(problems)s.",
                    name=self.display_name,
                    problems="; ".join(problems),
                )
            )

    def _printed_clauses(self):
        """The text fields the agreement always prints (the report's template)."""
        self.ensure_one()
        return [*CLAUSE_FIELDS, *(["result_fee_description"] if self.result_fee else [])]
