"""The DPIA (AIPD) after the CNIL's PIA method, drafted from a diagnostic, and
its exchange format with the CNIL's PIA software.

Pure Python. Three things live here:

* ``SECTIONS``: the method's sections in order (context, fundamental
  principles, risks, validation), each with its key, its part, its reference
  in the PIA software and its title in French and English.
* ``draft(answers, findings, lang, description)``: the sections the answers
  and findings can fill, in the client's language. A section the diagnostic
  cannot know stays empty (the lawyer completes it); nothing is invented.
* ``to_pia(record)`` / ``from_pia(data)``: a DPIA as a plain dict (see
  ``empty_record``) to and from the JSON the PIA software exports and imports
  (``{"pia": {...}, "answers": [...], "measures": [...], "evaluations": [...],
  "comments": [...]}``; answers are keyed by the software's question numbers,
  e.g. 111 for the overview, 325 / 326 for the gauges of the first risk).
  ``from_pia`` raises ``PiaFormatError`` on anything that is not such a file.
"""

import datetime
import html
import re
from dataclasses import dataclass, field

from .catalog import get_catalog

LANGS = ("fr", "en")
PARTS = (
    ("context", {"fr": "Contexte", "en": "Context"}),
    ("principles", {"fr": "Principes fondamentaux", "en": "Fundamental principles"}),
    ("risks", {"fr": "Risques", "en": "Risks"}),
    ("validation", {"fr": "Validation", "en": "Validation"}),
)
# The method's four-level scale for severity and likelihood (the PIA software's gauges 1-4).
LEVELS = {
    1: {"fr": "Négligeable", "en": "Negligible"},
    2: {"fr": "Limitée", "en": "Limited"},
    3: {"fr": "Importante", "en": "Significant"},
    4: {"fr": "Maximale", "en": "Maximum"},
}
# A finding's severity as a level of the scale (a proposal the lawyer reviews).
SEVERITY_LEVEL = {"prohibited": 4, "critical": 4, "high": 3, "medium": 2, "low": 1, "info": 1}


@dataclass(frozen=True)
class Section:
    key: str
    part: str
    kind: str  # text | measures | risk | validation
    pia_ref: int | None  # the software's question number (text sections), else None
    title: dict
    sources: tuple = ()  # the diagnostic's questions that feed this section


def _s(key, part, kind, ref, fr, en, sources=()):
    return Section(key, part, kind, ref, {"fr": fr, "en": en}, tuple(sources))


SECTIONS = (
    _s("ctx_overview", "context", "text", 111, "Présentation du traitement",
       "Overview of the processing",
       ("org_ai_role", "proj_annex_iii", "proj_profiling", "proj_decision", "proj_monitoring",
        "proj_genai_features", "proj_gpai", "status_stage")),
    _s("ctx_responsibilities", "context", "text", 112,
       "Responsables, sous-traitants et responsabilités",
       "Controllers, processors and responsibilities",
       ("org_type", "org_location", "org_ai_role", "org_dpo", "gov_vendor_dpa", "gov_ai_vendors")),
    _s("ctx_standards", "context", "text", 113, "Référentiels applicables",
       "Applicable standards"),
    _s("ctx_data", "context", "text", 121,
       "Données concernées, destinataires et durées de conservation",
       "Data concerned, recipients and retention",
       ("data_categories", "data_subjects", "data_volume", "data_retention")),
    _s("ctx_lifecycle", "context", "text", 122, "Cycle de vie des données et des processus",
       "Lifecycle of the data and processes",
       ("data_sources", "data_training", "data_retention")),
    _s("ctx_assets", "context", "text", 123, "Supports des données", "Supporting assets",
       ("proj_gpai", "gov_ai_vendors")),
    _s("pr_purposes", "principles", "text", 211, "Finalités", "Purposes"),
    _s("pr_legal_basis", "principles", "text", 212, "Fondement", "Legal basis",
       ("data_legal_basis", "data_art9_condition")),
    _s("pr_minimisation", "principles", "text", 213, "Minimisation des données",
       "Data minimisation", ("data_categories", "data_protection")),
    _s("pr_accuracy", "principles", "text", 214, "Exactitude des données", "Accuracy of the data"),
    _s("pr_retention", "principles", "text", 215, "Durées de conservation", "Retention periods",
       ("data_retention",)),
    _s("pr_information", "principles", "text", 221, "Information des personnes",
       "Information of the data subjects", ("rights_notice", "gov_ai_disclosure")),
    _s("pr_consent", "principles", "text", 222, "Recueil du consentement", "Consent",
       ("data_legal_basis", "data_art9_condition", "rights_age")),
    _s("pr_access", "principles", "text", 223, "Droit d'accès et droit à la portabilité",
       "Rights of access and to data portability", ("rights_model",)),
    _s("pr_rectification", "principles", "text", 224,
       "Droit de rectification et droit à l'effacement",
       "Rights to rectification and to erasure", ("rights_model",)),
    _s("pr_restriction", "principles", "text", 225, "Droit de limitation et droit d'opposition",
       "Rights to restriction and to object", ("rights_optout", "rights_adm_safeguards")),
    _s("pr_processors", "principles", "text", 226, "Sous-traitance", "Processors",
       ("gov_vendor_dpa", "gov_vendor_training", "gov_ai_vendors")),
    _s("pr_transfers", "principles", "text", 227, "Transferts hors de l'Union européenne",
       "Transfers outside the European Union", ("data_transfers",)),
    _s("rk_measures", "risks", "measures", None, "Mesures existantes ou prévues",
       "Existing or planned measures", ("gov_security", "data_protection")),
    _s("rk_access", "risks", "risk", 320, "Accès illégitime à des données",
       "Illegitimate access to data",
       ("gov_security", "data_transfers", "gov_vendor_dpa", "gov_vendor_training",
        "data_protection")),
    _s("rk_modification", "risks", "risk", 330, "Modification non désirée de données",
       "Unwanted modification of data",
       ("gov_security", "data_training", "data_sources", "proj_decision", "rights_model")),
    _s("rk_disappearance", "risks", "risk", 340, "Disparition de données",
       "Disappearance of data", ("gov_security", "data_retention")),
    _s("val_action_plan", "validation", "validation", None, "Plan d'action", "Action plan"),
    _s("val_dpo", "validation", "validation", None, "Avis du DPO", "DPO's opinion"),
    _s("val_subjects", "validation", "validation", None, "Avis des personnes concernées",
       "Data subjects' opinion"),
    _s("val_decision", "validation", "validation", None, "Décision", "Decision"),
)  # fmt: skip
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
RISK_KEYS = tuple(section.key for section in SECTIONS if section.kind == "risk")
# Declared safeguards (options of gov_security) and the risks they contribute to treat.
SAFEGUARD_RISKS = {
    "encryption": ("rk_access",),
    "access_control": ("rk_access", "rk_modification"),
    "logging": ("rk_access", "rk_modification"),
    "ai_attack_tests": ("rk_access", "rk_modification"),
    "pseudonymisation": ("rk_access",),
    "anonymisation": ("rk_access",),
    "sensitive_filtering": ("rk_access",),
}
NOTHING = frozenset({"none", "no_vendor"})

TEXTS = {
    "from_diagnostic": {
        "fr": "D'après les réponses au diagnostic (à vérifier avec le client) :",
        "en": "From the answers to the diagnostic (to be checked with the client):",
    },
    "description": {
        "fr": "Description du projet par le client :",
        "en": "The client's description of the project:",
    },
    "attention": {"fr": "Point d'attention :", "en": "Point of attention:"},
    "declared": {
        "fr": "Mesure déclarée dans le diagnostic, à vérifier.",
        "en": "Measure declared in the diagnostic, to be checked.",
    },
    "measures_intro": {
        "fr": "Mesures déclarées dans le diagnostic et mesures prévues après ses constats :",
        "en": "Measures declared in the diagnostic and measures planned after its findings:",
    },
    "existing": {"fr": "existante", "en": "existing"},
    "planned": {"fr": "prévue", "en": "planned"},
    "severity_from": {
        "fr": "Gravité proposée d'après le constat le plus grave du diagnostic : « %s » (%s).",
        "en": "Severity proposed from the most severe finding of the diagnostic: “%s” (%s).",
    },
    "likelihood_from": {
        "fr": "Vraisemblance proposée d'après le constat « %s » (%s), qui touche ce risque.",
        "en": "Likelihood proposed from the finding “%s” (%s), which bears on this risk.",
    },
    "to_complete": {"fr": "À compléter :", "en": "To complete:"},
    "plan_intro": {
        "fr": "Mesures à mettre en œuvre, par ordre d'importance, d'après les constats :",
        "en": "Measures to implement, most important first, from the diagnostic's findings:",
    },
}  # fmt: skip


# What the diagnostic cannot tell in a section it drafts: shown as "to complete".
STILL_TO_COMPLETE = {
    "ctx_overview": {
        "fr": "le nom, la finalité et les enjeux du traitement.",
        "en": "the name, purpose and expected benefits of the processing.",
    },
    "ctx_responsibilities": {
        "fr": "l'identité du responsable du traitement, de chaque sous-traitant et des "
        "éventuels responsables conjoints.",
        "en": "who the controller, each processor and any joint controller are.",
    },
    "ctx_data": {
        "fr": "les destinataires et la durée de conservation de chaque catégorie de données.",
        "en": "the recipients and the retention period of each category of data.",
    },
    "ctx_lifecycle": {
        "fr": "chaque étape, de la collecte à l'effacement (un schéma des flux aide).",
        "en": "each step from collection to erasure (a data flow diagram helps).",
    },
    "ctx_assets": {
        "fr": "les systèmes, serveurs, logiciels, réseaux et personnes qui portent les données.",
        "en": "the systems, servers, software, networks and people that hold the data.",
    },
    "pr_legal_basis": {
        "fr": "le fondement de chaque finalité.",
        "en": "the legal basis of each purpose.",
    },
    "pr_minimisation": {
        "fr": "en quoi chaque donnée est nécessaire aux finalités.",
        "en": "why each item of data is needed for the purposes.",
    },
    "pr_retention": {
        "fr": "la durée de chaque catégorie de données et la manière dont elle est appliquée.",
        "en": "the period of each category of data and how it is enforced.",
    },
    "pr_information": {
        "fr": "le texte de l'information et le moyen de la donner.",
        "en": "the text of the information and how it is given.",
    },
    "pr_consent": {
        "fr": "comment le consentement est recueilli, conservé et retiré.",
        "en": "how consent is collected, recorded and withdrawn.",
    },
    "pr_processors": {
        "fr": "pour chaque sous-traitant : son rôle, son contrat et ses garanties.",
        "en": "for each processor: its role, its contract and its guarantees.",
    },
    "pr_transfers": {
        "fr": "chaque pays hors de l'Union et la garantie qui encadre le transfert.",
        "en": "each country outside the Union and the safeguard of the transfer.",
    },
}


def esc(value):
    return html.escape(str(value), quote=True)


def section_title(key, lang):
    return SECTIONS_BY_KEY[key].title[lang if lang in LANGS else "en"]


# ----------------------------------------------------------------------
# Drafting
# ----------------------------------------------------------------------
@dataclass
class SectionDraft:
    key: str
    content: str = ""  # HTML; empty when the diagnostic cannot fill the section
    measures: list = field(default_factory=list)  # titles of the measures treating a risk
    severity: int | None = None
    likelihood: int | None = None
    likelihood_note: str = ""

    @property
    def filled(self):
        return bool(self.content or self.measures or self.severity or self.likelihood)


@dataclass
class MeasureDraft:
    title: str
    content: str
    planned: bool  # planned after a finding, else existing (declared)
    risks: tuple = ()


def answer_labels(question_id, value, lang, catalog=None):
    """The labels of an answer as the client read them; an option the catalog
    does not know (any more) shows as its id, a free text as itself."""
    catalog = catalog or get_catalog()
    question = catalog.questions.get(question_id)
    values = value if isinstance(value, list) else [value]
    if question is None or not question.options:
        return [str(item) for item in values if str(item).strip()]
    labels = {option.id: option.label[lang] for option in question.options}
    return [labels.get(str(item), str(item)) for item in values]


def _question_label(question_id, lang, catalog):
    question = catalog.questions.get(question_id)
    return question.label[lang] if question else question_id


def _counts(finding):
    return not finding.get("superseded_by")


def _finding_text(finding, name, lang):
    text = finding.get(name) or {}
    return text.get(lang, "") if isinstance(text, dict) else str(text)


def _touches(finding, questions):
    return bool(set(finding.get("triggers") or {}) & set(questions))


def _answered(answers, question_id):
    value = answers.get(question_id)
    values = value if isinstance(value, list) else [value]
    return any(item not in (None, "") for item in values)


def _answers_list(section, answers, lang, catalog):
    items = []
    for question_id in section.sources:
        if not _answered(answers, question_id):
            continue
        labels = answer_labels(question_id, answers[question_id], lang, catalog)
        items.append(
            "<li><strong>{}</strong> {}</li>".format(
                esc(_question_label(question_id, lang, catalog)), esc(", ".join(labels))
            )
        )
    return items


def _attention(section, findings, lang):
    return [
        "<li>{} {} <em>({})</em></li>".format(
            esc(TEXTS["attention"][lang]),
            esc(_finding_text(finding, "finding", lang)),
            esc(_finding_text(finding, "reference", lang)),
        )
        for finding in findings
        if _counts(finding) and _touches(finding, section.sources)
    ]


def _text_section(section, answers, findings, lang, catalog, description=""):
    items = _answers_list(section, answers, lang, catalog)
    if not items:
        return ""
    parts = []
    if description:
        lines = "<br>".join(esc(line) for line in description.strip().splitlines())
        parts.append("<p>{}</p><p>{}</p>".format(esc(TEXTS["description"][lang]), lines))
    parts.append("<p>{}</p><ul>{}</ul>".format(esc(TEXTS["from_diagnostic"][lang]), "".join(items)))
    attention = _attention(section, findings, lang)
    if attention:
        parts.append("<ul>{}</ul>".format("".join(attention)))
    missing = STILL_TO_COMPLETE.get(section.key)
    if missing:
        parts.append(
            "<p><em>{} {}</em></p>".format(esc(TEXTS["to_complete"][lang]), esc(missing[lang]))
        )
    return "".join(parts)


def _measure_title(text, limit=100):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def draft_measures(answers, findings, lang, catalog=None):
    """Existing measures (the safeguards declared) then planned ones (one per
    counting finding, with its legal reference), in the client's language."""
    catalog = catalog or get_catalog()
    measures = []
    for question_id in ("gov_security", "data_protection"):
        value = answers.get(question_id) or []
        for option_id in value if isinstance(value, list) else [value]:
            if option_id in NOTHING:
                continue
            label = answer_labels(question_id, option_id, lang, catalog)[0]
            measures.append(
                MeasureDraft(
                    title=label,
                    content="<p>{}</p>".format(esc(TEXTS["declared"][lang])),
                    planned=False,
                    risks=SAFEGUARD_RISKS.get(option_id, ()),
                )
            )
    for finding in findings:
        if not _counts(finding):
            continue
        action = _finding_text(finding, "action", lang)
        measures.append(
            MeasureDraft(
                title=_measure_title(action),
                content="<p>{}</p><p>{}</p><p><em>{}</em></p>".format(
                    esc(action),
                    esc(_finding_text(finding, "finding", lang)),
                    esc(_finding_text(finding, "reference", lang)),
                ),
                planned=True,
                risks=tuple(
                    key for key in RISK_KEYS if _touches(finding, SECTIONS_BY_KEY[key].sources)
                ),
            )
        )
    return measures


def _highest(findings):
    counting = [f for f in findings if _counts(f) and f.get("severity") in SEVERITY_LEVEL]
    if not counting:
        return None
    return max(counting, key=lambda f: SEVERITY_LEVEL[f["severity"]])


def _risk_section(section, findings, measures, lang):
    result = SectionDraft(section.key)
    result.measures = [m.title for m in measures if section.key in m.risks]
    # Severity is the harm to the people: the AI Act's findings (the system's tier) do not tell it.
    worst = _highest([f for f in findings if f.get("framework") != "AI_ACT"])
    if worst:
        result.severity = SEVERITY_LEVEL[worst["severity"]]
        result.content = "<p>{}</p>".format(
            esc(
                TEXTS["severity_from"][lang]
                % (_finding_text(worst, "finding", lang), _finding_text(worst, "reference", lang))
            )
        )
    likely = _highest([f for f in findings if _touches(f, section.sources)])
    if likely:
        result.likelihood = SEVERITY_LEVEL[likely["severity"]]
        result.likelihood_note = "<p>{}</p>".format(
            esc(
                TEXTS["likelihood_from"][lang]
                % (_finding_text(likely, "finding", lang), _finding_text(likely, "reference", lang))
            )
        )
    return result


def draft(answers, findings, lang="fr", description="", catalog=None):
    """``(sections, measures)``: a SectionDraft per key of SECTIONS (empty when
    the diagnostic cannot fill it) and the MeasureDrafts, in ``lang``.

    ``findings`` are the assessment's findings as dicts (rule, severity,
    superseded_by, finding / action / reference {fr, en}, triggers).
    """
    lang = lang if lang in LANGS else "en"
    catalog = catalog or get_catalog()
    answers = answers or {}
    measures = draft_measures(answers, findings, lang, catalog)
    sections = {}
    for section in SECTIONS:
        if section.kind == "text":
            content = _text_section(
                section,
                answers,
                findings,
                lang,
                catalog,
                description if section.key == "ctx_overview" else "",
            )
            sections[section.key] = SectionDraft(section.key, content=content)
        elif section.kind == "measures":
            items = "".join(
                "<li>{} <em>({})</em></li>".format(
                    esc(m.title), esc(TEXTS["planned" if m.planned else "existing"][lang])
                )
                for m in measures
            )
            content = "<p>{}</p><ul>{}</ul>".format(esc(TEXTS["measures_intro"][lang]), items)
            sections[section.key] = SectionDraft(section.key, content=content if items else "")
        elif section.kind == "risk":
            sections[section.key] = _risk_section(section, findings, measures, lang)
        elif section.key == "val_action_plan":
            planned = [m for m in measures if m.planned]
            items = "".join(f"<li>{m.content}</li>" for m in planned)
            content = "<p>{}</p><ol>{}</ol>".format(esc(TEXTS["plan_intro"][lang]), items)
            sections[section.key] = SectionDraft(section.key, content=content if items else "")
        else:
            # The DPO's and the data subjects' opinions and the decision: theirs to give.
            sections[section.key] = SectionDraft(section.key)
    return sections, measures


# ----------------------------------------------------------------------
# The CNIL PIA software's JSON
# ----------------------------------------------------------------------
class PiaFormatError(ValueError):
    """Not a file of the PIA software. ``reason``: not_json | not_pia | bad_field;
    ``detail``: where (a key, a reference)."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# Risk questions of the PIA software: <risk ref> + 1 impacts, 2 threats, 3 sources,
# 4 measures (lists), 5 severity, 6 likelihood (gauges with a justification).
RISK_LISTS = {1: "impacts", 2: "threats", 3: "sources", 4: "measures"}
DECISIONS = (0, 1, 2, 3)  # pia.status: in progress, refused, validated, validated and signed
EXTENSION = "itlaw"  # our own key: the PIA software reads only the keys it knows


def empty_record():
    """A DPIA as a plain dict: what to_pia writes and from_pia reads."""
    return {
        "name": "",
        "author": "",
        "evaluator": "",
        "validator": "",
        "dpo_names": "",
        "dpo_status": None,  # None | 0 (unfavourable) | 1 (favourable)
        "subjects_names": "",
        "subjects_status": None,
        "subjects_searched": None,  # None | False | True
        "subjects_not_searched_reason": "",
        "decision": 0,
        "sections": {
            section.key: {
                "content": "",
                "impacts": [],
                "threats": [],
                "sources": [],
                "measures": [],
                "severity": None,
                "likelihood": None,
                "likelihood_note": "",
            }
            for section in SECTIONS
        },
        "measures": [],  # [{"title", "content", "planned"}]
    }


def _iso(moment):
    if isinstance(moment, datetime.datetime):
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return moment


def to_pia(record, created_at=None, updated_at=None):
    """The PIA software's export of ``record`` (see empty_record)."""
    now = _iso(datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None))
    created = _iso(created_at) or now
    updated = _iso(updated_at) or now
    sections = record["sections"]
    decision = record.get("decision") or 0
    decision_note = sections["val_decision"]["content"] or ""
    pia = {
        "name": record.get("name") or "",
        "category": "",
        "status": decision,
        "author_name": record.get("author") or "",
        "evaluator_name": record.get("evaluator") or "",
        "validator_name": record.get("validator") or "",
        "dpos_names": record.get("dpo_names") or "",
        "dpo_status": record.get("dpo_status"),
        "dpo_opinion": sections["val_dpo"]["content"] or "",
        "people_names": record.get("subjects_names") or "",
        "concerned_people_status": record.get("subjects_status"),
        "concerned_people_opinion": sections["val_subjects"]["content"] or "",
        "concerned_people_searched_opinion": record.get("subjects_searched"),
        "concerned_people_searched_content": record.get("subjects_not_searched_reason") or "",
        # The software keeps a refusal's reason apart from the adjustments of a validation.
        "rejected_reason": decision_note if decision == 1 else "",
        "applied_adjustements": "" if decision == 1 else decision_note,
        "is_example": 0,
        "is_archive": 0,
        "created_at": created,
        "updated_at": updated,
    }
    answers = []

    def answer(ref, text=None, gauge=None, items=None):
        answers.append(
            {
                "reference_to": ref,
                "data": {"text": text, "gauge": gauge, "list": list(items or [])},
                "created_at": created,
                "updated_at": updated,
            }
        )

    for section in SECTIONS:
        values = sections[section.key]
        if section.kind == "text" and values["content"]:
            answer(section.pia_ref, text=values["content"], gauge=0)
        elif section.kind == "risk":
            for offset, name in RISK_LISTS.items():
                if values[name]:
                    answer(section.pia_ref + offset, items=values[name])
            if values["content"] or values["severity"]:
                answer(section.pia_ref + 5, text=values["content"] or "", gauge=values["severity"])
            if values["likelihood_note"] or values["likelihood"]:
                answer(
                    section.pia_ref + 6,
                    text=values["likelihood_note"] or "",
                    gauge=values["likelihood"],
                )
    measures = [
        {
            "id": index,
            "title": measure["title"],
            "content": measure["content"] or "",
            "placeholder": "measures.default_placeholder",
            "created_at": created,
            "updated_at": updated,
        }
        for index, measure in enumerate(record["measures"], start=1)
    ]
    return {
        "pia": pia,
        "answers": answers,
        "measures": measures,
        "evaluations": [],
        "comments": [],
        # What the PIA software has no place for: which measures are planned, the action plan.
        EXTENSION: {
            "format": 1,
            "action_plan": sections["val_action_plan"]["content"] or "",
            "measures_overview": sections["rk_measures"]["content"] or "",
            "planned_measures": [
                index
                for index, measure in enumerate(record["measures"], start=1)
                if measure.get("planned")
            ],
        },
    }


def _text(value, where):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PiaFormatError("bad_field", where)
    return value


def _optional_int(value, where, allowed):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or value not in allowed:
        raise PiaFormatError("bad_field", where)
    return value


def _list(data, key):
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PiaFormatError("bad_field", key)
    return value


REF_SECTIONS = {
    section.pia_ref: section for section in SECTIONS if section.kind == "text" and section.pia_ref
}
RISK_REFS = {section.pia_ref: section for section in SECTIONS if section.kind == "risk"}


def from_pia(data):
    """``data`` (a file of the PIA software, parsed) as a record (see
    empty_record). Raises PiaFormatError, having changed nothing, when it is
    not such a file; questions this DPIA does not have are left aside."""
    if not isinstance(data, dict) or not isinstance(data.get("pia"), dict):
        raise PiaFormatError("not_pia")
    pia = data["pia"]
    answers = _list(data, "answers")
    measures = _list(data, "measures")
    for key in ("evaluations", "comments"):
        _list(data, key)
    record = empty_record()
    sections = record["sections"]
    record["name"] = _text(pia.get("name"), "pia.name")
    record["author"] = _text(pia.get("author_name"), "pia.author_name")
    record["evaluator"] = _text(pia.get("evaluator_name"), "pia.evaluator_name")
    record["validator"] = _text(pia.get("validator_name"), "pia.validator_name")
    record["dpo_names"] = _text(pia.get("dpos_names"), "pia.dpos_names")
    record["dpo_status"] = _optional_int(pia.get("dpo_status"), "pia.dpo_status", (0, 1))
    sections["val_dpo"]["content"] = _text(pia.get("dpo_opinion"), "pia.dpo_opinion")
    record["subjects_names"] = _text(pia.get("people_names"), "pia.people_names")
    record["subjects_status"] = _optional_int(
        pia.get("concerned_people_status"), "pia.concerned_people_status", (0, 1)
    )
    searched = pia.get("concerned_people_searched_opinion")
    if searched not in (None, True, False, 0, 1):
        raise PiaFormatError("bad_field", "pia.concerned_people_searched_opinion")
    record["subjects_searched"] = None if searched is None else bool(searched)
    record["subjects_not_searched_reason"] = _text(
        pia.get("concerned_people_searched_content"), "pia.concerned_people_searched_content"
    )
    sections["val_subjects"]["content"] = _text(
        pia.get("concerned_people_opinion"), "pia.concerned_people_opinion"
    )
    status = _optional_int(pia.get("status"), "pia.status", (0, 1, 2, 3, 4))
    record["decision"] = status if status in DECISIONS else 0
    # Older files of the software spell them "rejection_reason" / "applied_adjustments".
    rejected = pia.get("rejected_reason", pia.get("rejection_reason"))
    adjusted = pia.get("applied_adjustements", pia.get("applied_adjustments"))
    sections["val_decision"]["content"] = _text(
        rejected if record["decision"] == 1 else adjusted, "pia.applied_adjustements"
    )

    for index, item in enumerate(answers):
        where = f"answers[{index}]"
        try:
            ref = int(item.get("reference_to"))
        except (TypeError, ValueError):
            raise PiaFormatError("bad_field", where + ".reference_to") from None
        values = item.get("data") or {}
        if not isinstance(values, dict):
            raise PiaFormatError("bad_field", where + ".data")
        text = _text(values.get("text"), where + ".data.text")
        items = values.get("list") or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise PiaFormatError("bad_field", where + ".data.list")
        if ref in REF_SECTIONS:
            sections[REF_SECTIONS[ref].key]["content"] = text
            continue
        risk = RISK_REFS.get(ref - ref % 10)
        offset = ref % 10
        if not risk:
            continue
        values_of_risk = sections[risk.key]
        if offset in RISK_LISTS:
            values_of_risk[RISK_LISTS[offset]] = list(items)
        elif offset in (5, 6):
            gauge = _optional_int(values.get("gauge"), where + ".data.gauge", (0, *LEVELS))
            note, level = (
                ("content", "severity") if offset == 5 else ("likelihood_note", "likelihood")
            )
            values_of_risk[note], values_of_risk[level] = text, gauge or None

    extension = data.get(EXTENSION) if isinstance(data.get(EXTENSION), dict) else {}
    planned = extension.get("planned_measures") or []
    planned = set(planned) if isinstance(planned, list) else set()
    for index, item in enumerate(measures):
        title = _text(item.get("title"), f"measures[{index}].title").strip()
        if not title:
            continue
        record["measures"].append(
            {
                "title": title,
                "content": _text(item.get("content"), f"measures[{index}].content"),
                "planned": item.get("id") in planned,
            }
        )
    sections["val_action_plan"]["content"] = _text(
        extension.get("action_plan"), EXTENSION + ".action_plan"
    )
    sections["rk_measures"]["content"] = _text(
        extension.get("measures_overview"), EXTENSION + ".measures_overview"
    )
    return record


TAG = re.compile(r"<[^>]+>")


def is_blank_html(value):
    """Whether ``value`` (HTML) holds no text a reader would see."""
    return not html.unescape(TAG.sub("", value or "")).strip()


# ----------------------------------------------------------------------
# The Word document
# ----------------------------------------------------------------------
DOCX_TEXTS = {
    "client": {"fr": "Client", "en": "Client"},
    "engagement": {"fr": "Dossier", "en": "Engagement"},
    "diagnostic": {"fr": "Diagnostic IA", "en": "AI diagnostic"},
    "catalog_version": {
        "fr": "Version du catalogue du diagnostic", "en": "Catalog version of the diagnostic",
    },
    "law_as_of": {"fr": "Droit applicable au", "en": "Law as of"},
    "decision": {"fr": "Décision", "en": "Decision"},
    "to_complete": {"fr": "À compléter.", "en": "To complete."},
    "proposal": {
        "fr": "Proposé d'après le diagnostic : à relire.",
        "en": "Proposed from the diagnostic: to be reviewed.",
    },
    "impacts": {"fr": "Impacts potentiels", "en": "Potential impacts"},
    "threats": {"fr": "Menaces", "en": "Threats"},
    "sources": {"fr": "Sources de risques", "en": "Risk sources"},
    "measures": {"fr": "Mesures traitant le risque", "en": "Measures treating the risk"},
    "severity": {"fr": "Gravité", "en": "Severity"},
    "likelihood": {"fr": "Vraisemblance", "en": "Likelihood"},
    "measure": {"fr": "Mesure", "en": "Measure"},
    "description": {"fr": "Description", "en": "Description"},
    "planned": {"fr": "prévue", "en": "planned"},
    "dpo": {"fr": "DPO", "en": "DPO"},
    "subjects": {"fr": "Personnes concernées consultées", "en": "Data subjects consulted"},
    "favourable": {"fr": "favorable", "en": "favourable"},
    "unfavourable": {"fr": "défavorable", "en": "unfavourable"},
    "subject": {
        "fr": "Analyse d'impact relative à la protection des données (AIPD)",
        "en": "Data protection impact assessment (DPIA)",
    },
}  # fmt: skip
DECISION_LABELS = {
    0: {"fr": "En cours", "en": "In progress"},
    1: {"fr": "Refusée", "en": "Refused"},
    2: {"fr": "Validée", "en": "Validated"},
    3: {"fr": "Validée et signée", "en": "Validated and signed"},
}


def _t(key, lang):
    return DOCX_TEXTS[key][lang]


def _opinion(status, lang):
    return {1: _t("favourable", lang), 0: _t("unfavourable", lang)}.get(status, "")


def docx_blocks(record, meta, lang):
    """The blocks of the DPIA's Word document (see ``word.render``).

    ``record``: as empty_record; ``meta``: ``client``, ``engagement``,
    ``diagnostic``, ``catalog_version``, ``law_as_of`` (text, already
    formatted), ``states`` ({section key: to_complete | drafted | reviewed})
    and ``proposals`` (keys of the sections proposed from the diagnostic)."""
    lang = lang if lang in LANGS else "en"
    states = meta.get("states") or {}
    proposals = set(meta.get("proposals") or ())
    sections = record["sections"]
    rows = [
        (_t(key, lang), meta.get(key) or "")
        for key in ("client", "engagement", "diagnostic", "catalog_version", "law_as_of")
        if meta.get(key)
    ]
    rows.append((_t("decision", lang), DECISION_LABELS[record.get("decision") or 0][lang]))
    blocks = [("title", record.get("name") or _t("subject", lang)), ("table", rows, False)]
    for part, part_title in PARTS:
        blocks.append(("heading", 1, part_title[lang]))
        for section in (s for s in SECTIONS if s.part == part):
            values = sections[section.key]
            blocks.append(("heading", 2, section.title[lang]))
            if states.get(section.key, "to_complete") == "to_complete":
                blocks.append(("note", _t("to_complete", lang)))
            elif section.key in proposals:
                blocks.append(("note", _t("proposal", lang)))
            if section.kind == "risk":
                level = LEVELS.get(values["severity"], {}).get(lang, "")
                chance = LEVELS.get(values["likelihood"], {}).get(lang, "")
                blocks.append(
                    (
                        "table",
                        [
                            (_t("impacts", lang), "\n".join(values["impacts"])),
                            (_t("threats", lang), "\n".join(values["threats"])),
                            (_t("sources", lang), "\n".join(values["sources"])),
                            (_t("measures", lang), "\n".join(values["measures"])),
                            (_t("severity", lang), level),
                            (_t("likelihood", lang), chance),
                        ],
                        False,
                    )
                )
                for note in (values["content"], values["likelihood_note"]):
                    if note:
                        blocks.append(("html", note))
                continue
            if values["content"]:
                blocks.append(("html", values["content"]))
            if section.kind == "measures" and record["measures"]:
                blocks.append(
                    (
                        "table",
                        [(_t("measure", lang), _t("description", lang))]
                        + [
                            (
                                measure["title"]
                                + (f" ({_t('planned', lang)})" if measure.get("planned") else ""),
                                html.unescape(TAG.sub(" ", measure["content"] or "")).strip(),
                            )
                            for measure in record["measures"]
                        ],
                        True,
                    )
                )
            if section.key == "val_dpo" and (record.get("dpo_names") or record.get("dpo_status")):
                blocks.append(
                    (
                        "paragraph",
                        " — ".join(
                            filter(
                                None,
                                [record.get("dpo_names"), _opinion(record.get("dpo_status"), lang)],
                            )
                        ),
                    )
                )
            if section.key == "val_subjects" and record.get("subjects_names"):
                blocks.append(
                    (
                        "paragraph",
                        "{} : {} {}".format(
                            _t("subjects", lang),
                            record["subjects_names"],
                            _opinion(record.get("subjects_status"), lang),
                        ).strip(),
                    )
                )
    return blocks


def docx_properties(record, meta, lang):
    """The Word file's properties: what the document is and where it came from."""
    lang = lang if lang in LANGS else "en"
    return {
        "title": record.get("name") or _t("subject", lang),
        "subject": _t("subject", lang),
        "author": meta.get("author") or "",
        "keywords": "; ".join(
            filter(
                None,
                [
                    f"catalog {meta.get('catalog_version') or ''}".strip(),
                    f"law-as-of {meta.get('law_as_of_iso') or ''}".strip(),
                ],
            )
        ),
        "comments": "\n".join(
            f"{_t(key, lang)}: {meta[key]}"
            for key in ("catalog_version", "law_as_of")
            if meta.get(key)
        ),
        "version": meta.get("catalog_version") or "",
        "language": "fr-FR" if lang == "fr" else "en-GB",
    }
