import base64

from odoo import api, models
from odoo.exceptions import AccessError

from .itlaw_evidence_mixin import ERASURE_PATH

AGREEMENT = "itlaw.fee.agreement"
# The signature and the scanned copy: files of the agreement's own fields.
AGREEMENT_FILE_FIELDS = ("signature", "scanned_copy")
# Written on any attachment by Odoo itself (a portal share of the file).
HARMLESS_KEYS = frozenset({"access_token"})
CONTENT_KEYS = frozenset({"raw", "datas", "mimetype"})


class IrAttachment(models.Model):
    """The signed document of a fee agreement and the files of its signature
    are evidence: nobody overwrites, moves or deletes them, partners and sudo()
    included, outside the signing (and erasure) code."""

    _inherit = "ir.attachment"

    def _itlaw_unlocked(self):
        return self.env[AGREEMENT]._itlaw_on_workflow_path() or (
            self.env.su and self.env.context.get(ERASURE_PATH)
        )

    def _itlaw_agreement_evidence(self):
        """Those of ``self`` that are a signed agreement's evidence. The signing
        code attaches them to their agreement: only those files can be."""
        files = self.sudo().filtered(lambda a: a.res_model == AGREEMENT)
        if not files:
            return self.browse()
        signed = (
            self.env[AGREEMENT]
            .sudo()
            .search(
                [
                    ("id", "in", files.mapped("res_id")),
                    "|",
                    ("signed_document_id", "in", files.ids),
                    ("state", "=", "signed"),
                ]
            )
        )
        return files.filtered(
            lambda a: (
                a in signed.signed_document_id
                or (a.res_field in AGREEMENT_FILE_FIELDS and a.res_id in signed.ids)
            )
        )

    def _itlaw_check_agreement_evidence(self):
        if self and not self._itlaw_unlocked() and self._itlaw_agreement_evidence():
            raise AccessError(
                self.env._(
                    "The signed document and the signature of a fee agreement are evidence: "
                    "they cannot be changed or deleted. Use Amend on the agreement to "
                    "prepare a new one."
                )
            )

    def _itlaw_same_content(self, vals):
        """A write that leaves the bytes as they are (a storage migration)."""
        if not vals.keys() <= CONTENT_KEYS:
            return False
        raw = vals["raw"] if "raw" in vals else base64.b64decode(vals.get("datas") or b"")
        if isinstance(raw, str):
            raw = raw.encode()
        return all(
            attachment.sudo().raw == raw
            and vals.get("mimetype", attachment.sudo().mimetype) == attachment.sudo().mimetype
            for attachment in self
        )

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._itlaw_check_agreement_evidence()
        return attachments

    def write(self, vals):
        if not vals.keys() <= HARMLESS_KEYS and not self._itlaw_same_content(vals):
            self._itlaw_check_agreement_evidence()
            result = super().write(vals)
            # Nor moved onto a signed agreement.
            self._itlaw_check_agreement_evidence()
            return result
        return super().write(vals)

    def unlink(self):
        self._itlaw_check_agreement_evidence()
        return super().unlink()
