"""18.0.1.4.0 (catalog 2.0.0): the AI Act timeline follows the law in force,
the AI Act as amended by Regulation (EU) 2026/1744. Databases that still hold
1.x's default, the 2024 text, move to it (the setting's data is noupdate); the
2024 text stays a choice a partner can make again in the settings. Existing
diagnostics keep their catalog version, timeline and score until re-scored."""

from odoo import SUPERUSER_ID, api

PARAM = "itlaw_ai_advisory.timeline"


def migrate(cr, version):
    if not version:
        return
    params = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
    if params.get_param(PARAM) == "regulation_2024":
        params.set_param(PARAM, "omnibus_2026")
