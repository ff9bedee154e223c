from odoo import api, fields, models

from ..itlaw_ai_advisory import privacy
from .itlaw_evidence_mixin import ERASURE_PATH
from .tools import truncate_ip

# Years the hashed proof of an erased person's consent is kept: the limitation
# period (Code civil, art. 2224), as the privacy notice says.
PROOF_YEARS = 5

CONSENT_KINDS = [
    ("privacy", "Processing for the consultation"),
    ("marketing", "Newsletter and news of the firm"),
]


class ItlawConsent(models.Model):
    """One consent given on a public form (a booking's, a newsletter's): who,
    what, which notice version, when, from where. Evidence: only its
    withdrawal is ever written, and erasure replaces it with a hashed proof."""

    _name = "itlaw.consent"
    _description = "Consent record"
    _inherit = ["itlaw.evidence.mixin"]
    _order = "date desc, id desc"
    _itlaw_evidence_fields = frozenset(
        {"partner_id", "kind", "version", "date", "lang", "ip", "user_agent", "proof"}
    )

    partner_id = fields.Many2one("res.partner", string="Contact", index=True, ondelete="cascade")
    kind = fields.Selection(CONSENT_KINDS, required=True)
    version = fields.Char(string="Privacy notice version", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    lang = fields.Char(string="Language")
    ip = fields.Char(string="IP (truncated)")
    user_agent = fields.Char()
    intake_id = fields.Many2one("itlaw.intake", string="AI diagnostic", ondelete="set null")
    lead_id = fields.Many2one("crm.lead", string="Lead", index=True, ondelete="set null")
    event_id = fields.Many2one("calendar.event", string="Consultation", ondelete="set null")
    withdrawn_on = fields.Datetime(readonly=True)
    proof = fields.Char(
        string="Hashed proof",
        readonly=True,
        help="Keyed SHA-256 of email, time and notice version, kept after erasure.",
    )

    @api.model
    def _itlaw_record(self, partner, kind, request_info, intake=None, lead=None, event=None):
        """Record a consent given on a public form (runs as superuser)."""
        return (
            self.sudo()
            .with_context(itlaw_engine_path=True)
            .create(
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "version": self.env["itlaw.intake"]._consent_version(),
                    "lang": request_info.get("lang"),
                    "ip": truncate_ip(request_info.get("ip")),
                    "user_agent": (request_info.get("user_agent") or "")[:255] or False,
                    "intake_id": intake.id if intake else False,
                    "lead_id": lead.id if lead else False,
                    "event_id": event.id if event else False,
                }
            )
        )

    @api.model
    def _itlaw_record_booking(self, event, request_info, marketing):
        """The consents of a booking made without a diagnostic (its privacy
        consent) and the optional newsletter consent of any booking."""
        partner, lead = event.itlaw_prospect_id, event.opportunity_id
        consents = self.browse()
        if not event.itlaw_intake_id:
            consents |= self._itlaw_record(partner, "privacy", request_info, lead=lead, event=event)
        if marketing:
            consents |= self._itlaw_record(
                partner, "marketing", request_info, lead=lead, event=event
            )
        return consents

    @api.autovacuum
    def _gc_itlaw_expired_proofs(self):
        """Drop the hashed proofs of consent of the persons erased more than
        PROOF_YEARS ago (retention, GDPR Art. 5(1)(e))."""
        cutoff = privacy.years_before(fields.Datetime.now(), PROOF_YEARS)
        records = self.sudo().with_context(active_test=False, **{ERASURE_PATH: True})
        partners = records.env["res.partner"].search([("itlaw_anonymised_on", "<", cutoff)])
        if not partners:
            return
        records.search([("partner_id", "in", partners.ids)]).unlink()
        records.env["itlaw.intake"].search(
            [("partner_id", "in", partners.ids), ("consent_proof", "!=", False)]
        ).write({"consent_proof": False})
