import logging
from urllib.parse import urlparse

from psycopg2 import OperationalError
from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq, lazy

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.tools import clean_text, read_utm, truncate_ip
from .replica import replica_unless_just_posted
from .token_page import token_page

_logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website_url"
# Longest referrer URL kept from a header or a posted field.
REFERRER_MAX_LENGTH = 500


def intake_or_404(intake_id, access_token):
    """The diagnostic (sudo) its token opens, else a 404. Tokens are ASCII: any
    other text would make the portal's constant-time comparison raise."""
    if access_token and not str(access_token).isascii():
        raise NotFound()
    if access_token:
        # The visitor's own link: the token alone decides, without first
        # trying (and failing) the public user's access rights, as the
        # portal's check does for every page.
        intake_sudo = request.env["itlaw.intake"].with_user(SUPERUSER_ID).browse(intake_id).exists()
        if intake_sudo.access_token and consteq(intake_sudo.access_token, access_token):
            return intake_sudo
    try:
        return CustomerPortal()._document_check_access("itlaw.intake", intake_id, access_token)
    except (AccessError, MissingError) as error:
        raise NotFound() from error


class IntakeController(http.Controller):
    @http.route(
        "/diagnostic-ia", type="http", auth="public", website=True, sitemap=True, readonly=True
    )
    def diagnostic(self, **params):
        # UTM parameters travel with the form as hidden fields, so that the
        # lead remembers where the visitor came from.
        return self._render_form(values={}, errors={}, utm=read_utm(params))

    @http.route(
        "/diagnostic-ia/submit",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def submit(self, **_params):
        form = request.httprequest.form
        Intake = request.env["itlaw.intake"]
        ip = request.httprequest.remote_addr or ""
        if not request.env["itlaw.submission.attempt"]._register_and_check(truncate_ip(ip) or ip):
            return request.render("itlaw_ai_advisory.intake_rate_limited", status=429)
        if form.get(HONEYPOT_FIELD):
            # Robots are answered as if all went well, and nothing is created.
            return request.redirect("/diagnostic-ia/merci")
        lang = request.lang.code
        answers, contact, errors = Intake._parse_submission(form, lang)
        utm = read_utm(form)
        if errors:
            return self._render_form(values=form, errors=errors, utm=utm)
        request_info = {
            "lang": lang,
            "ip": ip,
            "user_agent": clean_text(request.httprequest.user_agent.string)[:255],
            "utm": utm,
            "referrer_host": self._external_referrer(form.get("referrer")),
            "marketing_consent": bool(form.get("marketing_consent")),
        }
        try:
            with request.env.cr.savepoint():
                intake = Intake._submit(answers, contact, request_info)
        except OperationalError:
            raise  # a concurrency failure: the request is replayed
        except Exception:
            _logger.exception("AI diagnostic submission failed; nothing was saved")
            errors = {
                "_form": request.env._(
                    "We could not save your diagnostic. Nothing was recorded: please try again "
                    "in a moment, or write to us."
                )
            }
            return self._render_form(values=form, errors=errors, utm=utm)
        # In the visitor's language already: no second redirect to add it.
        return request.redirect(request.env["ir.http"]._url_for(intake.get_portal_url()))

    @http.route(
        "/diagnostic-ia/visible",
        type="json",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def visible_questions(self, answers=None):
        """Question ids that apply to the answers so far (client-side display)."""
        return request.env["itlaw.intake"]._visible_question_ids(answers)

    @http.route(
        "/diagnostic-ia/merci",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=True,
    )
    def thanks(self):
        return request.render("itlaw_ai_advisory.intake_thanks")

    @http.route(
        "/diagnostic-ia/result/<int:intake_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=replica_unless_just_posted,
    )
    @token_page
    def result(self, intake_id, access_token=None, **_params):
        intake_sudo = intake_or_404(intake_id, access_token)
        lang = request.lang.code
        # Lazy: the template keeps the rendered assessment (t-cache) until the
        # intake changes, and then does not read it.
        return request.render(
            "itlaw_ai_advisory.intake_result",
            {"intake": intake_sudo, "result": lazy(lambda: intake_sudo._result_values(lang))},
        )

    def _render_form(self, values, errors, utm):
        return request.render(
            "itlaw_ai_advisory.intake_form",
            {
                "form": request.env["itlaw.intake"]._form_values(request.lang.code),
                "values": values,
                "errors": errors,
                "utm": utm,
                "honeypot_field": HONEYPOT_FIELD,
                "referrer": clean_text(values.get("referrer") or request.httprequest.referrer)[
                    :REFERRER_MAX_LENGTH
                ],
            },
        )

    @staticmethod
    def _external_referrer(referrer):
        """The referring site's host, unless it is this website itself."""
        try:
            host = urlparse(clean_text(referrer)[:REFERRER_MAX_LENGTH]).hostname
        except ValueError:  # such as an invalid IPv6 host
            return False
        if not host or host == urlparse(request.httprequest.url_root).hostname:
            return False
        return host[:100]
