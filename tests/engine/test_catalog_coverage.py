"""Law as maintained data: every rule of the catalog is covered and sourced.

- every rule has its pair in ``test_rules.CASES``: an answer set that fires it
  and a close one that does not (a new rule without its pair fails here);
- every rule has at least one source (https) and the date it was last checked;
- every reference names its article down to the paragraph, point or letter
  ("Art. 35(3)(a)", "Annex III, point 5(b)", "art. L.1111-8", "Recital 58",
  "§ 48" of a guideline), never a bare "Art. 5" or "Annex III".
"""

import datetime
import re

import pytest
from conftest import vary
from test_rules import CASES, fired

import itlaw_ai_advisory as engine

CATALOG = engine.get_catalog()
RULES = sorted(CATALOG.rules)

# ----------------------------------------------------------------------
# The reference checker
# ----------------------------------------------------------------------
# An article keyword and the list of article numbers that follows it.
ARTICLE = re.compile(r"\b(?:Arts?\.?|Articles?|art\.|articles?)\s+(?P<list>[^;]*)", re.IGNORECASE)
# One article number with what pins it down, if anything.
NUMBER = re.compile(
    r"(?P<code>[LRD]\.\s?\d+(?:-\d+)*)"  # a French code's article: L.1111-8
    r"|(?P<number>\d+[a-z]?(?:-\d+)?)(?P<pin>(?:\s?\([0-9a-z]+\)(?:\s?[–-]\s?\([0-9a-z]+\))?)+"
    # more paragraphs of the same article: "26(1)–(2), (6)–(7), (11)"
    r"(?:\s*(?:,|and|et|or|ou)\s*\([0-9a-z]+\)(?:\s?[–-]\s?\([0-9a-z]+\))?)*)?",
)
# Articles made of one unnumbered paragraph: their number is as precise as it gets.
SINGLE_PARAGRAPH = {
    "GDPR": {"10", "16", "19", "29", "31", "44", "48", "87"},
    # Art. 4 as in Regulation (EU) 2024/1689 (its amended wording could not be read).
    "AI Act": {"4"},
}
INSTRUMENT = re.compile(r"\b(GDPR|RGPD|AI Act)\b")
# Words that pin an article's paragraph when they follow its number.
TEXT_PARAGRAPH = re.compile(
    r"^\s*,?\s*(?:(?:first|second|third|fourth|fifth|last)"
    r"(?:\s+(?:and|to)\s+(?:first|second|third|fourth|fifth|last))?\s+(?:sub)?paragraph"
    r"|al\.\s*\d+(?:\s?[–-]\s?\d+)?|alinéa|(?:premier|deuxième|troisième|quatrième|dernier)\s+alinéa"
    # the numbered items of a French article: "art. 44, 2°"
    r"|\d+°"
    r"|(?:first|second|last)\s+sentence|point\s)",
    re.IGNORECASE,
)
ANNEX = re.compile(r"\b(?:Annex(?:es)?|annexes?)\s+[IVXL]+\b(?P<rest>[^;]*)", re.IGNORECASE)
# "point 2 of Annex III", « point 2 de l'annexe III »: the point comes first.
POINT_BEFORE_ANNEX = re.compile(r"\bpoints?\s+\S+\s+(?:of(?:\s+the)?|de\s+l')\s*$", re.IGNORECASE)
ANNEX_PIN = re.compile(r"^\s*,?\s*(?:points?|sections?|part|partie|§)\s", re.IGNORECASE)
# A pinpoint in a text that is not divided in articles (guidelines, opinions, decisions).
PINPOINT = re.compile(
    r"§+\s*\d+|\bpara(?:graph)?s?\.?\s*\d+|\bpoints?\s*\(?\d+|\bitems?\s*\d+"
    r"|\b(?:Recitals?|considérants?)\s*\d+|\bsections?\s*[IVX\d]+|\bn°\s*\d+\b(?!-)"
    r"|\btypes?\s*\d+",  # the numbered types of processing of the CNIL's DPIA list
    re.IGNORECASE,
)


def imprecise_citations(reference):
    """The citations of ``reference`` (one language) that do not name an article's
    paragraph, point or letter, nor a pinpoint of a guideline or decision."""
    problems = []
    instrument = None
    for citation in (part.strip() for part in reference.split(";")):
        if not citation:
            continue
        named = INSTRUMENT.search(citation)
        if named:
            instrument = "GDPR" if named.group(1) in ("GDPR", "RGPD") else named.group(1)
        elif not re.match(r"\d", citation):
            instrument = None  # another text: a law, a guideline, a decision
        single = SINGLE_PARAGRAPH.get(instrument, set())
        found_article = False
        for match in ARTICLE.finditer(citation):
            found_article = True
            problems += _bare_numbers(match.group("list"), citation, single)
        for match in ANNEX.finditer(citation):
            found_article = True
            pinned = ANNEX_PIN.match(match.group("rest")) or POINT_BEFORE_ANNEX.search(
                citation[: match.start()]
            )
            if not pinned:
                problems.append(citation)
        if not found_article and re.match(r"\d", citation):
            # The article list of the previous citation's text: "GDPR Art. 22; 13(2)(f)".
            found_article = True
            problems += _bare_numbers(citation, citation, single)
        if not found_article and not PINPOINT.search(citation):
            problems.append(citation)
    return sorted(set(problems))


def _bare_numbers(numbers, citation, single=frozenset()):
    """Article numbers of a list ("12(1), 13, 14") with nothing that pins them."""
    bare = []
    position = 0
    while True:
        match = NUMBER.search(numbers, position)
        if match is None:
            break
        between = numbers[position : match.start()]
        # Stop at the end of the list: a word that is not a separator or a qualifier.
        if (
            position
            and re.search(r"[A-Za-zÀ-ÿ]{4,}", between)
            and not re.fullmatch(r"[\s,–\-]*(?:and|et|to|à|or|ou)?[\s,–\-]*", between)
        ):
            break
        position = match.end()
        if match.group("code") or match.group("pin") or match.group("number") in single:
            continue
        paragraph = TEXT_PARAGRAPH.match(numbers[position:])
        if paragraph:
            position += paragraph.end()
            continue
        # The second end of a range of paragraphs: "50(1)–(4)" is read by the pin above.
        bare.append(citation)
    return bare


ACCEPTED = [
    "GDPR Art. 35(3)(a)",
    "RGPD art. 35(3)(a) et (b)",
    "AI Act Art. 5(1)(a)–(h), 99(3)",
    "AI Act Annex III, point 5(b)",
    "AI Act annexe III, point 5(b)",
    "AI Act Art. 27(1); Annex III, points 5(b) and 5(c)",
    "Code de la santé publique, art. L.1111-8",
    "Code du travail, art. L. 2312-38",
    "AI Act Recital 58",
    "EDPB Guidelines 2/2019, §§ 48–49",
    "EDPB Opinion 28/2024, para. 68",
    "AI Act Art. 113, third paragraph, point (c)",
    "AI Act art. 113, al. 3, point c)",
    "GDPR Arts 12(1), 13(1), 14(1)",
    "GDPR Art. 6(1), last subparagraph",
    "Loi n° 78-17, art. 45, al. 1",
    "Commission Guidelines C(2026) 5054 final, point 153",
    "GDPR Art. 28(3)–(4)",
    "RGPD art. 22(1) ; 13(2)(f), 15(1)(h)",
    "AI Act Art. 26(1)–(2), (6)–(7), (11)",
    "AI Act Art. 49(1), (3)",
    "GDPR Arts 12(2), 15(1), 16, 17(1), 21(1)",
    "GDPR Arts 44, 45(1), 46(2)(c)",
    "AI Act art. 49(5) (point 2 de l'annexe III : enregistrement au niveau national)",
    "CNIL, délibération n° 2018-327 du 11 octobre 2018, type 4",
    "WP29 Guidelines on DPIA (WP248 rev.01), section III.B.a",
    "AI Act Art. 4",
    "CJEU, 7 December 2023, SCHUFA, C-634/21, para. 50",
    "Loi n° 78-17, art. 44, 2° (règlement type de la CNIL, délibération n° 2019-001)",
    "French Law no. 78-17, Art. 45, first and second paragraphs",
    "Loi n° 89-462, art. 22-2, al. 1 ; décret n° 2015-1437, annexe I, points A–D",
]
REJECTED = [
    "AI Act Art. 5",
    "AI Act Annex III",
    "GDPR Arts 12(1), 13, 14",
    "AI Act Arts 9–17, 43",
    "GDPR Art. 22",
    "AI Act Arts 53–54, Annexes XI–XII",
    "EDPB Guidelines WP248 rev.01",
    "CNIL deliberation no. 2018-327 of 11 October 2018",
    "French Law no. 78-17, Art. 45",
    "Commission guidelines on GPAI models (July 2025)",
    "RGPD art. 22(1) ; 13, 15(1)(h)",
    "AI Act Art. 53(1)(b), Annex XII",
    "AI Act Arts 73, 26(5)",
    "GDPR Art. 45",
    "AI Act Art. 6(1), Annex I",
    "CJEU, 7 December 2023, SCHUFA, C-634/21",
    "loi n° 89-462, art. 22-2",
    "French Data Protection Act (Law no. 78-17), Art. 45",
    "Loi n° 78-17, art. 44 (règlement type de la CNIL, délibération n° 2019-001)",
    "French Law no. 78-17, Art. 45, first and",
    "AI Act Art. 6(1), Annex I, Sections",
]


@pytest.mark.parametrize("reference", ACCEPTED)
def test_checker_accepts_precise_references(reference):
    assert imprecise_citations(reference) == []


@pytest.mark.parametrize("reference", REJECTED)
def test_checker_rejects_bare_articles_and_annexes(reference):
    assert imprecise_citations(reference) != []


# ----------------------------------------------------------------------
# The catalog
# ----------------------------------------------------------------------
def references_of(rule):
    """Every reference text a finding of ``rule`` can cite, by where it comes from."""
    texts = {"reference": rule.reference}
    for index, part in enumerate(rule.reference_parts):
        texts[f"reference_parts[{index}]"] = part.text
    for index, case in enumerate(rule.severity):
        if case.reference:
            texts[f"severity[{index}].reference"] = case.reference
    return texts


@pytest.mark.parametrize("rule_id", RULES)
def test_every_rule_has_its_pair_of_cases(rule_id):
    assert rule_id in CASES, f"{rule_id}: add (fires, close does not fire) to test_rules.CASES"
    firing, close = CASES[rule_id]
    firing, close = vary(firing), vary(close)
    assert engine.validate(firing) == {} and engine.validate(close) == {}
    assert rule_id in fired(firing)
    assert rule_id not in fired(close)


@pytest.mark.parametrize("rule_id", RULES)
def test_every_rule_has_https_sources_and_a_checked_date(rule_id):
    rule = CATALOG.rules[rule_id]
    assert rule.sources, f"{rule_id}: no source"
    for source in rule.sources:
        assert source["url"].startswith("https://"), source
        assert source["label"]["fr"].strip() and source["label"]["en"].strip(), source
    assert isinstance(rule.checked, datetime.date), f"{rule_id}: no checked date"
    assert rule.checked <= CATALOG.law_as_of, f"{rule_id}: checked after the law's date"


@pytest.mark.parametrize("rule_id", RULES)
def test_every_reference_names_its_paragraph_point_or_letter(rule_id):
    problems = {
        f"{where} [{lang}]": imprecise_citations(text[lang])
        for where, text in references_of(CATALOG.rules[rule_id]).items()
        for lang in ("fr", "en")
        if imprecise_citations(text[lang])
    }
    assert problems == {}, f"{rule_id}: cite the paragraph, point or letter of {problems}"


def test_the_catalog_states_the_date_of_its_law():
    assert CATALOG.law_as_of == datetime.date(2026, 12, 2)
    assert CATALOG.version.startswith("2.0.0+")
    # The default timeline is the text of the law in force on that date.
    assert CATALOG.default_timeline == "omnibus_2026"


def test_the_report_states_the_law_the_floor_and_unconfirmed_dates():
    answers = vary({"proj_annex_iii": ["employment"], "proj_art6_3": "none"})
    assessment = engine.assess(answers, as_of=datetime.date(2026, 12, 2))
    french = engine.render(assessment, lang="fr")
    assert "Droit applicable au 2026-12-02" in french
    assert "un système d'IA à haut risque dont la mise en conformité n'est pas achevée" in french
    assert "applicable au 2027-12-02, date à confirmer au Journal officiel" in french
    english = engine.render(assessment, fmt="markdown", lang="en")
    assert "Law as of 2026-12-02" in english
    assert CATALOG.texts["plain"]["tier"]["high"]["en"] in english


def test_regulatory_deadlines_follow_the_law_in_force_and_flag_unconfirmed_dates():
    from itlaw_ai_advisory.engagement import regulatory_deadlines

    deadlines = {deadline.milestone: deadline for deadline in regulatory_deadlines("high")}
    annex_iii = deadlines["aia_annex_iii"]
    assert annex_iii.date == datetime.date(2027, 12, 2)
    assert "2026/1744" in annex_iii.reference["en"]
    assert "EUR-Lex" in annex_iii.unverified_note["en"]
    published = regulatory_deadlines("high", "regulation_2024")
    annex_iii = next(deadline for deadline in published if deadline.milestone == "aia_annex_iii")
    assert (annex_iii.date, annex_iii.unverified_note) == (datetime.date(2026, 8, 2), None)
