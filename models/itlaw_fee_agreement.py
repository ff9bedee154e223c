import uuid

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..itlaw_ai_advisory.fees import amount_incl_vat, fee_problems
from .itlaw_fee_agreement_sending import VALIDITY_DAYS
from .itlaw_fee_agreement_signature import CLAUSE_FIELDS

PARIS = pytz.timezone("Europe/Paris")
# The client's language: the firm's two languages, French by default.
LANGS = [("fr_FR", "French"), ("en_US", "English")]
# Once signed, only the chatter, followers and activities may change.
SIGNED_WRITABLE_PREFIXES = ("message_", "activity_", "website_message_")
# Once sent, the terms stay as the client received them (Back to draft first);
# the signing date may move, the lawyer in charge change, a paper copy come in.
SENT_WRITABLE = frozenset({"validity_date", "user_id", "scanned_copy", "scanned_copy_filename"})


def agreement_lang(partner_lang):
    return "en_US" if (partner_lang or "").startswith("en") else "fr_FR"


class ItlawFeeAgreement(models.Model):
    _name = "itlaw.fee.agreement"
    _description = "Fee agreement"
    _inherit = [
        "itlaw.workflow.mixin",
        "itlaw.fee.agreement.sending",
        "itlaw.fee.agreement.signature",
        "itlaw.fee.agreement.reminder",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    # Set only by send, sign, cancel, back to draft, amend and the scanned copy.
    # The engagement is chosen at creation only; the client until it is sent.
    _itlaw_workflow_fields = frozenset(
        {
            "state",
            "sent_on",
            "sent_hash",
            "access_token",
            "signature_method",
            "signed_by",
            "signed_on",
            "signed_ip",
            "signature",
            "signed_hash",
            "signed_document_id",
            "signed_recorded_by_id",
            "amended_from_id",
            # The signature certificate's evidence and the reminders' marks.
            "sent_to",
            "opened_on",
            "signed_user_agent",
            "reminder_sent_on",
            "expiry_alert_on",
        }
    )
    _itlaw_creation_fields = frozenset({"company_id"})

    name = fields.Char(
        string="Title",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index=True, ondelete="restrict", tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Client's contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The person who receives the agreement by email and signs it for the client "
        "(the agreement names them as the company's representative, with their job "
        "position). By default the client itself, or for a company its contact with an "
        "email address.",
    )
    user_id = fields.Many2one(
        "res.users", string="Lawyer", default=lambda self: self.env.user, tracking=True
    )
    lang = fields.Selection(
        LANGS,
        string="Language",
        compute="_compute_lang",
        store=True,
        readonly=False,
        precompute=True,
        help="The client's language: the agreement, its email and its PDF are in it.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent"), ("signed", "Signed"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    amended_from_id = fields.Many2one(
        "itlaw.fee.agreement", string="Amends", readonly=True, copy=False, index="btree_not_null"
    )

    # Arrangements: one or more base fees, and optionally a result fee.
    fee_fixed = fields.Boolean(string="Fixed fee (forfait)")
    fixed_amount = fields.Monetary(string="Fixed fee (excl. VAT)", currency_field="currency_id")
    fixed_amount_incl = fields.Monetary(
        string="Fixed fee (incl. VAT)",
        compute="_compute_amounts_incl",
        currency_field="currency_id",
    )
    fixed_description = fields.Text(string="Work covered by the fixed fee")
    fee_hourly = fields.Boolean(string="Time spent (hourly rates)")
    rate_line_ids = fields.One2many(
        "itlaw.fee.agreement.rate", "agreement_id", string="Hourly rates", copy=True
    )
    fee_subscription = fields.Boolean(string="Subscription")
    subscription_amount = fields.Monetary(
        string="Monthly subscription (excl. VAT)", currency_field="currency_id"
    )
    subscription_amount_incl = fields.Monetary(
        string="Monthly subscription (incl. VAT)",
        compute="_compute_amounts_incl",
        currency_field="currency_id",
    )
    subscription_scope = fields.Text(string="Scope of the subscription")
    result_fee = fields.Boolean(
        string="Complementary result fee",
        help="An honoraire de résultat is lawful only in addition to a fixed, "
        "subscription or time-based fee (art. 10 of loi n° 71-1130).",
    )
    result_fee_type = fields.Selection(
        [("percent", "Percentage"), ("amount", "Amount")],
        string="Result fee as",
        default="percent",
    )
    result_fee_percent = fields.Float(string="Result fee (%)", digits=(5, 2))
    result_fee_amount = fields.Monetary(
        string="Result fee (excl. VAT)", currency_field="currency_id"
    )
    result_fee_description = fields.Text(string="Result the fee depends on")
    vat_rate = fields.Float(string="VAT rate (%)", default=20.0, digits=(5, 2))

    # Clauses: standard wording in the client's language, editable.
    payment_terms = fields.Text(
        compute="_compute_clauses", store=True, readonly=False, string="Payment terms"
    )
    expenses_policy = fields.Text(
        compute="_compute_clauses", store=True, readonly=False, string="Costs and expenses"
    )
    duration_termination = fields.Text(
        compute="_compute_clauses", store=True, readonly=False, string="Duration and termination"
    )
    client_information = fields.Text(
        compute="_compute_clauses",
        store=True,
        readonly=False,
        string="Information owed to the client",
    )
    dispute_clause = fields.Text(
        compute="_compute_clauses", store=True, readonly=False, string="Fee disputes"
    )

    # Sending and signature.
    sent_on = fields.Datetime(readonly=True, copy=False)
    sent_hash = fields.Char(
        string="Version sent (SHA-256)",
        readonly=True,
        copy=False,
        help="SHA-256 of the terms as they were sent: printed on the agreement, "
        "checked when the client signs.",
    )
    validity_date = fields.Date(
        string="Sign before",
        copy=False,
        tracking=True,
        help="After this date the online link no longer works; by default "
        f"{VALIDITY_DAYS} days after sending.",
    )
    signature_method = fields.Selection(
        [("online", "Signed online"), ("scan", "Scanned signed copy")],
        readonly=True,
        copy=False,
    )
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    signed_ip = fields.Char(string="Signed from (IP)", readonly=True, copy=False)
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True, copy=False)
    signed_hash = fields.Char(
        string="Signed document SHA-256",
        readonly=True,
        copy=False,
        help="SHA-256 of the signed document as it was attached when signed.",
    )
    signed_document_id = fields.Many2one(
        "ir.attachment", string="Signed document", readonly=True, copy=False
    )
    sent_to = fields.Char(
        string="Sent to",
        readonly=True,
        copy=False,
        help="The email address(es) the link to sign was sent to.",
    )
    opened_on = fields.Datetime(
        string="First opened on",
        readonly=True,
        copy=False,
        help="When the client first opened the agreement's page with the link sent.",
    )
    signed_user_agent = fields.Char(string="Signed with (browser)", readonly=True, copy=False)
    reminder_sent_on = fields.Datetime(
        string="Reminder sent on",
        readonly=True,
        copy=False,
        help="When the client was reminded of the agreement waiting for signature (once "
        "per sending).",
    )
    expiry_alert_on = fields.Datetime(
        string="Expiry alert on",
        readonly=True,
        copy=False,
        help="When the lawyer got a to-do before the link expires (once per sending).",
    )
    signed_recorded_by_id = fields.Many2one(
        "res.users",
        string="Signed copy recorded by",
        readonly=True,
        copy=False,
        help="The member of the firm who recorded the scanned copy signed on paper.",
    )
    scanned_copy = fields.Binary(string="Scanned signed copy", attachment=True, copy=False)
    scanned_copy_filename = fields.Char(copy=False)

    _sql_constraints = [
        (
            "vat_rate_range",
            "CHECK(vat_rate >= 0 AND vat_rate <= 100)",
            "The VAT rate is a percentage.",
        ),
    ]

    @api.depends("lang")
    def _compute_name(self):
        titles = {lang: self.with_context(lang=lang).env._("Fee agreement") for lang, _l in LANGS}
        for agreement in self:
            # A title the lawyer wrote stays; the standard one follows the language.
            if not agreement.name or agreement.name in titles.values():
                agreement.name = titles[agreement.lang or "fr_FR"]

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for agreement in self:
            client = agreement.partner_id
            if not client.is_company:
                agreement.contact_id = client
            elif agreement.contact_id.commercial_partner_id != client:
                contacts = client.child_ids.filtered(lambda c: c.type == "contact" and c.email)
                agreement.contact_id = contacts[:1]

    # On the partner, not on its language: a signed agreement keeps its language.
    @api.depends("partner_id")
    def _compute_lang(self):
        for agreement in self:
            agreement.lang = agreement_lang(agreement.partner_id.lang)

    @api.depends("fixed_amount", "subscription_amount", "vat_rate")
    def _compute_amounts_incl(self):
        for agreement in self:
            agreement.fixed_amount_incl = amount_incl_vat(
                agreement.fixed_amount, agreement.vat_rate
            )
            agreement.subscription_amount_incl = amount_incl_vat(
                agreement.subscription_amount, agreement.vat_rate
            )

    @api.depends("lang")
    def _compute_clauses(self):
        defaults = {lang: self._default_clauses(lang) for lang, _label in LANGS}
        standard = {
            field: {clauses[field] for clauses in defaults.values()} for field in CLAUSE_FIELDS
        }
        for agreement in self:
            wanted = defaults[agreement.lang or "fr_FR"]
            for field in CLAUSE_FIELDS:
                # A clause the lawyer wrote stays; a standard one follows the language.
                if not agreement[field] or agreement[field] in standard[field]:
                    agreement[field] = wanted[field]

    def _default_clauses(self, lang):
        env = self.with_context(lang=lang).env
        return {
            "payment_terms": env._(
                "Invoices are payable within 30 days of their date, by bank transfer. "
                "Time-based fees and subscriptions are invoiced monthly; a fixed fee "
                "is invoiced half on signature and half on delivery."
            ),
            "expenses_policy": env._(
                "Foreseeable costs and expenses, invoiced at cost on receipts in addition "
                "to the fees: travel outside Paris, court and registry fees, bailiffs, "
                "translations and experts. Any single expense over 500 euros excl. VAT "
                "is submitted to the client beforehand."
            ),
            "duration_termination": env._(
                "This agreement takes effect on signature and lasts until the end of the "
                "engagement. Either party may end it at any time by registered letter or "
                "email; the fees and expenses for the work done until then remain due. "
                "The lawyer remains bound by professional secrecy."
            ),
            "client_information": env._(
                "The firm informs the client of its hourly rates and of the way fees are "
                "determined, and reports regularly on the time spent and the fees "
                "incurred. Any change of the fees is agreed in writing in a new agreement."
            ),
            "dispute_clause": env._(
                "Any dispute about the fees may be referred by either party to the "
                "bâtonnier of the lawyer's bar (article 174 and following of décret "
                "n° 91-1197 of 27 November 1991), whose decision may be appealed before "
                "the first president of the court of appeal."
            ),
        }

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for agreement in self:
            agreement.access_url = f"/my/fee_agreements/{agreement.id}"
        return result

    @api.constrains("result_fee", "fee_fixed", "fee_hourly", "fee_subscription")
    def _check_result_fee_not_alone(self):
        bad = self.filtered(lambda a: fee_problems(a._arrangements()))
        if bad:
            raise ValidationError(
                self.env._(
                    "A result fee is allowed only as a complement to a fixed, subscription "
                    "or time-based fee (article 10 of loi n° 71-1130): add one to %(names)s.",
                    names=", ".join(bad.mapped("display_name")),
                )
            )

    @api.constrains(
        "fixed_amount", "subscription_amount", "result_fee_amount", "result_fee_percent"
    )
    def _check_amounts(self):
        bad = self.filtered(
            lambda a: (
                min(
                    a.fixed_amount, a.subscription_amount, a.result_fee_amount, a.result_fee_percent
                )
                < 0
                or a.result_fee_percent > 100
            )
        )
        if bad:
            raise ValidationError(
                self.env._(
                    "Amounts cannot be negative and a percentage is at most 100: "
                    "correct %(names)s.",
                    names=", ".join(bad.mapped("display_name")),
                )
            )

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        bad = self.filtered(
            lambda a: (
                a.contact_id
                and a.contact_id.commercial_partner_id != a.partner_id.commercial_partner_id
            )
        )
        if bad:
            raise ValidationError(
                self.env._(
                    "The client's contact must be the client or one of its contacts: "
                    "choose another contact for %(names)s.",
                    names=", ".join(bad.mapped("display_name")),
                )
            )

    @api.onchange("fee_hourly")
    def _onchange_fee_hourly(self):
        # Time spent: the table starts with the lawyer in charge at his rate.
        if self.fee_hourly and not self.rate_line_ids and self.user_id:
            self.rate_line_ids = [Command.create({"user_id": self.user_id.id})]

    @api.model_create_multi
    def create(self, vals_list):
        # The lawyer in charge of the engagement, rather than whoever typed it.
        for vals in vals_list:
            if "name" in vals and not vals["name"]:
                del vals["name"]  # the standard title, in the client's language
            if vals.get("engagement_id") and "user_id" not in vals:
                engagement = self.env["itlaw.engagement"].browse(vals["engagement_id"])
                vals["user_id"] = engagement.user_id.id or self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not self._itlaw_on_workflow_path():
            # Workflow fields are the mixin's to refuse; the rest is checked here.
            self._check_writable(vals.keys() - self._itlaw_workflow_fields, vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if self.filtered(lambda a: a.state == "signed"):
            raise UserError(self.env._("A signed fee agreement cannot be deleted."))

    def _portal_ensure_token(self):
        # The link's token is workflow state: only created here, never written.
        if not self.access_token:
            with self._itlaw_workflow_path() as agreement_sudo:
                agreement_sudo.write({"access_token": str(uuid.uuid4())})
        return self.access_token

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        # The composer opened by Send: the agreement is sent with its email
        # (the workflow's checks first: nothing is emailed if it cannot be).
        if self.env.context.get("itlaw_mark_fee_agreement_sent") and (
            kwargs.get("message_type") == "comment"
        ):
            recipients = self.env["res.partner"].browse(kwargs.get("partner_ids") or [])
            self.with_context(itlaw_mark_fee_agreement_sent=False)._mark_sent(recipients)
        return super().message_post(**kwargs)

    def action_cancel(self):
        self.check_access("write")
        cancelled = self.filtered(lambda a: a.state in ("draft", "sent"))
        # The link stops working: a cancelled agreement is no one's to sign.
        with cancelled._itlaw_workflow_path() as cancelled_sudo:
            cancelled_sudo.write({"state": "cancelled", "access_token": False, "sent_hash": False})
        return True

    def action_draft(self):
        """Back to draft to change the terms: the link sent no longer works, and
        sending again gives the client a new link to the new version."""
        self.check_access("write")
        drafts = self.filtered(lambda a: a.state in ("sent", "cancelled"))
        with drafts._itlaw_workflow_path() as drafts_sudo:
            drafts_sudo.write({"state": "draft", "access_token": False, "sent_hash": False})
        for agreement in drafts:
            agreement.message_post(
                body=self.env._(
                    "Back to draft: the link sent to the client no longer works; send the "
                    "agreement again once it is ready."
                )
            )
        return True

    def action_amend(self):
        """Amendments are new agreements: a draft copy, linked to this one."""
        self.ensure_one()
        self.check_access("write")
        with self._itlaw_workflow_path():
            # As the user: the copy is checked against his rights like any creation.
            amendment = self.copy(
                {
                    "amended_from_id": self.id,
                    "name": self.env._("%(name)s (amendment)", name=self.name),
                }
            )
        self.message_post(
            body=self.env._("Amendment prepared: %(name)s.", name=amendment.display_name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": amendment.id,
            "view_mode": "form",
        }

    def _check_writable(self, names, vals):
        """Refuses a change that the agreement's state forbids (AccessError):
        anything once signed, the terms once sent, the engagement once created."""
        names = set(names)
        if "engagement_id" in names and any(
            agreement.engagement_id.id != (vals.get("engagement_id") or False) for agreement in self
        ):
            self._itlaw_refuse_workflow_fields({"engagement_id"})
        editable = {name for name in names if name.startswith(SIGNED_WRITABLE_PREFIXES)}
        signed = self.filtered(lambda a: a.state == "signed")
        if signed and names - editable:
            raise AccessError(
                self.env._(
                    "%(names)s is signed and can no longer change: use Amend to prepare a "
                    "new agreement.",
                    names=", ".join(signed.mapped("display_name")),
                )
            )
        sent = self.filtered(lambda a: a.state == "sent")
        if sent and names - editable - SENT_WRITABLE:
            raise AccessError(
                self.env._(
                    "%(names)s was sent to the client, who signs exactly the version sent: "
                    "use Back to draft to change it (the link sent stops working), then send "
                    "it again.",
                    names=", ".join(sent.mapped("display_name")),
                )
            )

    def _check_lines_editable(self):
        if not self._itlaw_on_workflow_path():
            self._check_writable({"rate_line_ids"}, {})

    def _arrangements(self):
        self.ensure_one()
        flags = {
            "fixed": self.fee_fixed,
            "hourly": self.fee_hourly,
            "subscription": self.fee_subscription,
            "result": self.result_fee,
        }
        return {code for code, chosen in flags.items() if chosen}

    def _is_expired(self):
        self.ensure_one()
        return bool(self.validity_date) and self.validity_date < fields.Date.context_today(self)

    def _can_be_signed(self):
        self.ensure_one()
        return self.state == "sent" and not self._is_expired()

    def _document_file_name(self):
        return f"{self.name} - {self.partner_id.name}".replace("/", "-")

    def _get_report_base_filename(self):
        self.ensure_one()
        return self._document_file_name()

    def _itlaw_title_says_more(self):
        """Whether the title is more than the standard one (which the document
        then prints above it): never the same words twice."""
        self.ensure_one()
        standard = self.with_context(lang=self.lang).env._("Fee agreement")
        return standard.casefold() not in (self.name or "").casefold()

    def _itlaw_done_on(self):
        """The day of "Done at Paris, on …": the signature's, else the sending's
        (Paris time), in the agreement's language; dots while neither."""
        self.ensure_one()
        moment = self.signed_on or self.sent_on
        if not moment:
            return "…"
        day = pytz.utc.localize(moment).astimezone(PARIS).date()
        return format_date(self.env, day, lang_code=self.lang, date_format="long")

    def _on_signed(self):
        """Hook: the agreement was just signed. The engagement waiting for it
        starts when its conflict check is cleared too (the engagement's own gate
        decides), else it is told what it still waits for."""
        for agreement in self:
            engagement = agreement.engagement_id.sudo()
            if engagement and engagement.stage == "fee_agreement":
                if engagement.conflict_cleared:
                    engagement.stage = "in_progress"
                    body = self.env._(
                        "Fee agreement %(name)s signed: the engagement is in progress.",
                        name=agreement.name,
                    )
                else:
                    body = self.env._(
                        "Fee agreement %(name)s signed: the engagement starts once its "
                        "conflict check is cleared.",
                        name=agreement.name,
                    )
                engagement.message_post(body=body)
