import datetime

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date, formatLang

from .itlaw_intake import BAND_COLOURS

NO_BAND_COLOUR = "#adb5bd"


class ItlawPipelineDashboard(models.TransientModel):
    """The partners' dashboard: KPI tiles and charts of the pipeline over a
    period, rendered on the server from grouped reads of the pipeline
    analysis, with each risk band in its own colour (``BAND_COLOURS``)."""

    _name = "itlaw.pipeline.dashboard"
    _description = "Partners' dashboard"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: fields.Date.context_today(self)
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales team",
        required=True,
        default=lambda self: self.env.ref("itlaw_ai_advisory.crm_team_ai_advisory"),
    )
    kpi_html = fields.Html(string="Indicators", compute="_compute_dashboard", sanitize=False)
    chart_html = fields.Html(string="Charts", compute="_compute_dashboard", sanitize=False)

    @api.model
    def _default_date_from(self):
        """The last twelve months: this month and the eleven before it."""
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=11)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(board.date_from > board.date_to for board in self):
            raise ValidationError(self.env._("The start date must not be after the end date."))

    @api.depends("date_from", "date_to", "team_id")
    @api.depends_context("uid", "lang")
    def _compute_dashboard(self):
        if not self.env.user.has_group("itlaw_ai_advisory.group_partner"):
            raise AccessError(self.env._("Only partners can read the pipeline dashboard."))
        for board in self:
            if not (board.date_from and board.date_to and board.team_id):
                board.kpi_html = board.chart_html = False
                continue
            facts = board._itlaw_facts()
            board.kpi_html = board._render_kpis(facts)
            board.chart_html = board._render_charts(facts)

    # ------------------------------------------------------------------
    # Facts
    # ------------------------------------------------------------------
    def _itlaw_domain(self):
        self.ensure_one()
        start = datetime.datetime.combine(self.date_from, datetime.time.min)
        end = datetime.datetime.combine(self.date_to + relativedelta(days=1), datetime.time.min)
        return [
            ("team_id", "=", self.team_id.id),
            ("create_date", ">=", start),
            ("create_date", "<", end),
        ]

    def _itlaw_facts(self):
        """Every figure of the dashboard from a few grouped reads, with the
        partner's own access rights: the team's leads created in the period,
        and the fees of its leads' matters signed in the period."""
        self.ensure_one()
        Analysis = self.env["itlaw.pipeline.analysis"]
        domain = self._itlaw_domain()
        [(leads, consulted, engaged, contacted, hours)] = Analysis._read_group(
            domain,
            [],
            [
                "lead_count:sum",
                "consulted:sum",
                "engaged:sum",
                "first_contact_date:count",
                "hours_to_first_contact:avg",
            ],
        )
        with_intake = Analysis.search_count([*domain, ("intake_count", ">", 0)])
        by_month_band = Analysis._read_group(
            domain, ["create_date:month", "ai_risk_band"], ["__count"]
        )
        start = datetime.datetime.combine(self.date_from, datetime.time.min)
        end = datetime.datetime.combine(self.date_to + relativedelta(days=1), datetime.time.min)
        [(fees,)] = self.env["itlaw.fee.agreement"]._read_group(
            [
                ("state", "=", "signed"),
                ("signed_on", ">=", start),
                ("signed_on", "<", end),
                ("engagement_id.lead_id.team_id", "=", self.team_id.id),
            ],
            [],
            ["fixed_amount:sum"],
        )
        return {
            "leads": leads or 0,
            "with_intake": with_intake,
            "consulted": consulted or 0,
            "engaged": engaged or 0,
            # No average without a lead contacted yet.
            "hours_to_first_contact": hours if contacted else None,
            "fees": fees or 0.0,
            "by_month_band": by_month_band,
        }

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    def _percent(self, part, whole):
        return formatLang(self.env, 100.0 * part / whole if whole else 0.0, digits=1) + " %"

    def _render_kpis(self, facts):
        leads = facts["leads"]
        hours = facts["hours_to_first_contact"]
        tiles = [
            ("leads", self.env._("Leads"), str(leads), ""),
            (
                "consultation_rate",
                self.env._("Consultation rate"),
                self._percent(facts["consulted"], leads),
                self.env._("%(count)s leads with a consultation", count=facts["consulted"]),
            ),
            (
                "engagement_rate",
                self.env._("Engagement rate"),
                self._percent(facts["engaged"], leads),
                self.env._("%(count)s leads with an engagement", count=facts["engaged"]),
            ),
            (
                "first_contact",
                self.env._("Time to first contact"),
                self.env._("%(hours)s h", hours=formatLang(self.env, hours, digits=1))
                if hours is not None
                else "–",
                self.env._("on average, from the lead's creation"),
            ),
            (
                "fees",
                self.env._("Fees signed"),
                self.env.company.currency_id.format(facts["fees"]),
                self.env._("fixed fees of the agreements signed (excl. VAT)"),
            ),
        ]
        cards = Markup("").join(
            Markup(
                "<div class='col'><div class='card h-100 text-center o_itlaw_kpi' data-kpi='%s'>"
                "<div class='card-body'><div class='text-muted small'>%s</div>"
                "<div class='fs-2 fw-bold'>%s</div><div class='text-muted small'>%s</div>"
                "</div></div></div>"
            )
            % tile
            for tile in tiles
        )
        return Markup("<div class='row row-cols-2 row-cols-lg-5 g-3 mb-4'>%s</div>") % cards

    def _bands(self):
        labels = dict(
            self.env["itlaw.pipeline.analysis"]
            ._fields["ai_risk_band"]
            ._description_selection(self.env)
        )
        bands = [(key, labels[key], colour) for key, colour in BAND_COLOURS.items()]
        return [*bands, (False, self.env._("No diagnostic"), NO_BAND_COLOUR)]

    def _months(self):
        month = self.date_from.replace(day=1)
        while month <= self.date_to:
            yield month
            month += relativedelta(months=1)

    def _render_charts(self, facts):
        bands = self._bands()
        counts = {}
        for month, band, count in facts["by_month_band"]:
            key = (fields.Date.to_date(month).replace(day=1), band)
            counts[key] = counts.get(key, 0) + count
        months = list(self._months())
        totals = {
            month: sum(counts.get((month, band), 0) for band, *_ in bands) for month in months
        }
        top = max(totals.values(), default=0) or 1
        columns = Markup("").join(
            Markup(
                "<div class='d-flex flex-column align-items-center flex-fill' data-month='%s'>"
                "<div class='small fw-bold'>%s</div>"
                "<div class='d-flex flex-column-reverse w-75' style='height: 160px;'>%s</div>"
                "<div class='small text-muted text-nowrap'>%s</div></div>"
            )
            % (
                month.isoformat(),
                totals[month] or "",
                Markup("").join(
                    Markup(
                        "<div class='o_itlaw_band_bar' data-band='%s' title='%s: %s' "
                        "style='height: %s%%; background-color: %s;'></div>"
                    )
                    % (
                        band or "none",
                        label,
                        counts[month, band],
                        100 * counts[month, band] / top,
                        colour,
                    )
                    for band, label, colour in bands
                    if counts.get((month, band))
                ),
                format_date(self.env, month, date_format="MMM yy"),
            )
            for month in months
        )
        legend = Markup("").join(
            Markup(
                "<span class='me-3 text-nowrap'><span class='d-inline-block me-1 align-middle' "
                "style='width: 12px; height: 12px; background-color: %s;'></span>%s</span>"
            )
            % (colour, label)
            for _band, label, colour in bands
        )
        band_totals = [
            (band, label, colour, sum(counts.get((month, band), 0) for month in months))
            for band, label, colour in bands
        ]
        widest = max((total for *_rest, total in band_totals), default=0) or 1
        band_rows = Markup("").join(
            Markup(
                "<tr data-band='%s'><td class='text-nowrap pe-2'>%s</td><td class='w-100'>"
                "<div style='width: %s%%; min-width: 2px; height: 18px; background-color: %s;'>"
                "</div></td><td class='text-end ps-2'>%s</td></tr>"
            )
            % (band or "none", label, 100 * total / widest, colour, total)
            for band, label, colour, total in band_totals
        )
        funnel = [
            (self.env._("Leads"), facts["leads"]),
            (self.env._("With a diagnostic"), facts["with_intake"]),
            (self.env._("With a consultation"), facts["consulted"]),
            (self.env._("With an engagement"), facts["engaged"]),
        ]
        first = funnel[0][1] or 1
        funnel_rows = Markup("").join(
            Markup(
                "<tr class='o_itlaw_funnel_stage'><td class='text-nowrap pe-2'>%s</td>"
                "<td class='w-100'><div class='bg-primary' style='width: %s%%; min-width: 2px; "
                "height: 18px;'></div></td><td class='text-end ps-2'>%s</td></tr>"
            )
            % (label, 100 * count / first, count)
            for label, count in funnel
        )
        return Markup(
            "<div class='row g-4'>"
            "<div class='col-12'><h4>%s</h4>"
            "<div class='d-flex align-items-end gap-1 o_itlaw_months'>%s</div>"
            "<div class='mt-2 small'>%s</div></div>"
            "<div class='col-lg-6'><h4>%s</h4><table class='table table-sm table-borderless "
            "o_itlaw_bands'>%s</table></div>"
            "<div class='col-lg-6'><h4>%s</h4><table class='table table-sm table-borderless "
            "o_itlaw_funnel'>%s</table></div></div>"
        ) % (
            self.env._("Leads per month, by risk band"),
            columns,
            legend,
            self.env._("Leads by risk band"),
            band_rows,
            self.env._("Funnel"),
            funnel_rows,
        )
