from odoo import api, fields, models

from ..itlaw_ai_advisory import privacy

# Years the log of a data protection request is kept: the limitation period
# (Code civil, art. 2224), as the privacy notice and the register say.
REQUEST_LOG_YEARS = 5


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

    @api.autovacuum
    def _gc_itlaw_old_requests(self):
        cutoff = privacy.years_before(fields.Datetime.now(), REQUEST_LOG_YEARS)
        self.sudo().search([("itlaw_kind", "!=", False), ("date", "<", cutoff)]).unlink()
