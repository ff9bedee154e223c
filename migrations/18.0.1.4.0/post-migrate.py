"""18.0.1.4.0 (catalog 2.0.0 and the rewritten privacy notice).

- The AI Act timeline follows the law in force, the AI Act as amended by
  Regulation (EU) 2026/1744. Databases that still hold 1.x's default, the 2024
  text, move to it (the setting's data is noupdate); the 2024 text stays a
  choice a partner can make again in the settings. Existing diagnostics keep
  their catalog version, timeline and score until re-scored.
- The privacy notice is rewritten (GDPR Art. 13 and 14). Its view is the
  module's (the firm's own edits live in a copy per website, which the update
  leaves alone): its French text is dropped here so that i18n/fr.po, loaded
  right after, translates every new term; the previous translations would
  otherwise stay on the terms close to the old ones. The notice version
  recorded with consents moves to the new text's, unless the firm set a
  version of its own or edited the page (its notice then stays the one it
  wrote).
"""

from odoo import SUPERUSER_ID, api

TIMELINE_PARAM = "itlaw_ai_advisory.timeline"
PREVIOUS_VERSION = "2026-11"
NEW_VERSION = "2026-12"
VERSION_PARAM = "itlaw_ai_advisory.consent_version"
VIEW_KEY = "itlaw_ai_advisory.privacy_notice"


def migrate(cr, version):
    if not version:
        return
    params = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
    if params.get_param(TIMELINE_PARAM) == "regulation_2024":
        params.set_param(TIMELINE_PARAM, "omnibus_2026")
    _migrate_privacy_notice(cr, params)


def _migrate_privacy_notice(cr, params):
    cr.execute(
        """
        UPDATE ir_ui_view v
           SET arch_db = jsonb_build_object('en_US', v.arch_db->'en_US')
          FROM ir_model_data d
         WHERE d.model = 'ir.ui.view' AND d.res_id = v.id
           AND d.module = 'itlaw_ai_advisory' AND d.name = 'privacy_notice'
        """
    )
    cr.execute(
        "SELECT 1 FROM ir_ui_view WHERE key = %s AND website_id IS NOT NULL LIMIT 1", [VIEW_KEY]
    )
    if cr.rowcount:
        return
    if params.get_param(VERSION_PARAM) == PREVIOUS_VERSION:
        # The day it is set is the date the notice shows for this version.
        params.set_param(VERSION_PARAM, NEW_VERSION)
