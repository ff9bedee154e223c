from odoo import http
from odoo.http import request


class LegalNoticeController(http.Controller):
    @http.route("/legal-notice", type="http", auth="public", website=True, sitemap=False)
    def legal_notice_alias(self, **_params):
        """/en/legal-notice: the English address of the page /mentions-legales."""
        return request.redirect(request.env["ir.http"]._url_for("/mentions-legales"), code=301)
