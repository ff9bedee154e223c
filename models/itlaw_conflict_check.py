import datetime
import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Smallest trigram similarity (0-1) of two name keys reported as similar names.
SIMILARITY_THRESHOLD = 0.6
# Most records reported per subject and reason (a shared email domain can
# stand for hundreds of contacts: the first ones are enough to decide).
HITS_PER_REASON = 20
# Most group companies searched with the client.
GROUP_COMPANIES_MAX = 50
# Strongest reason first: a record hit for several reasons is listed once.
REASON_SELECTION = [
    ("siren", "Same SIREN"),
    ("vat", "Same VAT number"),
    ("name", "Same name"),
    ("email_domain", "Same email domain"),
    ("similar_name", "Similar name"),
]
REASON_RANK = {reason: rank for rank, (reason, _label) in enumerate(REASON_SELECTION)}

# One query per table whatever the number of subjects: the subjects travel as
# arrays, and a LATERAL subquery per subject and key lets PostgreSQL use the
# trigram (GIN) and btree indexes of the key columns.
_SUBJECTS = """
    WITH s AS (
        SELECT * FROM unnest(%(names)s::varchar[], %(domains)s::varchar[],
                             %(sirens)s::varchar[], %(vats)s::varchar[], %(people)s::bool[])
                      WITH ORDINALITY AS s(name_key, domain, siren, vat, person, idx)
    )
"""
# Names match fuzzily (trigram similarity, `%`) between organisations only:
# "Acme Data SAS" and "ACME Data" are one firm, while "Jeanne Martin" and
# "Jeanne Moreau" are two people, and common names would bury a check under
# hundreds of homonyms. A person's name matches exactly (`=`, btree index).
FUZZY, EXACT = "%%", "="
_NAME_HITS = """
    SELECT s.idx, hit.id, hit.label, hit.similarity, hit.same, {extra}, {owners}, '{role}'
      FROM s CROSS JOIN LATERAL (
            SELECT t.id, {label} AS label, {inner}
                   similarity(t.{column}, s.name_key) AS similarity,
                   t.{column} = s.name_key AS same
              FROM {table} t
             WHERE t.{column} {operator} s.name_key AND {excluded}
             ORDER BY similarity DESC, t.id
             LIMIT %(limit)s) hit {joins}
     WHERE s.name_key IS NOT NULL AND {subjects}
"""
# Which subjects a name search covers: organisations, people, or both.
ORGANISATIONS, PEOPLE, EVERYONE = "NOT s.person", "s.person", "TRUE"


def _name_searches(column, **table):
    """The searches of a name column that holds organisations (or both):
    organisations by similarity, people by the exact name."""
    return [
        _NAME_HITS.format(column=column, operator=FUZZY, subjects=ORGANISATIONS, **table),
        _NAME_HITS.format(column=column, operator=EXACT, subjects=PEOPLE, **table),
    ]


_EQUAL_HITS = """
    SELECT s.idx, hit.id, hit.label, NULL::float, NULL::bool, hit.extra,
           NULL::int, NULL::int, '{role}:{reason}'
      FROM s CROSS JOIN LATERAL (
            SELECT t.id, {label} AS label, {extra} AS extra
              FROM {table} t {joins}
             WHERE t.{column} = s.{key} AND {excluded}
             ORDER BY t.id
             LIMIT %(limit)s) hit
     WHERE s.{key} IS NOT NULL
"""
_NO_OWNERS = "NULL::int, NULL::int"
# Matches listed in the activity that asks a partner for clearance.
SUMMARY_LINES = 10


def subject_keys(subjects):
    """What a run searched, one key per search: a name (as an organisation or
    as a person), an email domain, a SIREN, a VAT number. A check covers a
    lead or a matter whose current keys are all among the ones it searched."""
    keys = set()
    for subject in subjects:
        name_key, domain, siren, vat, person = subject["keys"]
        if name_key:
            keys.add(("person" if person else "name", name_key))
        keys.update(
            (kind, key) for kind, key in (("domain", domain), ("siren", siren), ("vat", vat)) if key
        )
    return keys


class ItlawConflictCheck(models.Model):
    """A search of the firm's records for a client, its group and the declared
    parties, and a partner's decision on it.

    Fields, by who sets them:
    - a partner edits: ``conflict_reason``, while the check is to decide;
    - only the run (``_run``) sets, once: ``company_id``, ``lead_id``,
      ``engagement_id``, ``partner_id``, ``subjects``, ``subject_keys``,
      ``hit_count``, ``line_ids``;
    - only the decision buttons set: ``decision``, ``decided_by_id``, ``decided_on``;
    - computed: ``can_decide``, ``display_name``.
    A check is created only by running it, and deleted only while undecided.
    """

    _name = "itlaw.conflict.check"
    _description = "Conflict of interest check"
    _inherit = ["mail.thread", "mail.activity.mixin", "itlaw.workflow.mixin"]
    _order = "id desc"
    _itlaw_workflow_fields = frozenset(
        {
            "company_id",
            "lead_id",
            "engagement_id",
            "partner_id",
            "subjects",
            "subject_keys",
            "hit_count",
            "line_ids",
            "decision",
            "decided_by_id",
            "decided_on",
        }
    )

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    lead_id = fields.Many2one("crm.lead", string="Lead", index="btree_not_null", ondelete="cascade")
    engagement_id = fields.Many2one(
        "itlaw.engagement", string="Engagement", index="btree_not_null", ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Client", index=True)
    decision = fields.Selection(
        [("pending", "To decide"), ("cleared", "Cleared"), ("conflict", "Conflict")],
        required=True,
        default="pending",
        tracking=True,
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True, tracking=True)
    decided_on = fields.Datetime(string="Decided on", readonly=True, tracking=True)
    conflict_reason = fields.Text(
        string="Reason",
        tracking=True,
        help="Why the firm may act despite the matches (required to clear a check that found "
        "matches), or why it cannot (required for a conflict).",
    )
    subjects = fields.Text(string="Searched", readonly=True)
    # JSON list of [kind, key]: what the run searched (see subject_keys()).
    subject_keys = fields.Text(string="Searched keys", readonly=True)
    line_ids = fields.One2many("itlaw.conflict.check.line", "check_id", string="Matches")
    hit_count = fields.Integer(string="Matches found", readonly=True)
    can_decide = fields.Boolean(string="Can decide", compute="_compute_can_decide")

    def _compute_display_name(self):
        for check in self:
            target = check.engagement_id or check.lead_id or check.partner_id
            check.display_name = self.env._(
                "Conflict check %(ref)s – %(target)s",
                ref=check.id or "",
                target=target.display_name or "",
            )

    def _compute_can_decide(self):
        self.can_decide = self._itlaw_user_decides()

    @api.constrains("decision", "conflict_reason")
    def _check_conflict_reason(self):
        unexplained = self.filtered(lambda check: not (check.conflict_reason or "").strip())
        missing = unexplained.filtered(lambda check: check.decision == "conflict")
        if missing:
            raise ValidationError(
                self.env._(
                    "A conflict needs its reason: write why the firm cannot act in %(checks)s, "
                    "then declare the conflict.",
                    checks=", ".join(missing.mapped("display_name")),
                )
            )
        cleared = unexplained.filtered(
            lambda check: check.decision == "cleared" and check.hit_count
        )
        if cleared:
            raise ValidationError(
                self.env._(
                    "%(checks)s found matches: write in Reason why the firm may act despite "
                    "them, then clear it.",
                    checks=", ".join(cleared.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._itlaw_on_workflow_path():
            raise AccessError(
                self.env._(
                    "A conflict check is created by running it (Run conflict check on the lead "
                    "or the engagement): its subject, searches and matches are set by the run."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if "conflict_reason" in vals and not self._itlaw_on_workflow_path():
            self._itlaw_check_decider()
            decided = self.filtered(lambda check: check.decision != "pending")
            if decided:
                raise UserError(
                    self.env._(
                        "The reason of %(checks)s is part of its decision: reset the check "
                        "to decide before changing it.",
                        checks=", ".join(decided.mapped("display_name")),
                    )
                )
        return super().write(vals)

    def unlink(self):
        decided = self.filtered(lambda check: check.decision != "pending")
        if decided:
            raise UserError(
                self.env._(
                    "%(checks)s was decided: a decided conflict check is kept as the "
                    "firm's record of the decision.",
                    checks=", ".join(decided.mapped("display_name")),
                )
            )
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_run_conflict_check(self, lead_id=False, engagement_id=False):
        """Run a new check and open it.

        On existing checks (the "Run again" button) the new check covers the
        same lead and engagement; otherwise pass ``lead_id`` or
        ``engagement_id`` (the engagement calls it this way). Each run is a
        new check: earlier ones and their decisions are kept.
        """
        if self:
            self.ensure_one()
            lead_id, engagement_id = self.lead_id.id, self.engagement_id.id
        lead = self.env["crm.lead"].browse(lead_id)
        engagement = self.env["itlaw.engagement"].browse(engagement_id)
        if not (lead or engagement):
            raise UserError(self.env._("Run a conflict check from a lead or an engagement."))
        check = self._run(lead, engagement)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": check.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_request_clearance(self):
        """Ask the supervising partner (every partner when the check has none)
        to decide, with an activity that summarises the matches."""
        self.check_access("read")
        decided = self.filtered(lambda check: check.decision != "pending")
        if decided:
            raise UserError(
                self.env._(
                    "%(checks)s is already decided: run a new check to ask for a new clearance.",
                    checks=", ".join(decided.mapped("display_name")),
                )
            )
        activity_type = self.env.ref("itlaw_ai_advisory.mail_activity_type_conflict_clearance")
        for check in self.sudo():
            asked = check.activity_ids.filtered(
                lambda activity: activity.activity_type_id == activity_type
            ).user_id
            partners = check._itlaw_clearance_partners() - asked
            for user in partners:
                check_lang = check.with_context(lang=user.lang or self.env.lang)
                check_lang.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=check_lang.env._(
                        "Conflict check to decide: %(check)s", check=check_lang.display_name
                    ),
                    note=check_lang._itlaw_matches_summary(),
                    user_id=user.id,
                )
            if partners:
                check.message_post(
                    body=self.env._(
                        "Clearance requested from %(partners)s.",
                        partners=", ".join(partners.mapped("name")),
                    )
                )
        return True

    def action_clear(self):
        self._itlaw_decide("cleared")
        return True

    def action_declare_conflict(self):
        self._itlaw_decide("conflict")
        return True

    def action_reset_to_pending(self):
        self._itlaw_decide("pending")
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _itlaw_user_decides(self):
        return self.env.su or self.env.user.has_group("itlaw_ai_advisory.group_partner")

    def _itlaw_check_decider(self):
        if not self._itlaw_user_decides():
            raise AccessError(
                self.env._(
                    "Only a partner (Associé) can decide on a conflict check: ask a partner "
                    "of the firm to clear it or to declare the conflict."
                )
            )

    def _itlaw_decide(self, decision):
        """The one way to set a decision: by a partner, on checks he may
        write, stamped with his name and the time. The requests for clearance
        are done, and the matters it governs follow the decision."""
        self._itlaw_check_decider()
        self.check_access("write")
        decided = decision != "pending"
        with self._itlaw_workflow_path():
            self.write(
                {
                    "decision": decision,
                    "decided_by_id": self.env.uid if decided else False,
                    "decided_on": fields.Datetime.now() if decided else False,
                }
            )
        if decided:
            activity_type = self.env.ref("itlaw_ai_advisory.mail_activity_type_conflict_clearance")
            self.sudo().activity_ids.filtered(
                lambda activity: activity.activity_type_id == activity_type
            ).action_feedback(
                feedback=dict(self._fields["decision"]._description_selection(self.env))[decision]
            )
        engagements = self._itlaw_governed_engagements()
        if decision == "conflict":
            engagements._itlaw_conflict_declared()
        engagements._itlaw_follow_the_facts()

    def _itlaw_governed_engagements(self):
        """The matters whose gate these checks take part in: their own, and
        those opened from a lead checked before its matter existed."""
        Engagement = self.env["itlaw.engagement"].sudo()
        lead_checks = self.sudo().filtered(lambda check: not check.engagement_id)
        return self.sudo().engagement_id | Engagement.search(
            [("lead_id", "in", lead_checks.lead_id.ids)]
        )

    def _itlaw_clearance_partners(self):
        """Who decides: the supervising partner of the matter the check governs
        (a lead's check governs the matters opened from the lead), else every
        partner of the check's company."""
        self.ensure_one()
        supervisors = self._itlaw_governed_engagements().supervisor_id
        if supervisors:
            return supervisors
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref("itlaw_ai_advisory.group_partner").id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )
        )

    def _itlaw_matches_summary(self):
        """The matches of the check, for the partner asked to decide (HTML)."""
        self.ensure_one()
        if not self.hit_count:
            return Markup("<p>%s</p>") % self.env._(
                "No record of the firm matches the client, its group or the declared parties."
            )
        Line = self.env["itlaw.conflict.check.line"]
        reasons = dict(Line._fields["reason"]._description_selection(self.env))
        roles = dict(Line._fields["role"]._description_selection(self.env))
        lines = self.line_ids[:SUMMARY_LINES]
        items = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(subject)s: %(reason)s – %(record)s (%(role)s)",
                subject=line.subject,
                reason=reasons[line.reason],
                record=line.record_name,
                role=roles[line.role],
            )
            for line in lines
        )
        summary = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("%(count)s matches found:", count=self.hit_count),
            items,
        )
        if self.hit_count > len(lines):
            summary += Markup("<p>%s</p>") % self.env._(
                "and %(count)s more on the check.", count=self.hit_count - len(lines)
            )
        return summary

    @api.model
    def _itlaw_current_keys(self, lead, engagement):
        """What a check of ``lead`` and/or ``engagement`` would search now."""
        lead = lead or engagement.lead_id
        client = engagement.partner_id or lead.partner_id
        subjects, _excluded = self._itlaw_subjects(lead, engagement, client)
        return subject_keys(subjects)

    def _itlaw_covers(self, keys):
        """Whether the check searched every one of ``keys``: else something
        new (a party, a client's detail) was added since it ran."""
        self.ensure_one()
        if not self.subject_keys:
            # Run before the searched keys were kept: what it searched is unknown.
            return True
        return keys <= {tuple(key) for key in json.loads(self.subject_keys)}

    def _itlaw_governing(self, keys):
        """``(state, check)``: the latest decision taken on the checks ``self``
        of a lead or matter whose current searches are ``keys``. The state is
        'none' (no check), 'pending' (none decided), 'conflict', 'cleared', or
        'outdated' (cleared, but something new to search came since)."""
        checks = self.sudo()
        latest = checks.filtered(lambda check: check.decision != "pending").sorted(
            lambda check: (check.decided_on or datetime.datetime.min, check.id)
        )[-1:]
        if not latest:
            return ("pending" if checks else "none"), latest
        if latest.decision == "cleared" and not latest._itlaw_covers(keys):
            return "outdated", latest
        return latest.decision, latest

    @api.model
    def _run(self, lead, engagement):
        """Search the firm's records for the client, its group and the
        declared parties of ``lead`` and/or ``engagement``; store the result as
        a new check. Runs with the user's access to the lead or engagement,
        and searches every record of the firm (a conflict hides in the
        records a lawyer cannot open)."""
        self.check_access("create")
        (lead | engagement.lead_id).check_access("read")
        engagement.check_access("read")
        lead = lead or engagement.lead_id
        client = engagement.partner_id or lead.partner_id
        subjects, excluded = self._itlaw_subjects(lead, engagement, client)
        lines = self._itlaw_search(subjects, excluded)
        kinds = dict(
            self.env["itlaw.conflict.check.line"]
            ._fields["subject_kind"]
            ._description_selection(self.env)
        )
        Line = self.env["itlaw.conflict.check.line"]
        with self._itlaw_workflow_path() as Check, Line._itlaw_workflow_path():
            check = Check.create(
                {
                    "company_id": (engagement.company_id or lead.company_id or self.env.company).id,
                    "lead_id": lead.id,
                    "engagement_id": engagement.id,
                    "partner_id": client.commercial_partner_id.id,
                    "subjects": "\n".join(
                        f"{kinds[subject['kind']]}: {subject['label']}" for subject in subjects
                    ),
                    "subject_keys": json.dumps(sorted(subject_keys(subjects))),
                    "hit_count": len(lines),
                    "line_ids": [fields.Command.create(line) for line in lines],
                }
            )
        return check.with_env(self.env)

    @api.model
    def _itlaw_subjects(self, lead, engagement, client):
        """What to search for: [{kind, label, name_key, domain, siren, vat}],
        and what not to report: {"partner": ids, "lead": ids, "engagement": ids}
        (the lead, the engagement, the client's group and its people)."""
        Partner = self.env["res.partner"].sudo()
        subjects = []

        def add(kind, label, name_key=False, domain=False, siren=False, vat=False, person=False):
            keys = (name_key or None, domain or None, siren or None, vat or None, person)
            if any(keys[:4]) and keys not in {subject["keys"] for subject in subjects}:
                subjects.append({"kind": kind, "label": label, "keys": keys})

        company = client.commercial_partner_id.sudo()
        group = Partner
        if company:
            top = company
            while top.parent_id:
                top = top.parent_id
            top_id = top.id
            group = Partner.with_context(active_test=False).search(
                [("id", "child_of", top_id), ("is_company", "=", True)],
                limit=GROUP_COMPANIES_MAX,
                order="id",
            )
            for partner in company | (client.sudo() - company) | (group - company):
                kind = (
                    "client"
                    if partner == company
                    else "client_contact"
                    if partner == client
                    else "group_company"
                )
                add(
                    kind,
                    partner.display_name,
                    partner.itlaw_name_key,
                    partner.itlaw_email_domain,
                    partner.itlaw_siren,
                    partner.itlaw_vat_key,
                    person=not partner.is_company,
                )
        for record in lead.sudo():
            add("client", record.partner_name, record.itlaw_partner_name_key)
            add("client_contact", record.contact_name, record.itlaw_contact_name_key, person=True)
            add("client", record.email_from, domain=record.itlaw_email_domain)
        party_labels = dict(
            self.env["itlaw.party"]._fields["kind"]._description_selection(self.env)
        )
        parties = (lead | engagement.lead_id).sudo().itlaw_party_ids | self.env[
            "itlaw.party"
        ].sudo().search([("engagement_id", "in", engagement.ids)])
        for party in parties:
            add(
                "party",
                f"{party.name} ({party_labels[party.kind]})",
                party.name_key,
            )
        excluded = {
            "partner": (
                Partner.with_context(active_test=False).search(
                    [("id", "child_of", (group | company).ids)]
                )
                if company
                else Partner
            ).ids,
            "lead": (lead | engagement.lead_id).ids,
            "engagement": engagement.ids,
        }
        return subjects, excluded

    @api.model
    def _itlaw_search(self, subjects, excluded):
        """Line values for every record that shares a key with a subject, in
        four queries whatever the size of the database."""
        cr = self.env.cr
        if not subjects:
            return []
        self.env["res.partner"].flush_model()
        self.env["crm.lead"].flush_model()
        self.env["itlaw.party"].flush_model()
        self.env["itlaw.engagement"].flush_model()
        names, domains, sirens, vats, people = (
            list(column) for column in zip(*(s["keys"] for s in subjects), strict=True)
        )
        params = {
            "names": names,
            "domains": domains,
            "sirens": sirens,
            "vats": vats,
            "people": people,
            "limit": HITS_PER_REASON,
            "partners": excluded["partner"],
            "leads": excluded["lead"],
            "engagements": excluded["engagement"],
        }
        cr.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(SIMILARITY_THRESHOLD)],
        )
        partner = {
            "role": "partner",
            "table": "res_partner",
            "label": "t.complete_name",
            "extra": "NULL::varchar",
            "joins": "",
            "owners": _NO_OWNERS,
            "inner": "",
            "excluded": "t.id != ALL(%(partners)s::int[])",
        }
        rows = []
        cr.execute(
            _SUBJECTS
            + " UNION ALL ".join(
                [
                    *_name_searches("itlaw_name_key", **partner),
                    *(
                        _EQUAL_HITS.format(reason=reason, column=column, key=key, **partner)
                        for reason, column, key in (
                            ("email_domain", "itlaw_email_domain", "domain"),
                            ("siren", "itlaw_siren", "siren"),
                            ("vat", "itlaw_vat_key", "vat"),
                        )
                    ),
                ]
            ),
            params,
        )
        rows += cr.fetchall()
        lead = {
            "role": "lead",
            "table": "crm_lead",
            "label": "t.name",
            "extra": "NULL::varchar",
            "joins": "",
            "owners": _NO_OWNERS,
            "inner": "",
            "excluded": "t.id != ALL(%(leads)s::int[])",
        }
        cr.execute(
            _SUBJECTS
            + " UNION ALL ".join(
                [
                    *_name_searches("itlaw_partner_name_key", **lead),
                    # The lead's contact is a person: exact names only.
                    _NAME_HITS.format(
                        column="itlaw_contact_name_key",
                        operator=EXACT,
                        subjects=EVERYONE,
                        **lead,
                    ),
                    _EQUAL_HITS.format(
                        reason="email_domain",
                        column="itlaw_email_domain",
                        key="domain",
                        **lead,
                    ),
                ]
            ),
            params,
        )
        rows += cr.fetchall()
        party = {
            "role": "party",
            "table": "itlaw_party",
            "label": "t.name",
            "extra": "COALESCE(l.name, e.name)",
            "owners": "hit.lead_id, hit.engagement_id",
            "inner": "t.lead_id, t.engagement_id,",
            "joins": "LEFT JOIN crm_lead l ON l.id = hit.lead_id "
            "LEFT JOIN itlaw_engagement e ON e.id = hit.engagement_id",
            "excluded": "(t.lead_id IS NULL OR t.lead_id != ALL(%(leads)s::int[])) "
            "AND (t.engagement_id IS NULL OR t.engagement_id != ALL(%(engagements)s::int[]))",
        }
        cr.execute(_SUBJECTS + " UNION ALL ".join(_name_searches("name_key", **party)), params)
        party_rows = cr.fetchall()
        lines = self._itlaw_lines(subjects, rows, party_rows)
        # Engagements whose client is a partner found above (or one of its
        # contacts); run even without partner hits, for a constant query count.
        partner_hits = {}
        for line in lines:
            if line["res_model"] == "res.partner":
                partner_hits.setdefault(line["res_id"], line)
        cr.execute(
            """
            SELECT e.id, e.name, p.complete_name,
                   CASE WHEN e.partner_id = ANY(%(hits)s::int[]) THEN e.partner_id
                        ELSE p.commercial_partner_id END
              FROM itlaw_engagement e JOIN res_partner p ON p.id = e.partner_id
             WHERE (e.partner_id = ANY(%(hits)s::int[])
                    OR p.commercial_partner_id = ANY(%(hits)s::int[]))
               AND e.id != ALL(%(engagements)s::int[])
             ORDER BY e.id
            """,
            {"hits": list(partner_hits), "engagements": excluded["engagement"]},
        )
        for engagement_id, name, client_name, partner_id in cr.fetchall():
            hit = partner_hits[partner_id]
            lines.append(
                {
                    **hit,
                    "role": "engagement_client",
                    "res_model": "itlaw.engagement",
                    "res_id": engagement_id,
                    "record_name": f"{name} – {client_name}",
                }
            )
        for sequence, line in enumerate(lines):
            line["sequence"] = sequence
        return lines

    @api.model
    def _itlaw_lines(self, subjects, rows, party_rows):
        """One line per subject and record hit, with its strongest reason."""
        best = {}
        for (
            idx,
            record_id,
            label,
            similarity,
            same,
            _extra,
            _lead,
            _engagement,
            role_reason,
        ) in rows:
            role, _sep, reason = role_reason.partition(":")
            if not reason:
                reason = "name" if same else "similar_name"
            model = "res.partner" if role == "partner" else "crm.lead"
            self._itlaw_keep(
                best,
                subjects[idx - 1],
                {
                    "role": "partner" if role == "partner" else "lead_client",
                    "reason": reason,
                    "similarity": round(similarity * 100) if similarity is not None else 0,
                    "res_model": model,
                    "res_id": record_id,
                    "record_name": label or "",
                },
            )
        for (
            idx,
            _party_id,
            label,
            similarity,
            same,
            where,
            lead_id,
            engagement_id,
            _role,
        ) in party_rows:
            self._itlaw_keep(
                best,
                subjects[idx - 1],
                {
                    "role": "lead_party" if lead_id else "engagement_party",
                    "reason": "name" if same else "similar_name",
                    "similarity": round(similarity * 100),
                    "res_model": "crm.lead" if lead_id else "itlaw.engagement",
                    "res_id": lead_id or engagement_id,
                    "record_name": f"{label} – {where or ''}",
                },
            )
        return sorted(
            best.values(),
            key=lambda line: (REASON_RANK[line["reason"]], -line["similarity"], line["subject"]),
        )

    @staticmethod
    def _itlaw_keep(best, subject, line):
        line = {**line, "subject": subject["label"], "subject_kind": subject["kind"]}
        key = (subject["label"], line["res_model"], line["res_id"], line["role"])
        current = best.get(key)
        if current is None or REASON_RANK[line["reason"]] < REASON_RANK[current["reason"]]:
            best[key] = line
