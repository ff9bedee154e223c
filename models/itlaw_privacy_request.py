import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import consteq

from ..itlaw_ai_advisory import privacy
from .itlaw_settings import read_param

# How long the link of an erased person answers "no longer valid", and the
# address that stands for theirs meanwhile.
ERASED_LINK_DAYS = 90
ERASED_EMAIL = "erased@invalid"


def token_hash(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class ItlawPrivacyRequest(models.Model):
    """A person's request for a link to their data (/mes-donnees). The email
    is kept until the cron has answered it; the link's token is stored hashed."""

    _name = "itlaw.privacy.request"
    _description = "Personal data link request"
    _order = "id desc"

    email = fields.Char(required=True, index=True)
    lang = fields.Char(string="Language")
    state = fields.Selection(
        [("pending", "Pending"), ("sent", "Link sent"), ("erased", "Data erased")],
        required=True,
        default="pending",
    )
    token_hash = fields.Char(index="btree_not_null", copy=False)
    expires_at = fields.Datetime(string="Expires on", copy=False)

    @api.model
    def _itlaw_ask(self, email, lang):
        """The public form's one action, the same whether the email is known
        or not: record it and let the cron answer (or not) by email."""
        self.sudo().create({"email": email, "lang": lang})
        self.env.ref("itlaw_ai_advisory.ir_cron_privacy_links")._trigger()

    @api.model
    def _cron_send_links(self, batch_size=100):
        """Send a fresh link to every pending request whose email the firm
        knows; forget the others. Each request is logged."""
        pending = self.sudo().search([("state", "=", "pending")], limit=batch_size)
        template = self.env.ref("itlaw_ai_advisory.mail_template_privacy_link")
        days = read_param(self.env, "privacy_link_days")
        more = len(pending) == batch_size
        # Several requests for one email in a batch: one link answers them all.
        seen, repeated = set(), self.browse()
        for request in pending.sorted("id", reverse=True):
            if request.email in seen:
                repeated |= request
            seen.add(request.email)
        pending -= repeated
        repeated.unlink()
        unknown = self.browse()
        latest = {}
        Partner = self.env["res.partner"]
        for request in pending:
            persons = Partner._itlaw_persons(request.email)
            if not persons:
                unknown |= request
                continue
            latest[request.email] = request.id
            token = secrets.token_urlsafe(32)
            request.write(
                {
                    "state": "sent",
                    "token_hash": token_hash(token),
                    "expires_at": privacy.link_expiry(fields.Datetime.now(), days),
                }
            )
            person = persons[:1]
            lang = person.lang or request.lang
            template.with_context(
                itlaw_link=person._itlaw_public_url(
                    f"/mes-donnees/{token}", f"/my-data/{token}", lang
                ),
                itlaw_link_days=days,
            ).send_mail(person.id, force_send=False)
            persons._itlaw_log("link", lambda env: env._("Link to the personal data sent by email"))
        self.env["privacy.log"].sudo().create(
            [
                {
                    "anonymized_name": request.email,
                    "anonymized_email": request.email,
                    "itlaw_kind": "link",
                }
                for request in unknown
            ]
        )._itlaw_describe(
            lambda env: env._("Link requested for an email the firm does not hold: nothing sent")
        )
        unknown.unlink()
        # A new link revokes the person's earlier ones: an old email, forwarded
        # or left in a shared inbox, opens nothing any more.
        if latest:
            self.sudo().search(
                [
                    ("state", "=", "sent"),
                    ("email", "in", list(latest)),
                    ("id", "not in", list(latest.values())),
                ]
            ).unlink()
        if more:
            self.env.ref("itlaw_ai_advisory.ir_cron_privacy_links")._trigger()

    @api.model
    def _itlaw_from_token(self, token):
        """The valid request of ``token`` (empty when unknown or expired)."""
        if not token or len(token) > 128:
            return self.browse()
        digest = token_hash(token)
        request = self.sudo().search(
            [
                ("token_hash", "=", digest),
                ("state", "=", "sent"),
                ("expires_at", ">", fields.Datetime.now()),
            ],
            limit=1,
        )
        if not request or not consteq(request.token_hash, digest):
            return self.browse()
        return request

    @api.model
    def _itlaw_erased(self, emails):
        """The persons of ``emails`` were erased: their pending requests go;
        their links stay, without the email, so that they answer "no longer
        valid" (for ERASED_LINK_DAYS) rather than "not found"."""
        requests = self.sudo().search([("email", "in", emails)])
        requests.filtered(lambda request: request.state != "sent").unlink()
        requests.filtered(lambda request: request.state == "sent").write(
            {
                "state": "erased",
                "email": ERASED_EMAIL,
                "expires_at": fields.Datetime.now() + timedelta(days=ERASED_LINK_DAYS),
            }
        )

    @api.model
    def _itlaw_is_erased(self, token):
        """Whether ``token`` is the link of a person since erased."""
        if not token or len(token) > 128:
            return False
        return bool(
            self.sudo().search_count(
                [("token_hash", "=", token_hash(token)), ("state", "=", "erased")], limit=1
            )
        )

    def _itlaw_persons(self):
        self.ensure_one()
        return self.env["res.partner"]._itlaw_persons(self.email)

    @api.autovacuum
    def _gc_expired(self):
        self.sudo().search(
            [
                "|",
                ("expires_at", "<", fields.Datetime.now()),
                "&",
                ("state", "=", "pending"),
                ("create_date", "<", fields.Datetime.now() - timedelta(days=1)),
            ]
        ).unlink()
