import datetime
import io

import pytz
import xlsxwriter

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from .itlaw_intake import BAND_COLOURS

_lt = LazyTranslate(__name__)

BATCH = 1000
# The lead fields of the "Pistes" sheet (bench/bench_pipeline_xlsx.py reads the same).
LEAD_FIELDS = [
    "name",
    "create_date",
    "source_id",
    "medium_id",
    "campaign_id",
    "stage_id",
    "user_id",
    "ai_risk_band",
    "ai_act_tier",
    "ai_risk_score",
    "date_open",
]

# Workbook labels: English source, French in i18n/fr.po (the user's language).
LABELS = {
    "summary": _lt("Summary"),
    "leads": _lt("Leads"),
    "consultations": _lt("Consultations"),
    "engagements": _lt("Engagements"),
    "findings": _lt("Frequent findings"),
    "kpi": _lt("Indicator"),
    "value": _lt("Value"),
    "kpi_leads": _lt("Leads"),
    "kpi_intakes": _lt("Intakes"),
    "kpi_consulted": _lt("Leads with a consultation"),
    "kpi_consultations": _lt("Consultations"),
    "kpi_engagements": _lt("Engagements"),
    "kpi_conversion": _lt("Intake → consultation rate"),
    "kpi_engagement_rate": _lt("Lead → engagement rate"),
    "kpi_fixed_fees": _lt("Signed fixed fees (excl. VAT)"),
    "monthly": _lt("Monthly subscription (excl. VAT)"),
    "hours": _lt("Hours"),
    "time_value": _lt("Time value (excl. VAT)"),
    "funnel": _lt("Funnel"),
    "funnel_stage": _lt("Stage of the funnel"),
    "funnel_intakes": _lt("Leads with a diagnostic"),
    "funnel_engaged": _lt("Leads with an engagement"),
    "band": _lt("Risk band"),
    "count": _lt("Count"),
    "source": _lt("Source"),
    "medium": _lt("UTM medium"),
    "campaign": _lt("Campaign"),
    "rate": _lt("Conversion rate"),
    "by_source": _lt("Conversion by source"),
    "none": _lt("(none)"),
    "name": _lt("Lead"),
    "stage": _lt("Stage"),
    "lawyer": _lt("Lawyer"),
    "tier": _lt("AI Act tier"),
    "score": _lt("Score"),
    "create_date": _lt("Created on"),
    "date_open": _lt("Assigned on"),
    "consultation_date": _lt("Consultation"),
    "date": _lt("Date"),
    "type": _lt("Type"),
    "state": _lt("Status"),
    "client": _lt("Client"),
    "fees": _lt("Signed fixed fee (excl. VAT)"),
    "rule": _lt("Rule"),
    "finding": _lt("Finding"),
    "reference": _lt("Reference"),
}


class ItlawPipelineReport(models.AbstractModel):
    _name = "itlaw.pipeline.report"
    _description = "Pipeline workbook"

    @api.model
    def _label(self, key):
        return self.env._(LABELS[key])

    @api.model
    def _period_domain(self, field, date_from, date_to, lawyers=None, companies=None):
        """``field`` within the days from ``date_from`` to ``date_to`` included,
        of the given lawyers and companies when some are given."""
        start = datetime.datetime.combine(date_from, datetime.time.min)
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
        domain = [(field, ">=", start), (field, "<", end)]
        if lawyers:
            domain.append(("user_id", "in", lawyers.ids))
        if companies:
            domain.append(("company_id", "in", companies.ids))
        return domain

    @api.model
    def _lead_domain(self, date_from, date_to, team=None, lawyers=None, companies=None):
        team = team or self.env.ref("itlaw_ai_advisory.crm_team_ai_advisory")
        return [
            ("team_id", "=", team.id),
            *self._period_domain("create_date", date_from, date_to, lawyers, companies),
        ]

    @api.model
    def _consultation_domain(self, date_from, date_to, team_domain, lawyers=None):
        return [
            ("itlaw_consultation_type_id", "!=", False),
            ("opportunity_id", "any", team_domain),
            *self._period_domain("start", date_from, date_to, lawyers),
        ]

    @api.model
    def _engagement_domain(self, date_from, date_to, lawyers=None, companies=None):
        """Engagements opened in the period (by hand or from any lead)."""
        return self._period_domain("create_date", date_from, date_to, lawyers, companies)

    @api.model
    def _build_workbook(self, date_from, date_to, team=None, lawyers=None, companies=None):
        """The pipeline workbook of the period as xlsx bytes, read with the
        user's own access rights (partners only): the team's leads (default the
        AI Advisory team), of the given lawyers and companies when some are given."""
        if not self.env.user.has_group("itlaw_ai_advisory.group_partner"):
            raise AccessError(self.env._("Only partners can download the pipeline workbook."))
        buffer = io.BytesIO()
        # Rows go to temporary files as they are written, so memory stays flat
        # whatever the number of leads (xlsxwriter turns constant_memory off
        # when in_memory is asked for).
        # Text cells are written with write_string: a visitor's utm_source or
        # referrer starting with "=" stays text, never a live formula; the
        # workbook refuses to turn strings into formulas as well (defence in depth).
        book = xlsxwriter.Workbook(
            buffer,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        styles = {
            "head": book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "euro": book.add_format({"num_format": '#,##0.00 "€"'}),
        }
        domain = self._lead_domain(date_from, date_to, team, lawyers, companies)
        lead_scope = [term for term in domain if term[0] in ("team_id", "company_id")]
        event_domain = self._consultation_domain(date_from, date_to, lead_scope, lawyers)
        engagement_domain = self._engagement_domain(date_from, date_to, lawyers, companies)
        self._write_summary(book, styles, domain, event_domain, engagement_domain)
        self._write_leads(book, styles, domain)
        self._write_consultations(book, styles, event_domain)
        self._write_engagements(book, styles, engagement_domain)
        self._write_findings(book, styles, domain)
        book.close()
        return buffer.getvalue()

    def _sheet(self, book, styles, key, headers, widths):
        sheet = book.add_worksheet(self._label(key))
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, self._label(header), styles["head"])
        sheet.freeze_panes(1, 0)
        return sheet

    def _selection_labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _local_converter(self):
        """A fast naive-UTC → user's local time conversion for the rows (the
        timezone looked up once, not per cell as context_timestamp does)."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        localize = pytz.utc.localize

        def to_local(value):
            return localize(value).astimezone(tz).replace(tzinfo=None)

        return to_local

    def _names(self, comodel, ids, known):
        """``known`` ({id: name}) completed with the names of ``ids``. The
        columns hold a few distinct sources, stages and lawyers: each name is
        computed once, not per row as ``read`` does. As ``read`` does, the
        names are read as superuser: seeing a row entitles the user to the
        names it links to."""
        missing = set(ids) - known.keys() - {None, False}
        records = self.env[comodel].sudo().browse(missing)
        known.update((record.id, record.display_name) for record in records)
        return known

    def _read_batches(self, model, ids, fields):
        """The rows of ``ids`` as lists of dicts, a batch at a time, with the
        user's rights, each many2one value replaced by the record's name."""
        Model = self.env[model]
        many2ones = [name for name in fields if Model._fields[name].type == "many2one"]
        names = {name: {} for name in many2ones}
        for offset in range(0, len(ids), BATCH):
            batch = Model.browse(ids[offset : offset + BATCH])
            rows = batch.read(fields, load=None)
            self._replace_ids_by_names(Model, rows, names)
            yield batch, rows
            batch.invalidate_recordset()

    def _lead_batches(self, ids):
        """The leads' rows of the Pistes sheet (``LEAD_FIELDS``) a batch at a
        time: as ``_read_batches``, but read from their columns in one query per
        batch (the ORM's per-cell work was a third of the workbook's time for
        50,000 leads, bench/bench_pipeline_xlsx.py). ``ids`` come from the
        user's own search (record rules applied); field access is checked here.
        Every field is a plain stored column of crm_lead."""
        Lead = self.env["crm.lead"]
        Lead.check_field_access_rights("read", LEAD_FIELDS)
        columns = SQL(", ").join(SQL.identifier(name) for name in ["id", *LEAD_FIELDS])
        names = {name: {} for name in LEAD_FIELDS if Lead._fields[name].type == "many2one"}
        Lead.flush_model(LEAD_FIELDS)
        for offset in range(0, len(ids), BATCH):
            batch_ids = ids[offset : offset + BATCH]
            self.env.cr.execute(
                SQL("SELECT %s FROM crm_lead WHERE id = ANY(%s)", columns, batch_ids)
            )
            by_id = {row["id"]: row for row in self.env.cr.dictfetchall()}
            rows = [by_id[lead_id] for lead_id in batch_ids if lead_id in by_id]
            self._replace_ids_by_names(Lead, rows, names)
            yield batch_ids, rows

    def _replace_ids_by_names(self, Model, rows, names):
        for name, known in names.items():
            self._names(Model._fields[name].comodel_name, {row[name] for row in rows}, known)
            for row in rows:
                row[name] = known.get(row[name], "")

    def _write_summary(self, book, styles, domain, event_domain, engagement_domain):
        Lead = self.env["crm.lead"]
        Event = self.env["calendar.event"]
        lead_count = Lead.search_count(domain)
        intake_count = self.env["itlaw.intake"].search_count([("lead_id", "any", domain)])
        consulted_domain = [*domain, ("itlaw_consultation_ids.itlaw_state", "!=", "cancelled")]
        consulted = Lead.search_count(consulted_domain)
        consultation_count = Event.search_count(event_domain)
        Engagement = self.env["itlaw.engagement"]
        engagement_count = Engagement.search_count(engagement_domain)
        engaged = Lead.search_count([*domain, ("itlaw_engagement_ids", "!=", False)])
        fixed_fees = self.env["itlaw.fee.agreement"]._read_group(
            [("state", "=", "signed"), ("engagement_id", "any", engagement_domain)],
            [],
            ["fixed_amount:sum"],
        )[0][0]
        sheet = self._sheet(book, styles, "summary", ["kpi", "value"], [42, 14])
        name = self._label("summary")
        kpis = [
            ("kpi_leads", lead_count),
            ("kpi_intakes", intake_count),
            ("kpi_consulted", consulted),
            ("kpi_consultations", consultation_count),
            ("kpi_engagements", engagement_count),
        ]
        for row, (key, value) in enumerate(kpis, start=1):
            sheet.write_string(row, 0, self._label(key))
            sheet.write_number(row, 1, value)
        row = len(kpis) + 1
        sheet.write_string(row, 0, self._label("kpi_conversion"))
        sheet.write_number(
            row, 1, consulted / intake_count if intake_count else 0, styles["percent"]
        )
        row += 1
        sheet.write_string(row, 0, self._label("kpi_engagement_rate"))
        sheet.write_number(row, 1, engaged / lead_count if lead_count else 0, styles["percent"])
        row += 1
        sheet.write_string(row, 0, self._label("kpi_fixed_fees"))
        sheet.write_number(row, 1, fixed_fees or 0, styles["euro"])

        # Band distribution.
        row += 2
        sheet.write_string(row, 0, self._label("band"), styles["head"])
        sheet.write_string(row, 1, self._label("count"), styles["head"])
        bands = self._selection_labels("crm.lead", "ai_risk_band")
        counts = dict(Lead._read_group(domain, ["ai_risk_band"], ["__count"]))
        first = row + 1
        for key, label in bands.items():
            row += 1
            sheet.write_string(row, 0, label)
            sheet.write_number(row, 1, counts.get(key, 0))
        if counts.get(False):
            row += 1
            sheet.write_string(row, 0, self._label("none"))
            sheet.write_number(row, 1, counts[False])
        pie = book.add_chart({"type": "pie"})
        # The bands' own colours (unbanded leads grey), as on every chart.
        points = [{"fill": {"color": BAND_COLOURS[key]}} for key in bands]
        if counts.get(False):
            points.append({"fill": {"color": "#adb5bd"}})
        pie.add_series(
            {
                "name": self._label("band"),
                "categories": [name, first, 0, row, 0],
                "values": [name, first, 1, row, 1],
                "points": points,
            }
        )
        pie.set_title({"name": self._label("band")})
        sheet.insert_chart(17, 5, pie)

        # Conversion by UTM source.
        row += 2
        for col, key in enumerate(["source", "kpi_leads", "kpi_consulted", "rate"]):
            sheet.write_string(row, col, self._label(key), styles["head"])
        leads = Lead._read_group(domain, ["source_id"], ["__count"])
        converted = dict(Lead._read_group(consulted_domain, ["source_id"], ["__count"]))
        first = row + 1
        for source, count in leads:
            row += 1
            sheet.write_string(row, 0, source.name or self._label("none"))
            sheet.write_number(row, 1, count)
            sheet.write_number(row, 2, converted.get(source, 0))
            sheet.write_number(row, 3, converted.get(source, 0) / count, styles["percent"])
        column = book.add_chart({"type": "column"})
        column.add_series(
            {
                "name": self._label("rate"),
                "categories": [name, first, 0, max(row, first), 0],
                "values": [name, first, 3, max(row, first), 3],
            }
        )
        column.set_title({"name": self._label("by_source")})
        column.set_y_axis({"num_format": "0%"})
        sheet.insert_chart(33, 5, column)

        # The funnel, every stage from the lead to the engagement (written
        # last: constant_memory writes the rows in order).
        row += 2
        sheet.write_string(row, 0, self._label("funnel_stage"), styles["head"])
        sheet.write_string(row, 1, self._label("count"), styles["head"])
        stages = [
            ("kpi_leads", lead_count),
            ("funnel_intakes", Lead.search_count([*domain, ("intake_count", ">", 0)])),
            ("kpi_consulted", consulted),
            ("funnel_engaged", engaged),
        ]
        first = row + 1
        for key, value in stages:
            row += 1
            sheet.write_string(row, 0, self._label(key))
            sheet.write_number(row, 1, value)
        funnel = book.add_chart({"type": "bar"})
        funnel.add_series(
            {
                "name": self._label("funnel"),
                "categories": [name, first, 0, row, 0],
                "values": [name, first, 1, row, 1],
            }
        )
        funnel.set_title({"name": self._label("funnel")})
        funnel.set_legend({"none": True})
        # The first stage on top, as a funnel reads.
        funnel.set_y_axis({"reverse": True})
        sheet.insert_chart(1, 5, funnel)

    def _write_leads(self, book, styles, domain):
        headers = [
            "name",
            "create_date",
            "source",
            "medium",
            "campaign",
            "stage",
            "lawyer",
            "band",
            "tier",
            "score",
            "date_open",
            "consultation_date",
        ]
        widths = [40, 12, 18, 16, 20, 16, 22, 14, 18, 8, 14, 14]
        sheet = self._sheet(book, styles, "leads", headers, widths)
        bands = self._selection_labels("crm.lead", "ai_risk_band")
        tiers = self._selection_labels("crm.lead", "ai_act_tier")
        Lead = self.env["crm.lead"]
        to_local = self._local_converter()
        date_style = styles["date"]
        ids = Lead.search(domain, order="create_date, id").ids
        row = 0
        for batch_ids, leads in self._lead_batches(ids):
            first_consultation = {
                lead.id: start
                for lead, start in self.env["calendar.event"]._read_group(
                    [
                        ("opportunity_id", "in", batch_ids),
                        ("itlaw_consultation_type_id", "!=", False),
                        ("itlaw_state", "!=", "cancelled"),
                    ],
                    ["opportunity_id"],
                    ["start:min"],
                )
            }
            for lead in leads:
                row += 1
                sheet.write_string(row, 0, lead["name"])
                sheet.write_datetime(row, 1, to_local(lead["create_date"]), date_style)
                for col, field in enumerate(
                    ["source_id", "medium_id", "campaign_id", "stage_id", "user_id"], start=2
                ):
                    if lead[field]:
                        sheet.write_string(row, col, lead[field])
                if lead["ai_risk_band"]:
                    sheet.write_string(row, 7, bands[lead["ai_risk_band"]])
                if lead["ai_act_tier"]:
                    sheet.write_string(row, 8, tiers[lead["ai_act_tier"]])
                sheet.write_number(row, 9, lead["ai_risk_score"] or 0)
                if lead["date_open"]:
                    sheet.write_datetime(row, 10, to_local(lead["date_open"]), date_style)
                start = first_consultation.get(lead["id"])
                if start:
                    sheet.write_datetime(row, 11, to_local(start), date_style)
        sheet.autofilter(0, 0, row, len(headers) - 1)

    def _write_consultations(self, book, styles, event_domain):
        headers = ["date", "type", "lawyer", "state", "name"]
        sheet = self._sheet(book, styles, "consultations", headers, [12, 24, 22, 14, 40])
        states = self._selection_labels("calendar.event", "itlaw_state")
        Event = self.env["calendar.event"]
        to_local = self._local_converter()
        ids = Event.search(event_domain, order="start, id").ids
        fields = ["start", "itlaw_consultation_type_id", "user_id", "itlaw_state", "opportunity_id"]
        row = 0
        for _batch, events in self._read_batches("calendar.event", ids, fields):
            for event in events:
                row += 1
                sheet.write_datetime(row, 0, to_local(event["start"]), styles["date"])
                sheet.write_string(row, 1, event["itlaw_consultation_type_id"])
                sheet.write_string(row, 2, event["user_id"])
                sheet.write_string(row, 3, states.get(event["itlaw_state"], ""))
                sheet.write_string(row, 4, event["opportunity_id"])
        sheet.autofilter(0, 0, row, len(headers) - 1)

    def _write_engagements(self, book, styles, engagement_domain):
        headers = [
            "date",
            "reference",
            "client",
            "lawyer",
            "stage",
            "fees",
            "monthly",
            "hours",
            "time_value",
        ]
        widths = [12, 16, 30, 22, 16, 18, 18, 10, 18]
        sheet = self._sheet(book, styles, "engagements", headers, widths)
        stages = self._selection_labels("itlaw.engagement", "stage")
        Engagement = self.env["itlaw.engagement"]
        to_local = self._local_converter()
        ids = Engagement.search(engagement_domain, order="create_date, id").ids
        row = 0
        for offset in range(0, len(ids), BATCH):
            batch = Engagement.browse(ids[offset : offset + BATCH])
            signed = {
                engagement.id: (fixed, monthly)
                for engagement, fixed, monthly in self.env["itlaw.fee.agreement"]._read_group(
                    [("engagement_id", "in", batch.ids), ("state", "=", "signed")],
                    ["engagement_id"],
                    ["fixed_amount:sum", "subscription_amount:sum"],
                )
            }
            for engagement in batch:
                row += 1
                fixed, monthly = signed.get(engagement.id, (0, 0))
                sheet.write_datetime(row, 0, to_local(engagement.create_date), styles["date"])
                sheet.write_string(row, 1, engagement.name)
                sheet.write_string(row, 2, engagement.partner_id.display_name or "")
                sheet.write_string(row, 3, engagement.user_id.name or "")
                sheet.write_string(row, 4, stages.get(engagement.stage, ""))
                sheet.write_number(row, 5, fixed, styles["euro"])
                sheet.write_number(row, 6, monthly, styles["euro"])
                sheet.write_number(row, 7, engagement.timesheet_hours)
                sheet.write_number(row, 8, engagement.timesheet_value, styles["euro"])
            batch.invalidate_recordset()
        sheet.autofilter(0, 0, row, len(headers) - 1)

    def _write_findings(self, book, styles, domain):
        headers = ["rule", "finding", "reference", "count"]
        sheet = self._sheet(book, styles, "findings", headers, [28, 70, 36, 10])
        Finding = self.env["itlaw.intake.finding"]
        groups = Finding._read_group(
            [("intake_id.lead_id", "any", domain)],
            ["rule"],
            ["__count", "id:max"],
            order="__count desc, rule",
        )
        english = (self.env.lang or "").startswith("en")
        samples = {
            finding["id"]: finding
            for finding in Finding.browse([last for _rule, _count, last in groups]).read(
                ["finding_fr", "finding_en", "reference_fr", "reference_en"]
            )
        }
        row = 0
        for rule, count, last in groups:
            row += 1
            sample = samples[last]
            sheet.write_string(row, 0, rule or "")
            sheet.write_string(
                row, 1, (sample["finding_en"] if english else sample["finding_fr"]) or ""
            )
            sheet.write_string(
                row, 2, (sample["reference_en"] if english else sample["reference_fr"]) or ""
            )
            sheet.write_number(row, 3, count)
        sheet.autofilter(0, 0, row, len(headers) - 1)
