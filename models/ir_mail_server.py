from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRANSFER_SAFEGUARDS = [
    ("adequacy", "Adequacy decision of the European Commission (GDPR Art. 45)"),
    ("scc", "Standard contractual clauses of the European Commission (GDPR Art. 46(2)(c))"),
    ("bcr", "Binding corporate rules (GDPR Art. 47)"),
]


class IrMailServer(models.Model):
    """What the privacy notice says of an email delivery provider: the firm
    states, per outgoing server, where its provider processes the emails."""

    _inherit = "ir.mail_server"

    itlaw_transfer_country_id = fields.Many2one(
        "res.country",
        string="Processes emails outside the EU in",
        help="The country outside the European Economic Area where this server's provider "
        "processes the emails, if any: the privacy notice then names the transfer and its "
        "safeguard. Leave empty for a provider that processes them in the EEA only.",
    )
    itlaw_transfer_safeguard = fields.Selection(
        TRANSFER_SAFEGUARDS,
        string="Transfer safeguard",
        help="The ground of the transfer outside the EEA (GDPR Chapter V).",
    )

    @api.constrains("itlaw_transfer_country_id", "itlaw_transfer_safeguard")
    def _check_itlaw_transfer_safeguard(self):
        missing = self.filtered(
            lambda server: server.itlaw_transfer_country_id and not server.itlaw_transfer_safeguard
        )
        if missing:
            raise ValidationError(
                self.env._(
                    "Choose the safeguard of the transfer outside the EU for: %(servers)s.",
                    servers=", ".join(missing.mapped("name")),
                )
            )

    def _itlaw_notice_label(self):
        self.ensure_one()
        return f"{self.name} ({self.smtp_host})" if self.smtp_host else self.name

    def _itlaw_transfers(self):
        """[{label, country, safeguard}] of the servers ``self``, in the
        language of the environment (the visitor's)."""
        safeguards = dict(self._fields["itlaw_transfer_safeguard"]._description_selection(self.env))
        return [
            {
                "label": server._itlaw_notice_label(),
                "country": server.itlaw_transfer_country_id.name,
                "safeguard": safeguards.get(server.itlaw_transfer_safeguard, ""),
            }
            for server in self
        ]
