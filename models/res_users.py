from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _itlaw_ensure_resource(self):
        """Give every lawyer a resource, so that their working hours and personal
        leaves can be recorded without the HR app (company hours by default)."""
        missing = self.sudo().filtered(lambda user: not user.resource_ids)
        if missing:
            self.env["resource.resource"].sudo().create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "company_id": user.company_id.id,
                        "calendar_id": user.company_id.resource_calendar_id.id,
                        "tz": user.tz or user.company_id.resource_calendar_id.tz or "Europe/Paris",
                        "resource_type": "user",
                    }
                    for user in missing
                ]
            )
        return True
