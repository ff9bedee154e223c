"""The data-subject rights of a contact (GDPR Arts 15-21): what the firm
holds about a person, its export, objection, restriction and erasure, the
retention cron, the self-service links and the requests' log.

res_partner.py holds the contact's fields (conflict keys, the GDPR flags
these paths alone set); the rights live here, on the same model."""

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

from ..itlaw_ai_advisory import privacy
from .itlaw_consultation_type import FIRM_TZ, to_utc
from .itlaw_evidence_mixin import ERASURE_PATH
from .itlaw_settings import read_param

# What an anonymised record keeps of its contact details: nothing.
PARTNER_ERASED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "function",
    "street",
    "street2",
    "zip",
    "city",
    "website",
    "comment",
    "vat",
    "ref",
    "parent_id",
    "title",
)
LEAD_ERASED_FIELDS = (
    "contact_name",
    "partner_name",
    "email_from",
    "email_cc",
    "phone",
    "mobile",
    "function",
    "street",
    "street2",
    "zip",
    "city",
    "website",
    "description",
    "referred",
)
# A time on the personal-data pages: "9 décembre 2026 à 16:00".
WHEN_FORMATS = {"fr": "d MMMM y 'à' HH:mm", "en": "d MMMM y 'at' HH:mm"}
# Stands for an email address nobody has, where privacy.log needs one.
NO_EMAIL = "unknown@invalid"


def unreferenced(records, ignore):
    """Those of ``records`` that no row of the database refers to (by a
    foreign key), the rows ``ignore`` ({table: ids}) aside: what an erasure
    may delete without taking anything of anyone else with it. One query."""
    if not records:
        return records
    cr = records.env.cr
    records.env.flush_all()
    cr.execute(
        """
        SELECT cl.relname, a.attname,
               EXISTS (SELECT 1 FROM pg_attribute i
                        WHERE i.attrelid = c.conrelid AND i.attname = 'id' AND NOT i.attisdropped)
          FROM pg_constraint c
          JOIN pg_class cl ON cl.oid = c.conrelid
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.confrelid = %s::regclass AND cardinality(c.conkey) = 1
        """,
        [records._table],
    )
    selects = [
        SQL(
            "SELECT %s FROM %s WHERE %s = ANY(%s)%s",
            SQL.identifier(column),
            SQL.identifier(table),
            SQL.identifier(column),
            records.ids,
            SQL(" AND id != ALL(%s)", list(ignore.get(table, ()))) if has_id else SQL(""),
        )
        for table, column, has_id in cr.fetchall()
    ]
    if not selects:
        return records
    cr.execute(SQL(" UNION ").join(selects))
    referred = {row[0] for row in cr.fetchall()}
    return records.filtered(lambda record: record.id not in referred)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Who the person is, what the firm holds
    # ------------------------------------------------------------------
    @api.model
    def _itlaw_persons(self, email):
        """The contacts a self-service link for ``email`` covers: visitors'
        contacts with that normalised email, never a user's nor the firm's."""
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search([("email_normalized", "=", email), ("itlaw_anonymised_on", "=", False)])
        )
        return self.env["itlaw.intake"]._itlaw_reusable(partners)

    def _itlaw_client_ids(self):
        """Ids of those of ``self`` who are or were clients of the firm, whose
        file the law keeps: a contact or organisation that is the client of an
        engagement or of a won lead, and the contacts of a client organisation
        who are parties to its matter (the contact of its origin lead or of a
        won lead, by contact or email, or a follower of the engagement)."""
        if not self:
            return set()
        partners = self.sudo().with_context(active_test=False)
        companies = partners.commercial_partner_id
        engagements = partners.env["itlaw.engagement"].search(
            [("partner_id.commercial_partner_id", "in", companies.ids)]
        )
        won = partners.env["crm.lead"].search(
            [
                "|",
                ("partner_id.commercial_partner_id", "in", companies.ids),
                ("email_normalized", "in", [e for e in partners.mapped("email_normalized") if e]),
                ("stage_id.is_won", "=", True),
            ]
        )
        leads = engagements.lead_id | won
        parties = engagements.partner_id | engagements.message_partner_ids | leads.partner_id
        emails = set(leads.mapped("email_normalized")) - {False}
        return {
            partner.id
            for partner in partners
            if partner in parties or partner.email_normalized in emails
        }

    def _itlaw_is_client(self):
        self.ensure_one()
        return self.id in self._itlaw_client_ids()

    def _itlaw_opted_out(self):
        """Those of ``self`` who get no reminder nor newsletter: objected,
        restricted, anonymised or on the email blacklist."""
        partners = self.sudo()
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()
            .search([("email", "in", [p.email_normalized for p in partners if p.email_normalized])])
            .mapped("email")
        )
        return partners.filtered(
            lambda partner: (
                partner.itlaw_objected_on
                or partner.itlaw_restricted
                or partner.itlaw_anonymised_on
                or partner.email_normalized in blacklisted
            )
        ).with_env(self.env)

    def _itlaw_records(self):
        """Everything the addon holds about the persons ``self`` (as superuser)."""
        partners = self.sudo().with_context(active_test=False)
        emails = [email for email in partners.mapped("email_normalized") if email]
        leads = partners.env["crm.lead"].search(
            ["|", ("partner_id", "in", partners.ids), ("email_normalized", "in", emails)]
        )
        intakes = partners.env["itlaw.intake"].search(
            ["|", ("partner_id", "in", partners.ids), ("lead_id", "in", leads.ids)]
        )
        events = partners.env["calendar.event"].search(
            ["|", ("itlaw_prospect_id", "in", partners.ids), ("opportunity_id", "in", leads.ids)]
        )
        consents = partners.env["itlaw.consent"].search([("partner_id", "in", partners.ids)])
        mails = partners.env["mail.mail"].search([("recipient_ids", "in", partners.ids)])
        return {
            "partners": partners,
            "leads": leads,
            "intakes": intakes,
            "events": events,
            "consents": consents,
            "mails": mails,
        }

    def _itlaw_export(self, readable=True, lang=None):
        """What the firm holds about the persons ``self``, as plain data in
        their language: labels, not keys; times in their time zone, as words
        ("9 décembre 2026 à 16:00") for the pages, ISO 8601 with the offset
        for the JSON download (``readable=False``). Nothing internal to the
        firm (pipeline stage, salesperson) is shown. ``lang``: the page's
        language (the person's by default)."""
        records = self._itlaw_records()
        lang = lang or self[:1].lang or self.env.lang or "fr_FR"
        env = records["partners"].with_context(lang=lang).env
        # The time zone the person chose when booking, else their contact's.
        booked_tz = [event.itlaw_booking_tz for event in records["events"].sorted("start")]
        tz_name = next((tz for tz in reversed(booked_tz) if tz), self[:1].tz or FIRM_TZ)
        code = privacy_lang(lang)

        def when(value):
            return self._itlaw_privacy_time(value, tz_name, readable, lang)

        def label(record, field):
            selection = dict(record._fields[field]._description_selection(env))
            return selection.get(record[field], record[field] or "")

        return {
            "time_zone": tz_name,
            "contact": [
                {
                    "name": partner.name,
                    "email": partner.email,
                    "phone": partner.phone or "",
                    "function": partner.function or "",
                    "organisation": partner.parent_id.name or "",
                    "language": env["res.lang"]._get_data(code=partner.lang or "").name or "",
                    "newsletter": partner.itlaw_marketing_consent,
                    "objected_on": when(partner.itlaw_objected_on),
                    "processing_restricted": partner.itlaw_restricted,
                }
                for partner in records["partners"]
            ],
            "requests": [
                {
                    "name": lead.name,
                    "created": when(lead.create_date),
                    "status": request_status(env, lead),
                }
                for lead in records["leads"]
            ],
            "diagnostics": [
                {
                    "reference": intake.name,
                    "submitted": when(intake.create_date),
                    "language": env["res.lang"]._get_data(code=intake.lang or "").name or "",
                    "description": intake.description or "",
                    "answers": [
                        {"question": answer.question_label, "answer": answer.value_label or ""}
                        for answer in intake.answer_ids.with_env(env)
                    ],
                    "score": intake.score,
                    "band": label(intake, "band"),
                    "ai_act_tier": label(intake, "ai_act_tier"),
                    "dpia_required": intake.dpia_required,
                    "findings": [
                        finding[f"finding_{code}"] or "" for finding in intake.finding_ids
                    ],
                    "consent": {
                        "version": intake.consent_version or "",
                        "date": when(intake.consent_date),
                        "ip": intake.consent_ip or "",
                        "user_agent": intake.consent_user_agent or "",
                    },
                }
                for intake in records["intakes"]
            ],
            "consultations": [
                {
                    "type": event.itlaw_consultation_type_id.with_env(env).name or "",
                    "start": when(event.start),
                    "stop": when(event.stop),
                    "state": label(event, "itlaw_state"),
                    "lawyer": event.user_id.name or "",
                }
                for event in records["events"].sorted("start")
            ],
            "consents": [
                {
                    "kind": label(consent, "kind"),
                    "version": consent.version,
                    "date": when(consent.date),
                    "ip": consent.ip or "",
                    "user_agent": consent.user_agent or "",
                    "withdrawn_on": when(consent.withdrawn_on),
                }
                for consent in records["consents"]
            ],
            "emails": [
                {
                    "date": when(mail.create_date),
                    "subject": mail.subject or "",
                    "state": label(mail, "state"),
                }
                for mail in records["mails"]
            ],
        }

    def _itlaw_privacy_time(self, value, tz_name, readable=True, lang=None):
        """``value`` (naive UTC) in ``tz_name`` for the persons ``self``: in
        words in ``lang`` (theirs by default), or ISO 8601 with the offset."""
        if not value:
            return ""
        if not readable:
            return to_utc(value).astimezone(pytz.timezone(tz_name)).isoformat()
        lang = lang or self[:1].lang or self.env.lang or "fr_FR"
        return format_datetime(
            self.env,
            value,
            tz=tz_name,
            dt_format=WHEN_FORMATS[privacy_lang(lang)],
            lang_code=lang,
        )

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _itlaw_object(self):
        """Objection and withdrawal of consent, effective at once: the email on
        Odoo's blacklist, newsletter consent withdrawn, the partner and the
        leads flagged, the lawyer told by an activity."""
        partners = self.sudo().with_context(tracking_disable=True)
        now = fields.Datetime.now()
        for email in set(partners.mapped("email_normalized")) - {False}:
            partners.env["mail.blacklist"]._add(email)
        records = partners._itlaw_records()
        with partners._itlaw_workflow_path(), records["leads"]._itlaw_workflow_path():
            partners.write({"itlaw_objected_on": now})
            records["leads"].write({"itlaw_objected": True})
        records["consents"].filtered(
            lambda consent: consent.kind == "marketing" and not consent.withdrawn_on
        ).write({"withdrawn_on": now})
        records["leads"]._itlaw_notify_privacy(
            "itlaw_ai_advisory.mail_activity_type_privacy",
            lambda env: env._(
                "The prospect objected to the processing of their data and withdrew their "
                "consent (/mes-donnees): no newsletter, no reminders; their email is on the "
                "blacklist."
            ),
        )
        partners._itlaw_log(
            "objection", lambda env: env._("Objection / withdrawal of consent: done")
        )
        return True

    def _itlaw_request_erasure(self):
        """Erase the persons ``self``, or restrict the processing of those who
        are or were clients (legal retention). Returns 'erased' or 'restricted'."""
        client_ids = self._itlaw_client_ids()
        clients = self.filtered(lambda partner: partner.id in client_ids)
        erasable = (self - clients).sudo()
        identities = [(partner.name, partner.email_normalized) for partner in erasable]
        erasable._itlaw_erase("erasure", lambda env: env._("Erasure on request: anonymised"))
        erasable._itlaw_log_leftovers(identities)
        if clients:
            clients._itlaw_restrict()
            return "restricted"
        return "erased"

    def _itlaw_restrict(self):
        partners = self.sudo().with_context(tracking_disable=True)
        records = partners._itlaw_records()
        with partners._itlaw_workflow_path(), records["leads"]._itlaw_workflow_path():
            partners.write({"itlaw_restricted": True})
            records["leads"].write({"itlaw_restricted": True})
        records["leads"]._itlaw_notify_privacy(
            "itlaw_ai_advisory.mail_activity_type_privacy",
            lambda env: env._(
                "The client asked for the erasure of their data: legal retention applies, "
                "so their processing is restricted instead (kept, used for nothing else)."
            ),
        )
        partners._itlaw_log(
            "restriction",
            lambda env: env._("Erasure requested by a client: processing restricted"),
        )

    def _itlaw_erase(self, kind, details):
        """Anonymise the persons ``self`` and everything the addon holds about
        them, keeping a keyed hash of each consent. Batched: the number of
        queries does not grow with the number of persons."""
        persons = self.sudo().with_context(
            active_test=False,
            tracking_disable=True,
            mail_notrack=True,
            no_mail_to_attendees=True,
            **{ERASURE_PATH: True},
        )
        persons = persons.filtered(lambda partner: not partner.itlaw_anonymised_on)
        if not persons:
            return persons
        env = persons.env
        now = fields.Datetime.now()
        records = persons._itlaw_records()
        created = persons._itlaw_created_by_submissions(records["leads"])
        emails = {partner.id: partner.email_normalized or "" for partner in persons}
        persons._itlaw_log(kind, details)
        secret = env["ir.config_parameter"].get_param("database.secret")
        intakes, consents = records["intakes"], records["consents"]
        free_text = sorted(privacy.free_text_question_ids())
        proofs = [
            (
                intake.id,
                privacy.consent_proof(
                    secret,
                    emails.get(intake.partner_id.id, ""),
                    intake.consent_date,
                    intake.consent_version,
                ),
            )
            for intake in intakes
            if intake.consent_date
        ]
        if proofs:
            env.cr.execute(
                SQL(
                    "UPDATE itlaw_intake AS i SET consent_proof = v.proof "
                    "FROM (VALUES %s) AS v(id, proof) WHERE i.id = v.id",
                    SQL(", ").join(SQL("(%s, %s)", *row) for row in proofs),
                )
            )
        consent_proofs = [
            (
                consent.id,
                privacy.consent_proof(
                    secret, emails.get(consent.partner_id.id, ""), consent.date, consent.version
                ),
            )
            for consent in consents
        ]
        if consent_proofs:
            env.cr.execute(
                SQL(
                    "UPDATE itlaw_consent AS c SET proof = v.proof "
                    "FROM (VALUES %s) AS v(id, proof) WHERE c.id = v.id",
                    SQL(", ").join(SQL("(%s, %s)", *row) for row in consent_proofs),
                )
            )
        if intakes:
            # Free-text answers (the visitor's own words) leave the raw answers,
            # the answer lines and the stored findings' triggering answers.
            env.cr.execute(
                SQL(
                    "UPDATE itlaw_intake SET answers = answers::jsonb - %(keys)s::text[], "
                    "assessment = CASE "
                    "WHEN jsonb_typeof(assessment::jsonb -> 'findings') = 'array' "
                    "THEN jsonb_set(assessment::jsonb, '{findings}', (SELECT coalesce(jsonb_agg("
                    "CASE WHEN f ? 'triggers' THEN jsonb_set(f, '{triggers}', "
                    "(f -> 'triggers') - %(keys)s::text[]) ELSE f END ORDER BY n), '[]'::jsonb) "
                    "FROM jsonb_array_elements(assessment::jsonb -> 'findings') "
                    "WITH ORDINALITY AS t(f, n))) ELSE assessment END WHERE id IN %(ids)s",
                    keys=free_text,
                    ids=tuple(intakes.ids),
                )
            )
            env.cr.execute(
                SQL(
                    "UPDATE itlaw_intake_finding SET triggers = triggers::jsonb - %(keys)s::text[] "
                    "WHERE intake_id IN %(ids)s AND triggers IS NOT NULL",
                    keys=free_text,
                    ids=tuple(intakes.ids),
                )
            )
            env["itlaw.intake.answer"].search(
                [("intake_id", "in", intakes.ids), ("question", "in", free_text)]
            ).unlink()
            intakes.invalidate_recordset(["answers", "assessment", "consent_proof"])
            intakes.finding_ids.invalidate_recordset(["triggers"])
            intakes.write({"description": False, "consent_ip": False, "consent_user_agent": False})
        consents.invalidate_recordset(["proof"])
        consents.write({"ip": False, "user_agent": False})
        # Messages, emails, attachments and activities of these records, and
        # those the persons wrote or received.
        targets = [
            ("res.partner", persons.ids),
            ("crm.lead", records["leads"].ids),
            ("itlaw.intake", intakes.ids),
            ("calendar.event", records["events"].ids),
        ]
        blacklist = env["mail.blacklist"].with_context(active_test=False)
        blacklist = blacklist.search([("email", "in", [e for e in emails.values() if e])])
        targets.append(("mail.blacklist", blacklist.ids))
        domain = [("author_id", "in", persons.ids)]
        for model, ids in targets:
            if ids:
                domain = ["|", "&", ("model", "=", model), ("res_id", "in", ids), *domain]
        messages = env["mail.message"].search(domain)
        attachment_domain = [("id", "in", messages.attachment_ids.ids)]
        activity_domain = [("id", "=", 0)]
        for model, ids in targets:
            if ids:
                attachment_domain = [
                    "|",
                    "&",
                    ("res_model", "=", model),
                    ("res_id", "in", ids),
                    *attachment_domain,
                ]
                activity_domain = [
                    "|",
                    "&",
                    ("res_model", "=", model),
                    ("res_id", "in", ids),
                    *activity_domain,
                ]
        env["ir.attachment"].search(attachment_domain).unlink()
        # The persons' pictures (field attachments, which a plain search skips),
        # removed at once rather than by a write of image_1920 per contact.
        env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", persons.ids),
                ("res_field", "!=", False),
            ]
        ).unlink()
        persons.invalidate_recordset()
        env["mail.activity"].search(activity_domain).unlink()
        env["mail.mail"].search(
            ["|", ("recipient_ids", "in", persons.ids), ("mail_message_id", "in", messages.ids)]
        ).unlink()
        messages.unlink()
        env["mail.followers"].search([("partner_id", "in", persons.ids)]).unlink()
        blacklist.unlink()
        env["itlaw.privacy.request"]._itlaw_erased([e for e in emails.values() if e])
        if "website.visitor" in env:
            env["website.visitor"].search([("partner_id", "in", persons.ids)]).unlink()
        records["events"].write({"name": env._("Anonymised consultation"), "description": False})
        cancelled = records["events"]._itlaw_cancel_for_erasure(now)
        with persons._itlaw_workflow_path(), records["leads"]._itlaw_workflow_path():
            records["leads"].write(
                {
                    **dict.fromkeys(LEAD_ERASED_FIELDS, False),
                    "name": env._("Anonymised lead"),
                    "itlaw_anonymised": True,
                    # Out of the active pipeline: lost, for that reason.
                    "active": False,
                    "probability": 0,
                    "lost_reason_id": env.ref("itlaw_ai_advisory.crm_lost_reason_erased").id,
                }
            )
            persons.write(
                {
                    **dict.fromkeys(PARTNER_ERASED_FIELDS, False),
                    "name": env._("Anonymised contact"),
                    "active": False,
                    "itlaw_anonymised_on": now,
                }
            )
        # What the persons' own submissions created, unless something else
        # refers to it now: their organisation, the parties they declared, the
        # UTM records named after their referrer or link.
        checks = env["itlaw.conflict.check"].search([("lead_id", "in", records["leads"].ids)])
        ignore = {
            "res_partner": persons.ids + created["organisations"].ids,
            "crm_lead": records["leads"].ids,
            "itlaw_intake": intakes.ids,
            "itlaw_conflict_check": checks.ids,
        }
        organisations = unreferenced(created["organisations"], ignore)
        persons._itlaw_erase_from_conflict_checks(checks, records["leads"], organisations)
        created["parties"].unlink()
        organisations.unlink()
        for kind in ("utm_sources", "utm_mediums", "utm_campaigns"):
            unreferenced(created[kind], ignore).unlink()
        records["leads"].invalidate_recordset(["source_id", "medium_id", "campaign_id"])
        cancelled._itlaw_tell_lawyer_erased()
        return persons

    def _itlaw_erase_from_conflict_checks(self, checks, leads, organisations):
        """The conflict checks keep their decisions, not the erased persons'
        names: what was searched for the persons' leads (``checks``), and every
        match that names the persons, their leads or their erased organisations."""
        env = self.env
        Check, Line = env["itlaw.conflict.check"], env["itlaw.conflict.check.line"]
        contacts = (self | organisations).ids
        lines = Line.search(
            [
                "|",
                ("check_id", "in", checks.ids),
                "|",
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "in", contacts),
                "&",
                ("res_model", "=", "crm.lead"),
                ("res_id", "in", leads.ids),
            ]
        )
        contact, lead = env._("Anonymised contact"), env._("Anonymised lead")
        with Check._itlaw_workflow_path(), Line._itlaw_workflow_path():
            # What was searched goes too: nothing of it is known any more.
            checks.write({"subjects": lead, "subject_keys": "[]"})
            lines.filtered(lambda line: line.check_id in checks).write({"subject": lead})
            lines.filtered(
                lambda line: line.res_model == "res.partner" and line.res_id in contacts
            ).write({"record_name": contact})
            lines.filtered(
                lambda line: line.res_model == "crm.lead" and line.res_id in leads.ids
            ).write({"record_name": lead})
        # Their chatter keeps the decisions, under a name without the persons'.
        env["mail.message"].search(
            [("model", "=", "itlaw.conflict.check"), ("res_id", "in", checks.ids)]
        ).write({"record_name": lead})

    def _itlaw_created_by_submissions(self, leads):
        """What the public submissions of the persons ``self`` created with
        them, in the same transaction as the contact or the lead (one
        create_date): {organisations, parties, utm_sources, utm_mediums,
        utm_campaigns}."""
        submitted = leads.filtered(lambda lead: lead.partner_id in self)
        return {
            "organisations": self.filtered(
                lambda person: person.parent_id.create_date == person.create_date
            ).parent_id,
            "parties": submitted.itlaw_party_ids.filtered(
                lambda party: party.create_date == party.lead_id.create_date
            ),
            **{
                key: submitted.mapped(field).filtered(
                    lambda utm, field=field: any(
                        lead[field] == utm and utm.create_date == lead.create_date
                        for lead in submitted
                    )
                )
                for key, field in (
                    ("utm_sources", "source_id"),
                    ("utm_mediums", "medium_id"),
                    ("utm_campaigns", "campaign_id"),
                )
            },
        }

    def _itlaw_log_leftovers(self, identities):
        """Odoo's privacy lookup, run once more after the erasure with each
        person's former name and email: what it still finds (records of other
        modules) is named in the erasure's log for a partner to review."""
        Lookup = self.env["privacy.lookup.wizard"].sudo()
        lines = []
        for name, email in identities:
            if not (name and email):
                continue
            self.env.flush_all()
            self.env.cr.execute(Lookup.new({"name": name, "email": email})._get_query())
            lines += [(model_id, res_id) for model_id, res_id, _active in self.env.cr.fetchall()]
        if not lines:
            return
        models = self.env["ir.model"].sudo().browse({m for m, _r in lines})
        log = (
            self.env["privacy.log"]
            .sudo()
            .search([("itlaw_kind", "=", "erasure")], order="id desc", limit=1)
        )

        def description(env):
            names = {model.id: model.with_env(env).name for model in models}
            return "\n".join(
                [env._("Left for review:")]
                + [
                    f"{names[model_id]} ({models.browse(model_id).model} #{res_id})"
                    for model_id, res_id in lines
                ]
            )

        log._itlaw_describe(description, "records_description")

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _itlaw_retention_candidates(self, limit=None, now=None):
        """[(partner, last contact)] of the prospects past retention, by id:
        anonymised ones and clients left out."""
        now = now or fields.Datetime.now()
        cutoff = privacy.years_before(now, read_param(self.env, "retention_years"))
        self.env.flush_all()
        found, after = [], 0
        while limit is None or len(found) < limit:
            batch = limit or 1000
            self.env.cr.execute(
                SQL(
                    """
                    WITH prospect AS (
                        SELECT partner_id AS id FROM itlaw_intake WHERE partner_id > %(after)s
                         UNION
                        SELECT itlaw_prospect_id FROM calendar_event
                         WHERE itlaw_prospect_id > %(after)s
                    ), contact AS (
                        SELECT partner_id AS id, create_date AS at FROM itlaw_intake
                         WHERE partner_id IN (SELECT id FROM prospect)
                         UNION ALL
                        SELECT itlaw_prospect_id, stop FROM calendar_event
                         WHERE itlaw_prospect_id IN (SELECT id FROM prospect)
                         UNION ALL
                        SELECT partner_id,
                               GREATEST(create_date, date_closed, date_last_stage_update)
                          FROM crm_lead WHERE partner_id IN (SELECT id FROM prospect)
                         UNION ALL
                        SELECT partner_id, date FROM itlaw_consent
                         WHERE partner_id IN (SELECT id FROM prospect)
                         UNION ALL
                        SELECT author_id, date FROM mail_message
                         WHERE author_id IN (SELECT id FROM prospect)
                    )
                    SELECT c.id, max(c.at)
                      FROM contact c JOIN res_partner p ON p.id = c.id
                     WHERE p.itlaw_anonymised_on IS NULL AND NOT p.itlaw_restricted IS TRUE
                       AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
                     GROUP BY c.id
                    HAVING max(c.at) < %(cutoff)s
                     ORDER BY c.id
                     LIMIT %(limit)s
                    """,
                    after=after,
                    cutoff=cutoff,
                    limit=batch,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                break
            after = rows[-1][0]
            partners = self.sudo().with_context(active_test=False).browse([r[0] for r in rows])
            clients = partners._itlaw_client_ids()
            found += [
                (partner, at)
                for partner, (_id, at) in zip(partners, rows, strict=True)
                if partner.id not in clients
            ]
            if len(rows) < batch:
                break
        return found[:limit] if limit else found

    @api.model
    def _cron_itlaw_retention(self, batch_size=200):
        """Anonymise the prospects past retention, ``batch_size`` at a time
        (the cron calls itself again while there are more)."""
        candidates = self._itlaw_retention_candidates(limit=batch_size)
        partners = self.browse([partner.id for partner, _at in candidates])
        years = read_param(self.env, "retention_years")
        partners._itlaw_erase(
            "retention",
            lambda env: env._("Retention: anonymised, no contact for %(years)s years", years=years),
        )
        if len(candidates) == batch_size:
            self.env.ref("itlaw_ai_advisory.ir_cron_privacy_retention")._trigger()
        return partners

    # ------------------------------------------------------------------
    # Public links
    # ------------------------------------------------------------------
    def _itlaw_public_url(self, fr_path, en_path, lang=None):
        """Absolute URL of a public page in ``lang`` (the person's by default):
        the French path on the French site, else the English one under the
        language's prefix (the website's default language has none)."""
        lang = lang or self[:1].lang or self.env.lang or "fr_FR"
        website = self.env["website"].sudo().get_current_website()
        path = fr_path if lang.startswith("fr") else en_path
        if lang != website.default_lang_id.code:
            url_code = self.env["res.lang"]._get_data(code=lang).url_code
            if url_code:
                path = f"/{url_code}{path}"
        return website.get_base_url() + path

    def _itlaw_my_data_url(self, lang=None):
        return self._itlaw_public_url("/mes-donnees", "/my-data", lang)

    def _itlaw_privacy_notice_url(self, lang=None):
        return self._itlaw_public_url("/confidentialite", "/privacy", lang)

    # ------------------------------------------------------------------
    # Log
    # ------------------------------------------------------------------
    def _itlaw_log(self, kind, details, note=False):
        """One privacy.log line per person (name and email masked by Odoo);
        ``details`` gives the text in an environment's language."""
        return (
            self.env["privacy.log"]
            .sudo()
            .create(
                [
                    {
                        "anonymized_name": partner.name or "-",
                        "anonymized_email": partner.email_normalized or NO_EMAIL,
                        "itlaw_kind": kind,
                        "additional_note": note,
                    }
                    for partner in self
                ]
            )
            ._itlaw_describe(details)
        )


def privacy_lang(lang):
    return "fr" if (lang or "").startswith("fr") else "en"


def request_status(env, lead):
    """Where a person's request stands, in their words (never the firm's
    pipeline stage)."""
    if lead.stage_id.is_won:
        return env._("Engagement accepted")
    if not lead.active:
        return env._("Closed")
    return env._("Being handled by the firm")
