from odoo import fields, models, tools
from odoo.tools import SQL

from .crm_lead import BAND_SELECTION, TIER_SELECTION
from .itlaw_consultation_type import PRACTICE_AREAS


class ItlawPipelineAnalysis(models.Model):
    """One row per opportunity with what the partners' pivots need beside the
    lead's own fields: outcome, rates, the delays to the firm's first contact and
    to the first consultation. The lead stores the aggregates (diagnostics,
    consultations, first contact), so that a pivot over tens of thousands of
    leads is one grouped scan of crm_lead, with no join per lead."""

    _name = "itlaw.pipeline.analysis"
    _description = "Pipeline analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "create_date desc"

    lead_id = fields.Many2one("crm.lead", string="Lead", readonly=True)
    create_date = fields.Datetime(string="Created on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    user_id = fields.Many2one("res.users", string="Lawyer", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")], string="Outcome", readonly=True
    )
    source_id = fields.Many2one("utm.source", string="Source", readonly=True)
    medium_id = fields.Many2one("utm.medium", string="Medium", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", readonly=True)
    ai_risk_band = fields.Selection(BAND_SELECTION, string="AI risk band", readonly=True)
    ai_act_tier = fields.Selection(TIER_SELECTION, string="AI Act tier", readonly=True)
    ai_risk_score = fields.Integer(string="AI risk score", aggregator="avg", readonly=True)
    practice_area = fields.Selection(
        PRACTICE_AREAS,
        string="Practice area",
        readonly=True,
        help="The practice area of the lead's first consultation.",
    )
    lead_count = fields.Integer(string="Leads", readonly=True)
    intake_count = fields.Integer(string="Diagnostics", readonly=True)
    consulted = fields.Integer(
        string="Leads with a consultation",
        readonly=True,
        help="1 when the lead has at least one consultation that was not cancelled.",
    )
    consultation_rate = fields.Float(
        string="Consultation rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the leads with a consultation that was not cancelled.",
    )
    won_rate = fields.Float(string="Won rate (%)", aggregator="avg", readonly=True)
    engaged = fields.Integer(
        string="Leads with an engagement",
        readonly=True,
        help="1 when an engagement (matter) was opened from the lead.",
    )
    engagement_rate = fields.Float(
        string="Engagement rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the leads from which an engagement was opened.",
    )
    consultation_count = fields.Integer(string="Consultations", readonly=True)
    first_contact_date = fields.Datetime(
        string="First contact",
        readonly=True,
        help="The first email or message a user of the firm sent on the lead, "
        "or the first activity (call, meeting) marked done on it.",
    )
    first_consultation_date = fields.Datetime(string="First consultation", readonly=True)
    hours_to_first_contact = fields.Float(
        string="Hours to first contact", aggregator="avg", readonly=True
    )
    hours_to_consultation = fields.Float(
        string="Hours to consultation",
        aggregator="avg",
        readonly=True,
        help="From the lead's creation to the start of its first consultation.",
    )

    def _query(self):
        return SQL(
            """
            SELECT lead.id AS id,
                   lead.id AS lead_id,
                   lead.create_date,
                   lead.company_id,
                   lead.team_id,
                   lead.user_id,
                   lead.stage_id,
                   CASE WHEN stage.is_won THEN 'won'
                        WHEN NOT lead.active THEN 'lost'
                        ELSE 'open' END AS state,
                   lead.source_id,
                   lead.medium_id,
                   lead.campaign_id,
                   lead.ai_risk_band,
                   lead.ai_act_tier,
                   lead.ai_risk_score,
                   lead.itlaw_practice_area AS practice_area,
                   1 AS lead_count,
                   COALESCE(lead.intake_count, 0) AS intake_count,
                   (lead.itlaw_consulted_count > 0)::int AS consulted,
                   CASE WHEN lead.itlaw_consulted_count > 0 THEN 100.0 ELSE 0.0 END
                       AS consultation_rate,
                   CASE WHEN stage.is_won THEN 100.0 ELSE 0.0 END AS won_rate,
                   (lead.itlaw_engagement_count > 0)::int AS engaged,
                   CASE WHEN lead.itlaw_engagement_count > 0 THEN 100.0 ELSE 0.0 END
                       AS engagement_rate,
                   COALESCE(lead.itlaw_consulted_count, 0) AS consultation_count,
                   lead.itlaw_first_contact_date AS first_contact_date,
                   lead.itlaw_first_consultation_date AS first_consultation_date,
                   EXTRACT(EPOCH FROM lead.itlaw_first_contact_date - lead.create_date) / 3600.0
                       AS hours_to_first_contact,
                   EXTRACT(EPOCH FROM lead.itlaw_first_consultation_date - lead.create_date)
                       / 3600.0 AS hours_to_consultation
              FROM crm_lead lead
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             WHERE lead.type = 'opportunity'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
