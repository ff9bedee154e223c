"""Working hours, leaves and resources: any change moves free slots (see itlaw.slot.cache).

They change rarely: every lawyer's cached slots are dropped."""

from odoo import api, models


class SlotInvalidationMixin(models.AbstractModel):
    _name = "itlaw.slot.invalidation.mixin"
    _description = "Drops the cached free slots on every change"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["itlaw.slot.cache"]._invalidate()
        return super().create(vals_list)

    def write(self, vals):
        self.env["itlaw.slot.cache"]._invalidate()
        return super().write(vals)

    def unlink(self):
        self.env["itlaw.slot.cache"]._invalidate()
        return super().unlink()


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "itlaw.slot.invalidation.mixin"]


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "itlaw.slot.invalidation.mixin"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "itlaw.slot.invalidation.mixin"]


class ResourceResource(models.Model):
    _name = "resource.resource"
    _inherit = ["resource.resource", "itlaw.slot.invalidation.mixin"]
