import datetime

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_duration

from .. import itlaw_ai_advisory as engine
from ..itlaw_ai_advisory.engagement import (
    regulatory_deadlines,
    reminder_date,
    suggest_deliverables,
)
from .crm_lead_conflict import CONFLICT_GATE
from .itlaw_settings import read_param
from .tools import engine_lang

STAGES = [
    ("conflict_check", "Conflict check"),
    ("fee_agreement", "Fee agreement"),
    ("in_progress", "In progress"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
    ("lost", "Lost"),
]
# Stages where the firm works for the client: only after a cleared conflict
# check and a signed fee agreement. Closing or losing a matter is always allowed.
WORKING_STAGES = ("in_progress", "delivered")
# Who works on the matter: lawyers set them when they open it, partners (who
# assign the work) change them afterwards.
TEAM_FIELDS = frozenset({"user_id", "supervisor_id", "team_ids"})


class ItlawEngagement(models.Model):
    """A client's matter, opened from a won lead.

    Fields, by who sets them:
    - users edit: ``practice_area_ids``, ``scope``, ``budget_hours``,
      ``party_ids`` (parties added later need a new conflict check), and
      ``stage`` through the gate (a working stage needs the governing conflict
      check cleared and a signed fee agreement, whoever writes it);
    - set at creation only (record rules checked then), by the wizard or the
      creating user: ``company_id``, ``partner_id``, ``lead_id``, ``intake_id``;
    - the team (``user_id``, ``supervisor_id``, ``team_ids``): set at creation,
      changed afterwards by partners only;
    - only the workflow sets: ``name`` (the sequence), ``project_id`` (opening
      the matter's project);
    - computed: everything else (gate, time, deadlines, counts).
    Record rules are checked on the record as it is after a write, too.
    """

    _name = "itlaw.engagement"
    _description = "Engagement (matter)"
    _inherit = ["mail.thread", "mail.activity.mixin", "itlaw.workflow.mixin"]
    _order = "id desc"
    _itlaw_workflow_fields = frozenset({"name", "project_id"})
    _itlaw_creation_fields = frozenset({"company_id", "partner_id", "lead_id", "intake_id"})

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, tracking=True
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Origin lead", index="btree_not_null", tracking=True
    )
    intake_id = fields.Many2one(
        "itlaw.intake",
        string="AI diagnostic",
        index="btree_not_null",
        tracking=True,
        domain="[('lead_id', '=', lead_id)]",
    )
    ai_act_tier = fields.Selection(related="intake_id.ai_act_tier")
    consultation_ids = fields.Many2many(
        "calendar.event", string="Consultations", compute="_compute_consultations"
    )
    consultation_count = fields.Integer(compute="_compute_consultations")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible lawyer",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_lawyer").id)
        ],
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Supervising partner",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_partner").id)
        ],
    )
    team_ids = fields.Many2many(
        "res.users",
        "itlaw_engagement_team_rel",
        "engagement_id",
        "user_id",
        string="Team lawyers",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_lawyer").id)
        ],
    )
    practice_area_ids = fields.Many2many("itlaw.practice.area", string="Practice areas")
    scope = fields.Html(string="Scope of the engagement")
    stage = fields.Selection(
        STAGES, required=True, default="conflict_check", index=True, tracking=True
    )
    # Declared on the matter itself: each one added after a clearance calls
    # for a new conflict check.
    party_ids = fields.One2many("itlaw.party", "engagement_id", string="Declared parties")
    conflict_check_ids = fields.One2many(
        "itlaw.conflict.check", "engagement_id", string="Conflict checks"
    )
    conflict_check_count = fields.Integer(compute="_compute_gate")
    conflict_cleared = fields.Boolean(
        string="Conflicts cleared",
        compute="_compute_gate",
        help="The latest decision on the matter's conflict checks (or on its origin lead's) is "
        "a clearance that covers the client and every declared party.",
    )
    conflict_state = fields.Selection(
        CONFLICT_GATE, string="Conflict clearance", compute="_compute_gate"
    )
    can_assign_team = fields.Boolean(
        string="Can assign the team", compute="_compute_can_assign_team"
    )
    fee_agreement_ids = fields.One2many(
        "itlaw.fee.agreement", "engagement_id", string="Fee agreements"
    )
    fee_agreement_count = fields.Integer(compute="_compute_gate")
    fee_signed = fields.Boolean(string="Fee agreement signed", compute="_compute_gate")
    fixed_fee = fields.Boolean(
        compute="_compute_gate", help="A fee agreement in force sets a fixed fee."
    )
    project_id = fields.Many2one(
        "project.project", string="Project", readonly=True, copy=False, index="btree_not_null"
    )
    task_count = fields.Integer(compute="_compute_task_count")
    task_ids = fields.Many2many("project.task", string="Tasks", compute="_compute_task_count")
    budget_hours = fields.Float(
        string="Budget (hours)",
        tracking=True,
        help="Hours the fee covers (for a fixed fee); the project's allocated time.",
    )
    timesheet_hours = fields.Float(string="Time spent (hours)", compute="_compute_time")
    timesheet_value = fields.Monetary(
        string="Value of the time", compute="_compute_time", currency_field="currency_id"
    )
    lawyer_hours_html = fields.Html(
        string="Time per lawyer", compute="_compute_time", sanitize=False
    )
    budget_exceeded = fields.Boolean(compute="_compute_time")
    deadlines_html = fields.Html(
        string="Regulatory deadlines", compute="_compute_deadlines_html", sanitize=False
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("lead_id")
    def _compute_consultations(self):
        events = self.env["calendar.event"]
        if self.lead_id:
            events = events.with_context(active_test=False).search(
                [
                    ("opportunity_id", "in", self.lead_id.ids),
                    ("itlaw_consultation_type_id", "!=", False),
                ]
            )
        for engagement in self:
            mine = events.filtered(lambda event, e=engagement: event.opportunity_id == e.lead_id)
            engagement.consultation_ids = mine
            engagement.consultation_count = len(mine)

    @api.depends(
        "conflict_check_ids.decision",
        "conflict_check_ids.decided_on",
        "lead_id.itlaw_conflict_check_ids.decision",
        "party_ids.name",
        "lead_id.itlaw_party_ids.name",
        "partner_id",
        "fee_agreement_ids.state",
        "fee_agreement_ids.fee_fixed",
    )
    def _compute_gate(self):
        for engagement in self:
            agreements = engagement.fee_agreement_ids
            engagement.conflict_check_count = len(engagement._itlaw_gate_checks())
            engagement.fee_agreement_count = len(agreements)
            engagement.conflict_state = engagement._itlaw_conflict_state()
            engagement.conflict_cleared = engagement.conflict_state == "cleared"
            engagement.fee_signed = "signed" in agreements.mapped("state")
            engagement.fixed_fee = any(
                agreement.state != "cancelled" and agreement.fee_fixed for agreement in agreements
            )

    @api.depends_context("uid")
    def _compute_can_assign_team(self):
        self.can_assign_team = self._itlaw_user_assigns_team()

    def _itlaw_readable_projects(self):
        """The projects of ``self`` the current user may read: the sudo()
        computes below show nothing of a project the user could not open."""
        projects = self.project_id
        return projects if self.env.su else projects._filtered_access("read")

    @api.depends("project_id")
    @api.depends_context("uid")
    def _compute_task_count(self):
        """The tasks of the projects the user may read, shown on the matter
        itself (its first tab), from one search."""
        tasks = (
            self.env["project.task"]
            .sudo()
            .search([("project_id", "in", self._itlaw_readable_projects().ids)])
        )
        for engagement in self:
            mine = tasks.filtered(lambda task, e=engagement: task.project_id == e.project_id)
            engagement.task_ids = mine.with_env(self.env)
            engagement.task_count = len(mine)

    @api.depends("project_id", "budget_hours")
    @api.depends_context("lang", "uid")
    def _compute_time(self):
        """Hours per lawyer from one grouped read of the projects' timesheets,
        valued at each lawyer's billed rate (the team sees its matter's time,
        whoever logged it; nobody sees a project's he may not read)."""
        rows = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("project_id", "in", self._itlaw_readable_projects().ids)],
                ["project_id", "employee_id"],
                ["unit_amount:sum"],
            )
        )
        per_project = {}
        for project, employee, hours in rows:
            per_project.setdefault(project.id, []).append((employee, hours))
        for engagement in self:
            lines = sorted(
                per_project.get(engagement.project_id.id, []),
                key=lambda line: (-line[1], line[0].name or ""),
            )
            total = sum(hours for _employee, hours in lines)
            value = sum(hours * employee.itlaw_hourly_rate for employee, hours in lines)
            engagement.timesheet_hours = total
            engagement.timesheet_value = value
            engagement.budget_exceeded = bool(
                engagement.budget_hours and total > engagement.budget_hours
            )
            engagement.lawyer_hours_html = engagement._render_time_table(lines)

    def _render_time_table(self, lines):
        if not lines:
            return Markup("<p class='text-muted'>%s</p>") % self.env._("No time logged yet.")
        currency = self.currency_id
        header = Markup(
            "<tr><th>%s</th><th class='text-end'>%s</th>"
            "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr>"
        ) % (
            self.env._("Lawyer"),
            self.env._("Hours"),
            self.env._("Rate"),
            self.env._("Value"),
        )
        body = Markup("").join(
            Markup(
                "<tr><td>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
            )
            % (
                employee.name,
                format_duration(hours),
                currency.format(employee.itlaw_hourly_rate),
                currency.format(hours * employee.itlaw_hourly_rate),
            )
            for employee, hours in lines
        )
        return Markup("<table class='table table-sm o_itlaw_time'>%s%s</table>") % (
            header,
            body,
        )

    @api.depends("intake_id.ai_act_tier")
    @api.depends_context("lang")
    def _compute_deadlines_html(self):
        code = engine_lang(self.env.lang)
        today = fields.Date.context_today(self)
        for engagement in self:
            deadlines = engagement._itlaw_deadlines()
            if not deadlines:
                engagement.deadlines_html = Markup("<p class='text-muted'>%s</p>") % self.env._(
                    "No AI Act tier known for this client: no regulatory deadline to show."
                )
                continue
            in_force, ahead = self.env._("In force"), self.env._("Ahead")
            rows = Markup("").join(
                Markup("<tr class='%s'><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    "text-muted" if deadline.date < today else "fw-bold",
                    format_date(self.env, deadline.date),
                    in_force if deadline.date < today else ahead,
                    deadline.label[code],
                    Markup("%s<br/><small class='text-warning'>%s</small>")
                    % (deadline.reference[code], deadline.unverified_note[code])
                    if deadline.unverified_note
                    else deadline.reference[code],
                )
                for deadline in deadlines
            )
            engagement.deadlines_html = (
                Markup("<table class='table table-sm o_itlaw_deadlines'>%s</table>") % rows
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._itlaw_check_create_vals(vals_list)
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].next_by_code("itlaw.engagement") or "/"
        self._check_lead_cleared(vals_list)
        with self._itlaw_workflow_path():
            engagements = super().create(vals_list)
        engagements._itlaw_follow_the_facts()
        engagements._check_stage_gate()
        engagements._ensure_employees()
        engagements._create_projects()
        return engagements

    def write(self, vals):
        if TEAM_FIELDS & vals.keys() and not (
            self._itlaw_user_assigns_team() or self._itlaw_on_workflow_path()
        ):
            raise AccessError(
                self.env._(
                    "Only a partner (Associé) assigns the lawyers of an engagement once it is "
                    "open: ask a partner to change its team."
                )
            )
        if vals.get("stage") in WORKING_STAGES:
            self._check_stage_gate(vals["stage"])
        members_before = {engagement: engagement._members() for engagement in self}
        result = super().write(vals)
        if not self.env.su:
            # The record as it is now must still be one the user may write.
            self.check_access("write")
        if {"user_id", "supervisor_id", "team_ids", "company_id"} & set(vals):
            self._ensure_employees()
            for engagement in self:
                engagement._sync_project_followers(members_before[engagement])
        if "budget_hours" in vals:
            for engagement in self.filtered("project_id"):
                engagement.project_id.sudo().allocated_hours = engagement.budget_hours
        return result

    # ------------------------------------------------------------------
    # Gate
    # ------------------------------------------------------------------
    def _itlaw_gate_checks(self):
        """The checks that govern the matter: its own, and those its origin
        lead had before the matter opened (a clearance of the same client and
        parties carries into the matter)."""
        self.ensure_one()
        engagement = self.sudo()
        lead_checks = engagement.lead_id.itlaw_conflict_check_ids.filtered(
            lambda check: not check.engagement_id
        )
        return engagement.conflict_check_ids | lead_checks

    def _itlaw_conflict_state(self):
        """See itlaw.conflict.check._itlaw_governing(): a clearance covers the
        matter only if it searched its client and every party declared."""
        self.ensure_one()
        Check = self.env["itlaw.conflict.check"]
        keys = Check._itlaw_current_keys(self.sudo().lead_id, self.sudo())
        return self._itlaw_gate_checks()._itlaw_governing(keys)[0]

    def _itlaw_conflict_decision(self):
        """The decision that governs the matter: the latest one taken on its
        conflict checks ('pending' when none was taken, or when something new
        to search came after the clearance). A conflict declared on a new
        check stops a matter that an older check had cleared (Règlement
        intérieur national, art. 4)."""
        state = self._itlaw_conflict_state()
        return state if state in ("cleared", "conflict") else "pending"

    @api.model
    def _check_lead_cleared(self, vals_list):
        """No matter opens from a lead before a partner cleared its conflict check."""
        leads = self.env["crm.lead"].browse(
            {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        )
        leads._itlaw_check_conflict_gate(engagement=True)

    def _itlaw_follow_the_facts(self):
        """The stages before the work follow the facts: a cleared conflict
        check moves the matter to Fee agreement, with the client's signature
        too to In progress; a clearance that no longer covers the matter (a
        party added) or a conflict takes it back to Conflict check. Without
        any decision yet, the stage stays where the lawyer put it."""
        for engagement in self.sudo().filtered(
            lambda e: e.stage in ("conflict_check", "fee_agreement")
        ):
            state = engagement._itlaw_conflict_state()
            if state == "cleared":
                signed = "signed" in engagement.fee_agreement_ids.mapped("state")
                stage = "in_progress" if signed else "fee_agreement"
            elif state in ("outdated", "conflict"):
                stage = "conflict_check"
            else:
                continue
            if stage != engagement.stage:
                engagement.stage = stage

    def _itlaw_conflict_declared(self):
        """A conflict declared on a matter the firm works on: the supervising
        partner gets an activity to stop acting in it (the gate already
        refuses any further working stage)."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for engagement in self.sudo().filtered(lambda e: e.stage in WORKING_STAGES):
            if engagement._itlaw_conflict_decision() != "conflict":
                continue
            user = engagement.supervisor_id or self.env.user
            engagement = engagement.with_context(lang=user.lang or self.env.lang)
            engagement.activity_schedule(
                activity_type_id=todo.id,
                summary=engagement.env._(
                    "Conflict of interest declared: stop acting in this matter"
                ),
                note=escape(
                    engagement.env._(
                        "A partner declared a conflict of interest on a conflict check of "
                        "%(engagement)s while the firm works on it. A lawyer who meets a "
                        "conflict of interest in a matter must stop acting in it (Règlement "
                        "intérieur national de la profession d'avocat, art. 4).",
                        engagement=engagement.name,
                    )
                ),
                user_id=user.id,
            )

    def _check_stage_gate(self, stage=None):
        """Raise one translated error for the engagements that would work for
        a client without a cleared conflict check and a signed fee agreement."""
        problems = []
        for engagement in self:
            if (stage or engagement.stage) not in WORKING_STAGES:
                continue
            missing = []
            if engagement._itlaw_conflict_decision() != "cleared":
                missing.append(self.env._("a conflict check cleared by a partner"))
            if "signed" not in engagement.fee_agreement_ids.sudo().mapped("state"):
                missing.append(self.env._("a fee agreement signed by the client"))
            if missing:
                problems.append(
                    self.env._(
                        "%(engagement)s cannot start: it still needs %(missing)s.",
                        engagement=engagement.name,
                        missing=self.env._(" and ").join(missing),
                    )
                )
        if problems:
            raise UserError("\n".join(problems))

    # ------------------------------------------------------------------
    # Team, employees, project
    # ------------------------------------------------------------------
    def _itlaw_user_assigns_team(self):
        return self.env.su or self.env.user.has_group("itlaw_ai_advisory.group_partner")

    def _members(self):
        self.ensure_one()
        return self.user_id | self.supervisor_id | self.team_ids

    def _ensure_employees(self):
        """Every lawyer of the team gets an employee in the engagement's
        company, so that they can log time on its project."""
        Employee = self.env["hr.employee"].sudo()
        for company in self.company_id:
            engagements = self.filtered(lambda e, c=company: e.company_id == c)
            users = engagements.user_id | engagements.supervisor_id | engagements.team_ids
            if not users:
                continue
            existing = Employee.with_context(active_test=False).search(
                [("user_id", "in", users.ids), ("company_id", "=", company.id)]
            )
            missing = users - existing.user_id
            if missing:
                Employee.create([self._prepare_employee_vals(user, company) for user in missing])

    @api.model
    def _prepare_employee_vals(self, user, company):
        """The employee takes over the lawyer's own resource when he has one
        (the booking reads his working hours and leaves from it): one resource,
        one calendar, whichever app looks."""
        vals = {"name": user.name, "user_id": user.id, "company_id": company.id}
        resources = user.sudo().resource_ids.filtered(lambda r: r.company_id in (company, False))
        taken = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("resource_id", "in", resources.ids)])
            .resource_id
        )
        resource = (resources - taken)[:1]
        if resource:
            vals.update(resource_id=resource.id, resource_calendar_id=resource.calendar_id.id)
        return vals

    def _sync_project_followers(self, members_before):
        """The project is private to the team: its followers follow the team."""
        self.ensure_one()
        project = self.project_id.sudo()
        if not project:
            return
        members = self._members()
        gone = (members_before - members).partner_id
        if gone:
            project.message_unsubscribe(partner_ids=gone.ids)
        project.message_subscribe(partner_ids=members.partner_id.ids)
        project.user_id = self.user_id

    def _prepare_project_vals(self):
        self.ensure_one()
        return {
            "name": f"{self.name} – {self.partner_id.display_name}",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "privacy_visibility": "followers",
            "allow_timesheets": True,
            "allocated_hours": self.budget_hours,
            "itlaw_engagement_id": self.id,
            "type_ids": [Command.set(self._itlaw_task_stages().ids)],
        }

    @api.model
    def _itlaw_task_stages(self):
        """The task stages of every matter's project (To do, In progress, Done)."""
        return self.env["project.task.type"].browse(
            self.env.ref(xmlid).id
            for xmlid in (
                "itlaw_ai_advisory.project_task_type_todo",
                "itlaw_ai_advisory.project_task_type_in_progress",
                "itlaw_ai_advisory.project_task_type_done",
            )
        )

    @api.model
    def _itlaw_ensure_task_stages(self):
        """Projects of matters opened before the stages existed get them, and
        their tasks without a stage start in To do (run at each upgrade)."""
        stages = self._itlaw_task_stages().sudo()
        projects = (
            self.env["project.project"]
            .sudo()
            .with_context(active_test=False)
            .search([("itlaw_engagement_id", "!=", False), ("type_ids", "=", False)])
        )
        if not projects:
            return True
        projects.type_ids = [Command.set(stages.ids)]
        tasks = (
            self.env["project.task"]
            .sudo()
            .with_context(active_test=False)
            .search([("project_id", "in", projects.ids), ("stage_id", "=", False)])
        )
        tasks.stage_id = stages[:1]
        return True

    def _create_projects(self):
        """Opening an engagement opens its project, private to the team, with
        the deliverables the diagnostic calls for as tasks, and schedules the
        AI Act deadlines of the client's tier."""
        Project = self.env["project.project"].sudo().with_context(mail_create_nosubscribe=True)
        for engagement in self.filtered(lambda e: not e.project_id):
            with Project._itlaw_workflow_path():
                project = Project.create(engagement._prepare_project_vals())
            project.message_subscribe(partner_ids=engagement._members().partner_id.ids)
            with engagement._itlaw_workflow_path() as engagement_sudo:
                engagement_sudo.project_id = project
            engagement._create_deliverable_tasks()
            engagement._in_lawyer_lang()._schedule_deadline_activities()

    def _prepare_deliverable_task_vals(self):
        """Tasks for the deliverables suggested by the intake's findings, due
        from today on, each linked to its finding."""
        self.ensure_one()
        intake = self.intake_id.sudo()
        findings = intake.finding_ids
        if not findings:
            return []
        code = engine_lang(self.env.lang)
        today = fields.Date.context_today(self)
        suggestions = suggest_deliverables(
            [
                {"rule": f.rule, "severity": f.severity, "superseded_by": f.superseded_by}
                for f in findings
            ],
            today,
            dpia_required=intake.dpia_required,
        )
        vals_list = []
        for suggestion in suggestions:
            finding = findings[suggestion.finding_index]
            deliverable = suggestion.deliverable
            vals_list.append(
                {
                    "name": deliverable.title[code],
                    "project_id": self.project_id.id,
                    "company_id": self.company_id.id,
                    "user_ids": [Command.set(self.user_id.ids)],
                    "date_deadline": datetime.datetime.combine(suggestion.due, datetime.time(12)),
                    "itlaw_finding_id": finding.id,
                    "itlaw_reference": deliverable.reference[code],
                    "description": Markup("<p>%s</p><p>%s</p>")
                    % (
                        self.env._(
                            "Finding of the diagnostic: %(finding)s (%(reference)s)",
                            finding=finding["finding_fr" if code == "fr" else "finding_en"] or "",
                            reference=finding["reference_fr" if code == "fr" else "reference_en"]
                            or "",
                        ),
                        finding["action_fr" if code == "fr" else "action_en"] or "",
                    ),
                }
            )
        return vals_list

    def _in_lawyer_lang(self):
        """The engagement in its responsible lawyer's language: tasks and
        reminders are written for him."""
        self.ensure_one()
        return self.with_context(lang=self.user_id.lang or self.env.lang)

    def _create_deliverable_tasks(self):
        Task = self.env["project.task"].sudo().with_context(mail_create_nosubscribe=True)
        for engagement in self.filtered("project_id"):
            vals_list = engagement._in_lawyer_lang()._prepare_deliverable_task_vals()
            if vals_list:
                Task.create(vals_list)

    # ------------------------------------------------------------------
    # Regulatory deadlines
    # ------------------------------------------------------------------
    def _itlaw_deadlines(self):
        self.ensure_one()
        timeline = read_param(self.env, "timeline")
        if timeline not in engine.TIMELINES:
            timeline = engine.get_catalog().default_timeline
        return regulatory_deadlines(self.intake_id.sudo().ai_act_tier, timeline)

    def _schedule_deadline_activities(self):
        """A to-do for the responsible lawyer N days (setting) before each
        deadline still ahead; one per deadline, however often it runs."""
        days = read_param(self.env, "engagement_reminder_days")
        today = fields.Date.context_today(self)
        code = engine_lang(self.env.lang)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for engagement in self:
            scheduled = set(engagement.activity_ids.mapped("summary"))
            for deadline in engagement._itlaw_deadlines():
                if deadline.date < today:
                    continue
                summary = self.env._(
                    "AI Act deadline %(date)s: %(label)s",
                    date=format_date(self.env, deadline.date),
                    label=deadline.label[code],
                )
                if summary in scheduled:
                    continue
                engagement.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=reminder_date(deadline.date, days, today),
                    summary=summary,
                    note=escape(deadline.reference[code]),
                    user_id=(engagement.user_id or self.env.user).id,
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_schedule_deadlines(self):
        for engagement in self:
            engagement._in_lawyer_lang()._schedule_deadline_activities()
        return True

    def action_open_project(self):
        self._create_projects()
        return True

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "itlaw.engagement",
            "view_mode": "form",
            "res_id": self.id,
        }

    def _records_action(self, records, name):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": records._name,
            "domain": [("id", "in", records.ids)],
            "view_mode": "list,form",
            "context": {"create": False},
        }
        if len(records) == 1:
            action.update(view_mode="form", res_id=records.id)
        return action

    def action_view_lead(self):
        self.ensure_one()
        return self._records_action(self.lead_id, self.env._("Lead"))

    def action_view_intake(self):
        self.ensure_one()
        return self._records_action(self.intake_id, self.env._("AI diagnostic"))

    def action_view_consultations(self):
        self.ensure_one()
        return self._records_action(self.consultation_ids, self.env._("Consultations"))

    def action_run_conflict_check(self):
        """A new conflict check of the client, its group and the declared parties."""
        self.ensure_one()
        return self.env["itlaw.conflict.check"].action_run_conflict_check(engagement_id=self.id)

    def action_view_conflict_checks(self):
        self.ensure_one()
        action = self._records_action(
            self._itlaw_gate_checks().with_env(self.env), self.env._("Conflict checks")
        )
        action["context"] = {
            "default_engagement_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_lead_id": self.lead_id.id,
        }
        return action

    def action_view_fee_agreements(self):
        self.ensure_one()
        action = self._records_action(self.fee_agreement_ids, self.env._("Fee agreements"))
        action["context"] = {
            "default_engagement_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_project(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "view_mode": "form",
            "res_id": self.project_id.id,
        }

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("project.action_view_task")
        action.update(
            domain=[("project_id", "=", self.project_id.id)],
            context={"default_project_id": self.project_id.id},
        )
        return action

    def action_view_timesheets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_timesheet.act_hr_timesheet_line")
        action.update(
            domain=[("project_id", "=", self.project_id.id)],
            context={"default_project_id": self.project_id.id},
        )
        return action
