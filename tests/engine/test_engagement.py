"""Deliverables suggested from findings, and the AI Act deadlines of a tier."""

import datetime

import pytest
from conftest import BASELINE
from hypothesis import given
from hypothesis import strategies as st

import itlaw_ai_advisory as engine
from itlaw_ai_advisory.engagement import (
    DELIVERABLES,
    TIER_MILESTONES,
    regulatory_deadlines,
    reminder_date,
    suggest_deliverables,
)

START = datetime.date(2026, 3, 2)


def test_every_mapped_rule_and_milestone_exists_in_the_catalog():
    catalog = engine.get_catalog()
    for deliverable in DELIVERABLES:
        assert deliverable.rules
        for rule in deliverable.rules:
            assert rule in catalog.rules, rule
        assert deliverable.title["fr"] and deliverable.title["en"]
        assert deliverable.reference["fr"] and deliverable.reference["en"]
        assert deliverable.delay_days > 0
    for milestones in TIER_MILESTONES.values():
        for key in milestones:
            assert key in catalog.milestones
    assert set(TIER_MILESTONES) == {"prohibited", "high", "transparency", "minimal"}


def test_a_rule_maps_to_one_deliverable_only():
    rules = [rule for deliverable in DELIVERABLES for rule in deliverable.rules]
    assert len(rules) == len(set(rules))


@pytest.mark.parametrize(
    ("findings", "dpia_required", "expected"),
    [
        ([], True, []),
        ([{"rule": "aia_high_risk_annex_iii", "severity": "high"}], False, ["risk_management"]),
        ([{"rule": "edpb_dpia_criteria", "severity": "high"}], True, ["dpia"]),
        # No DPIA when the verdict does not require one.
        ([{"rule": "edpb_dpia_criteria", "severity": "high"}], False, []),
        # A DPIA already done is information only.
        ([{"rule": "edpb_dpia_criteria", "severity": "info"}], True, []),
        (
            [
                {"rule": "gdpr_dpia_art35_3", "severity": "high"},
                {"rule": "cnil_dpia_list", "severity": "high", "superseded_by": "x"},
                {"rule": "aia_ai_literacy", "severity": "low"},
                {"rule": "gdpr_processor_contract", "severity": "high"},
                {"rule": "aia_chatbot_disclosure", "severity": "medium"},
                {"rule": "aia_deepfake_label", "severity": "medium"},
                {"rule": "aia_fria_required", "severity": "high"},
                {"rule": "gdpr_dpo", "severity": "high"},
            ],
            True,
            ["dpia", "fria", "vendor_agreements", "transparency_notices", "ai_literacy"],
        ),
    ],
)
def test_suggestions(findings, dpia_required, expected):
    suggestions = suggest_deliverables(findings, START, dpia_required=dpia_required)
    assert [s.deliverable.key for s in suggestions] == expected
    for suggestion in suggestions:
        assert findings[suggestion.finding_index]["rule"] == suggestion.rule
        assert suggestion.due == START + datetime.timedelta(days=suggestion.deliverable.delay_days)


def test_the_first_finding_of_a_deliverable_is_the_one_linked():
    findings = [
        {"rule": "aia_content_marking", "severity": "medium"},
        {"rule": "aia_chatbot_disclosure", "severity": "medium"},
    ]
    (suggestion,) = suggest_deliverables(findings, START)
    assert suggestion.rule == "aia_content_marking"
    assert suggestion.finding_index == 0


def test_a_cv_screening_assessment_suggests_its_deliverables():
    answers = {
        **BASELINE,
        "proj_annex_iii": ["employment"],
        "proj_art6_3": "none",
        "proj_profiling": "yes",
        "gov_dpia": "not_done",
        "gov_ai_literacy": "no",
    }
    assessment = engine.assess(answers, as_of=START)
    findings = assessment.to_dict()["findings"]
    suggestions = suggest_deliverables(findings, START, dpia_required=assessment.dpia["required"])
    keys = [s.deliverable.key for s in suggestions]
    assert "risk_management" in keys
    assert "ai_literacy" in keys
    assert ("dpia" in keys) == bool(assessment.dpia["required"])


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "rule": st.sampled_from(sorted(engine.get_catalog().rules)),
                "severity": st.sampled_from(engine.SEVERITIES),
            }
        ),
        max_size=20,
    ),
    st.booleans(),
)
def test_at_most_one_task_per_deliverable_and_never_from_information(findings, dpia_required):
    suggestions = suggest_deliverables(findings, START, dpia_required=dpia_required)
    keys = [s.deliverable.key for s in suggestions]
    assert len(keys) == len(set(keys))
    for suggestion in suggestions:
        assert findings[suggestion.finding_index]["severity"] != "info"
        assert suggestion.due > START


def test_deadlines_of_a_high_risk_client_follow_the_timeline():
    published = regulatory_deadlines("high", "regulation_2024")
    assert [d.milestone for d in published] == ["aia_literacy", "aia_annex_iii", "aia_transparency"]
    assert published[1].date == datetime.date(2026, 8, 2)
    assert published[1].reference["en"]
    omnibus = {d.milestone: d.date for d in regulatory_deadlines("high", "omnibus_2026")}
    assert omnibus["aia_annex_iii"] == datetime.date(2027, 12, 2)


def test_deadlines_of_an_unknown_tier_are_none():
    assert regulatory_deadlines(False) == []
    assert [d.milestone for d in regulatory_deadlines("minimal")] == ["aia_literacy"]
    with pytest.raises(ValueError):
        regulatory_deadlines("high", "no_such_timeline")


@pytest.mark.parametrize(
    ("deadline", "days", "today", "expected"),
    [
        (datetime.date(2026, 8, 2), 30, datetime.date(2026, 3, 2), datetime.date(2026, 7, 3)),
        (datetime.date(2026, 8, 2), 30, datetime.date(2026, 7, 20), datetime.date(2026, 7, 20)),
        (datetime.date(2026, 8, 2), 0, datetime.date(2026, 3, 2), datetime.date(2026, 8, 2)),
    ],
)
def test_reminder_date(deadline, days, today, expected):
    assert reminder_date(deadline, days, today) == expected
