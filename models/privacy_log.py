from odoo import fields, models


class PrivacyLog(models.Model):
    _inherit = "privacy.log"

    itlaw_kind = fields.Selection(
        [
            ("link", "Link to the data"),
            ("export", "Export"),
            ("objection", "Objection / withdrawal"),
            ("erasure", "Erasure"),
            ("restriction", "Restriction"),
            ("retention", "Retention"),
        ],
        string="Request",
        index=True,
    )
