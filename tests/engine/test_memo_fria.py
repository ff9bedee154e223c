"""The AI Act memo and the FRIA (Art. 27) drafted from a diagnostic."""

import datetime

import pytest
from test_dpia import CV_SCREENING, HARMLESS

import itlaw_ai_advisory as engine
from itlaw_ai_advisory import fria, memo, word

CREDIT_SCORING = {
    **CV_SCREENING,
    "proj_annex_iii": ["credit_scoring"],
    "data_subjects": ["customers"],
}


def assessed(answers):
    return engine.assess(answers, as_of=datetime.date(2026, 12, 3)).to_dict()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_memo_of_a_high_risk_deployer(lang):
    roadmap = [
        (datetime.date(2027, 3, 1), "Second", ""),
        (datetime.date(2027, 1, 15), "First", "art. 35"),
    ]
    result = memo.build(assessed(CV_SCREENING), CV_SCREENING, lang, roadmap)
    assert result.tier == "high"
    assert result.roles == [engine.get_catalog().questions["org_ai_role"].options[1].label[lang]]
    assert result.annex_iii and "4(a)" in result.annex_iii_reference
    assert not result.why_none
    rules = [o.rule for o in result.obligations]
    assert "aia_high_risk_annex_iii" in rules and "aia_deployer_duties" in rules
    assert all(o.applies_from == datetime.date(2027, 12, 2) for o in result.obligations)
    assert [title for _date, title, _note in result.roadmap] == ["First", "Second"]
    assert [date for date, *_ in result.milestones] == sorted(d for d, *_ in result.milestones)
    raw = word.render(memo.docx_blocks(result, {"intro": "<p>Intro <b>std</b></p>"}, {}))
    text, _props = word.read_text(raw)
    assert "Intro std" in text
    assert memo.format_date(datetime.date(2027, 12, 2), lang) in text
    assert memo.TEXTS["roadmap"][lang] in text


def test_memo_says_why_no_high_risk_and_follows_the_timeline():
    result = memo.build(assessed(HARMLESS), HARMLESS, "en")
    assert result.tier == "minimal"
    assert result.why_none == memo.TEXTS["why_none"]["en"]
    assert not result.annex_iii and not result.annex_i
    # The obligations are dated under the timeline in force, whatever the diagnostic followed.
    old = engine.assess(CV_SCREENING, timeline="regulation_2024").to_dict()
    today = datetime.date(2026, 12, 3)
    dates = {
        o.rule: (o.applies_from, o.applicable)
        for o in memo.build(old, CV_SCREENING, "en", today=today).obligations
    }
    assert dates["aia_high_risk_annex_iii"] == (datetime.date(2026, 8, 2), True)
    now = memo.build(old, CV_SCREENING, "en", timeline="omnibus_2026", today=today)
    dates = {o.rule: (o.applies_from, o.applicable) for o in now.obligations}
    assert dates["aia_high_risk_annex_iii"] == (datetime.date(2027, 12, 2), False)
    assert "2026/1744" in now.timeline


def test_french_dates():
    assert memo.format_date(datetime.date(2027, 12, 1), "fr") == "1er décembre 2027"
    assert memo.format_date(datetime.date(2027, 12, 2), "en") == "2 December 2027"


def test_fria_applies_only_where_article_27_does():
    assert fria.applies(assessed(CREDIT_SCORING)["findings"])
    assert not fria.applies(assessed(CV_SCREENING)["findings"])
    assert not fria.applies(assessed(HARMLESS)["findings"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fria_elements_filled_from_answers_or_left_to_complete(lang):
    findings = assessed(CREDIT_SCORING)["findings"]
    drafts = fria.draft(CREDIT_SCORING, findings, lang, "Scoring <script>")
    assert list(drafts) == ["process", "period", "persons", "risks", "oversight", "remedies"]
    for key, content in drafts.items():
        # Each drafted element says what only the deployer can tell.
        assert fria.ELEMENTS_BY_KEY[key].to_complete[lang].replace("'", "&#x27;") in content
    assert "&lt;script&gt;" in drafts["process"]
    assert "<script>" not in drafts["process"]
    label = engine.get_catalog().questions["proj_annex_iii"].options[6].label[lang]
    assert "credit" in engine.get_catalog().questions["proj_annex_iii"].options[6].id
    assert label.split(" ")[0] in drafts["process"]
    # Nothing answered: every element left to complete, nothing invented.
    assert set(fria.draft({}, [], lang).values()) == {""}
    assert fria.element_title("remedies", lang).startswith("27(1)(f) ")
