"""French first, English complete: every term of the addon that Odoo exports for
translation has its French translation in the shipped i18n/fr.po."""

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestFrenchCatalogComplete(TransactionCase):
    def test_every_exported_term_is_translated_in_fr_po(self):
        path = file_path("itlaw_ai_advisory/i18n/fr.po")
        with open(path, "rb") as po_file:
            translated = {entry["src"] for entry in PoFileReader(po_file) if entry["value"].strip()}
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=["itlaw_ai_advisory"]
            )
            if module == "itlaw_ai_advisory"
        }
        # The reader really saw the addon's terms (menus, fields, pages, code).
        self.assertGreater(len(exported), 300)
        missing = sorted(exported - translated)
        self.assertFalse(
            missing,
            "Terms without a French translation in i18n/fr.po (add them):\n" + "\n".join(missing),
        )
