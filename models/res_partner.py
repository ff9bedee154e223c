from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, create_index

from ..itlaw_ai_advisory import conflicts

# Rows per UPDATE when the key columns are filled at install.
BACKFILL_BATCH = 10000


def exact_name_index(cr, table, column):
    """A btree index for the exact match of a name key, beside the field's
    trigram index (similar names): the conflict check matches people's names
    exactly (see itlaw_conflict_check.py)."""
    create_index(
        cr,
        f"{table}__{column}_exact_index",
        table,
        [column],
        where=f"{column} IS NOT NULL",
    )


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
    """The addon's side of a contact. Users edit none of its fields: the
    conflict keys and the newsletter consent are computed, and the GDPR flags
    (objected, restricted, anonymised) are set only by the privacy paths of
    res_partner_privacy.py (a request on /mes-donnees, the retention cron), never by
    a write of a user, sudo() or not (res.partner is written by many Odoo
    paths: only these fields are guarded)."""

    _name = "res.partner"
    _inherit = ["res.partner", "itlaw.workflow.mixin"]
    _itlaw_workflow_fields = frozenset(
        {"itlaw_objected_on", "itlaw_restricted", "itlaw_anonymised_on"}
    )

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

    itlaw_consent_ids = fields.One2many("itlaw.consent", "partner_id", string="Consent records")
    itlaw_marketing_consent = fields.Boolean(
        string="Newsletter consent",
        compute="_compute_itlaw_marketing_consent",
        store=True,
        help="Given on a public form and not withdrawn.",
    )
    itlaw_objected_on = fields.Datetime(
        string="Objected on",
        readonly=True,
        copy=False,
        help="The person objected to the processing or withdrew consent (/mes-donnees): "
        "no newsletter, no reminders.",
    )
    itlaw_restricted = fields.Boolean(
        string="Processing restricted",
        readonly=True,
        copy=False,
        help="The person, a client, asked for erasure: their data is kept for the legal "
        "retention periods only, and used for nothing else.",
    )
    itlaw_anonymised_on = fields.Datetime(string="Anonymised on", readonly=True, copy=False)

    def _auto_init(self):
        backfill_key_columns(self.env.cr, "res_partner", PARTNER_KEY_SOURCES, PARTNER_KEYS)
        return super()._auto_init()

    def init(self):
        result = super().init()
        exact_name_index(self.env.cr, "res_partner", "itlaw_name_key")
        return result

    @api.depends("name", "email", "company_registry", "vat")
    def _compute_itlaw_conflict_keys(self):
        for partner in self:
            partner.itlaw_name_key = conflicts.name_key(partner.name) or False
            partner.itlaw_email_domain = conflicts.email_domain(partner.email) or False
            partner.itlaw_siren = (
                conflicts.organisation_siren(partner.company_registry, partner.vat) or False
            )
            partner.itlaw_vat_key = conflicts.vat_key(partner.vat) or False

    @api.depends("itlaw_consent_ids.kind", "itlaw_consent_ids.withdrawn_on")
    def _compute_itlaw_marketing_consent(self):
        for partner in self:
            partner.itlaw_marketing_consent = any(
                consent.kind == "marketing" and not consent.withdrawn_on
                for consent in partner.itlaw_consent_ids
            )
