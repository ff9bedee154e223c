"""Invariants of the scoring over generated answer sets (hypothesis)."""

import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import itlaw_ai_advisory as engine

CATALOG = engine.get_catalog()
AS_OF = datetime.date(2026, 9, 1)
FAST = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def full_answers_strategy():
    """Every question answered (hidden ones too: ``visible`` strips them)."""
    fields = {}
    for question in CATALOG.questions.values():
        if question.type == "number":
            fields[question.id] = st.none() | st.integers(int(question.min), int(question.max))
        elif question.type == "text":
            fields[question.id] = st.none() | st.text(min_size=1, max_size=question.max_length)
        elif question.type in ("single", "yes_no"):
            fields[question.id] = st.sampled_from([option.id for option in question.options])
        else:
            exclusive = [[option.id] for option in question.options if option.exclusive]
            others = [option.id for option in question.options if not option.exclusive]
            subsets = st.lists(st.sampled_from(others), min_size=1, unique=True)
            fields[question.id] = st.sampled_from(exclusive) | subsets if exclusive else subsets
    return st.fixed_dictionaries(fields).map(
        lambda answers: {key: value for key, value in answers.items() if value is not None}
    )


def visible(answers):
    shown = {question.id for question in CATALOG.visible_questions(answers)}
    return {key: value for key, value in answers.items() if key in shown}


# Each chain lists options of a single-choice question from least to most risky.
RISK_CHAINS = {
    "org_type": [["private", "public_body"], ["nonprofit", "public_body"]],
    "org_location": [["eu", "non_eu_eu_users"]],
    "org_public_service": [["no", "yes"]],
    "gpai_modification_compute": [["below_third", "unknown", "above_third"]],
    "org_dpo": [["yes", "unsure", "no"]],
    "proj_art6_3": [
        [derogation, "none"]
        for derogation in (
            "narrow_procedural",
            "improve_human_work",
            "detect_patterns",
            "preparatory",
        )
    ],
    "proj_profiling": [["no", "yes"]],
    "proj_decision": [["no_decision", "human_decides", "score_followed", "automated_significant"]],
    "proj_monitoring": [
        ["none", "employees"],
        ["none", "public_spaces"],
        ["none", "online_behaviour"],
    ],
    "proj_gpai": [["none", "api_third_party", "fine_tune", "train_own", "train_own_gt_1e25"]],
    # "unsure" is not riskier than a consent known to be invalid: only "none" tops every answer.
    "data_art9_condition": [
        ["explicit_consent", "explicit_consent_no_alternative", "none"],
        ["other_9_2", "none"],
        ["unsure", "none"],
    ],
    "data_biometric_purpose": [
        ["analysis_only", "identification_other", "access_control_work"],
        ["identification_other", "access_control_other"],
    ],
    "data_tenant_screening": [["no", "decree_list_only", "unsure", "other_documents"]],
    "data_health_hosting": [
        ["own_premises", "unsure", "not_certified"],
        ["hds_certified", "unsure"],
    ],
    "data_minors_platform": [
        ["not_platform", "platform_no_measures", "platform_profiling_ads"],
        ["platform_small", "platform_no_measures"],
        ["platform_safeguards", "platform_no_measures"],
    ],
    "data_core_activity": [["no", "unsure", "yes"]],
    "data_volume": [["lt1k", "1k_10k", "10k_100k", "gt100k"]],
    "data_training": [["none", "other_personal_data", "user_inputs"]],
    # The objection question shows for the bases with an Art. 21 right (and for contract,
    # which cannot ground training: legitimate interest is what it falls back on).
    "data_legal_basis": [
        ["consent", "li_documented", "li_not_documented", "contract"],
        ["legal_obligation", "public_task"],
        ["consent", "unsure", "none"],
    ],
    "data_retention": [
        ["defined_enforced", "defined_not_enforced", "undefined"],
        ["defined_not_enforced", "indefinite"],
    ],
    "data_transfers": [
        ["eu_only", "unsure", "no_safeguard"],
        ["adequacy_or_dpf", "unsure"],
        ["scc_tia", "no_safeguard"],
    ],
    "rights_notice": [["full_incl_ai_training", "generic_only", "none"]],
    "rights_indirect_notice": [["individual", "public_with_sources", "public_generic", "none"]],
    "rights_adm_exception": [
        ["contract_necessity", "none"],
        ["law", "none"],
        ["explicit_consent", "none"],
        ["unsure", "none"],
    ],
    "rights_optout": [
        ["in_app_free", "email_only", "paid_plan_only"],
        ["free_web_form", "email_only", "none"],
    ],
    "rights_model": [["model_and_outputs", "dataset_only"], ["model_and_outputs", "none"]],
    "rights_age": [["not_for_minors_verified", "age_declared", "none"]],
    "gov_ropa": [["yes", "partial", "no"]],
    "gov_dpia": [["done", "in_progress", "not_done"]],
    "gov_vendor_dpa": [["no_vendor", "dpa_all", "dpa_some", "dpa_none"]],
    "gov_vendor_training": [["no_contractual", "unknown", "yes"]],
    "gov_ai_literacy": [["yes", "no"]],
    "aia_hr_conformity": [["all_done", "in_progress", "not_started"], ["all_done", "unsure"]],
    "status_stage": [["idea", "development", "pilot", "production"]],
}
# Multiple choices where choosing one more option is riskier...
RISKIER_WHEN_ADDED = (
    "org_ai_role",
    "proj_prohibited",
    "proj_annex_iii",
    "proj_genai_features",
    "data_categories",
    "data_subjects",
    "data_sources",
    "proj_annex_i",
)
# ...and those where an option is a safeguard: dropping it is riskier.
RISKIER_WHEN_REMOVED = (
    "data_protection",
    "gov_security",
    "gov_ai_disclosure",
    "rights_adm_safeguards",
    "data_biometric_access",
    "gov_staff_information",
    "proj_art50_exceptions",
    "gpai_model_status",
    "gpai_systemic_measures",
    "hr_deployer_measures",
    "hr_provider_measures",
)

SINGLE_STEPS = [
    (question_id, chain[index], chain[index + 1])
    for question_id, chains in RISK_CHAINS.items()
    for chain in chains
    for index in range(len(chain) - 1)
]
MULTI_STEPS = [
    (question_id, option.id)
    for question_id in RISKIER_WHEN_ADDED + RISKIER_WHEN_REMOVED
    for option in CATALOG.questions[question_id].options
    if not option.exclusive
]


def riskier_multi(question_id, current, option_id):
    """``(before, after)`` values of a multiple choice around one risk step, or None."""
    exclusive = [option.id for option in CATALOG.questions[question_id].options if option.exclusive]
    without = [item for item in current if item not in exclusive and item != option_id]
    with_option = [*without, option_id]
    if not without:
        if not exclusive:
            return None  # a required choice cannot be left empty
        without = exclusive[:1]
    if question_id in RISKIER_WHEN_ADDED:
        return without, with_option
    return with_option, without


def test_every_orderable_question_is_covered():
    single = {q.id for q in CATALOG.questions.values() if q.type in ("single", "yes_no")}
    multi = {q.id for q in CATALOG.questions.values() if q.type in ("multi", "none_excl")}
    assert set(RISK_CHAINS) == single
    assert set(RISKIER_WHEN_ADDED + RISKIER_WHEN_REMOVED) == multi
    for question_id, chains in RISK_CHAINS.items():
        options = {option.id for option in CATALOG.questions[question_id].options}
        assert {option for chain in chains for option in chain} == options, question_id


@FAST
@given(full_answers_strategy())
def test_generated_answer_sets_validate(full):
    assert engine.validate(visible(full)) == {}


@FAST
@given(full_answers_strategy())
def test_score_bounds_determinism_and_explained_points(full):
    answers = visible(full)
    assessment = engine.assess(answers, as_of=AS_OF)
    assert 0 <= assessment.score <= 100
    assert assessment.band == CATALOG.band_for(assessment.score)["id"]
    # Every point of the uncapped score is explained by a finding.
    assert abs(sum(f.points for f in assessment.findings) - assessment.raw_score) < 1e-6
    assert all(f.points >= 0 for f in assessment.findings)
    if assessment.knockout:
        assert assessment.score == 100
    elif assessment.floor:
        assert assessment.score > min(100, round(assessment.raw_score))
    else:
        assert assessment.score == min(100, int(assessment.raw_score + 0.5))
    again = engine.assess(dict(answers), as_of=AS_OF)
    assert again.to_dict() == assessment.to_dict()


@FAST
@given(full_answers_strategy(), st.sampled_from(SINGLE_STEPS))
def test_a_riskier_single_answer_never_lowers_the_score(full, step):
    question_id, safer, riskier = step
    before = visible({**full, question_id: safer})
    after = visible({**full, question_id: riskier})
    assert_not_lower(before, after)


@FAST
@given(full_answers_strategy(), st.sampled_from(MULTI_STEPS))
def test_a_riskier_multiple_choice_never_lowers_the_score(full, step):
    question_id, option_id = step
    values = riskier_multi(question_id, full[question_id], option_id)
    assume(values is not None)
    safer, riskier = values
    before = visible({**full, question_id: safer})
    after = visible({**full, question_id: riskier})
    assert_not_lower(before, after)


def assert_not_lower(before, after):
    low, high = engine.assess(before, as_of=AS_OF), engine.assess(after, as_of=AS_OF)
    assert high.score >= low.score
    assert high.raw_score >= low.raw_score


# Calibration (catalog.json "floors"): the band never contradicts the findings.
def counting(assessment, predicate):
    return any(finding.points > 0 and predicate(finding) for finding in assessment.findings)


@FAST
@given(full_answers_strategy(), st.booleans())
def test_a_high_risk_system_reads_at_least_eleve_until_its_conformity_is_done(full, answered):
    answers = visible(full)
    if not answered:
        answers.pop("aia_hr_conformity", None)  # no answer: the steps count as not done
    assessment = engine.assess(answers, as_of=AS_OF)
    high_risk = assessment.ai_act_tier == "high" or counting(
        assessment, lambda finding: finding.rule.id.startswith("aia_high_risk")
    )
    if high_risk and answers.get("aia_hr_conformity") != "all_done":
        assert assessment.band in ("eleve", "critique"), assessment.to_dict()["findings"]


@FAST
@given(full_answers_strategy())
def test_a_prohibited_practice_always_reads_critique(full):
    assessment = engine.assess(visible(full), as_of=AS_OF)
    if assessment.prohibited or counting(assessment, lambda f: f.severity == "prohibited"):
        assert assessment.band == "critique"


@FAST
@given(full_answers_strategy())
def test_a_required_dpia_not_started_never_reads_faible(full):
    answers = visible(full)
    assessment = engine.assess(answers, as_of=AS_OF)
    if assessment.dpia["required"] and answers.get("gov_dpia") == "not_done":
        assert assessment.band != "faible"
