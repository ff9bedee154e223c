from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ItlawEngagementWizard(models.TransientModel):
    """Open the engagement of a won lead: client, team and scope, prefilled
    from the lead and its diagnostic."""

    _name = "itlaw.engagement.wizard"
    _description = "Open an engagement"

    lead_id = fields.Many2one("crm.lead", string="Origin lead", required=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True)
    intake_id = fields.Many2one(
        "itlaw.intake", string="AI diagnostic", domain="[('lead_id', '=', lead_id)]"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible lawyer",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_lawyer").id)
        ],
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Supervising partner",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_partner").id)
        ],
    )
    team_ids = fields.Many2many(
        "res.users",
        string="Team lawyers",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_lawyer").id)
        ],
    )
    practice_area_ids = fields.Many2many("itlaw.practice.area", string="Practice areas")
    scope = fields.Html(string="Scope of the engagement")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(
            values.get("lead_id") or self.env.context.get("active_id")
        )
        if not lead.exists() or self.env.context.get("active_model", "crm.lead") != "crm.lead":
            return values
        values["lead_id"] = lead.id
        values.setdefault("partner_id", lead.partner_id.commercial_partner_id.id or False)
        values.setdefault("intake_id", lead.ai_intake_id.id or False)
        values.setdefault("user_id", (lead.user_id or self.env.user).id)
        values.setdefault(
            "practice_area_ids", [Command.set(self._suggest_practice_areas(lead).ids)]
        )
        return values

    @api.model
    def _suggest_practice_areas(self, lead):
        refs = []
        if lead.ai_act_tier in ("prohibited", "high", "transparency"):
            refs.append("itlaw_ai_advisory.practice_area_ai_act")
        if lead.ai_dpia_required or lead.ai_intake_id:
            refs.append("itlaw_ai_advisory.practice_area_gdpr")
        areas = self.env["itlaw.practice.area"]
        for ref in refs:
            areas |= self.env.ref(ref, raise_if_not_found=False) or areas
        return areas

    def _prepare_engagement_vals(self):
        self.ensure_one()
        team = self.team_ids
        # A lawyer who opens a matter for a colleague stays on it (and keeps
        # access to it); partners see every matter anyway.
        if not self.env.user.has_group("itlaw_ai_advisory.group_partner"):
            team |= self.env.user - self.user_id - self.supervisor_id
        return {
            "lead_id": self.lead_id.id,
            "partner_id": self.partner_id.id,
            "intake_id": self.intake_id.id,
            "company_id": (self.lead_id.company_id or self.env.company).id,
            "user_id": self.user_id.id,
            "supervisor_id": self.supervisor_id.id,
            "team_ids": [Command.set(team.ids)],
            "practice_area_ids": [Command.set(self.practice_area_ids.ids)],
            "scope": self.scope,
        }

    def action_open(self):
        self.ensure_one()
        if not self.lead_id.stage_id.is_won:
            raise UserError(
                self.env._(
                    "Mark the lead %(lead)s as won before opening its engagement.",
                    lead=self.lead_id.display_name,
                )
            )
        engagement = self.env["itlaw.engagement"].create(self._prepare_engagement_vals())
        return engagement._get_form_action()
