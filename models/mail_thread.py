import functools

from odoo import models
from odoo.tools import file_open
from odoo.tools.translate import TranslationFileReader, get_po_paths

SELECTION_TERMS = "ir.model.fields.selection,name"


@functools.cache
def po_terms(module, lang, name):
    """{source: translation} of the terms of ``module``'s catalog in ``lang``
    for the field ``name`` ("ir.model,name": model descriptions,
    "ir.model.fields.selection,name": selection labels). Odoo loads these
    into the database only once every module is installed: what an
    installation writes before reads them here."""
    terms = {}
    for path in get_po_paths(module, lang):
        with file_open(path, mode="rb") as po_file:
            for row in TranslationFileReader(po_file, fileformat="po"):
                if row.get("name") == name and row.get("value"):
                    terms[row["src"]] = row["value"]
    return terms


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """Odoo names the model by ir.model's translated name, which holds no
        translation yet while modules install (Odoo loads the catalogs of the
        database once every module is installed): the records an installation
        creates then read "Engagement (matter) créé". Those of a model of this
        addon take the name from its catalog meanwhile."""
        message = super()._creation_message()
        lang = self.env.lang or "en_US"
        module = self._original_module or ""
        if lang == "en_US" or not module.startswith("itlaw_ai_advisory"):
            return message
        name = self.env["ir.model"]._get(self._name).name
        translated = po_terms(module, lang, "ir.model,name").get(self._description)
        if translated and name == self._description:
            return message.replace(name, translated)
        return message
