from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.attachment import AttachmentController

from .engagement_portal import DELIVERABLE


class ItlawAttachmentController(AttachmentController):
    @http.route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        """A client's file on a record of the firm's (a deliverable's or a fee
        agreement's chatter) passes the checks of the engagement's upload form:
        Odoo's chatter takes any type and any size from the portal."""
        if thread_model.startswith("itlaw.") and not request.env.user._is_internal():
            # Access first, as Odoo checks it: a record the person cannot post
            # on is a 404, whatever the file.
            if thread_model not in request.env:
                raise NotFound()
            Thread = request.env[thread_model]
            if not Thread._get_thread_with_access(
                int(thread_id), mode=Thread._mail_post_access, **kwargs
            ):
                raise NotFound()
            raw = ufile.read()
            ufile.seek(0)
            error = request.env[DELIVERABLE]._itlaw_upload_error(ufile.filename, raw)
            if error:
                # As Odoo answers a refused upload: the chatter shows the message.
                return request.make_json_response({"error": error})
        return super().mail_attachment_upload(ufile, thread_id, thread_model, is_pending, **kwargs)
