from odoo import api, fields, models
from odoo.exceptions import UserError

from ..itlaw_ai_advisory import conflicts
from .res_partner import backfill_key_columns, exact_name_index

CONFLICT_STATUS = [
    ("none", "Not checked"),
    ("pending", "To decide"),
    ("cleared", "Cleared"),
    ("conflict", "Conflict"),
]
# Where the clearance that gates the matter stands (see
# itlaw.conflict.check._itlaw_governing()).
CONFLICT_GATE = [
    ("none", "No conflict check"),
    ("pending", "Waiting for a partner's decision"),
    ("outdated", "New parties since the clearance"),
    ("cleared", "Cleared"),
    ("conflict", "Conflict"),
]


class CrmLead(models.Model):
    """Conflict check side of the lead (kept apart from crm_lead.py: keys,
    declared parties, checks and their status)."""

    _inherit = "crm.lead"

    itlaw_partner_name_key = fields.Char(
        string="Organisation key",
        compute="_compute_itlaw_conflict_keys",
        store=True,
        index="trigram",
    )
    # A person's name: matched exactly only (see itlaw_conflict_check.py).
    itlaw_contact_name_key = fields.Char(
        string="Contact key",
        compute="_compute_itlaw_conflict_keys",
        store=True,
        index="btree_not_null",
    )
    itlaw_email_domain = fields.Char(
        string="Email domain",
        compute="_compute_itlaw_conflict_keys",
        store=True,
        index="btree_not_null",
    )
    itlaw_party_ids = fields.One2many("itlaw.party", "lead_id", string="Declared parties")
    itlaw_conflict_check_ids = fields.One2many(
        "itlaw.conflict.check", "lead_id", string="Conflict checks"
    )
    itlaw_conflict_check_count = fields.Integer(
        string="Conflict check count", compute="_compute_itlaw_conflict_check_count"
    )
    itlaw_conflict_status = fields.Selection(
        CONFLICT_STATUS,
        string="Conflict status",
        compute="_compute_itlaw_conflict_status",
        store=True,
        help="Decision of the latest conflict check.",
    )

    itlaw_conflict_gate = fields.Selection(
        CONFLICT_GATE,
        string="Conflict clearance",
        compute="_compute_itlaw_conflict_gate",
        help="A lead is won, and its engagement opened, once a partner cleared a conflict check "
        "that covers its client and every declared party.",
    )

    def _auto_init(self):
        backfill_key_columns(
            self.env.cr,
            "crm_lead",
            ["partner_name", "contact_name", "email_from"],
            {
                "itlaw_partner_name_key": lambda row: conflicts.name_key(row[0]),
                "itlaw_contact_name_key": lambda row: conflicts.name_key(row[1]),
                "itlaw_email_domain": lambda row: conflicts.email_domain(row[2]),
            },
        )
        return super()._auto_init()

    def init(self):
        result = super().init()
        # Beside the trigram index (similar organisations), a btree for the
        # exact match of a person's name.
        exact_name_index(self.env.cr, "crm_lead", "itlaw_partner_name_key")
        return result

    @api.depends("partner_name", "contact_name", "email_from")
    def _compute_itlaw_conflict_keys(self):
        for lead in self:
            lead.itlaw_partner_name_key = conflicts.name_key(lead.partner_name) or False
            lead.itlaw_contact_name_key = conflicts.name_key(lead.contact_name) or False
            lead.itlaw_email_domain = conflicts.email_domain(lead.email_from) or False

    @api.depends("itlaw_conflict_check_ids.decision")
    def _compute_itlaw_conflict_status(self):
        leads = self._itlaw_may_hold("itlaw_conflict_check_ids")
        latest = {lead.id: decision for lead, decision in leads._itlaw_latest_decisions()}
        for lead in self:
            lead.itlaw_conflict_status = latest.get(lead.id, "none")

    def _itlaw_latest_decisions(self):
        """[(lead, decision of its latest check)], in two queries for any number of leads."""
        if not self:
            return []
        Check = self.env["itlaw.conflict.check"].sudo()
        last_ids = [
            check_id
            for _lead, check_id in Check._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["id:max"]
            )
        ]
        return [(check.lead_id, check.decision) for check in Check.browse(last_ids)]

    @api.depends("itlaw_conflict_check_ids.decision", "itlaw_party_ids.name")
    def _compute_itlaw_conflict_gate(self):
        for lead in self:
            lead.itlaw_conflict_gate = lead._itlaw_conflict_gate() if lead.id else "none"

    def _itlaw_conflict_gate(self):
        self.ensure_one()
        Check = self.env["itlaw.conflict.check"]
        keys = Check._itlaw_current_keys(self.sudo(), self.env["itlaw.engagement"])
        return self.sudo().itlaw_conflict_check_ids._itlaw_governing(keys)[0]

    def _itlaw_check_conflict_gate(self, engagement=False):
        """Raise one UserError for the leads whose conflict check is not
        cleared, that says what is refused (winning the lead, or opening its
        ``engagement``), why, and what to do."""
        reasons = {
            "none": self.env._(
                "no conflict check was run. Run Conflict check on the lead, then use Request "
                "clearance on the check so that a partner clears it."
            ),
            "pending": self.env._(
                "its conflict check waits for a partner's decision. Use Request clearance on "
                "the check so that a partner clears it."
            ),
            "outdated": self.env._(
                "parties or client details were added since the last clearance. Run a new "
                "conflict check and have a partner clear it."
            ),
            "conflict": self.env._(
                "a partner declared a conflict of interest: the firm cannot act in this matter."
            ),
        }
        problems = []
        for lead in self:
            state = lead._itlaw_conflict_gate()
            if state == "cleared":
                continue
            if engagement:
                problems.append(
                    self.env._(
                        "No engagement can be opened from %(lead)s yet: %(why)s",
                        lead=lead.display_name,
                        why=reasons[state],
                    )
                )
            else:
                problems.append(
                    self.env._(
                        "%(lead)s cannot be marked won yet: %(why)s",
                        lead=lead.display_name,
                        why=reasons[state],
                    )
                )
        if problems:
            raise UserError("\n".join(problems))

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.stage_id.is_won)._itlaw_check_conflict_gate()
        return leads

    def write(self, vals):
        if vals.get("stage_id") and self.env["crm.stage"].browse(vals["stage_id"]).is_won:
            self.filtered(lambda lead: not lead.stage_id.is_won)._itlaw_check_conflict_gate()
        return super().write(vals)

    def _compute_itlaw_conflict_check_count(self):
        counts = dict(
            self.env["itlaw.conflict.check"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.itlaw_conflict_check_count = counts.get(lead, 0)

    def action_itlaw_run_conflict_check(self):
        self.ensure_one()
        return self.env["itlaw.conflict.check"].action_run_conflict_check(lead_id=self.id)

    def action_view_itlaw_conflict_checks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "itlaw_ai_advisory.itlaw_conflict_check_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "create": False}
        return action
