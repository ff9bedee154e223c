"""The fundamental-rights impact assessment (FRIA) of AI Act Art. 27, drafted
from a diagnostic like the DPIA.

Pure Python. ``ELEMENTS`` are the elements of Art. 27(1)(a)-(f), each with the
diagnostic's questions that feed it and what only the deployer can tell;
``draft(answers, findings, lang, description)`` gives each element's HTML: the
answers that bear on it, the findings to look at, then what is still to
complete. An element the answers cannot fill is left empty (to complete):
nothing is invented. ``applies(findings)``: whether Art. 27 applies (the rule
aia_fria_required found and not superseded).
"""

from dataclasses import dataclass

from .catalog import get_catalog
from .dpia import LANGS, TEXTS, _answers_list, _attention, esc, is_blank_html

RULE = "aia_fria_required"


@dataclass(frozen=True)
class Element:
    key: str
    letter: str
    title: dict
    sources: tuple
    to_complete: dict


ELEMENTS = (
    Element(
        "process", "a",
        {
            "fr": "Description des processus du déployeur dans lesquels le système est utilisé "
            "conformément à sa destination",
            "en": "Description of the deployer's processes in which the system will be used in "
            "line with its intended purpose",
        },
        ("org_ai_role", "proj_annex_iii", "proj_profiling", "proj_decision", "status_stage"),
        {
            "fr": "chaque processus, qui y intervient et la destination prévue par la notice "
            "du fournisseur.",
            "en": "each process, who takes part in it and the intended purpose stated in the "
            "provider's instructions.",
        },
    ),
    Element(
        "period", "b",
        {
            "fr": "Période et fréquence d'utilisation prévues",
            "en": "Period of time within which, and frequency with which, the system is "
            "intended to be used",
        },
        ("status_stage", "data_volume"),
        {
            "fr": "la date de mise en service, la durée et la fréquence d'utilisation.",
            "en": "the date of first use, the period and the frequency of use.",
        },
    ),
    Element(
        "persons", "c",
        {
            "fr": "Catégories de personnes physiques et groupes susceptibles d'être concernés",
            "en": "Categories of natural persons and groups likely to be affected",
        },
        ("data_subjects", "data_volume", "rights_age"),
        {
            "fr": "les groupes vulnérables éventuellement concernés dans ce contexte précis.",
            "en": "any vulnerable groups affected in this specific context.",
        },
    ),
    Element(
        "risks", "d",
        {
            "fr": "Risques spécifiques de préjudice pour ces personnes, compte tenu des "
            "informations du fournisseur (art. 13)",
            "en": "Specific risks of harm to those persons, taking into account the "
            "information given by the provider (Art. 13)",
        },
        ("proj_annex_iii", "proj_profiling", "proj_decision", "data_categories"),
        {
            "fr": "les risques indiqués dans la notice du fournisseur (art. 13) et, pour chaque "
            "groupe, le préjudice possible pour ses droits fondamentaux.",
            "en": "the risks stated in the provider's instructions (Art. 13) and, for each "
            "group, the possible harm to its fundamental rights.",
        },
    ),
    Element(
        "oversight", "e",
        {
            "fr": "Mise en œuvre des mesures de contrôle humain, conformément à la notice",
            "en": "Implementation of human oversight measures, according to the instructions "
            "for use",
        },
        ("proj_decision", "rights_adm_safeguards", "gov_ai_literacy"),
        {
            "fr": "qui exerce le contrôle humain, avec quelle compétence, quelle formation et "
            "quelle autorité.",
            "en": "who exercises human oversight, with what competence, training and "
            "authority.",
        },
    ),
    Element(
        "remedies", "f",
        {
            "fr": "Mesures prévues si ces risques se réalisent, dont la gouvernance interne et "
            "les mécanismes de plainte",
            "en": "Measures to be taken if those risks materialise, including internal "
            "governance and complaint mechanisms",
        },
        ("rights_optout", "rights_adm_safeguards", "rights_model", "gov_security"),
        {
            "fr": "la gouvernance interne, le mécanisme de plainte et son délai de réponse.",
            "en": "the internal governance, the complaint mechanism and its response time.",
        },
    ),
)  # fmt: skip
ELEMENTS_BY_KEY = {element.key: element for element in ELEMENTS}
TITLE = {
    "fr": "Analyse d'impact sur les droits fondamentaux (AI Act, art. 27)",
    "en": "Fundamental rights impact assessment (AI Act, Art. 27)",
}


def applies(findings):
    return any(f.get("rule") == RULE and not f.get("superseded_by") for f in findings or [])


def element_title(key, lang):
    element = ELEMENTS_BY_KEY[key]
    lang = lang if lang in LANGS else "en"
    return f"27(1)({element.letter}) {element.title[lang]}"


def draft(answers, findings, lang="fr", description="", catalog=None):
    """{element key: HTML}, empty for an element the answers cannot fill."""
    lang = lang if lang in LANGS else "en"
    catalog = catalog or get_catalog()
    answers = answers or {}
    result = {}
    for element in ELEMENTS:
        items = _answers_list(element, answers, lang, catalog)
        if not items:
            result[element.key] = ""
            continue
        parts = []
        if description and element.key == "process":
            lines = "<br>".join(esc(line) for line in description.strip().splitlines())
            parts.append("<p>{}</p><p>{}</p>".format(esc(TEXTS["description"][lang]), lines))
        parts.append(
            "<p>{}</p><ul>{}</ul>".format(esc(TEXTS["from_diagnostic"][lang]), "".join(items))
        )
        attention = _attention(element, findings or [], lang)
        if attention:
            parts.append("<ul>{}</ul>".format("".join(attention)))
        parts.append(
            "<p><em>{} {}</em></p>".format(
                esc(TEXTS["to_complete"][lang]), esc(element.to_complete[lang])
            )
        )
        result[element.key] = "".join(parts)
    return result


META_LABELS = {
    "client": {"fr": "Client", "en": "Client"},
    "engagement": {"fr": "Dossier", "en": "Engagement"},
    "catalog_version": {
        "fr": "Version du catalogue du diagnostic",
        "en": "Catalog version of the diagnostic",
    },
    "law_as_of": {"fr": "Droit applicable au", "en": "Law as of"},
}
NOTICE = {
    "fr": "Une fois l'analyse réalisée, le déployeur notifie ses résultats à l'autorité de "
    "surveillance du marché, au moyen du modèle de questionnaire du Bureau de l'IA "
    "(AI Act, art. 27(3) et (5)).",
    "en": "Once the assessment is performed, the deployer notifies its results to the market "
    "surveillance authority, using the AI Office's questionnaire template (AI Act, "
    "Art. 27(3) and (5)).",
}
TO_COMPLETE = {"fr": "À compléter.", "en": "To complete."}


def docx_blocks(contents, meta, lang):
    """The FRIA's Word blocks: ``contents`` {element key: HTML}, ``meta`` as the DPIA's."""
    lang = lang if lang in LANGS else "en"
    rows = [(META_LABELS[key][lang], meta[key]) for key in META_LABELS if meta.get(key)]
    blocks = [("title", meta.get("title") or TITLE[lang]), ("table", rows, False)]
    for element in ELEMENTS:
        blocks.append(("heading", 1, element_title(element.key, lang)))
        content = contents.get(element.key) or ""
        if is_blank_html(content):
            blocks.append(("note", TO_COMPLETE[lang]))
        else:
            blocks.append(("html", content))
    blocks.append(("paragraph", NOTICE[lang]))
    return blocks
