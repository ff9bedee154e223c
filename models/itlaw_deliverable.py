import base64
import os

from odoo import api, fields, models
from odoo.exceptions import UserError

# What a client may upload, by extension, and the type it is served with: the
# browser's claimed type is never trusted, and nothing is served as HTML.
UPLOAD_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "zip": "application/zip",
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
KIND_SELECTION = [
    ("dpia", "DPIA"),
    ("memo", "AI Act memo"),
    ("fria", "FRIA"),
    ("document", "Document"),
]


class ItlawDeliverable(models.Model):
    """A file of an engagement shared with the client on the portal: a
    deliverable the lawyer published (DPIA PDF/Word/PIA file, AI Act memo,
    FRIA) or a document the client uploaded. The client comments on it in its
    chatter; a deliverable the lawyer withdraws is no longer visible to him."""

    _name = "itlaw.deliverable"
    _description = "Engagement deliverable"
    _inherit = ["portal.mixin", "mail.thread", "itlaw.workflow.mixin"]
    _order = "published_on desc, id desc"
    # A portal client who can read a deliverable may comment on it.
    _mail_post_access = "read"
    _itlaw_workflow_fields = frozenset(
        {"engagement_id", "attachment_id", "kind", "from_client", "published", "published_on"}
    )

    name = fields.Char(required=True, tracking=True)
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", required=True, ondelete="cascade", index=True,
        readonly=True,
    )  # fmt: skip
    company_id = fields.Many2one(related="engagement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="engagement_id.partner_id", string="Client", store=True, index=True
    )
    kind = fields.Selection(KIND_SELECTION, required=True, default="document", readonly=True)
    from_client = fields.Boolean(string="Uploaded by the client", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True)
    file_name = fields.Char(related="attachment_id.name", string="File name")
    published = fields.Boolean(readonly=True, tracking=True)
    published_on = fields.Datetime(readonly=True)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for deliverable in self:
            deliverable.access_url = f"/my/deliverables/{deliverable.id}"
        return result

    # ------------------------------------------------------------------
    # Creation (workflow)
    # ------------------------------------------------------------------
    @api.model
    def _itlaw_publish(self, engagement, kind, files):
        """Publish ``files`` [(title, file name, raw bytes, mimetype)] of ``engagement`` to
        its client. The caller has checked the user's right to act on it."""
        if not engagement:
            raise UserError(
                self.env._("Only a deliverable of an engagement can be published to its client.")
            )
        now = fields.Datetime.now()
        with self._itlaw_workflow_path() as deliverables:
            created = deliverables.create(
                [
                    {
                        "name": name,
                        "engagement_id": engagement.id,
                        "kind": kind,
                        "published": True,
                        "published_on": now,
                    }
                    for name, _filename, _raw, _mimetype in files
                ]
            )
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": filename,
                            "raw": raw,
                            "mimetype": mimetype,
                            "res_model": self._name,
                            "res_id": deliverable.id,
                        }
                        for deliverable, (_name, filename, raw, mimetype) in zip(
                            created, files, strict=True
                        )
                    ]
                )
            )
            for deliverable, attachment in zip(created, attachments, strict=True):
                deliverable.attachment_id = attachment
            # The responsible lawyer hears of the client's comments.
            created.message_subscribe(partner_ids=engagement.user_id.partner_id.ids)
        engagement.message_post(
            body=self.env._(
                "Published to the client's portal: %(names)s",
                names=", ".join(name for name, *_file in files),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return created.with_env(self.env)

    @api.model
    def _itlaw_upload_name(self, filename):
        """The file's name without any folder, and its extension (lower case)."""
        name = os.path.basename((filename or "").replace("\\", "/")).strip()
        return name, (name.rsplit(".", 1)[-1].lower() if "." in name else "")

    @api.model
    def _itlaw_upload_error(self, filename, raw):
        """What is wrong with a file a client sends the firm, or None: a known
        type by its extension, 20 MB at most, not empty. Every way a client's
        file comes in is checked by it (the upload form, the chatter)."""
        _name, extension = self._itlaw_upload_name(filename)
        if not raw:
            return self.env._("Choose a file to upload.")
        if extension not in UPLOAD_TYPES:
            return self.env._(
                "This type of file cannot be uploaded. Send a PDF, Word, OpenDocument, "
                "Excel, PowerPoint, text, CSV, JSON, PNG, JPEG or ZIP file."
            )
        if len(raw) > MAX_UPLOAD_BYTES:
            return self.env._("This file is too large: 20 MB at most. Split it or compress it.")
        return None

    @api.model
    def _itlaw_client_upload(self, engagement_sudo, filename, raw):
        """A document the client uploads to his engagement, checked first: a
        known type by its extension, 20 MB at most. Raises UserError saying
        what to do."""
        name, extension = self._itlaw_upload_name(filename)
        error = self._itlaw_upload_error(filename, raw)
        if error:
            raise UserError(error)
        with self._itlaw_workflow_path() as deliverables:
            deliverable = deliverables.create(
                {
                    "name": name,
                    "engagement_id": engagement_sudo.id,
                    "kind": "document",
                    "from_client": True,
                    "published": True,
                    "published_on": fields.Datetime.now(),
                }
            )
            deliverable.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "datas": base64.b64encode(raw),
                        "mimetype": UPLOAD_TYPES[extension],
                        "res_model": self._name,
                        "res_id": deliverable.id,
                    }
                )
            )
            deliverable.message_subscribe(partner_ids=engagement_sudo.user_id.partner_id.ids)
        engagement_sudo.message_post(
            body=self.env._("The client uploaded a document: %(name)s", name=name),
            subtype_xmlid="mail.mt_note",
        )
        return deliverable

    @api.model
    def _itlaw_upload_extensions(self):
        return sorted(UPLOAD_TYPES)

    def _itlaw_download_mimetype(self):
        """The type a file is served with: the known one, else a plain download."""
        self.ensure_one()
        mimetype = self.attachment_id.sudo().mimetype
        return mimetype if mimetype in UPLOAD_TYPES.values() else "application/octet-stream"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_unpublish(self):
        """Withdraw from the client's portal (the file stays with the firm)."""
        self.check_access("write")
        with self._itlaw_workflow_path() as deliverables:
            deliverables.filtered(lambda d: not d.from_client).published = False
        return True

    def action_publish(self):
        self.check_access("write")
        with self._itlaw_workflow_path() as deliverables:
            deliverables.filtered(lambda d: not d.published).write(
                {"published": True, "published_on": fields.Datetime.now()}
            )
        return True

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }
