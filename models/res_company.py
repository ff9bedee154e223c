from odoo import fields, models

from .itlaw_intake import CONSENT_VERSION_PARAM, DEFAULT_CONSENT_VERSION
from .itlaw_settings import read_param


class ResCompany(models.Model):
    _inherit = "res.company"

    itlaw_privacy_contact_id = fields.Many2one(
        "res.partner",
        string="Data protection contact",
        help="The data protection officer (DPO) if the firm appointed one, or else the person "
        "who answers data protection requests. The privacy notice names them; without one, "
        "it names the firm and its email.",
    )
    # The firm's identity, printed on its documents (fee agreements) and on the
    # website's legal notice (LCEN art. 6); SIRET is Odoo's company_registry.
    itlaw_bar = fields.Char(
        string="Bar",
        default="Paris",
        help="The bar (barreau) the firm's lawyers are registered with, e.g. Paris.",
    )
    itlaw_insurer = fields.Char(
        string="Professional liability insurer",
        help="The insurer covering the firm's professional liability, as the fee agreement "
        "and the legal notice name it.",
    )
    itlaw_insurance_coverage = fields.Char(
        string="Territorial coverage",
        help="Where the professional liability insurance covers the firm's work.",
    )
    itlaw_publication_director = fields.Char(
        string="Publication director",
        help="The person responsible for the website's content (LCEN art. 6), named on the "
        "legal notice.",
    )
    itlaw_website_host = fields.Text(
        string="Website host",
        help="Name, address and phone number of the website's host (LCEN art. 6).",
    )
    # The firm's standard hourly rates per grade, prefilled in fee agreements.
    itlaw_rate_partner = fields.Monetary(string="Partner's hourly rate")
    itlaw_rate_counsel = fields.Monetary(string="Counsel's hourly rate")
    itlaw_rate_senior = fields.Monetary(string="Senior associate's hourly rate")
    itlaw_rate_associate = fields.Monetary(string="Associate's hourly rate")
    itlaw_rate_trainee = fields.Monetary(string="Trainee lawyer's hourly rate")
    itlaw_privacy_contact_is_dpo = fields.Boolean(
        string="Appointed DPO",
        help="Tick if this person is the firm's data protection officer, whose appointment was "
        "notified to the CNIL (GDPR Art. 37).",
    )

    def _itlaw_bar_label(self, plural=True):
        """ "Lawyers at the Paris bar", in the context's language."""
        self.ensure_one()
        bar = self.itlaw_bar or "Paris"
        if plural:
            return self.env._("Lawyers at the %(bar)s bar", bar=bar)
        return self.env._("Lawyer at the %(bar)s bar", bar=bar)

    def write(self, vals):
        if "resource_calendar_id" in vals:
            # The lawyers without hours of their own work the company's.
            self.env["itlaw.slot.cache"]._invalidate()
        return super().write(vals)

    def _itlaw_privacy_notice_facts(self):
        """What the privacy notice states from the firm's settings: the notice
        version recorded with every consent and the date it was set, the
        contact for data protection, the prospects' retention and the email
        delivery providers with their transfers outside the EU."""
        self.ensure_one()
        company = self.sudo()
        parameter = (
            self.env["ir.config_parameter"]
            .sudo()
            .search([("key", "=", CONSENT_VERSION_PARAM)], limit=1)
        )
        contact = company.itlaw_privacy_contact_id
        servers = self.env["ir.mail_server"].sudo().search([])
        return {
            "version": parameter.value or DEFAULT_CONSENT_VERSION,
            # The version's date is the day it was set: the day consents
            # started to be recorded with it.
            "version_date": fields.Date.to_date(parameter.write_date or fields.Datetime.now()),
            "is_dpo": bool(contact) and company.itlaw_privacy_contact_is_dpo,
            "contact_name": contact.name or company.name,
            "contact_email": contact.email or company.email,
            "retention_years": read_param(self.env, "retention_years"),
            "mail_servers": [{"label": server._itlaw_notice_label()} for server in servers],
            "transfers": servers.filtered("itlaw_transfer_country_id")._itlaw_transfers(),
        }
