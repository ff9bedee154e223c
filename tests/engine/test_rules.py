"""Table-driven: every rule fires on one variation of the baseline and not on a close one."""

import pytest
from conftest import BASELINE, vary

import itlaw_ai_advisory as engine

TRAINING = {"data_legal_basis": "consent", "rights_model": "model_and_outputs"}
USER_INPUT_TRAINING = {**TRAINING, "data_training": "user_inputs", "rights_optout": "in_app_free"}
NO_PERSONAL_DATA = {"data_categories": ["no_personal_data"]}
LI_TRAINING = {**TRAINING, "data_legal_basis": "li_documented", "rights_optout": "free_web_form"}
STAFF_INFORMED = ["employees_informed", "cse_consulted"]
# A solely automated decision on a contract, with every safeguard: only the information remains.
ADM = {
    "proj_decision": "automated_significant",
    "rights_adm_exception": "contract_necessity",
    "rights_adm_safeguards": ["human_review", "contest", "explanation"],
}
BIOMETRIC_AT_WORK = {
    "data_categories": ["identity", "biometric"],
    "data_biometric_purpose": "access_control_work",
    "data_art9_condition": "other_9_2",
}
PATIENT_HEALTH_DATA = {
    "data_categories": ["identity", "health"],
    "data_art9_condition": "other_9_2",
    "data_subjects": ["patients"],
}

# rule -> (changes that make it fire, close changes that do not)
CASES = {
    "aia_prohibited_practice": (
        {"proj_prohibited": ["social_scoring"]},
        {"proj_annex_iii": ["emotion_recognition"], "proj_art6_3": "none"},
    ),
    "aia_high_risk_annex_iii": (
        {"proj_annex_iii": ["employment"], "proj_art6_3": "none"},
        {"proj_annex_iii": ["employment"], "proj_art6_3": "preparatory"},
    ),
    "aia_art6_3_derogation": (
        {"proj_annex_iii": ["education"], "proj_art6_3": "preparatory"},
        {"proj_annex_iii": ["education"], "proj_art6_3": "preparatory", "proj_profiling": "yes"},
    ),
    "aia_fria_required": (
        {"proj_annex_iii": ["credit_scoring"], "proj_art6_3": "none"},
        {"proj_annex_iii": ["credit_scoring"], "proj_art6_3": "none", "org_ai_role": ["provider"]},
    ),
    "aia_chatbot_disclosure": (
        {"proj_genai_features": ["chatbot"]},
        {"proj_genai_features": ["chatbot"], "gov_ai_disclosure": ["chatbot_notice"]},
    ),
    "aia_content_marking": (
        {"org_ai_role": ["provider"], "proj_genai_features": ["synthetic_content"]},
        {"org_ai_role": ["deployer"], "proj_genai_features": ["synthetic_content"]},
    ),
    "aia_deepfake_label": (
        {"proj_genai_features": ["deepfake"]},
        {"proj_genai_features": ["deepfake"], "gov_ai_disclosure": ["deepfake_label"]},
    ),
    "aia_emotion_biometric_notice": (
        {"proj_annex_iii": ["emotion_recognition"], "proj_art6_3": "none"},
        {
            "proj_annex_iii": ["emotion_recognition"],
            "proj_art6_3": "none",
            "gov_ai_disclosure": ["exposure_notice"],
        },
    ),
    "aia_gpai_provider": ({"proj_gpai": "train_own"}, {"proj_gpai": "fine_tune"}),
    "aia_gpai_systemic": ({"proj_gpai": "train_own_gt_1e25"}, {"proj_gpai": "train_own"}),
    "aia_gpai_modifier": (
        {"proj_gpai": "fine_tune"},
        {"proj_gpai": "fine_tune", "gpai_modification_compute": "below_third"},
    ),
    "aia_gpai_downstream": (
        {"proj_gpai": "api_third_party", "org_ai_role": ["provider"]},
        {"proj_gpai": "api_third_party"},
    ),
    "aia_ai_literacy": (
        {"gov_ai_literacy": "no"},
        {"gov_ai_literacy": "no", "org_ai_role": ["importer_distributor"]},
    ),
    "aia_high_risk_annex_i": (
        {"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["medical_device"]},
        {"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["none"]},
    ),
    "aia_deployer_duties": (
        {"proj_annex_iii": ["employment"], "proj_art6_3": "none"},
        {
            "proj_annex_iii": ["employment"],
            "proj_art6_3": "none",
            "hr_deployer_measures": ["human_oversight", "logs_kept", "workers_informed"],
        },
    ),
    "aia_eu_database_registration": (
        {"org_ai_role": ["provider"], "proj_annex_iii": ["education"], "proj_art6_3": "none"},
        {
            "org_ai_role": ["provider"],
            "proj_annex_iii": ["education"],
            "proj_art6_3": "none",
            "hr_provider_measures": ["eu_database_registered"],
        },
    ),
    "aia_serious_incident_reporting": (
        {"proj_annex_iii": ["education"], "proj_art6_3": "none"},
        {
            "proj_annex_iii": ["education"],
            "proj_art6_3": "none",
            "hr_deployer_measures": ["incident_process"],
        },
    ),
    "aia_right_to_explanation": (
        {
            "proj_annex_iii": ["credit_scoring"],
            "proj_art6_3": "none",
            "proj_decision": "human_decides",
        },
        {
            "proj_annex_iii": ["critical_infrastructure"],
            "proj_art6_3": "none",
            "proj_decision": "human_decides",
        },
    ),
    "aia_authorised_representative": (
        {"org_location": "non_eu_eu_users", "proj_gpai": "train_own"},
        {
            "org_location": "non_eu_eu_users",
            "proj_gpai": "train_own",
            "gpai_model_status": ["open_source"],
        },
    ),
    # GDPR / EDPB / CNIL / DSA / French law (catalog 2.0 review): keep these together.
    "edpb_dpia_criteria": (
        {"data_volume": "gt100k", "data_sources": ["combined"], "gov_dpia": "not_done"},
        {"data_volume": "gt100k", "gov_dpia": "not_done"},
    ),
    "gdpr_dpia_art35_3": (
        {
            "data_categories": ["health"],
            "data_art9_condition": "explicit_consent",
            "data_volume": "gt100k",
            "data_core_activity": "yes",
            "gov_dpia": "not_done",
        },
        {
            "data_categories": ["health"],
            "data_art9_condition": "explicit_consent",
            "data_volume": "1k_10k",
            "gov_dpia": "not_done",
        },
    ),
    "cnil_dpia_list": (
        {
            "proj_monitoring": "employees",
            "gov_staff_information": STAFF_INFORMED,
            "gov_dpia": "not_done",
        },
        {"proj_monitoring": "online_behaviour", "gov_dpia": "not_done"},
    ),
    "gdpr_special_category": (
        {"data_categories": ["health"], "data_art9_condition": "none"},
        {"data_categories": ["health"], "data_art9_condition": "explicit_consent"},
    ),
    "gdpr_criminal_data": ({"data_categories": ["identity", "criminal"]}, {}),
    "gdpr_minors": (
        {
            "proj_genai_features": ["chatbot"],
            "gov_ai_disclosure": ["chatbot_notice"],
            "rights_age": "none",
        },
        {
            "proj_genai_features": ["chatbot"],
            "gov_ai_disclosure": ["chatbot_notice"],
            "rights_age": "age_declared",
        },
    ),
    "dsa_minors_online_platform": (
        {"data_subjects": ["minors"], "data_minors_platform": "platform_profiling_ads"},
        {"data_subjects": ["minors"], "data_minors_platform": "platform_small"},
    ),
    "gdpr_training_legal_basis": (
        {**TRAINING, "data_training": "other_personal_data", "data_legal_basis": "none"},
        {**LI_TRAINING, "data_training": "other_personal_data"},
    ),
    "gdpr_training_no_optout": (
        {**USER_INPUT_TRAINING, "rights_optout": "none"},
        USER_INPUT_TRAINING,
    ),
    "gdpr_optout_paid": (
        {**USER_INPUT_TRAINING, "rights_optout": "paid_plan_only"},
        {**USER_INPUT_TRAINING, "rights_optout": "free_web_form"},
    ),
    "gdpr_optout_hard_channel": (
        {**USER_INPUT_TRAINING, "rights_optout": "email_only"},
        {**USER_INPUT_TRAINING, "rights_optout": "free_web_form"},
    ),
    "gdpr_information": ({"rights_notice": "none"}, {"rights_notice": "none", **NO_PERSONAL_DATA}),
    "gdpr_indirect_collection_notice": (
        {"data_sources": ["direct", "third_party"], "rights_indirect_notice": "none"},
        {
            "data_sources": ["direct", "third_party"],
            "rights_indirect_notice": "public_with_sources",
        },
    ),
    "gdpr_no_pseudonymisation": (
        {"data_protection": ["none"], "data_categories": ["identity", "prompts_free_text"]},
        {"data_protection": ["none"]},
    ),
    "gdpr_model_rights": (
        {**TRAINING, "data_training": "other_personal_data", "rights_model": "dataset_only"},
        {**TRAINING, "data_training": "other_personal_data"},
    ),
    "gdpr_web_scraping": (
        {"data_sources": ["web_scraping"], "rights_indirect_notice": "individual"},
        {"data_sources": ["web_scraping"], **NO_PERSONAL_DATA},
    ),
    "gdpr_adm_art22": (
        {**ADM, "rights_adm_safeguards": ["human_review"]},
        {"proj_decision": "human_decides"},
    ),
    "gdpr_adm_special_categories": (
        {**ADM, "data_categories": ["identity", "health"], "data_art9_condition": "other_9_2"},
        {
            **ADM,
            "data_categories": ["identity", "health"],
            "data_art9_condition": "explicit_consent",
        },
    ),
    "gdpr_transfers": ({"data_transfers": "no_safeguard"}, {"data_transfers": "scc_tia"}),
    "gdpr_dpo": (
        {"org_type": "public_body", "org_dpo": "no"},
        {"org_type": "public_body", "org_dpo": "yes"},
    ),
    "gdpr_ropa": ({"gov_ropa": "partial"}, {"gov_ropa": "partial", **NO_PERSONAL_DATA}),
    "gdpr_processor_contract": (
        {"gov_vendor_dpa": "dpa_none"},
        {"gov_vendor_dpa": "no_vendor"},
    ),
    "gdpr_vendor_training_reuse": (
        {"gov_vendor_training": "yes"},
        {"gov_vendor_training": "yes", "gov_vendor_dpa": "no_vendor"},
    ),
    "gdpr_retention": (
        {"data_retention": "indefinite"},
        {"data_retention": "indefinite", **NO_PERSONAL_DATA},
    ),
    "gdpr_security": (
        {"gov_security": ["encryption", "access_control", "logging"]},
        {"gov_security": ["ai_attack_tests"]},
    ),
    "gdpr_eu_representative": (
        {"org_location": "non_eu_eu_users"},
        {"org_location": "non_eu_eu_users", **NO_PERSONAL_DATA},
    ),
    "fr_biometric_access_control": (
        {**BIOMETRIC_AT_WORK, "data_biometric_access": ["template_user_held"]},
        {
            **BIOMETRIC_AT_WORK,
            "data_biometric_access": ["necessity_documented", "template_user_held"],
        },
    ),
    "fr_health_data_hosting": (
        {**PATIENT_HEALTH_DATA, "data_health_hosting": "not_certified"},
        {**PATIENT_HEALTH_DATA, "data_health_hosting": "hds_certified"},
    ),
    "fr_tenant_documents": (
        {"data_categories": ["identity", "financial"], "data_tenant_screening": "other_documents"},
        {"data_categories": ["identity", "financial"], "data_tenant_screening": "decree_list_only"},
    ),
    "fr_employee_monitoring_information": (
        {"proj_monitoring": "employees", "gov_staff_information": ["cse_consulted"]},
        {"proj_monitoring": "employees", "gov_staff_information": ["employees_informed", "no_cse"]},
    ),
}


def fired(answers, **kwargs):
    return {finding.rule.id: finding for finding in engine.assess(answers, **kwargs).findings}


def test_every_rule_has_a_case(catalog):
    assert set(CASES) == set(catalog.rules)


def test_baseline_fires_nothing():
    assessment = engine.assess(BASELINE)
    assert assessment.findings == []
    assert (assessment.score, assessment.band) == (0, "faible")


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(rule_id):
    firing, _close = CASES[rule_id]
    answers = vary(firing)
    assert engine.validate(answers) == {}
    findings = fired(answers)
    assert rule_id in findings
    finding = findings[rule_id]
    assert finding.triggers, "a finding names the answers that triggered it"
    assert set(finding.triggers) <= set(answers)
    for question_id, value in finding.triggers.items():
        assert answers[question_id] == value


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_does_not_fire_on_a_close_case(rule_id):
    _firing, close = CASES[rule_id]
    answers = vary(close)
    assert engine.validate(answers) == {}
    assert rule_id not in fired(answers)


@pytest.mark.parametrize(
    ("rule_id", "changes", "severity", "points", "to_verify"),
    [
        ("edpb_dpia_criteria", {"gov_dpia": "done"}, "info", 0, False),
        ("edpb_dpia_criteria", {"gov_dpia": "in_progress"}, "medium", 8, False),
        ("edpb_dpia_criteria", {"gov_dpia": "not_done"}, "high", 15, False),
        # WP248 is a presumption ("in most cases"): high, not critical, even in production.
        (
            "edpb_dpia_criteria",
            {"gov_dpia": "not_done", "status_stage": "production"},
            "high",
            15,
            False,
        ),
        ("gdpr_special_category", {"data_art9_condition": "unsure"}, "high", 7.5, True),
        ("gdpr_training_legal_basis", {"data_legal_basis": "unsure"}, "high", 7.5, True),
        (
            "gdpr_training_legal_basis",
            {"data_legal_basis": "li_not_documented", "rights_optout": "free_web_form"},
            "medium",
            8,
            False,
        ),
        ("gdpr_transfers", {"data_transfers": "unsure"}, "medium", 4, True),
        ("gdpr_vendor_training_reuse", {"gov_vendor_training": "unknown"}, "medium", 4, True),
        ("gdpr_dpo", {"org_type": "public_body", "org_dpo": "unsure"}, "medium", 4, True),
        ("gdpr_adm_art22", {"rights_adm_safeguards": ["none"]}, "critical", 25, False),
        ("gdpr_information", {"rights_notice": "generic_only"}, "medium", 8, False),
        ("gdpr_ropa", {"gov_ropa": "no"}, "medium", 8, False),
        ("gdpr_retention", {"data_retention": "defined_not_enforced"}, "low", 3, False),
        ("gdpr_security", {"gov_security": ["none"]}, "medium", 8, False),
        ("gdpr_processor_contract", {"gov_vendor_dpa": "dpa_some"}, "medium", 8, False),
    ],
)
def test_residual_risk_and_uncertain_answers(rule_id, changes, severity, points, to_verify):
    firing = {
        "edpb_dpia_criteria": {"data_volume": "gt100k", "data_sources": ["combined"]},
        "gdpr_special_category": {"data_categories": ["health"]},
        "gdpr_training_legal_basis": {**TRAINING, "data_training": "other_personal_data"},
        "gdpr_adm_art22": ADM,
    }.get(rule_id, {})
    finding = fired(vary({**firing, **changes}))[rule_id]
    assert (finding.severity, finding.points, finding.to_verify) == (severity, points, to_verify)
