from odoo import models
from odoo.http import request

from .tools import read_utm


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The public pages' scripts (step checks, day picker) speak the
        # visitor's language: only website* modules are sent by default.
        return [*super()._get_translation_frontend_modules_name(), "itlaw_ai_advisory"]

    @classmethod
    def _set_utm(cls, response):
        # Odoo copies the utm_* parameters of any request into cookies as they
        # are: a 1 MB parameter gave a response no browser reads, and a NUL
        # reached the database through the next lead's UTM defaults.
        request.params.update(read_utm(request.params))
        return super()._set_utm(response)

    @classmethod
    def _serve_fallback(cls):
        # A path with a NUL is no attachment, page nor redirect, and the database
        # refuses the NUL in those lookups (a 500 instead of the 404 page).
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
