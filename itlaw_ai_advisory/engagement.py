"""What an engagement owes the client: deliverables suggested from the
diagnostic's findings, and the AI Act deadlines of the client's tier.

Pure Python. The Odoo side turns deliverables into project tasks (each linked
to the finding that suggested it) and deadlines into activities::

    suggest_deliverables(findings, start, dpia_required=False) -> [Suggestion]
        # findings: mappings with "rule" and "severity" (the engine's, or the
        # stored findings'), most important first; one suggestion per
        # deliverable, from the first finding that calls for it.
    regulatory_deadlines(tier, timeline=None) -> [Deadline]   # default: the catalog's
    reminder_date(deadline_date, days_ahead, today) -> date
"""

import datetime
from dataclasses import dataclass

from .catalog import get_catalog


@dataclass(frozen=True)
class Deliverable:
    key: str
    title: dict
    reference: dict
    rules: tuple
    delay_days: int
    needs_dpia_verdict: bool = False


@dataclass(frozen=True)
class Suggestion:
    deliverable: Deliverable
    rule: str
    finding_index: int
    due: datetime.date


@dataclass(frozen=True)
class Deadline:
    milestone: str
    label: dict
    reference: dict
    date: datetime.date
    # {fr, en} when the date is not confirmed from the Official Journal text.
    unverified_note: dict | None = None


def _d(key, fr, en, ref_fr, ref_en, rules, delay_days, **extra):
    return Deliverable(
        key, {"fr": fr, "en": en}, {"fr": ref_fr, "en": ref_en}, tuple(rules), delay_days, **extra
    )


# In the order a lawyer would plan them: stop what is prohibited first.
DELIVERABLES = (
    _d(
        "prohibited_practice",
        "Analyse des pratiques interdites et plan de mise en conformité",
        "Prohibited-practice analysis and remediation plan",
        "AI Act art. 5",
        "AI Act Art. 5",
        ["aia_prohibited_practice"],
        7,
    ),
    _d(
        "dpia",
        "Analyse d'impact relative à la protection des données (AIPD)",
        "Data protection impact assessment (DPIA)",
        "RGPD art. 35 ; lignes directrices WP248",
        "GDPR Art. 35; WP248 guidelines",
        ["edpb_dpia_criteria", "gdpr_dpia_art35_3", "cnil_dpia_list"],
        45,
        needs_dpia_verdict=True,
    ),
    _d(
        "risk_management",
        "Système de gestion des risques et documentation technique (annexe III)",
        "Risk-management system and technical documentation (Annex III)",
        "AI Act art. 9 à 17, annexe III",
        "AI Act Arts 9–17, Annex III",
        ["aia_high_risk_annex_iii"],
        90,
    ),
    _d(
        "art6_3_assessment",
        "Documentation de la dérogation de l'article 6(3) et enregistrement",
        "Art. 6(3) derogation assessment and registration",
        "AI Act art. 6(3)-(4), 49(2)",
        "AI Act Arts 6(3)–(4), 49(2)",
        ["aia_art6_3_derogation"],
        30,
    ),
    _d(
        "fria",
        "Analyse d'impact sur les droits fondamentaux (FRIA)",
        "Fundamental rights impact assessment (FRIA)",
        "AI Act art. 27",
        "AI Act Art. 27",
        ["aia_fria_required"],
        60,
    ),
    _d(
        "vendor_agreements",
        "Contrats de sous-traitance avec les fournisseurs d'IA",
        "Data processing agreements with AI vendors",
        "RGPD art. 28",
        "GDPR Art. 28",
        ["gdpr_processor_contract", "gdpr_vendor_training_reuse"],
        30,
    ),
    _d(
        "transparency_notices",
        "Mentions de transparence IA (chatbot, contenus générés, hypertrucages)",
        "AI transparency notices (chatbot, generated content, deepfakes)",
        "AI Act art. 50",
        "AI Act Art. 50",
        [
            "aia_chatbot_disclosure",
            "aia_content_marking",
            "aia_deepfake_label",
            "aia_emotion_biometric_notice",
        ],
        45,
    ),
    _d(
        "gpai_documentation",
        "Documentation du modèle d'IA à usage général",
        "General-purpose AI model documentation",
        "AI Act art. 53 à 55",
        "AI Act Arts 53–55",
        ["aia_gpai_provider", "aia_gpai_systemic"],
        60,
    ),
    _d(
        "privacy_notice",
        "Information des personnes (politique de confidentialité)",
        "Privacy notice for the data subjects",
        "RGPD art. 12 à 14",
        "GDPR Arts 12–14",
        ["gdpr_information"],
        30,
    ),
    _d(
        "legal_basis",
        "Base légale de l'entraînement et mise en balance des intérêts",
        "Legal basis of training and legitimate-interest assessment",
        "RGPD art. 6(1)",
        "GDPR Art. 6(1)",
        ["gdpr_training_legal_basis", "gdpr_web_scraping"],
        30,
    ),
    _d(
        "transfers",
        "Encadrement des transferts hors UE",
        "Safeguards for transfers outside the EU",
        "RGPD art. 44 à 46",
        "GDPR Arts 44–46",
        ["gdpr_transfers"],
        30,
    ),
    _d(
        "ropa",
        "Registre des activités de traitement",
        "Record of processing activities",
        "RGPD art. 30",
        "GDPR Art. 30",
        ["gdpr_ropa"],
        30,
    ),
    _d(
        "ai_literacy",
        "Formation à la maîtrise de l'IA du personnel",
        "AI literacy training for staff",
        "AI Act art. 4",
        "AI Act Art. 4",
        ["aia_ai_literacy"],
        60,
    ),
)
DELIVERABLE_BY_RULE = {rule: item for item in DELIVERABLES for rule in item.rules}

# Milestones of the catalog's timeline that bind a client of each AI Act tier.
TIER_MILESTONES = {
    "prohibited": ("aia_prohibitions", "aia_literacy"),
    "high": ("aia_literacy", "aia_annex_iii", "aia_transparency"),
    "transparency": ("aia_literacy", "aia_transparency", "aia_marking_on_market"),
    "minimal": ("aia_literacy",),
}


def suggest_deliverables(findings, start, dpia_required=False):
    """One suggestion per deliverable the findings call for, in the order of
    ``DELIVERABLES``. Information-only findings (e.g. a DPIA already done) and
    findings superseded by another of their group suggest nothing; the DPIA is
    suggested only when the DPIA verdict requires one."""
    first = {}
    for index, finding in enumerate(findings):
        deliverable = DELIVERABLE_BY_RULE.get(finding["rule"])
        if (
            deliverable is None
            or finding.get("severity") == "info"
            or finding.get("superseded_by")
            or (deliverable.needs_dpia_verdict and not dpia_required)
        ):
            continue
        first.setdefault(deliverable.key, (finding["rule"], index))
    return [
        Suggestion(
            item,
            first[item.key][0],
            first[item.key][1],
            start + datetime.timedelta(days=item.delay_days),
        )
        for item in DELIVERABLES
        if item.key in first
    ]


def regulatory_deadlines(tier, timeline=None):
    """The timeline's milestones that apply to ``tier``, by date, as the text of the
    law followed (default: the catalog's) states them."""
    milestones = get_catalog().timeline(timeline)
    deadlines = [
        Deadline(
            key,
            dict(milestones[key].label),
            dict(milestones[key].reference),
            milestones[key].date,
            dict(milestones[key].note) if milestones[key].unverified else None,
        )
        for key in TIER_MILESTONES.get(tier or "", ())
    ]
    return sorted(deadlines, key=lambda deadline: (deadline.date, deadline.milestone))


def reminder_date(deadline_date, days_ahead, today):
    """When to remind the lawyer of a deadline: ``days_ahead`` days before it,
    never in the past (a deadline closer than that is due for attention now)."""
    return max(today, deadline_date - datetime.timedelta(days=max(days_ahead, 0)))
