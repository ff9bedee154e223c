import time

from odoo import models
from odoo.http import request

from .tools import read_utm

# After a POST to one of this addon's routes, the visitor's token pages are read
# on the primary for this long (seconds): far above a healthy replica's lag.
PRIMARY_AFTER_POST = 60
PRIMARY_UNTIL = "itlaw_primary_until"
ADDON_PACKAGE = __name__.rsplit(".", 2)[0] + "."


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The public pages' scripts (step checks, day picker) speak the
        # visitor's language: only website* modules are sent by default.
        return [*super()._get_translation_frontend_modules_name(), "itlaw_ai_advisory"]

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        endpoint = getattr(rule.endpoint, "func", None)
        if (
            request.httprequest.method == "POST"
            and getattr(endpoint, "__module__", "").startswith(ADDON_PACKAGE)
            and rule.endpoint.routing.get("readonly") is not True
        ):
            # The pages this POST leads to show what it wrote (see controllers/replica.py).
            request.session[PRIMARY_UNTIL] = time.time() + PRIMARY_AFTER_POST
        return result

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
