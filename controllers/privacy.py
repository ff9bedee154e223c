import functools
import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..models.tools import truncate_ip, valid_email
from .replica import replica_unless_just_posted
from .token_page import token_page

EMAIL_MAX_LENGTH = 254


class ErasedLink(Exception):
    """The link of a person whose data was erased since."""


def erased_link_page(endpoint):
    """Route decorator: the link of an erased person answers 410 Gone with a
    page that says so, not a 404."""

    @functools.wraps(endpoint)
    def wrapper(*args, **kwargs):
        try:
            return endpoint(*args, **kwargs)
        except ErasedLink:
            return request.render("itlaw_ai_advisory.my_data_gone", status=410)

    return wrapper


class PrivacyController(http.Controller):
    """Self-service data rights (/mes-donnees): no account, no JavaScript,
    no email to write; links by email, tokens hashed and short-lived."""

    @http.route(
        ["/mes-donnees", "/my-data"],
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        readonly=True,
    )
    def my_data(self, **_params):
        return request.render("itlaw_ai_advisory.my_data_form", {"values": {}, "errors": {}})

    @http.route(
        ["/mes-donnees/demande", "/my-data/request"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def my_data_request(self, **_params):
        form = request.httprequest.form
        ip = request.httprequest.remote_addr or ""
        key = "privacy:" + (truncate_ip(ip) or ip)
        if not request.env["itlaw.submission.attempt"]._register_and_check(key):
            return request.render("itlaw_ai_advisory.intake_rate_limited", status=429)
        raw = form.get("email") or ""
        email = len(raw) <= EMAIL_MAX_LENGTH and valid_email(raw.strip())
        if not email:
            errors = {
                "email": request.env._(
                    "This email address does not look valid (example: jeanne@example.fr)."
                )
            }
            return request.render(
                "itlaw_ai_advisory.my_data_form", {"values": {"email": raw[:254]}, "errors": errors}
            )
        request.env["itlaw.privacy.request"]._itlaw_ask(email, request.lang.code)
        return request.render("itlaw_ai_advisory.my_data_sent")

    @http.route(
        ["/mes-donnees/<string:token>", "/my-data/<string:token>"],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=replica_unless_just_posted,
    )
    @token_page
    @erased_link_page
    def my_data_page(self, token, **_params):
        privacy_request, persons = self._check_token(token)
        return self._render_page(token, privacy_request, persons, {})

    @http.route(
        ["/mes-donnees/<string:token>/export.json", "/my-data/<string:token>/export.json"],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    @token_page
    @erased_link_page
    def my_data_json(self, token, **_params):
        _privacy_request, persons = self._check_token(token)
        persons._itlaw_log("export", lambda env: env._("Export downloaded (JSON)"))
        body = json.dumps(
            persons._itlaw_export(readable=False, lang=request.lang.code),
            ensure_ascii=False,
            indent=2,
        )
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="mes-donnees.json"'),
            ],
        )

    @http.route(
        ["/mes-donnees/<string:token>/export", "/my-data/<string:token>/export"],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    @token_page
    @erased_link_page
    def my_data_html(self, token, **_params):
        _privacy_request, persons = self._check_token(token)
        persons._itlaw_log("export", lambda env: env._("Export opened (HTML)"))
        return request.render(
            "itlaw_ai_advisory.my_data_export",
            {"data": persons._itlaw_export(lang=request.lang.code), "token": token},
        )

    @http.route(
        ["/mes-donnees/<string:token>/opposition", "/my-data/<string:token>/object"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    @token_page
    @erased_link_page
    def my_data_object(self, token, **_params):
        _privacy_request, persons = self._check_token(token)
        persons._itlaw_object()
        return request.render("itlaw_ai_advisory.my_data_done", {"outcome": "objected"})

    @http.route(
        ["/mes-donnees/<string:token>/effacement", "/my-data/<string:token>/erase"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    @token_page
    @erased_link_page
    def my_data_erase(self, token, **_params):
        privacy_request, persons = self._check_token(token)
        if not request.httprequest.form.get("confirm"):
            return self._render_page(
                token,
                privacy_request,
                persons,
                {
                    "confirm": request.env._(
                        "Please tick the box to confirm the erasure: it cannot be undone."
                    )
                },
            )
        outcome = persons._itlaw_request_erasure()
        return request.render("itlaw_ai_advisory.my_data_done", {"outcome": outcome})

    def _render_page(self, token, privacy_request, persons, errors):
        data = persons._itlaw_export(lang=request.lang.code)
        return request.render(
            "itlaw_ai_advisory.my_data_page",
            {
                "token": token,
                "data": data,
                "persons": persons,
                "expires_at": persons._itlaw_privacy_time(
                    privacy_request.expires_at, data["time_zone"], lang=request.lang.code
                ),
                "errors": errors,
            },
        )

    def _check_token(self, token):
        privacy_request = request.env["itlaw.privacy.request"]._itlaw_from_token(token)
        persons = privacy_request and privacy_request._itlaw_persons()
        if not persons:
            if request.env["itlaw.privacy.request"]._itlaw_is_erased(token):
                raise ErasedLink()
            raise NotFound()
        return privacy_request, persons

    @http.route("/privacy", type="http", auth="public", website=True, sitemap=False)
    def privacy_notice_alias(self, **_params):
        """/en/privacy: the English address of the notice page /confidentialite."""
        return request.redirect(request.env["ir.http"]._url_for("/confidentialite"), code=301)
