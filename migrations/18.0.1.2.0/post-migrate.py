"""Leads created before 18.0.1.2.0 get their first contact by the firm from
their chatter (the field is kept up to date when messages are posted since)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lead"]._itlaw_backfill_first_contact()
