"""The AI Act memo: the system's qualification, the obligations that apply
with their dates under the timeline followed, and the compliance roadmap.

Pure Python. ``build(assessment, answers, lang, roadmap)`` gathers the facts
from a stored assessment (``Assessment.to_dict()``) and its answers;
``docx_blocks(memo, paragraphs, meta)`` lays them out for Word with the firm's
standard paragraphs (edited by the partners, one set per language). The QWeb
PDF reads the same ``build`` result.
"""

import datetime
from dataclasses import dataclass, field

from .catalog import get_catalog
from .dpia import LANGS, answer_labels
from .engagement import TIER_MILESTONES

TEXTS = {
    "title": {"fr": "Note AI Act", "en": "AI Act memo"},
    "qualification": {"fr": "Qualification du système", "en": "Qualification of the system"},
    "role": {"fr": "Rôle du client", "en": "Role of the client"},
    "tier": {"fr": "Niveau de risque", "en": "Risk tier"},
    "annex_iii": {"fr": "Domaine de l'annexe III", "en": "Annex III area"},
    "annex_i": {
        "fr": "Législation d'harmonisation de l'annexe I",
        "en": "Annex I harmonisation legislation",
    },
    "basis": {"fr": "Fondement", "en": "Legal basis"},
    "why_none": {
        "fr": "Le système ne relève d'aucun domaine de l'annexe III et n'est pas un produit "
        "(ou le composant de sécurité d'un produit) soumis à une évaluation de la conformité "
        "par un tiers au titre de l'annexe I, d'après les réponses au diagnostic.",
        "en": "The system falls in no Annex III area and is not a product (or the safety "
        "component of a product) subject to a third-party conformity assessment under Annex I, "
        "according to the answers to the diagnostic.",
    },
    "derogation": {
        "fr": "Dérogation de l'article 6(3) invoquée : à documenter avant la mise sur le marché.",
        "en": "Art. 6(3) derogation invoked: to be documented before placing on the market.",
    },
    "obligations": {"fr": "Obligations applicables", "en": "Obligations that apply"},
    "obligation": {"fr": "Obligation", "en": "Obligation"},
    "reference": {"fr": "Référence", "en": "Reference"},
    "applies_from": {"fr": "Applicable à partir du", "en": "Applies from"},
    "in_force": {"fr": "(déjà applicable)", "en": "(already applies)"},
    "no_obligation": {
        "fr": "Aucune obligation de l'AI Act relevée par le diagnostic, hors maîtrise de l'IA.",
        "en": "The diagnostic found no AI Act obligation beyond AI literacy.",
    },
    "role_duties": {"fr": "Obligations liées au rôle", "en": "Duties of the role"},
    "milestones": {"fr": "Échéancier applicable", "en": "Timeline that applies"},
    "timeline": {"fr": "Calendrier suivi", "en": "Timeline followed"},
    "roadmap": {"fr": "Feuille de route de mise en conformité", "en": "Compliance roadmap"},
    "no_roadmap": {
        "fr": "Aucune échéance n'est encore planifiée dans le dossier.",
        "en": "No deadline is planned in the engagement yet.",
    },
    "due": {"fr": "Échéance", "en": "Due"},
    "step": {"fr": "Étape", "en": "Step"},
    "client": {"fr": "Client", "en": "Client"},
    "engagement": {"fr": "Dossier", "en": "Engagement"},
    "catalog_version": {
        "fr": "Version du catalogue du diagnostic",
        "en": "Catalog version of the diagnostic",
    },
    "law_as_of": {"fr": "Droit applicable au", "en": "Law as of"},
    "to_complete": {"fr": "À compléter.", "en": "To complete."},
}
TIMELINE_LABELS = {
    "omnibus_2026": {
        "fr": "AI Act tel que modifié par le règlement (UE) 2026/1744 (omnibus numérique)",
        "en": "AI Act as amended by Regulation (EU) 2026/1744 (digital omnibus)",
    },
    "regulation_2024": {
        "fr": "AI Act dans sa version initiale (règlement (UE) 2024/1689)",
        "en": "AI Act as first adopted (Regulation (EU) 2024/1689)",
    },
}
NONE_OPTIONS = frozenset({"none", "unsure"})


@dataclass
class Obligation:
    rule: str
    finding: str
    action: str
    reference: str
    applies_from: datetime.date | None
    applicable: bool


@dataclass
class Memo:
    lang: str
    roles: list
    tier: str
    tier_text: str
    annex_iii: list = field(default_factory=list)  # labels of the Annex III areas
    annex_iii_reference: str = ""
    annex_i: list = field(default_factory=list)  # labels of the Annex I products
    annex_i_reference: str = ""
    derogation: bool = False
    why_none: str = ""
    obligations: list = field(default_factory=list)
    role_duties: list = field(default_factory=list)  # [(text, reference)]
    milestones: list = field(default_factory=list)  # [(date, label, reference)]
    timeline: str = ""
    roadmap: list = field(default_factory=list)  # [(date, title, note)]


def _text(value, lang):
    return value.get(lang, "") if isinstance(value, dict) else str(value or "")


def _chosen(answers, question_id, lang, catalog):
    value = answers.get(question_id) or []
    values = [item for item in (value if isinstance(value, list) else [value]) if item]
    values = [item for item in values if item not in NONE_OPTIONS]
    return answer_labels(question_id, values, lang, catalog) if values else []


def _date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def build(assessment, answers, lang="fr", roadmap=(), timeline=None, today=None, catalog=None):
    """The memo's facts, in ``lang``, from a stored assessment and its answers.
    ``roadmap``: the engagement's dated steps [(date, title, note)], put in order;
    ``timeline``: the text of the law in force (default: the assessment's), which
    dates each obligation; ``today``: what "already applies" is measured from."""
    lang = lang if lang in LANGS else "en"
    catalog = catalog or get_catalog()
    assessment = assessment or {}
    timeline = timeline or assessment.get("timeline") or catalog.default_timeline
    milestones = catalog.timeline(timeline)
    today = today or datetime.date.today()
    answers = answers or {}
    findings = [f for f in assessment.get("findings", []) if not f.get("superseded_by")]
    by_rule = {f["rule"]: f for f in findings}
    tier = assessment.get("ai_act_tier") or "minimal"
    memo = Memo(
        lang=lang,
        roles=_chosen(answers, "org_ai_role", lang, catalog),
        tier=tier,
        tier_text=_text(assessment.get("tier_text") or {}, lang),
        timeline=_text(TIMELINE_LABELS.get(timeline, {}), lang),
    )
    if "aia_high_risk_annex_iii" in by_rule or "aia_art6_3_derogation" in by_rule:
        memo.annex_iii = _chosen(answers, "proj_annex_iii", lang, catalog)
        rule = by_rule.get("aia_high_risk_annex_iii") or by_rule["aia_art6_3_derogation"]
        memo.annex_iii_reference = _text(rule["reference"], lang)
        memo.derogation = "aia_art6_3_derogation" in by_rule
    if "aia_high_risk_annex_i" in by_rule:
        memo.annex_i = _chosen(answers, "proj_annex_i", lang, catalog)
        memo.annex_i_reference = _text(by_rule["aia_high_risk_annex_i"]["reference"], lang)
    if not (memo.annex_iii or memo.annex_i or tier == "prohibited"):
        memo.why_none = TEXTS["why_none"][lang]
    obligations = []
    for f in findings:
        if f.get("framework") != "AI_ACT":
            continue
        milestone = milestones.get(f.get("milestone") or "")
        applies_from = milestone.date if milestone else _date(f.get("applies_from"))
        obligations.append(
            Obligation(
                rule=f["rule"],
                finding=_text(f.get("finding"), lang),
                action=_text(f.get("action"), lang),
                reference=_text(f.get("reference"), lang),
                applies_from=applies_from,
                applicable=bool(applies_from and applies_from <= today),
            )
        )
    memo.obligations = sorted(
        obligations, key=lambda o: (o.applies_from or datetime.date.min, o.rule)
    )
    memo.role_duties = [
        (_text(duty["text"], lang), _text(duty["reference"], lang))
        for duty in assessment.get("role_duties", [])
    ]
    memo.milestones = sorted(
        (
            (milestones[key].date, milestones[key].label[lang], milestones[key].reference[lang])
            for key in TIER_MILESTONES.get(tier, ())
            if key in milestones
        ),
        key=lambda item: item[0],
    )
    memo.roadmap = sorted(roadmap, key=lambda step: (step[0] or datetime.date.max, step[1]))
    return memo


def format_date(value, lang):
    if not value:
        return ""
    if lang == "fr":
        months = (
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre",
        )  # fmt: skip
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {months[value.month - 1]} {value.year}"
    months = (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    )  # fmt: skip
    return f"{value.day} {months[value.month - 1]} {value.year}"


def docx_blocks(memo, paragraphs, meta):
    """The memo's Word blocks (see ``word.render``). ``paragraphs``: the firm's
    standard paragraphs (HTML) keyed intro, qualification, obligations,
    roadmap, closing; ``meta``: client, engagement, catalog_version, law_as_of."""
    lang = memo.lang

    def t(key):
        return TEXTS[key][lang]

    def standard(key):
        return [("html", paragraphs[key])] if paragraphs.get(key) else []

    rows = [(t(key), meta[key]) for key in ("client", "engagement") if meta.get(key)]
    rows += [(t(key), meta[key]) for key in ("catalog_version", "law_as_of") if meta.get(key)]
    rows.append((t("timeline"), memo.timeline))
    blocks = [("title", meta.get("title") or t("title")), ("table", rows, False)]
    blocks += standard("intro")
    blocks += [("heading", 1, t("qualification")), *standard("qualification")]
    qualification = [(t("role"), ", ".join(memo.roles) or t("to_complete"))]
    qualification.append((t("tier"), memo.tier_text))
    if memo.annex_iii:
        qualification.append((t("annex_iii"), ", ".join(memo.annex_iii)))
        qualification.append((t("basis"), memo.annex_iii_reference))
    if memo.annex_i:
        qualification.append((t("annex_i"), ", ".join(memo.annex_i)))
        qualification.append((t("basis"), memo.annex_i_reference))
    blocks.append(("table", qualification, False))
    if memo.derogation:
        blocks.append(("paragraph", t("derogation")))
    if memo.why_none:
        blocks.append(("paragraph", memo.why_none))
    blocks += [("heading", 1, t("obligations")), *standard("obligations")]
    if memo.obligations:
        blocks.append(
            (
                "table",
                [(t("obligation"), t("reference"), t("applies_from"))]
                + [
                    (
                        f"{o.finding} {o.action}".strip(),
                        o.reference,
                        format_date(o.applies_from, lang)
                        + (f" {t('in_force')}" if o.applicable else ""),
                    )
                    for o in memo.obligations
                ],
                True,
            )
        )
    else:
        blocks.append(("paragraph", t("no_obligation")))
    if memo.role_duties:
        blocks.append(("heading", 2, t("role_duties")))
        blocks.append(
            ("bullets", [f"{text} ({reference})" for text, reference in memo.role_duties])
        )
    if memo.milestones:
        blocks.append(("heading", 2, t("milestones")))
        blocks.append(
            (
                "bullets",
                [
                    f"{format_date(date, lang)} : {label} ({reference})"
                    if lang == "fr"
                    else f"{format_date(date, lang)}: {label} ({reference})"
                    for date, label, reference in memo.milestones
                ],
            )
        )
    blocks += [("heading", 1, t("roadmap")), *standard("roadmap")]
    if memo.roadmap:
        blocks.append(
            (
                "table",
                [(t("due"), t("step"))]
                + [
                    (format_date(date, lang), f"{title} — {note}" if note else title)
                    for date, title, note in memo.roadmap
                ],
                True,
            )
        )
    else:
        blocks.append(("paragraph", t("no_roadmap")))
    blocks += standard("closing")
    return blocks
