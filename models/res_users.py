from odoo import models

# Fields of a user that move their free slots (see itlaw.slot.cache).
SLOT_FIELDS = frozenset({"tz", "resource_calendar_id", "company_id", "partner_id", "active"})


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        if SLOT_FIELDS.intersection(vals):
            self.env["itlaw.slot.cache"]._invalidate()
        return super().write(vals)

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
