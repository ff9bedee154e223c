from odoo import api, models

HOME_ACTION = "itlaw_ai_advisory.crm_lead_action_my_pipeline"
# Group changes reach res.users as groups_id, or as the settings form's
# reified group fields.
GROUP_KEYS = ("groups_id",)
GROUP_PREFIXES = ("in_group_", "sel_groups_")

# Fields of a user that move their free slots (see itlaw.slot.cache).
SLOT_FIELDS = frozenset({"tz", "resource_calendar_id", "company_id", "partner_id", "active"})


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._itlaw_set_home_action()
        return users

    def write(self, vals):
        if SLOT_FIELDS.intersection(vals):
            self.env["itlaw.slot.cache"]._invalidate()
        result = super().write(vals)
        if any(key in GROUP_KEYS or key.startswith(GROUP_PREFIXES) for key in vals):
            self._itlaw_set_home_action()
        return result

    def _itlaw_set_home_action(self):
        """Lawyers and partners open Odoo on their pipeline and activities,
        not on Discuss. A home action chosen for a user is kept."""
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not action:
            return True
        users = self.sudo().filtered(
            lambda user: (
                not user.action_id
                and not user.share
                and not user._is_superuser()
                and user.has_group("itlaw_ai_advisory.group_lawyer")
            )
        )
        if users:
            users.action_id = action.id
        return True

    @api.model
    def _itlaw_set_home_action_all(self):
        """At install: the lawyers and partners who already have an account."""
        group = self.env.ref("itlaw_ai_advisory.group_lawyer")
        users = self.sudo().with_context(active_test=False).search([("groups_id", "in", group.ids)])
        return users._itlaw_set_home_action()

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
