from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .itlaw_consultation_type import PRACTICE_AREAS
from .itlaw_intake import BAND_SELECTION, TIER_SELECTION
from .tools import clean_text, data_record, read_utm, visitor_text_html

# Bands routed to a partner (Associé) rather than a lawyer.
PARTNER_BANDS = ("critique",)
# The lead's copy of its latest diagnostic's assessment: set by its compute
# (which does not go through write()), never by a user nor by RPC.
AI_RISK_FIELDS = frozenset(
    {
        "ai_intake_id",
        "ai_risk_score",
        "ai_risk_band",
        "ai_act_tier",
        "ai_dpia_required",
        "ai_prohibited",
    }
)


def firm_author(company, lawyer=None):
    """(partner id, email) that sign what a visitor's action posts: the firm,
    with its email, else the lawyer's; never the public user, who has none."""
    company = company.sudo()
    # What the address needs, not whole records: this runs on every public post.
    company.fetch(["partner_id"])
    company.partner_id.fetch(["name", "email"])
    email = company.email_formatted or (lawyer.sudo().email_formatted if lawyer else False)
    return company.partner_id.id, email


class CrmLead(models.Model):
    _inherit = "crm.lead"

    intake_ids = fields.One2many("itlaw.intake", "lead_id", string="AI diagnostics")
    intake_count = fields.Integer(
        string="Diagnostics", compute="_compute_intake_count", store=True, aggregator="sum"
    )
    # Computed from intake_ids rather than related to ai_intake_id: re-scoring
    # then finds the leads to update through the intakes' own lead_id, with no
    # query per intake.
    ai_intake_id = fields.Many2one(
        "itlaw.intake", string="Latest AI diagnostic", compute="_compute_ai_risk", store=True
    )
    ai_risk_score = fields.Integer(
        string="AI risk score", compute="_compute_ai_risk", store=True, aggregator="avg"
    )
    ai_risk_band = fields.Selection(
        BAND_SELECTION, string="AI risk band", compute="_compute_ai_risk", store=True
    )
    ai_act_tier = fields.Selection(
        TIER_SELECTION, string="AI Act tier", compute="_compute_ai_risk", store=True
    )
    ai_dpia_required = fields.Boolean(
        string="DPIA required", compute="_compute_ai_risk", store=True
    )
    ai_prohibited = fields.Boolean(
        string="Prohibited practice", compute="_compute_ai_risk", store=True
    )
    ai_finding_ids = fields.One2many(related="ai_intake_id.finding_ids", string="AI findings")
    ai_answer_ids = fields.One2many(related="ai_intake_id.answer_ids", string="AI answers")
    ai_dpia_criteria = fields.Char(related="ai_intake_id.dpia_criteria", string="DPIA criteria")
    ai_catalog_version = fields.Char(
        related="ai_intake_id.catalog_version", string="Catalog version"
    )
    ai_law_as_of = fields.Date(related="ai_intake_id.law_as_of", string="Law as of")
    itlaw_consultation_ids = fields.One2many(
        "calendar.event",
        "opportunity_id",
        string="Consultations",
        domain=[("itlaw_consultation_type_id", "!=", False)],
        context={"active_test": False},
    )
    itlaw_consultation_count = fields.Integer(compute="_compute_itlaw_consultation_count")
    itlaw_upcoming_consultation_count = fields.Integer(
        string="Upcoming consultations", compute="_compute_itlaw_consultation_count"
    )
    itlaw_consultation_user_id = fields.Many2one(
        "res.users",
        string="Consultation with",
        compute="_compute_itlaw_consultation_count",
        help="Lawyer of the next planned consultation, when it is not the lead's salesperson.",
    )
    # Stored for the partners' pivots (itlaw.pipeline.analysis): no join per lead.
    itlaw_consulted_count = fields.Integer(
        string="Consultations (not cancelled)",
        compute="_compute_itlaw_consultation_stats",
        store=True,
        aggregator="sum",
    )
    itlaw_first_consultation_date = fields.Datetime(
        string="First consultation", compute="_compute_itlaw_consultation_stats", store=True
    )
    itlaw_practice_area = fields.Selection(
        PRACTICE_AREAS,
        string="Practice area",
        compute="_compute_itlaw_consultation_stats",
        store=True,
        help="The practice area of the lead's first consultation.",
    )
    # Kept on the lead when the firm first reaches out (see _message_post_after_hook)
    # so that the partners' pivot need not scan the chatter of every lead.
    itlaw_first_contact_date = fields.Datetime(
        string="First contact",
        readonly=True,
        copy=False,
        help="The first email or message a user of the firm sent on the lead, "
        "or the first activity (call, meeting) marked done on it.",
    )
    # The person's GDPR requests (/mes-donnees), as the lawyers see them.
    itlaw_objected = fields.Boolean(
        string="Objected to processing",
        readonly=True,
        copy=False,
        help="The prospect objected or withdrew consent: no newsletter, no reminders.",
    )
    itlaw_restricted = fields.Boolean(
        string="Processing restricted",
        readonly=True,
        copy=False,
        help="A client asked for erasure: data kept for legal retention only.",
    )
    itlaw_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False)

    @api.depends(
        "intake_ids.score",
        "intake_ids.band",
        "intake_ids.ai_act_tier",
        "intake_ids.dpia_required",
        "intake_ids.prohibited",
    )
    def _compute_ai_risk(self):
        for lead in self:
            latest = lead.intake_ids.sorted("id")[-1:]
            lead.ai_intake_id = latest
            lead.ai_risk_score = latest.score
            lead.ai_risk_band = latest.band
            lead.ai_act_tier = latest.ai_act_tier
            lead.ai_dpia_required = latest.dpia_required
            lead.ai_prohibited = latest.prohibited

    @api.depends("intake_ids")
    def _compute_intake_count(self):
        leads = self._itlaw_may_hold("intake_ids")
        counts = dict(
            self.env["itlaw.intake"]._read_group(
                [("lead_id", "in", leads.ids)], ["lead_id"], ["__count"]
            )
            if leads
            else []
        )
        for lead in self:
            lead.intake_count = counts.get(lead, 0)

    def _itlaw_may_hold(self, relation):
        """The leads whose one2many ``relation`` may hold records. A lead
        created in this transaction is known to hold none until one is created
        for it (the ORM keeps its new records' one2many in cache, and adds
        what is created for them): counting its records needs no query."""
        field, cache = self._fields[relation], self.env.cache
        return self.filtered(
            lambda lead: (
                not lead.id  # a form's record: its origin may hold some
                or not cache.contains(lead, field)
                or cache.get(lead, field, None) != ()
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._itlaw_check_ai_risk_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._itlaw_check_ai_risk_vals([vals])
        return super().write(vals)

    @api.model
    def _itlaw_check_ai_risk_vals(self, vals_list):
        # Superuser mode only: code (the submission, benchmarks), never an RPC call.
        if self.env.su or all(AI_RISK_FIELDS.isdisjoint(vals) for vals in vals_list):
            return
        raise AccessError(
            self.env._(
                "The AI risk of a lead comes from its latest diagnostic: it cannot be edited. "
                "Use Recompute to assess the diagnostic again with the current rules."
            )
        )

    def action_view_intakes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "itlaw_ai_advisory.itlaw_intake_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        if self.intake_count == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=self.intake_ids.id)
        return action

    def action_recompute_ai_assessment(self):
        self.mapped("intake_ids").action_recompute()
        return True

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    @api.model
    def _create_from_intake(self, partner, contact, assessment_vals, request_info):
        team = data_record(self.env, "itlaw_ai_advisory.crm_team_ai_advisory")
        tag = data_record(self.env, "itlaw_ai_advisory.crm_tag_ai_diagnostic")
        utm = self._intake_utm_vals(request_info)
        organisation = contact.get("partner_name")
        lawyer = self._route_lawyer(team, assessment_vals)
        # The lead is the firm's: named in its lawyer's language, not the visitor's.
        name = self.with_context(lang=lawyer.lang or self.env.lang).env._(
            "AI diagnostic – %(who)s", who=organisation or contact["contact_name"]
        )
        return self.create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": partner.id,
                "contact_name": contact["contact_name"],
                "partner_name": organisation or False,
                "email_from": contact["email_from"],
                "phone": contact.get("phone") or False,
                "function": contact.get("function") or False,
                "description": visitor_text_html(contact.get("description")),
                "team_id": team.id,
                "company_id": team.company_id.id or self.env.company.id,
                "user_id": lawyer.id,
                "tag_ids": [fields.Command.link(tag.id)],
                "lang_id": self.env["res.lang"]._get_data(code=request_info["lang"]).id,
                **utm,
                **self._itlaw_no_enrichment_vals(),
            }
        )

    @api.model
    def _intake_utm_vals(self, request_info):
        """UTM from the page's utm_* parameters, else the referring site.

        Every UTM field is set, so that none is taken from the visitor's
        cookies (utm.mixin's defaults), which anyone can fill with anything.
        """
        utm = read_utm(request_info.get("utm") or {})
        referrer_host = clean_text(request_info.get("referrer_host"))[:100]
        Mixin = self.env["utm.mixin"]
        vals = {"source_id": False, "medium_id": False, "campaign_id": False}
        source = utm.get("utm_source") or referrer_host
        if source:
            vals["source_id"] = Mixin._find_or_create_record("utm.source", source).id
        medium = utm.get("utm_medium") or (referrer_host and "referral")
        if medium:
            vals["medium_id"] = Mixin._find_or_create_record("utm.medium", medium).id
        else:
            vals["medium_id"] = data_record(self.env, "utm.utm_medium_website").id
        if utm.get("utm_campaign"):
            vals["campaign_id"] = Mixin._find_or_create_record(
                "utm.campaign", utm["utm_campaign"]
            ).id
        return vals

    @api.model
    def _itlaw_no_enrichment_vals(self):
        """Values that keep a public form's lead away from Odoo's lead
        enrichment (IAP), which would send the prospect's email to a third
        party the privacy notice does not name."""
        return {"iap_enrich_done": True} if "iap_enrich_done" in self._fields else {}

    @api.model
    def _route_lawyer(self, team, assessment_vals):
        """Partners take critical and prohibited projects, lawyers the others;
        within them, the one with the fewest open leads."""
        members = team.member_ids.filtered("active")
        partners = members.filtered(lambda user: user.has_group("itlaw_ai_advisory.group_partner"))
        if assessment_vals["band"] in PARTNER_BANDS or assessment_vals["prohibited"]:
            members = partners or members
        else:
            members = (members - partners) or members
        if not members:
            return team.user_id
        open_counts = dict(
            self.sudo()._read_group(
                [
                    ("user_id", "in", members.ids),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda user: (open_counts.get(user, 0), user.id))

    def _notify_intake(self, intake):
        """Chatter summary and a qualification activity, with its email, for the
        assigned lawyer, in the lawyer's language (the visitor's may differ)."""
        self.ensure_one()
        lang = self.user_id.lang or self.env.lang
        lead = self.with_context(lang=lang)
        # A note notifies no one: logged without computing recipients.
        lead._message_log(body=intake._chatter_summary(lang))
        if lead.user_id:
            lead.activity_schedule(
                "itlaw_ai_advisory.mail_activity_type_qualify",
                date_deadline=lead._next_working_day(),
                user_id=lead.user_id.id,
            )

    def _next_working_day(self):
        calendar = self.company_id.resource_calendar_id or self.env.company.resource_calendar_id
        tomorrow = fields.Datetime.to_datetime(fields.Date.add(fields.Date.today(), days=1))
        if not calendar:
            return tomorrow.date()
        # Kept per process with the free slots: every change of working hours,
        # leaves or time zones bumps the version it is stored under.
        cache = self.env["itlaw.slot.cache"]
        key = ("next_working_day", calendar.id, tomorrow.date())
        version, now = cache._shared_version(), fields.Datetime.now()
        kept = cache._get(key, version, now)
        if kept:
            return kept[0]
        day = calendar.plan_days(1, tomorrow, compute_leaves=True)
        day = day.date() if day else tomorrow.date()
        cache._put(key, version, now, [day])
        return day

    # ------------------------------------------------------------------
    # Consultations
    # ------------------------------------------------------------------
    @api.depends("itlaw_consultation_ids.itlaw_state")
    def _compute_itlaw_consultation_count(self):
        groups = self.env["calendar.event"]._read_group(
            [
                ("opportunity_id", "in", self.ids),
                ("itlaw_consultation_type_id", "!=", False),
                ("active", "in", [True, False]),
            ],
            ["opportunity_id", "itlaw_state", "user_id"],
            ["__count", "start:min"],
        )
        total, upcoming, lawyer = defaultdict(int), defaultdict(int), {}
        for lead, state, user, count, start in groups:
            total[lead] += count
            if state == "booked":
                upcoming[lead] += count
                if lead not in lawyer or start < lawyer[lead][0]:
                    lawyer[lead] = (start, user)
        for lead in self:
            lead.itlaw_consultation_count = total[lead]
            lead.itlaw_upcoming_consultation_count = upcoming[lead]
            user = lawyer.get(lead, (None, self.env["res.users"]))[1]
            lead.itlaw_consultation_user_id = user if user != lead.user_id else False

    @api.depends(
        "itlaw_consultation_ids.itlaw_state",
        "itlaw_consultation_ids.start",
        "itlaw_consultation_ids.itlaw_consultation_type_id",
    )
    def _compute_itlaw_consultation_stats(self):
        leads = self._itlaw_may_hold("itlaw_consultation_ids")
        events = (
            self.env["calendar.event"].search_read(
                [
                    ("opportunity_id", "in", leads._origin.ids),
                    ("itlaw_consultation_type_id", "!=", False),
                    ("itlaw_state", "!=", "cancelled"),
                ],
                ["opportunity_id", "start", "itlaw_consultation_type_id"],
                order="start, id",
            )
            if leads
            else []
        )
        count, first = defaultdict(int), {}
        for event in events:
            lead_id = event["opportunity_id"][0]
            count[lead_id] += 1
            first.setdefault(lead_id, event)
        types = self.env["itlaw.consultation.type"].browse(
            {event["itlaw_consultation_type_id"][0] for event in first.values()}
        )
        areas = {ctype.id: ctype.practice_area for ctype in types}
        for lead in self:
            event = first.get(lead._origin.id)
            lead.itlaw_consulted_count = count[lead._origin.id]
            lead.itlaw_first_consultation_date = event and event["start"]
            lead.itlaw_practice_area = event and areas[event["itlaw_consultation_type_id"][0]]

    def action_view_itlaw_consultations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "itlaw_ai_advisory.calendar_event_action_consultation"
        )
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {"active_test": False, "default_opportunity_id": self.id}
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(view, mode) for view, mode in action["views"] if mode == "list"] + [
            (view, mode) for view, mode in action["views"] if mode != "list"
        ]
        return action

    def log_meeting(self, meeting):
        # A consultation gets its own note, in the lawyer's language and
        # timezone with the zone named (calendar_event._itlaw_lead_booked).
        if meeting.itlaw_consultation_type_id:
            return self.env["mail.message"]
        return super().log_meeting(meeting)

    @api.model
    def _itlaw_is_first_contact(self, message):
        """An email or public message of an internal user, or an activity done."""
        author_user = message.author_id.user_ids[:1]
        if not author_user or author_user.share:
            return False
        if message.mail_activity_type_id:
            return True
        return message.message_type in ("comment", "email") and (
            message.subtype_id and not message.subtype_id.internal
        )

    def _message_post_after_hook(self, message, msg_vals):
        if not self.itlaw_first_contact_date and self._itlaw_is_first_contact(message):
            self.sudo().itlaw_first_contact_date = message.date
        return super()._message_post_after_hook(message, msg_vals)

    def _itlaw_backfill_first_contact(self):
        """Sets the first contact of leads that have none from their chatter
        (for leads older than the field): one query."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead lead
                   SET itlaw_first_contact_date = contact.first_date
                  FROM (SELECT message.res_id, min(message.date) AS first_date
                          FROM mail_message message
                          LEFT JOIN mail_message_subtype subtype
                            ON subtype.id = message.subtype_id
                         WHERE message.model = 'crm.lead'
                           AND message.author_id = ANY(ARRAY(
                                SELECT partner_id FROM res_users WHERE NOT share))
                           AND (message.mail_activity_type_id IS NOT NULL
                                OR (message.message_type IN ('comment', 'email')
                                    AND subtype.id IS NOT NULL
                                    AND subtype.internal IS NOT TRUE))
                         GROUP BY message.res_id) contact
                 WHERE contact.res_id = lead.id AND lead.itlaw_first_contact_date IS NULL
                """
            )
        )
        self.env["crm.lead"].invalidate_model(["itlaw_first_contact_date"])

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        # A visitor's action (public routes) is signed by the firm, never by
        # the public user, who has no email: the lawyers' notifications need one.
        user = self.env.user
        if user._is_public() and not email_from and author_id in (None, user.partner_id.id):
            author_id, email_from = firm_author(
                self[:1].company_id or self.env.company, self[:1].user_id
            )
        return super()._message_compute_author(author_id, email_from, raise_on_email)

    def _itlaw_move_to_stage(self, stage_xmlid):
        """Move forward to a stage, never back from a later (or won) one."""
        stage = data_record(self.env, stage_xmlid)
        for lead in self:
            if (
                lead.stage_id != stage
                and not lead.stage_id.is_won
                and lead.stage_id.sequence <= stage.sequence
            ):
                lead.stage_id = stage

    def _itlaw_notify_privacy(self, activity_xmlid, body):
        """A note and an activity for each lead's lawyer, in the lawyer's
        language (``body(env)`` gives the text)."""
        for lead in self.sudo():
            lead = lead.with_context(lang=lead.user_id.lang or self.env.lang)
            text = body(lead.env)
            lead.message_post(body=text, subtype_xmlid="mail.mt_note")
            if lead.user_id:
                lead.activity_schedule(activity_xmlid, note=text, user_id=lead.user_id.id)
