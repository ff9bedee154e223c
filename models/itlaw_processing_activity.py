from odoo import api, fields, models


class ItlawProcessingActivity(models.Model):
    """One processing activity of the firm's record of processing (GDPR
    Art. 30(1)), kept by the partners and printable."""

    _name = "itlaw.processing.activity"
    _description = "Record of processing activities"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(string="Processing", required=True, translate=True, tracking=True)
    purpose = fields.Text(required=True, translate=True, tracking=True)
    legal_basis = fields.Text(string="Legal basis", required=True, translate=True, tracking=True)
    data_subjects = fields.Text(string="Data subjects", translate=True)
    data_categories = fields.Text(string="Data categories", required=True, translate=True)
    recipients = fields.Text(translate=True)
    transfers = fields.Text(string="Transfers outside the EU", translate=True)
    retention = fields.Text(string="Retention", required=True, translate=True, tracking=True)
    security_measures = fields.Text(string="Security measures", translate=True)
    company_id = fields.Many2one(
        "res.company", string="Controller", default=lambda self: self.env.company
    )
    last_update = fields.Date(
        string="Last updated on",
        compute="_compute_last_update",
        help="The day this processing activity was last changed.",
    )

    @api.depends("write_date")
    def _compute_last_update(self):
        for activity in self:
            activity.last_update = fields.Date.to_date(activity.write_date or fields.Date.today())

    def _itlaw_register_facts(self):
        """What the register states beside its activities (GDPR Art. 30(1)(a)):
        the controller and its contacts, the DPO or the data protection
        contact, and the day the register was last updated."""
        company = (self.company_id[:1] or self.env.company).sudo()
        contact = company.itlaw_privacy_contact_id
        return {
            "company": company,
            "address": ", ".join(
                part
                for part in (
                    company.street,
                    company.street2,
                    " ".join(filter(None, (company.zip, company.city))),
                    company.country_id.name,
                )
                if part
            ),
            "is_dpo": bool(contact) and company.itlaw_privacy_contact_is_dpo,
            "contact": contact,
            "contact_email": contact.email or company.email,
            "contact_phone": contact.phone or contact.mobile or company.phone,
            "last_update": max(self.mapped("last_update"), default=fields.Date.today()),
        }
