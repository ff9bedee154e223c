"""French first, English complete: every term of the addon that Odoo exports for
translation has its French translation in the shipped i18n/fr.po, and the
shipped i18n/itlaw_ai_advisory.pot is the export of today's code.

The .pot is not a formality: Odoo merges it into fr.po when it loads French,
drops the fr.po entries it lacks, takes from it which records a model term
translates (its occurrences) and whether a term is a Python or JavaScript one
(its ``odoo-python`` / ``odoo-javascript`` flag, without which ``_()`` leaves
the term in English)."""

import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader, trans_export

MODULE = "itlaw_ai_advisory"
CODE_FLAGS = {"odoo-python", "odoo-javascript"}


def catalog_terms(pofile):
    """``{msgid: (occurrences, code flags)}`` of a parsed .po/.pot, line numbers aside."""
    return {
        entry.msgid: (
            frozenset(occurrence for occurrence, _line in entry.occurrences),
            frozenset(CODE_FLAGS & set(entry.comment.splitlines())),
        )
        for entry in pofile
        if entry.msgid and not entry.obsolete
    }


@tagged("post_install", "-at_install")
class TestFrenchCatalogComplete(TransactionCase):
    def test_every_exported_term_is_translated_in_fr_po(self):
        path = file_path(f"{MODULE}/i18n/fr.po")
        with open(path, "rb") as po_file:
            translated = {entry["src"] for entry in PoFileReader(po_file) if entry["value"].strip()}
        exported = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in TranslationModuleReader(
                self.env.cr, modules=[MODULE]
            )
            if module == MODULE
        }
        # The reader really saw the addon's terms (menus, fields, pages, code).
        self.assertGreater(len(exported), 300)
        missing = sorted(exported - translated)
        self.assertFalse(
            missing,
            "Terms without a French translation in i18n/fr.po (add them):\n" + "\n".join(missing),
        )

    def test_pot_is_the_export_of_the_code(self):
        buffer = io.BytesIO()
        trans_export(None, [MODULE], buffer, "po", self.env.cr)
        fresh = catalog_terms(polib.pofile(buffer.getvalue().decode()))
        with open(file_path(f"{MODULE}/i18n/{MODULE}.pot"), encoding="utf-8") as pot_file:
            shipped = catalog_terms(polib.pofile(pot_file.read()))
        self.assertGreater(len(fresh), 300)
        hint = (
            "\nRe-export it: odoo-bin -d DB --i18n-export=i18n/itlaw_ai_advisory.pot "
            "--modules=itlaw_ai_advisory --language= (then add the new terms to i18n/fr.po)"
        )
        self.assertEqual(
            sorted(fresh.keys() - shipped.keys()), [], "Terms missing from the .pot" + hint
        )
        self.assertEqual(
            sorted(shipped.keys() - fresh.keys()), [], "Terms of the .pot no longer used" + hint
        )
        for msgid, (occurrences, flags) in fresh.items():
            with self.subTest(msgid=msgid[:80]):
                self.assertEqual(
                    (sorted(occurrences), sorted(flags)),
                    (sorted(shipped[msgid][0]), sorted(shipped[msgid][1])),
                    "Where the .pot says this term is used is stale" + hint,
                )

    def test_fr_po_has_no_term_the_pot_lacks(self):
        """Odoo drops them silently when it loads French: they would never show."""
        with open(file_path(f"{MODULE}/i18n/{MODULE}.pot"), encoding="utf-8") as pot_file:
            shipped = catalog_terms(polib.pofile(pot_file.read()))
        with open(file_path(f"{MODULE}/i18n/fr.po"), encoding="utf-8") as po_file:
            french = catalog_terms(polib.pofile(po_file.read()))
        self.assertEqual(sorted(french.keys() - shipped.keys()), [])
