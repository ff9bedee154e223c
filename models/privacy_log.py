import json

from odoo import api, fields, models
from odoo.tools import SQL

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
    # Partners show this log to the CNIL: the addon's lines read in the
    # reader's language (written in every installed one, see _itlaw_describe).
    execution_details = fields.Text(translate=True)
    records_description = fields.Text(translate=True)

    def _itlaw_describe(self, details, field="execution_details"):
        """Set ``field`` of the logs ``self`` to ``details`` (a function of an
        environment giving the text in its language, or one text for all) in
        every installed language, in one query."""
        if not self:
            return self
        if isinstance(details, str):
            text = details

            def details(_env):
                return text

        values = {
            code: details(self.with_context(lang=code).env)
            for code, _name in self.env["res.lang"].get_installed()
        }
        values.setdefault("en_US", details(self.with_context(lang="en_US").env))
        self.flush_recordset([field])
        self.env.cr.execute(
            SQL(
                "UPDATE privacy_log SET %s = %s::jsonb WHERE id IN %s",
                SQL.identifier(field),
                json.dumps(values),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset([field])
        return self

    @api.autovacuum
    def _gc_itlaw_old_requests(self):
        cutoff = privacy.years_before(fields.Datetime.now(), REQUEST_LOG_YEARS)
        self.sudo().search([("itlaw_kind", "!=", False), ("date", "<", cutoff)]).unlink()
