"""18.0.1.3.0: a lead's contact is a person, matched exactly by the conflict
check: its key's trigram index gives way to a btree, which the update creates
under the same name once the old one is gone."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM pg_indexes
         WHERE indexname = 'crm_lead__itlaw_contact_name_key_index'
           AND indexdef ILIKE '%% USING gin %%'
        """
    )
    if cr.rowcount:
        cr.execute("DROP INDEX crm_lead__itlaw_contact_name_key_index")
