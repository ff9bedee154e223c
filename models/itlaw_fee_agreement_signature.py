import base64
import hashlib
import ipaddress
import json
import logging
import re

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq
from odoo.tools.pdf import merge_pdf

from .signature_image import MAX_BYTES, clean_png_signature

_logger = logging.getLogger(__name__)

REPORT_XMLID = "itlaw_ai_advisory.itlaw_fee_agreement_report"
CERTIFICATE_XMLID = "itlaw_ai_advisory.itlaw_fee_agreement_certificate_report"
CLAUSE_FIELDS = (
    "payment_terms",
    "expenses_policy",
    "duration_termination",
    "client_information",
    "dispute_clause",
)

# What the client signs, with the parties, the rates and the engagement: the
# hash of the version sent covers these.
TERMS_FIELDS = (
    "name",
    "lang",
    "vat_rate",
    "fee_fixed",
    "fixed_amount",
    "fixed_description",
    "fee_hourly",
    "fee_subscription",
    "subscription_amount",
    "subscription_scope",
    "result_fee",
    "result_fee_type",
    "result_fee_percent",
    "result_fee_amount",
    "result_fee_description",
    *CLAUSE_FIELDS,
)


def clean_user_agent(user_agent):
    """A browser's user agent as evidence: printable text, at most 512 characters."""
    text = user_agent if isinstance(user_agent, str) else ""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:512]


def clean_ip(address):
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return False


class ItlawFeeAgreementSignature(models.AbstractModel):
    """How a fee agreement gets signed: online by the client only (the emailed
    link or the client's portal login), exactly the version sent, with a PNG
    drawing at most; or on paper, the scan recorded by a member of the firm.
    The signed document served is the file signed, byte for byte."""

    _name = "itlaw.fee.agreement.signature"
    _description = "Fee agreement signature"

    def action_mark_signed_scanned(self):
        """The client signed on paper: a member of the firm uploads the scan and
        the agreement records who did (no online signature is claimed)."""
        self.check_access("write")
        for agreement in self:
            if agreement.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "%(name)s is not waiting for a signature.", name=agreement.display_name
                    )
                )
            if not agreement.scanned_copy:
                raise UserError(
                    self.env._(
                        "Upload the scanned signed copy of %(name)s first.",
                        name=agreement.display_name,
                    )
                )
            content = base64.b64decode(agreement.scanned_copy)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "=", agreement.id),
                        ("res_field", "=", "scanned_copy"),
                    ],
                    limit=1,
                )
            )
            with agreement._itlaw_workflow_path() as agreement_sudo:
                agreement_sudo.write(
                    {
                        "state": "signed",
                        "signature_method": "scan",
                        "signed_by": False,
                        "signed_recorded_by_id": self.env.user.id,
                        "signed_on": fields.Datetime.now(),
                        "signed_hash": hashlib.sha256(content).hexdigest(),
                        "signed_document_id": attachment.id,
                    }
                )
            agreement.message_post(
                body=self.env._("Signed copy uploaded by %(user)s.", user=self.env.user.name),
                attachments=[(agreement.scanned_copy_filename or "signed.pdf", content)],
            )
            agreement._on_signed()
        return True

    def _terms_hash(self):
        """SHA-256 of what the client signs: the terms, the parties, the rates."""
        self.ensure_one()
        terms = {name: self[name] or False for name in TERMS_FIELDS}
        terms.update(
            firm=[self.company_id.id, self.company_id.name],
            currency=self.currency_id.name,
            client=[self.partner_id.id, self.partner_id.name],
            engagement=[self.engagement_id.id, self.engagement_id.name or False],
            rates=[
                [line.user_id.id, line.user_id.name or False, line.grade, line.hourly_rate]
                for line in self.rate_line_ids
            ],
        )
        payload = json.dumps(terms, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    def _check_online_signer(self, access_token):
        """Only the client signs online: the holder of the emailed link, or a
        portal login of the client's company. Never a member of the firm, who
        records a scanned copy instead."""
        self.ensure_one()
        user = self.env.user
        if user._is_internal():
            raise UserError(
                self.env._(
                    "You are signed in as a member of the firm: only the client signs "
                    "online, with the link sent to them or their own account. For an "
                    "agreement signed on paper, upload the scanned copy in the agreement."
                )
            )
        by_link = (
            isinstance(access_token, str)
            and access_token.isascii()
            and bool(self.access_token)
            and consteq(self.access_token, access_token)
        )
        by_account = (
            not user._is_public()
            and user.partner_id.commercial_partner_id == self.partner_id.commercial_partner_id
        )
        if not (by_link or by_account):
            raise UserError(
                self.env._("Only the client can sign this agreement, with the link sent to them.")
            )

    def _sign_online(
        self, name, signature, ip_address, access_token=None, terms_hash=None, user_agent=None
    ):
        """The client's online signature; ``signature`` is the base64 PNG of the
        portal's signature pad, or empty when the name was typed without
        JavaScript; ``terms_hash`` the version the client's page showed. The
        signer is ``self.env.user`` (the visitor, in sudo mode): a member of the
        firm, the superuser included, is refused. Raises UserError when it
        cannot be signed, or not by this user."""
        self.ensure_one()
        self._check_online_signer(access_token)
        self.env.cr.execute(
            "SELECT id FROM itlaw_fee_agreement WHERE id = %s FOR UPDATE", [self.id]
        )
        self.invalidate_recordset()
        if not self._can_be_signed():
            raise UserError(self.env._("This agreement cannot be signed (any more)."))
        # Text only, printable only (a NUL or a line break is no name).
        name = name if isinstance(name, str) else ""
        name = " ".join("".join(c if c.isprintable() else " " for c in name).split())[:200]
        if not name:
            raise UserError(self.env._("Type your full name to sign."))
        try:
            signature = clean_png_signature(signature)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The signature could not be read: draw it again on the signature pad "
                    "(an image of at most %(size)s KB).",
                    size=MAX_BYTES // 1024,
                )
            ) from error
        self._check_terms_as_sent(terms_hash)
        signer = (
            self.env.user.partner_id
            if not self.env.user._is_public()
            else (self.contact_id or self.partner_id)
        )
        with self._itlaw_workflow_path() as agreement_sudo:
            agreement_sudo.write(
                {
                    "signature_method": "online",
                    "signed_by": name,
                    "signed_on": fields.Datetime.now(),
                    "signed_ip": clean_ip(ip_address),
                    "signed_user_agent": clean_user_agent(user_agent),
                    "signature": signature,
                }
            )
            content, extension = agreement_sudo._render_signed_document()
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{self._document_file_name()}.{extension}",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
            )
            agreement_sudo.write(
                {
                    "state": "signed",
                    "signed_hash": hashlib.sha256(content).hexdigest(),
                    "signed_document_id": attachment.id,
                }
            )
        message = self.message_post(
            body=self.env._("Signed online by %(name)s.", name=name),
            author_id=signer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Linked here: message_post links no file of the firm's for a client.
        message.sudo().attachment_ids = [Command.link(attachment.id)]
        self._on_signed()
        return True

    def _check_terms_as_sent(self, terms_hash):
        """The client signs exactly the version sent, as their page showed it."""
        sent = self.sent_hash or ""
        shown = terms_hash if terms_hash is not None else sent
        if (
            not sent
            or not isinstance(shown, str)
            or not shown.isascii()
            or not consteq(self._terms_hash(), sent)
            or not consteq(shown, sent)
        ):
            _logger.warning(
                "Fee agreement %s: signature refused, its terms are not the version sent.",
                self.id,
            )
            raise UserError(
                self.env._(
                    "This agreement is not the version that was sent to you: it cannot be "
                    "signed. Reload the page, or ask the firm to send it again."
                )
            )

    def _itlaw_signed_document(self):
        """The signed document to serve: the agreement's own file, with the bytes
        that were signed; else nothing (and the tampering is logged)."""
        self.ensure_one()
        document = self.sudo().signed_document_id
        if not document:
            return document
        if (
            document.res_model != self._name
            or document.res_id != self.id
            or not self.signed_hash
            or not consteq(hashlib.sha256(document.raw or b"").hexdigest(), self.signed_hash)
        ):
            _logger.error(
                "Fee agreement %s: its signed document (attachment %s) is not the file "
                "that was signed; not served.",
                self.id,
                document.id,
            )
            return document.browse()
        return document

    def _record_opening(self):
        """The client opened the agreement's page: the first time is evidence."""
        self.ensure_one()
        if self.state == "sent" and not self.opened_on:
            with self._itlaw_workflow_path() as agreement_sudo:
                agreement_sudo.write({"opened_on": fields.Datetime.now()})

    def _render_signed_document(self):
        """The agreement as signed followed by its signature certificate (the
        audit trail, with the SHA-256 of the agreement's pages before it): a
        PDF, or HTML when no PDF can be made (Odoo's test mode renders HTML;
        so does a server without wkhtmltopdf)."""
        content = self._render_report(REPORT_XMLID)
        certificate = self._render_report(
            CERTIFICATE_XMLID, {"document_hash": hashlib.sha256(content).hexdigest()}
        )
        if content.startswith(b"%PDF") and certificate.startswith(b"%PDF"):
            return merge_pdf([content, certificate]), "pdf"
        # One HTML document: the certificate's body after the agreement's.
        body = re.search(rb"<body[^>]*>(.*)</body>", certificate, re.DOTALL)
        addition = body.group(1) if body else certificate
        head, found, tail = content.rpartition(b"</body>")
        if not found:
            head, tail = content, b""
        return head + addition + b"</body>" + tail, "html"

    def _render_report(self, report_ref, data=None):
        report = self.env["ir.actions.report"].sudo()
        try:
            content, _report_type = report._render_qweb_pdf(report_ref, self.ids, data=data)
        except UserError:
            content, _report_type = report._render_qweb_html(report_ref, self.ids, data=data)
        return content.encode() if isinstance(content, str) else content
