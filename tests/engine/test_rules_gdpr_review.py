"""Catalog 2.0, GDPR / EDPB / CNIL / French-law side of the legal review (issue 18).

Each test holds a rule to the text it cites, and fails on catalog 1.1.0: the rule fired where
the duty does not apply, missed a case the text covers, or cited the wrong paragraph.
"""

import datetime
import re

import pytest
from conftest import vary
from test_rules import (
    ADM,
    BIOMETRIC_AT_WORK,
    LI_TRAINING,
    NO_PERSONAL_DATA,
    PATIENT_HEALTH_DATA,
    STAFF_INFORMED,
    TRAINING,
    USER_INPUT_TRAINING,
    fired,
)

import itlaw_ai_advisory as engine


def finding_of(rule_id, changes):
    answers = vary(changes)
    assert engine.validate(answers) == {}
    return fired(answers).get(rule_id)


# --- WP248 (edpb_dpia_criteria) -------------------------------------------------------------


def test_wp248_is_wp29_endorsed_by_the_edpb_and_a_presumption():
    finding = finding_of(
        "edpb_dpia_criteria",
        {"data_volume": "gt100k", "data_sources": ["combined"], "gov_dpia": "not_done"},
    )
    assert "G29" in finding.reference["fr"] and "reprises par le CEPD" in finding.reference["fr"]
    assert "WP29" in finding.reference["en"] and "endorsed by the EDPB" in finding.reference["en"]
    assert "dans la plupart des cas" in finding.finding["fr"]
    assert "in most cases" in finding.finding["en"]
    reason = engine.assess(vary({"data_volume": "gt100k", "data_sources": ["combined"]})).dpia[
        "reason"
    ]
    assert "dans la plupart des cas" in reason["fr"] and "in most cases" in reason["en"]


def test_wp248_reason_names_the_criteria_in_words():
    """The reason a visitor reads says which criteria are met, not "C5, C6"."""
    reason = engine.assess(vary({"data_volume": "gt100k", "data_sources": ["combined"]})).dpia[
        "reason"
    ]
    assert "traitement à grande échelle ; croisement ou combinaison" in reason["fr"]
    assert "large-scale processing; matching or combining datasets" in reason["en"]
    assert not re.search(r"\bC\d\b", reason["fr"] + reason["en"])


def test_wp248_criterion_8_covers_biometric_access_control():
    # Biometric data (C4) + access control (C8, WP248's own example): two criteria.
    access = {
        **BIOMETRIC_AT_WORK,
        "data_biometric_access": ["necessity_documented", "template_user_held"],
        "gov_dpia": "not_done",
    }
    assessment = engine.assess(vary(access))
    assert {"C4", "C8"} <= set(assessment.dpia["criteria"])
    assert "edpb_dpia_criteria" in fired(vary(access))
    # The same biometrics to identify people otherwise: one criterion only.
    other = {**BIOMETRIC_AT_WORK, "data_biometric_purpose": "identification_other"}
    other["gov_dpia"] = "not_done"
    assert "C8" not in engine.assess(vary(other)).dpia["criteria"]
    assert "edpb_dpia_criteria" not in fired(vary(other))


# --- Art. 35(3) letters ---------------------------------------------------------------------

CREDIT_SCORING_HUMAN_DECIDES = {
    "proj_annex_iii": ["credit_scoring"],
    "proj_art6_3": "none",
    "proj_profiling": "yes",
    "proj_decision": "human_decides",
    "data_categories": ["identity", "financial"],
    "data_tenant_screening": "no",
    "gov_dpia": "not_done",
}


def test_art35_3_a_covers_decisions_based_on_profiling_where_a_human_decides():
    finding = finding_of("gdpr_dpia_art35_3", CREDIT_SCORING_HUMAN_DECIDES)
    assert finding is not None
    assert finding.reference["fr"].startswith("RGPD art. 35(3)(a)")
    assert "35(3)(b)" not in finding.reference["en"] and "35(3)(c)" not in finding.reference["en"]
    # Profiling that no decision rests on is not a case of letter (a).
    no_decision = {**CREDIT_SCORING_HUMAN_DECIDES, "proj_decision": "no_decision"}
    assert finding_of("gdpr_dpia_art35_3", no_decision) is None


@pytest.mark.parametrize(
    ("changes", "letter"),
    [
        (
            {
                "data_categories": ["health"],
                "data_art9_condition": "other_9_2",
                "data_volume": "gt100k",
                "data_core_activity": "yes",
                "gov_dpia": "not_done",
            },
            "(b)",
        ),
        (
            {
                "proj_monitoring": "public_spaces",
                "data_volume": "gt100k",
                "data_core_activity": "no",
                "gov_dpia": "not_done",
            },
            "(c)",
        ),
    ],
)
def test_art35_3_cites_the_letter_that_applies(changes, letter):
    finding = finding_of("gdpr_dpia_art35_3", changes)
    assert finding.reference["en"].startswith(f"GDPR Art. 35(3){letter}")
    assert finding.reference["en"].count("35(3)(") == 1


def test_a_mandatory_dpia_missing_in_production_is_critical_the_wp248_presumption_high():
    answers = {
        "proj_monitoring": "public_spaces",
        "data_volume": "gt100k",
        "data_core_activity": "no",
        "gov_dpia": "not_done",
        "status_stage": "production",
    }
    assert finding_of("gdpr_dpia_art35_3", answers).severity == "critical"
    presumption = {
        "data_volume": "gt100k",
        "data_sources": ["combined"],
        "gov_dpia": "not_done",
        "status_stage": "production",
    }
    assert finding_of("edpb_dpia_criteria", presumption).severity == "high"


# --- CNIL list (délibération n° 2018-327) -----------------------------------------------------


def test_health_data_on_a_large_scale_is_not_an_item_of_the_cnil_list():
    answers = {
        "data_categories": ["health"],
        "data_art9_condition": "other_9_2",
        "data_volume": "gt100k",
        "data_core_activity": "yes",
        "gov_dpia": "not_done",
    }
    findings = fired(vary(answers))
    assert "cnil_dpia_list" not in findings
    assert "gdpr_dpia_art35_3" in findings  # Art. 35(3)(b) covers it instead


@pytest.mark.parametrize(
    ("changes", "item"),
    [
        (
            {
                "data_subjects": ["patients", "customers"],
                **{k: v for k, v in PATIENT_HEALTH_DATA.items() if k != "data_subjects"},
                "data_health_hosting": "hds_certified",
            },
            "1",
        ),
        ({"data_subjects": ["employees_candidates"], "proj_profiling": "yes"}, "3"),
        ({"proj_monitoring": "employees", "gov_staff_information": STAFF_INFORMED}, "4"),
        ({**ADM, "proj_profiling": "yes"}, "8"),
        (
            {
                "proj_profiling": "yes",
                "data_sources": ["third_party"],
                "rights_indirect_notice": "individual",
            },
            "10",
        ),
        (
            {
                **BIOMETRIC_AT_WORK,
                "data_biometric_access": ["necessity_documented", "template_user_held"],
                "data_subjects": ["employees_candidates"],
            },
            "11",
        ),
        ({"data_categories": ["location"], "data_volume": "gt100k"}, "14"),
    ],
)
def test_cnil_list_cites_its_numbered_item(changes, item):
    finding = finding_of("cnil_dpia_list", {**changes, "gov_dpia": "not_done"})
    assert finding is not None
    assert "2018-327" in finding.reference["fr"] and "35(4)" in finding.reference["en"]
    assert f"type {item} (" in finding.reference["fr"]
    assert f"item {item} (" in finding.reference["en"]


def test_profiling_on_combined_internal_data_is_not_item_10():
    answers = {
        "proj_profiling": "yes",
        "data_sources": ["direct", "combined"],
        "gov_dpia": "not_done",
    }
    assert finding_of("cnil_dpia_list", answers) is None


# --- Special categories -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"data_art9_condition": "explicit_consent_no_alternative"},
        {"data_art9_condition": "explicit_consent", "data_subjects": ["employees_candidates"]},
    ],
)
def test_consent_that_is_not_free_is_high(changes):
    finding = finding_of("gdpr_special_category", {"data_categories": ["health"], **changes})
    assert finding.severity == "high" and not finding.to_verify
    assert "7(4)" in finding.reference["en"] and "Recital 43" in finding.reference["en"]


def test_explicit_consent_of_customers_with_an_alternative_passes():
    changes = {"data_categories": ["health"], "data_art9_condition": "explicit_consent"}
    assert finding_of("gdpr_special_category", changes) is None


def test_biometrics_are_special_category_only_to_identify_people():
    analysis = {"data_categories": ["biometric"], "data_biometric_purpose": "analysis_only"}
    assert finding_of("gdpr_special_category", analysis) is None
    identify = {
        "data_categories": ["biometric"],
        "data_biometric_purpose": "identification_other",
        "data_art9_condition": "none",
    }
    assert finding_of("gdpr_special_category", identify).severity == "critical"


# --- Minors -----------------------------------------------------------------------------------


def test_minors_joint_consent_under_15_not_parental_authorisation():
    finding = finding_of(
        "gdpr_minors", {"data_subjects": ["minors"], "data_minors_platform": "not_platform"}
    )
    assert finding.severity == "medium"  # age verified: protection and information remain
    assert "consentement conjoint" in finding.action["fr"]
    assert "joint consent" in finding.action["en"]
    assert "accord parental" not in finding.action["fr"]
    assert "art. 45" in finding.reference["fr"] and "8(1)" in finding.reference["en"]
    assert "online service" in finding.action["en"]  # Art. 8: information-society services


def test_staff_only_chatbot_without_age_check_is_not_about_minors():
    staff_only = {
        "proj_genai_features": ["chatbot"],
        "gov_ai_disclosure": ["chatbot_notice"],
        "rights_age": "none",
        "data_subjects": ["employees_candidates"],
    }
    assert finding_of("gdpr_minors", staff_only) is None
    public = {**staff_only, "data_subjects": ["employees_candidates", "public"]}
    assert finding_of("gdpr_minors", public).severity == "high"


@pytest.mark.parametrize(
    ("platform", "severity", "paragraph"),
    [("platform_profiling_ads", "high", "28(2)"), ("platform_no_measures", "medium", "28(1)")],
)
def test_dsa_article_28_for_platforms_open_to_minors(platform, severity, paragraph):
    finding = finding_of(
        "dsa_minors_online_platform",
        {"data_subjects": ["minors"], "data_minors_platform": platform},
    )
    assert (finding.severity, finding.framework) == (severity, "DSA")
    assert finding.reference["en"].endswith(f"Art. {paragraph}")


@pytest.mark.parametrize("platform", ["not_platform", "platform_small", "platform_safeguards"])
def test_dsa_article_28_does_not_apply(platform):
    changes = {"data_subjects": ["minors"], "data_minors_platform": platform}
    assert finding_of("dsa_minors_online_platform", changes) is None


# --- Training: legal basis and objection -------------------------------------------------------


def test_contract_is_no_basis_for_training():
    changes = {
        **LI_TRAINING,
        "data_training": "other_personal_data",
        "data_legal_basis": "contract",
    }
    finding = finding_of("gdpr_training_legal_basis", changes)
    assert finding.severity == "high"
    assert "6(1)(b)" in finding.reference["en"] and "C-252/21" in finding.reference["en"]
    assert "2/2019" in finding.reference["en"]


def test_a_public_authority_cannot_rely_on_legitimate_interest():
    changes = {**LI_TRAINING, "data_training": "other_personal_data", "org_type": "public_body"}
    finding = finding_of("gdpr_training_legal_basis", changes)
    assert finding.severity == "high"
    assert "second subparagraph" in finding.reference["en"]
    assert "second alinéa" in finding.reference["fr"]
    private = {**changes, "org_type": "private"}
    assert finding_of("gdpr_training_legal_basis", private) is None


@pytest.mark.parametrize("basis", ["public_task", "legal_obligation"])
def test_public_task_and_legal_obligation_need_a_legal_provision(basis):
    changes = {**LI_TRAINING, "data_training": "other_personal_data", "data_legal_basis": basis}
    if basis == "legal_obligation":  # no right to object to a legal obligation (Art. 21(1))
        del changes["rights_optout"]
    finding = finding_of("gdpr_training_legal_basis", changes)
    assert finding.severity == "low" and "6(3)" in finding.reference["en"]


def test_people_in_scraped_training_data_may_object_too():
    scraped = {
        **LI_TRAINING,
        "data_training": "other_personal_data",
        "data_sources": ["web_scraping"],
        "rights_indirect_notice": "public_with_sources",
    }
    assert engine.get_catalog().is_visible("rights_optout", vary(scraped))
    finding = finding_of("gdpr_training_no_optout", {**scraped, "rights_optout": "none"})
    assert finding.severity == "high"
    assert "21(1)" in finding.reference["en"] and "28/2024" in finding.reference["en"]
    assert "unconditional" in finding.action["en"]
    assert finding_of("gdpr_training_no_optout", scraped) is None


def test_consent_based_training_cites_withdrawal_not_objection():
    finding = finding_of(
        "gdpr_training_no_optout", {**USER_INPUT_TRAINING, "rights_optout": "none"}
    )
    assert finding.reference == {"fr": "RGPD art. 7(3)", "en": "GDPR Art. 7(3)"}


# --- Art. 14(5)(b) ----------------------------------------------------------------------------


@pytest.mark.parametrize(("notice", "severity"), [("none", "high"), ("public_generic", "medium")])
def test_data_not_collected_from_the_person(notice, severity):
    changes = {"data_sources": ["web_scraping"], "rights_indirect_notice": notice}
    finding = finding_of("gdpr_indirect_collection_notice", changes)
    assert finding.severity == severity and "14(5)(b)" in finding.reference["en"]
    no_personal_data = vary({"data_sources": ["web_scraping"], **NO_PERSONAL_DATA})
    assert not engine.get_catalog().is_visible("rights_indirect_notice", no_personal_data)
    assert "gdpr_indirect_collection_notice" not in fired(no_personal_data)


# --- Minimisation and rights on the model ------------------------------------------------------


def test_unprotected_health_or_biometric_store_is_flagged():
    health = {
        **PATIENT_HEALTH_DATA,
        "data_health_hosting": "own_premises",
        "data_protection": ["none"],
    }
    assert finding_of("gdpr_no_pseudonymisation", health).severity == "medium"  # encrypted
    clear = {**health, "gov_security": ["access_control", "logging", "ai_attack_tests"]}
    assert finding_of("gdpr_no_pseudonymisation", clear).severity == "high"
    protected = {**clear, "data_protection": ["pseudonymisation"]}
    assert finding_of("gdpr_no_pseudonymisation", protected) is None


def test_no_rights_process_at_all_is_worse_than_dataset_only():
    base = {**TRAINING, "data_training": "other_personal_data"}
    none = finding_of("gdpr_model_rights", {**base, "rights_model": "none"})
    dataset = finding_of("gdpr_model_rights", {**base, "rights_model": "dataset_only"})
    assert (none.severity, dataset.severity) == ("high", "medium")


# --- Art. 22 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("safeguards", "severity"),
    [
        (["explanation"], "high"),
        (["human_review", "explanation"], "high"),
        (["contest", "explanation"], "high"),
        (["human_review", "contest"], "medium"),
        (["human_review", "contest", "explanation"], "info"),
        (["none"], "critical"),
    ],
)
def test_art22_3_needs_human_intervention_and_contest(safeguards, severity):
    finding = finding_of("gdpr_adm_art22", {**ADM, "rights_adm_safeguards": safeguards})
    assert finding.severity == severity


def test_art22_without_an_exception_is_prohibited():
    finding = finding_of("gdpr_adm_art22", {**ADM, "rights_adm_exception": "none"})
    assert finding.severity == "critical" and "22(1)–(2)" in finding.reference["en"]
    unsure = finding_of("gdpr_adm_art22", {**ADM, "rights_adm_exception": "unsure"})
    assert (unsure.severity, unsure.to_verify, unsure.points) == ("high", True, 7.5)


def test_art22_no_longer_cites_the_ai_act():
    finding = finding_of("gdpr_adm_art22", {**ADM, "rights_adm_safeguards": ["human_review"]})
    assert "AI Act" not in finding.reference["en"] and "86" not in finding.reference["en"]
    assert "AI Act" not in engine.get_catalog().rules["gdpr_adm_art22"].reference["en"]


def test_schufa_a_score_routinely_followed_is_a_decision():
    schufa = {**ADM, "proj_decision": "score_followed", "rights_adm_safeguards": ["explanation"]}
    finding = finding_of("gdpr_adm_art22", schufa)
    assert finding.severity == "high"
    assessment = engine.assess(vary(schufa))
    assert "C2" in assessment.dpia["criteria"]
    assert finding_of("gdpr_adm_art22", {"proj_decision": "human_decides"}) is None


@pytest.mark.parametrize(
    ("condition", "severity"),
    [("other_9_2", "medium"), ("none", "high"), ("explicit_consent_no_alternative", "high")],
)
def test_art22_4_special_categories(condition, severity):
    changes = {**ADM, "data_categories": ["health"], "data_art9_condition": condition}
    finding = finding_of("gdpr_adm_special_categories", changes)
    assert finding.severity == severity and "22(4)" in finding.reference["en"]


# --- DPO --------------------------------------------------------------------------------------

STAFF_MONITORING_LARGE = {
    "proj_monitoring": "employees",
    "gov_staff_information": STAFF_INFORMED,
    "data_volume": "10k_100k",
    "org_dpo": "no",
}


def test_an_employer_monitoring_its_staff_needs_no_dpo_for_that_alone():
    finding = finding_of("gdpr_dpo", {**STAFF_MONITORING_LARGE, "data_core_activity": "no"})
    assert finding is None


def test_monitoring_as_a_core_activity_needs_a_dpo():
    finding = finding_of("gdpr_dpo", {**STAFF_MONITORING_LARGE, "data_core_activity": "yes"})
    assert finding.severity == "high" and not finding.to_verify
    assert finding.reference["en"].startswith("GDPR Art. 37(1)(b)")
    unsure = finding_of("gdpr_dpo", {**STAFF_MONITORING_LARGE, "data_core_activity": "unsure"})
    assert (unsure.severity, unsure.to_verify, unsure.points) == ("high", True, 7.5)


def test_public_body_dpo_cites_letter_a():
    finding = finding_of("gdpr_dpo", {"org_type": "public_body", "org_dpo": "no"})
    assert finding.reference == {"fr": "RGPD art. 37(1)(a)", "en": "GDPR Art. 37(1)(a)"}


# --- Art. 27 representative -------------------------------------------------------------------


def test_non_eu_minimal_risk_provider_without_personal_data_needs_no_gdpr_representative():
    changes = {"org_location": "non_eu_eu_users", "org_ai_role": ["provider"], **NO_PERSONAL_DATA}
    assert finding_of("gdpr_eu_representative", changes) is None


def test_gdpr_representative_cites_art_27_only():
    small = finding_of("gdpr_eu_representative", {"org_location": "non_eu_eu_users"})
    assert small.severity == "low" and "27(2)(a)" in small.reference["en"]
    large = finding_of(
        "gdpr_eu_representative", {"org_location": "non_eu_eu_users", "data_volume": "gt100k"}
    )
    assert large.severity == "medium"
    for finding in (small, large):
        assert "AI Act" not in finding.reference["en"]


# --- French law -------------------------------------------------------------------------------


def test_biometric_access_outside_work_needs_a_free_alternative():
    outside = {**BIOMETRIC_AT_WORK, "data_biometric_purpose": "access_control_other"}
    finding = finding_of(
        "fr_biometric_access_control", {**outside, "data_biometric_access": ["template_user_held"]}
    )
    assert finding.severity == "high" and "7(4)" in finding.reference["en"]
    fine = {**outside, "data_biometric_access": ["free_alternative", "template_user_held"]}
    assert finding_of("fr_biometric_access_control", fine) is None


def test_biometric_access_at_work_follows_the_cnil_model_regulation():
    finding = finding_of(
        "fr_biometric_access_control", {**BIOMETRIC_AT_WORK, "data_biometric_access": ["none"]}
    )
    assert finding.severity == "high" and "2019-001" in finding.reference["fr"]
    central = {**BIOMETRIC_AT_WORK, "data_biometric_access": ["necessity_documented"]}
    assert finding_of("fr_biometric_access_control", central).severity == "medium"


def test_health_data_hosting_hds():
    unsure = finding_of(
        "fr_health_data_hosting", {**PATIENT_HEALTH_DATA, "data_health_hosting": "unsure"}
    )
    assert (unsure.severity, unsure.to_verify, unsure.framework) == ("high", True, "FR_LAW")
    assert "L.1111-8" in unsure.reference["fr"]
    own = {**PATIENT_HEALTH_DATA, "data_health_hosting": "own_premises"}
    assert finding_of("fr_health_data_hosting", own) is None
    # No care relationship: the question does not even appear.
    assert not engine.get_catalog().is_visible(
        "data_health_hosting", vary({"data_categories": ["health"]})
    )


def test_tenant_screening_documents():
    finding = finding_of(
        "fr_tenant_documents",
        {"data_categories": ["identity", "financial"], "data_tenant_screening": "other_documents"},
    )
    assert "22-2" in finding.reference["fr"] and "2015-1437" in finding.reference["fr"]
    assert finding.severity == "high"
    not_housing = {"data_categories": ["identity", "financial"], "data_tenant_screening": "no"}
    assert finding_of("fr_tenant_documents", not_housing) is None


def test_staff_monitoring_information_and_works_council():
    uninformed = finding_of(
        "fr_employee_monitoring_information",
        {"proj_monitoring": "employees", "gov_staff_information": ["none"]},
    )
    assert uninformed.severity == "high" and "L.1222-4" in uninformed.reference["fr"]
    no_council = finding_of(
        "fr_employee_monitoring_information",
        {"proj_monitoring": "employees", "gov_staff_information": ["employees_informed"]},
    )
    assert no_council.severity == "medium" and "L.2312-38" in no_council.reference["fr"]


# --- Every rule of this part carries its sources and the date it was checked ------------------


def test_every_gdpr_rule_carries_sources_and_its_check_date(catalog):
    prefixes = ("gdpr_", "edpb_", "cnil_", "dsa_", "fr_")
    rules = [rule for rule in catalog.rules.values() if rule.id.startswith(prefixes)]
    assert len(rules) >= 30
    official = (
        "https://eur-lex.europa.eu/",
        "https://www.legifrance.gouv.fr/",
        "https://www.cnil.fr/",
        "https://www.edpb.europa.eu/",
        "https://ec.europa.eu/newsroom/article29/",
        "https://curia.europa.eu/",
        "https://esante.gouv.fr/",
    )
    for rule in rules:
        assert rule.sources, rule.id
        assert str(rule.checked) == "2026-12-02", rule.id
        for source in rule.sources:
            assert source["url"].startswith(official), (rule.id, source["url"])


@pytest.mark.parametrize(
    ("basis", "shown"),
    [
        ("li_documented", True),
        ("public_task", True),  # Art. 21(1) covers points (e) and (f)
        ("contract", True),  # no basis for training: legitimate interest is the fallback
        ("legal_obligation", False),
        ("consent", False),  # withdrawal instead, asked for users' inputs
    ],
)
def test_the_objection_question_follows_the_art_21_right(basis, shown):
    answers = vary({"data_training": "other_personal_data", "data_legal_basis": basis})
    assert engine.get_catalog().is_visible("rights_optout", answers) is shown


def test_dsa_minors_rule_applies_from_the_dsa_not_the_gdpr():
    """DSA Art. 28 applies from 17 February 2024 (DSA Art. 93(2)), under either AI Act text."""
    for timeline in ("omnibus_2026", "regulation_2024"):
        assessment = engine.assess(
            vary({"data_subjects": ["minors"], "data_minors_platform": "platform_no_measures"}),
            timeline=timeline,
        )
        finding = next(f for f in assessment.findings if f.rule.id == "dsa_minors_online_platform")
        assert finding.applies_from == datetime.date(2024, 2, 17), timeline
