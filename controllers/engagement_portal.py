from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .token_page import token_page

ENGAGEMENT = "itlaw.engagement"
DELIVERABLE = "itlaw.deliverable"
# Fee agreements a client sees (as on /my/fee_agreements).
SHOWN_AGREEMENT_STATES = ("sent", "signed")


class EngagementPortal(CustomerPortal):
    """The client's engagements: stage, deadlines, the deliverables the firm
    published, his fee agreements; he comments on a deliverable and uploads
    documents. Another client's engagement, or an unpublished deliverable, is a 404."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "engagement_count" in counters:
            values["engagement_count"] = len(self._itlaw_engagements())
        return values

    def _itlaw_engagements(self):
        user = request.env.user
        if user._is_internal():
            Engagement = request.env[ENGAGEMENT]
            return Engagement.search([]) if Engagement.has_access("read") else Engagement
        commercial = user.partner_id.commercial_partner_id
        return (
            request.env[ENGAGEMENT]
            .sudo()
            .search([("partner_id", "child_of", commercial.id), ("stage", "!=", "lost")])
        )

    def _check_token(self, access_token):
        if access_token is not None and not (
            isinstance(access_token, str) and access_token.isascii()
        ):
            raise NotFound()

    def _itlaw_engagement_sudo(self, engagement_id, access_token):
        self._check_token(access_token)
        try:
            engagement_sudo = self._document_check_access(ENGAGEMENT, engagement_id, access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        user = request.env.user
        if not user._is_internal() and not engagement_sudo._itlaw_is_client(user):
            raise NotFound()
        return engagement_sudo

    def _itlaw_deliverable_sudo(self, deliverable_id, access_token):
        self._check_token(access_token)
        try:
            deliverable_sudo = self._document_check_access(
                DELIVERABLE, deliverable_id, access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        user = request.env.user
        if not user._is_internal() and (
            not deliverable_sudo.published
            or not deliverable_sudo.engagement_id._itlaw_is_client(user)
        ):
            raise NotFound()
        return deliverable_sudo

    @http.route(["/my/engagements"], type="http", auth="user", website=True)
    def portal_my_engagements(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"engagements": self._itlaw_engagements(), "page_name": "engagement"})
        return request.render("itlaw_ai_advisory.portal_my_engagements", values)

    @http.route(["/my/engagements/<int:engagement_id>"], type="http", auth="user", website=True)
    @token_page
    def portal_my_engagement(self, engagement_id, access_token=None, **kw):
        engagement_sudo = self._itlaw_engagement_sudo(engagement_id, access_token)
        return self._render_engagement(
            engagement_sudo, access_token, message=kw.get("message"), error=None
        )

    def _render_engagement(self, engagement_sudo, access_token, **extra):
        deliverables = engagement_sudo.deliverable_ids.filtered("published")
        agreements = (
            request.env["itlaw.fee.agreement"]
            .sudo()
            .search(
                [
                    ("engagement_id", "=", engagement_sudo.id),
                    ("state", "in", SHOWN_AGREEMENT_STATES),
                ]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "engagement": engagement_sudo,
                "access_token": access_token,
                "page_name": "engagement",
                "deadlines": engagement_sudo._itlaw_portal_deadlines(),
                "lang_code": engagement_sudo._itlaw_client_lang(),
                "firm_deliverables": deliverables.filtered(lambda d: not d.from_client),
                "client_documents": deliverables.filtered("from_client"),
                "agreements": agreements,
                "upload_accept": ",".join(
                    f".{extension}"
                    for extension in request.env[DELIVERABLE]._itlaw_upload_extensions()
                ),
                **extra,
            }
        )
        return request.render("itlaw_ai_advisory.portal_my_engagement", values)

    @http.route(
        ["/my/engagements/<int:engagement_id>/upload"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    @token_page
    def portal_engagement_upload(self, engagement_id, access_token=None, upload=None, **kw):
        if request.env.user._is_internal():
            # The firm's users file documents in the back office, not as the client.
            raise NotFound()
        engagement_sudo = self._itlaw_engagement_sudo(engagement_id, access_token)
        raw = upload.read() if hasattr(upload, "read") else b""
        filename = getattr(upload, "filename", "") or ""
        try:
            with request.env.cr.savepoint():
                request.env[DELIVERABLE].with_user(request.env.user).sudo()._itlaw_client_upload(
                    engagement_sudo, filename, raw
                )
        except UserError as error:
            return self._render_engagement(
                engagement_sudo, access_token, error=error.args[0], message=None
            )
        return request.redirect(
            engagement_sudo.get_portal_url(query_string="&message=uploaded"), local=True
        )

    @http.route(["/my/deliverables/<int:deliverable_id>"], type="http", auth="user", website=True)
    @token_page
    def portal_my_deliverable(self, deliverable_id, access_token=None, **kw):
        deliverable_sudo = self._itlaw_deliverable_sudo(deliverable_id, access_token)
        values = self._get_page_view_values(
            deliverable_sudo,
            access_token,
            {
                "deliverable": deliverable_sudo,
                "engagement": deliverable_sudo.engagement_id,
                "page_name": "engagement",
            },
            "my_deliverables_history",
            False,
        )
        return request.render("itlaw_ai_advisory.portal_my_deliverable", values)

    @http.route(
        ["/my/deliverables/<int:deliverable_id>/download"],
        type="http",
        auth="user",
        website=True,
    )
    @token_page
    def portal_deliverable_download(self, deliverable_id, access_token=None, **kw):
        deliverable_sudo = self._itlaw_deliverable_sudo(deliverable_id, access_token)
        attachment_sudo = deliverable_sudo.attachment_id
        if not attachment_sudo:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment_sudo)
        # Never shown in the browser: always a download, of a known type.
        stream.mimetype = deliverable_sudo._itlaw_download_mimetype()
        response = stream.get_response(as_attachment=True)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response
