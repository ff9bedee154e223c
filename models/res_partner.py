from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from ..itlaw_ai_advisory import conflicts

# Rows per UPDATE when the key columns are filled at install.
BACKFILL_BATCH = 10000


def backfill_key_columns(cr, table, sources, keys):
    """Create and fill ``keys`` ({column: function(row) -> key or ""}) of
    ``table`` from its ``sources`` columns, in batched UPDATEs.

    Called from ``_auto_init`` before the ORM sees the columns: the ORM
    would otherwise compute them record by record on a large table. Returns
    False (nothing done) when the columns already exist.
    """
    if all(column_exists(cr, table, column) for column in keys):
        return False
    for column in keys:
        if not column_exists(cr, table, column):
            create_column(cr, table, column, "varchar")
    columns = list(keys)
    cr.execute(
        SQL(
            "SELECT id, %s FROM %s ORDER BY id",
            SQL(", ").join(SQL.identifier(column) for column in sources),
            SQL.identifier(table),
        )
    )
    rows = cr.fetchall()
    for start in range(0, len(rows), BACKFILL_BATCH):
        batch = rows[start : start + BACKFILL_BATCH]
        cr.execute(
            SQL(
                "UPDATE %s t SET %s FROM unnest(%s::int[], %s) AS v(id, %s) WHERE t.id = v.id",
                SQL.identifier(table),
                SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(column), SQL.identifier(column))
                    for column in columns
                ),
                [row[0] for row in batch],
                SQL(", ").join(
                    SQL("%s::varchar[]", [keys[column](row[1:]) or None for row in batch])
                    for column in columns
                ),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
    return True


# Conflict keys of a contact, from (name, email, company_registry, vat).
PARTNER_KEY_SOURCES = ["name", "email", "company_registry", "vat"]
PARTNER_KEYS = {
    "itlaw_name_key": lambda row: conflicts.name_key(row[0]),
    "itlaw_email_domain": lambda row: conflicts.email_domain(row[1]),
    "itlaw_siren": lambda row: conflicts.organisation_siren(row[2], row[3]),
    "itlaw_vat_key": lambda row: conflicts.vat_key(row[3]),
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Conflict-check keys (see itlaw_ai_advisory/conflicts.py); NULL when empty,
    # so that an empty key never matches.
    itlaw_name_key = fields.Char(
        string="Name key", compute="_compute_itlaw_conflict_keys", store=True, index="trigram"
    )
    itlaw_email_domain = fields.Char(
        string="Email domain",
        compute="_compute_itlaw_conflict_keys",
        store=True,
        index="btree_not_null",
    )
    itlaw_siren = fields.Char(
        string="SIREN", compute="_compute_itlaw_conflict_keys", store=True, index="btree_not_null"
    )
    itlaw_vat_key = fields.Char(
        string="VAT key", compute="_compute_itlaw_conflict_keys", store=True, index="btree_not_null"
    )

    def _auto_init(self):
        backfill_key_columns(self.env.cr, "res_partner", PARTNER_KEY_SOURCES, PARTNER_KEYS)
        return super()._auto_init()

    @api.depends("name", "email", "company_registry", "vat")
    def _compute_itlaw_conflict_keys(self):
        for partner in self:
            partner.itlaw_name_key = conflicts.name_key(partner.name) or False
            partner.itlaw_email_domain = conflicts.email_domain(partner.email) or False
            partner.itlaw_siren = (
                conflicts.organisation_siren(partner.company_registry, partner.vat) or False
            )
            partner.itlaw_vat_key = conflicts.vat_key(partner.vat) or False
