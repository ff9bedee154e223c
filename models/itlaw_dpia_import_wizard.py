import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError


class ItlawDpiaImportWizard(models.TransientModel):
    """Upload a file exported by the CNIL's PIA software into a DPIA."""

    _name = "itlaw.dpia.import.wizard"
    _description = "Import a DPIA from the PIA software"

    dpia_id = fields.Many2one("itlaw.dpia", string="DPIA", required=True, ondelete="cascade")
    file = fields.Binary(string="PIA file (.json)", required=True, attachment=False)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        try:
            raw = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            raw = None
        if not raw:
            raise UserError(
                self.env._("Please choose the .json file exported by the PIA software.")
            )
        dpia = self.dpia_id
        dpia._import_pia_file(raw)
        dpia.message_post(
            body=self.env._(
                "Content replaced by the PIA file %(name)s.", name=self.filename or "(.json)"
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "itlaw.dpia",
            "view_mode": "form",
            "res_id": dpia.id,
        }
