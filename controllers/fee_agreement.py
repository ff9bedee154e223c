import binascii

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.itlaw_fee_agreement_signature import REPORT_XMLID
from .token_page import token_page

MODEL = "itlaw.fee.agreement"
PAGE_SIZE = 20


class FeeAgreementPortal(CustomerPortal):
    """The client reads and signs the fee agreement: by its tokenised link or
    from his portal account. Signing with the signature pad needs JavaScript
    (JSON route, as sale's quotations); without it, the client types his full
    name in a plain form (POST)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "fee_agreement_count" in counters:
            agreements = request.env[MODEL]
            values["fee_agreement_count"] = (
                agreements.search_count(self._fee_agreement_domain())
                if agreements.has_access("read")
                else 0
            )
        return values

    def _fee_agreement_domain(self):
        return [("state", "in", ("sent", "signed"))]

    def _fee_agreement_sudo(self, agreement_id, access_token):
        """The agreement the visitor may read, else 404: a bad token, a draft
        or cancelled agreement, or one past its signing date."""
        # Odoo's constant-time comparison raises on non-ASCII text, and a JSON
        # client may send any type: such a token is simply wrong.
        if access_token is not None and not (
            isinstance(access_token, str) and access_token.isascii()
        ):
            raise NotFound()
        try:
            agreement_sudo = self._document_check_access(MODEL, agreement_id, access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not request.env.user._is_internal() and (
            agreement_sudo.state not in ("sent", "signed")
            or (agreement_sudo.state == "sent" and agreement_sudo._is_expired())
        ):
            raise NotFound()
        return agreement_sudo

    @http.route(
        ["/my/fee_agreements", "/my/fee_agreements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fee_agreements(self, page=1, **kw):
        agreements = request.env[MODEL]
        domain = self._fee_agreement_domain()
        count = agreements.search_count(domain) if agreements.has_access("read") else 0
        pager = portal_pager(url="/my/fee_agreements", total=count, page=page, step=PAGE_SIZE)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "agreements": agreements.search(domain, limit=PAGE_SIZE, offset=pager["offset"])
                if count
                else agreements,
                "page_name": "fee_agreement",
                "pager": pager,
                "default_url": "/my/fee_agreements",
            }
        )
        request.session["my_fee_agreements_history"] = values["agreements"].ids[:100]
        return request.render("itlaw_ai_advisory.portal_my_fee_agreements", values)

    @http.route(
        ["/my/fee_agreements/<int:agreement_id>"],
        type="http",
        auth="public",
        website=True,
        # Not from a replica: the client's first visit is recorded (evidence
        # for the signature certificate).
    )
    @token_page
    def portal_my_fee_agreement(
        self, agreement_id, access_token=None, report_type=None, download=False, **kw
    ):
        agreement_sudo = self._fee_agreement_sudo(agreement_id, access_token)
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=agreement_sudo,
                report_type=report_type,
                report_ref=REPORT_XMLID,
                download=download,
            )
        if not request.env.user._is_internal():
            # Evidence for the signature certificate: when the client first read it.
            agreement_sudo._record_opening()
        return self._render_fee_agreement(agreement_sudo, access_token, message=kw.get("message"))

    def _render_fee_agreement(self, agreement_sudo, access_token, **extra):
        values = self._get_page_view_values(
            agreement_sudo,
            access_token,
            {"agreement": agreement_sudo, "page_name": "fee_agreement", **extra},
            "my_fee_agreements_history",
            False,
        )
        return request.render("itlaw_ai_advisory.portal_my_fee_agreement", values)

    @http.route(
        ["/my/fee_agreements/<int:agreement_id>/signed"], type="http", auth="public", website=True
    )
    @token_page
    def portal_fee_agreement_signed_copy(self, agreement_id, access_token=None, **kw):
        agreement_sudo = self._fee_agreement_sudo(agreement_id, access_token)
        document_sudo = agreement_sudo._itlaw_signed_document()
        if not document_sudo:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(document_sudo)
        return stream.get_response(as_attachment=True)

    @http.route(
        ["/my/fee_agreements/<int:agreement_id>/accept"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_fee_agreement_accept(
        self, agreement_id, access_token=None, name=None, signature=None, terms_hash=None
    ):
        args = request.httprequest.args
        access_token = access_token or args.get("access_token")
        agreement_sudo = self._fee_agreement_sudo(agreement_id, access_token)
        error = self._sign(
            agreement_sudo, name, signature, access_token, terms_hash or args.get("terms_hash")
        )
        if error:
            return {"error": error}
        return {
            "force_refresh": True,
            "redirect_url": agreement_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    @http.route(
        ["/my/fee_agreements/<int:agreement_id>/sign"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    @token_page
    def portal_fee_agreement_sign(self, agreement_id, access_token=None, name=None, **kw):
        agreement_sudo = self._fee_agreement_sudo(agreement_id, access_token)
        if not kw.get("accept"):
            error = request.env._("Tick the box to accept the agreement.")
        else:
            error = self._sign(agreement_sudo, name, None, access_token, kw.get("terms_hash"))
        if error:
            return self._render_fee_agreement(
                agreement_sudo, access_token, error=error, typed_name=name or ""
            )
        return request.redirect(
            agreement_sudo.get_portal_url(query_string="&message=sign_ok"), local=True
        )

    def _sign(self, agreement_sudo, name, signature, access_token, terms_hash):
        """Signs, all or nothing; returns the error to show, or None."""
        try:
            with request.env.cr.savepoint():
                # The portal's record is the superuser's: the signer is the visitor.
                agreement_sudo.with_user(request.env.user).sudo()._sign_online(
                    name,
                    signature,
                    request.httprequest.remote_addr,
                    access_token=access_token,
                    terms_hash=terms_hash,
                    user_agent=request.httprequest.user_agent.string,
                )
        except (UserError, ValidationError) as error:
            return error.args[0]
        except (TypeError, ValueError, binascii.Error):
            return request.env._("The signature could not be read: please sign again.")
        return None
