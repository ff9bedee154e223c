"""The catalog follows the domain reference (ids, steps, rules) and is complete in FR and EN."""

import re

import pytest

import itlaw_ai_advisory as engine

# Question and option ids of the reference §3 (the optional number and text
# questions are additions of the catalog).
REFERENCE_QUESTIONS = {
    "org_type": ["private", "public_body", "nonprofit"],
    "org_location": ["eu", "non_eu_eu_users"],
    "org_ai_role": ["provider", "deployer", "gpai_trainer", "importer_distributor"],
    "org_dpo": ["yes", "no", "unsure"],
    "proj_prohibited": [
        "manipulation",
        "exploit_vulnerability",
        "social_scoring",
        "crime_prediction",
        "face_scraping",
        "emotion_work_school",
        "biometric_sensitive_categorisation",
        "realtime_rbi_police",
        "intimate_synthetic",
        "none",
    ],
    "proj_annex_iii": [
        "biometrics_rbi",
        "biometric_categorisation",
        "emotion_recognition",
        "critical_infrastructure",
        "education",
        "employment",
        "credit_scoring",
        "life_health_insurance",
        "public_benefits",
        "emergency_triage",
        "law_enforcement",
        "migration_border",
        "justice_elections",
        "regulated_product",
        "none",
    ],
    "proj_art6_3": [
        "narrow_procedural",
        "improve_human_work",
        "detect_patterns",
        "preparatory",
        "none",
    ],
    "proj_profiling": ["yes", "no"],
    "proj_decision": ["no_decision", "human_decides", "score_followed", "automated_significant"],
    "proj_monitoring": ["none", "employees", "public_spaces", "online_behaviour"],
    "proj_genai_features": [
        "chatbot",
        "synthetic_content",
        "deepfake",
        "public_interest_text",
        "none",
    ],
    "proj_gpai": ["none", "api_third_party", "fine_tune", "train_own", "train_own_gt_1e25"],
    "data_categories": [
        "no_personal_data",
        "identity",
        "prompts_free_text",
        "location",
        "financial",
        "communications",
        "health",
        "biometric",
        "other_art9",
        "criminal",
        "national_id",
    ],
    "data_biometric_purpose": [
        "access_control_work",
        "access_control_other",
        "identification_other",
        "analysis_only",
    ],
    "data_art9_condition": [
        "explicit_consent",
        "explicit_consent_no_alternative",
        "other_9_2",
        "none",
        "unsure",
    ],
    "data_biometric_access": [
        "necessity_documented",
        "free_alternative",
        "template_user_held",
        "none",
    ],
    "data_tenant_screening": ["no", "decree_list_only", "other_documents", "unsure"],
    "data_subjects": [
        "customers",
        "employees_candidates",
        "minors",
        "patients",
        "other_vulnerable",
        "public",
    ],
    "data_health_hosting": ["own_premises", "hds_certified", "not_certified", "unsure"],
    "data_minors_platform": [
        "not_platform",
        "platform_small",
        "platform_safeguards",
        "platform_no_measures",
        "platform_profiling_ads",
    ],
    "data_volume": ["lt1k", "1k_10k", "10k_100k", "gt100k"],
    "data_core_activity": ["yes", "no", "unsure"],
    "data_sources": ["direct", "third_party", "web_scraping", "combined"],
    "data_training": ["none", "user_inputs", "other_personal_data"],
    "data_legal_basis": [
        "consent",
        "contract",
        "legal_obligation",
        "public_task",
        "li_documented",
        "li_not_documented",
        "none",
        "unsure",
    ],
    "data_protection": ["pseudonymisation", "anonymisation", "sensitive_filtering", "none"],
    "data_retention": ["defined_enforced", "defined_not_enforced", "undefined", "indefinite"],
    "data_transfers": ["eu_only", "adequacy_or_dpf", "scc_tia", "no_safeguard", "unsure"],
    "rights_notice": ["full_incl_ai_training", "generic_only", "none"],
    "rights_indirect_notice": ["individual", "public_with_sources", "public_generic", "none"],
    "rights_optout": ["in_app_free", "free_web_form", "email_only", "paid_plan_only", "none"],
    "rights_adm_exception": ["contract_necessity", "law", "explicit_consent", "none", "unsure"],
    "rights_adm_safeguards": ["human_review", "contest", "explanation", "none"],
    "rights_model": ["model_and_outputs", "dataset_only", "none"],
    "rights_age": ["not_for_minors_verified", "age_declared", "none"],
    "gov_ropa": ["yes", "partial", "no"],
    "gov_dpia": ["done", "in_progress", "not_done"],
    "gov_vendor_dpa": ["dpa_all", "dpa_some", "dpa_none", "no_vendor"],
    "gov_vendor_training": ["no_contractual", "yes", "unknown"],
    "gov_security": ["encryption", "access_control", "logging", "ai_attack_tests", "none"],
    "gov_ai_disclosure": [
        "chatbot_notice",
        "content_marking",
        "deepfake_label",
        "exposure_notice",
        "none",
    ],
    # AI Act follow-ups, optional and shown only when earlier answers call for them.
    "org_public_service": ["yes", "no"],
    "proj_annex_i": [
        "medical_device",
        "machinery",
        "toys",
        "radio_equipment",
        "other_annex_i",
        "unsure",
        "none",
    ],
    "proj_art50_exceptions": [
        "obvious_interaction",
        "assistive_editing",
        "editorial_control",
        "artistic_work",
        "none",
    ],
    "gpai_model_status": ["open_source", "placed_before_2025_08", "none"],
    "gpai_systemic_measures": [
        "notified",
        "evaluations",
        "risk_mitigation",
        "incident_reporting",
        "cybersecurity",
        "none",
    ],
    "gpai_modification_compute": ["above_third", "below_third", "unknown"],
    "hr_deployer_measures": [
        "human_oversight",
        "logs_kept",
        "workers_informed",
        "persons_informed",
        "explanation_process",
        "incident_process",
        "eu_database_registered",
        "none",
    ],
    "hr_provider_measures": ["eu_database_registered", "incident_reporting", "none"],
    "gov_staff_information": ["employees_informed", "cse_consulted", "no_cse", "none"],
    "gov_ai_literacy": ["yes", "no"],
    # Catalog 2.0.0: the calibration's conformity question (optional: no answer = not done).
    "aia_hr_conformity": ["all_done", "in_progress", "not_started", "unsure"],
    "status_stage": ["idea", "development", "pilot", "production"],
}

REFERENCE_RULES = {
    "aia_prohibited_practice": "AI_ACT",
    "aia_high_risk_annex_iii": "AI_ACT",
    "aia_art6_3_derogation": "AI_ACT",
    "aia_fria_required": "AI_ACT",
    "aia_chatbot_disclosure": "AI_ACT",
    "aia_content_marking": "AI_ACT",
    "aia_deepfake_label": "AI_ACT",
    "aia_emotion_biometric_notice": "AI_ACT",
    "aia_gpai_provider": "AI_ACT",
    "aia_gpai_systemic": "AI_ACT",
    "aia_gpai_modifier": "AI_ACT",
    "aia_gpai_downstream": "AI_ACT",
    "aia_ai_literacy": "AI_ACT",
    "aia_high_risk_annex_i": "AI_ACT",
    "aia_deployer_duties": "AI_ACT",
    "aia_eu_database_registration": "AI_ACT",
    "aia_serious_incident_reporting": "AI_ACT",
    "aia_right_to_explanation": "AI_ACT",
    "aia_authorised_representative": "AI_ACT",
    "edpb_dpia_criteria": "EDPB_DPIA",
    "gdpr_dpia_art35_3": "GDPR",
    "cnil_dpia_list": "CNIL",
    "gdpr_special_category": "GDPR",
    "gdpr_adm_special_categories": "GDPR",
    "gdpr_indirect_collection_notice": "GDPR",
    "dsa_minors_online_platform": "DSA",
    "fr_biometric_access_control": "FR_LAW",
    "fr_health_data_hosting": "FR_LAW",
    "fr_tenant_documents": "FR_LAW",
    "fr_employee_monitoring_information": "FR_LAW",
    "gdpr_criminal_data": "GDPR",
    "gdpr_minors": "GDPR",
    "gdpr_training_legal_basis": "GDPR",
    "gdpr_training_no_optout": "GDPR",
    "gdpr_optout_paid": "GDPR",
    "gdpr_optout_hard_channel": "GDPR",
    "gdpr_information": "GDPR",
    "gdpr_no_pseudonymisation": "GDPR",
    "gdpr_model_rights": "GDPR",
    "gdpr_web_scraping": "GDPR",
    "gdpr_adm_art22": "GDPR",
    "gdpr_transfers": "GDPR",
    "gdpr_dpo": "GDPR",
    "gdpr_ropa": "GDPR",
    "gdpr_processor_contract": "GDPR",
    "gdpr_vendor_training_reuse": "GDPR",
    "gdpr_retention": "GDPR",
    "gdpr_security": "GDPR",
    "gdpr_eu_representative": "GDPR",
}


def both_languages(text):
    return set(text) == {"fr", "en"} and all(value.strip() for value in text.values())


def test_version_is_semver_plus_content_hash(catalog):
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8}", catalog.version)
    assert engine.get_catalog() is catalog


def test_content_hash_changes_with_the_data(tmp_path):
    from itlaw_ai_advisory.catalog import CATALOG_DIR, DATA_FILES, load_catalog

    for name in DATA_FILES:
        (tmp_path / name).write_bytes((CATALOG_DIR / name).read_bytes())
    same = load_catalog(tmp_path).version
    timeline = tmp_path / "timeline.json"
    timeline.write_text(timeline.read_text().replace("2027-12-02", "2027-12-03"))
    assert same == engine.get_catalog().version
    assert load_catalog(tmp_path).version != same


def test_six_steps_in_reference_order(catalog):
    assert [step.id for step in catalog.steps] == [
        "organisation",
        "project",
        "data",
        "rights",
        "governance",
        "status",
    ]
    assert [q.id for q in catalog.steps[-1].questions] == ["status_stage"]
    assert [q.id for step in catalog.steps for q in step.questions] == list(catalog.questions)
    for step in catalog.steps:
        assert both_languages(step.title)
        assert all(question.step == step.id for question in step.questions)


def test_reference_question_and_option_ids(catalog):
    for question_id, option_ids in REFERENCE_QUESTIONS.items():
        question = catalog.questions[question_id]
        assert sorted(option.id for option in question.options) == sorted(option_ids)
    extra = set(catalog.questions) - set(REFERENCE_QUESTIONS)
    assert {catalog.questions[qid].type for qid in extra} <= {"number", "text"}
    assert all(not catalog.questions[qid].required for qid in extra)
    assert "description" not in catalog.questions


def test_question_types_and_exclusive_options(catalog):
    questions = catalog.questions
    assert questions["proj_profiling"].type == "yes_no"
    assert questions["gov_ai_literacy"].type == "yes_no"
    for question in questions.values():
        exclusive = [option.id for option in question.options if option.exclusive]
        if question.type == "none_excl":
            assert exclusive == ["none"], question.id
        elif question.id == "data_categories":
            assert exclusive == ["no_personal_data"]
        else:
            assert exclusive == [], question.id
    assert questions["gov_ai_vendors"].max_length == 500


def test_uncertain_options_are_unsure_or_unknown(catalog):
    uncertain = {
        (question.id, option.id)
        for question in catalog.questions.values()
        for option in question.options
        if option.uncertain
    }
    assert uncertain == {
        ("org_dpo", "unsure"),
        ("data_art9_condition", "unsure"),
        ("data_tenant_screening", "unsure"),
        ("data_health_hosting", "unsure"),
        ("data_core_activity", "unsure"),
        ("data_legal_basis", "unsure"),
        ("rights_adm_exception", "unsure"),
        ("data_transfers", "unsure"),
        ("gov_vendor_training", "unknown"),
        ("aia_hr_conformity", "unsure"),
        ("proj_annex_i", "unsure"),
        ("gpai_modification_compute", "unknown"),
    }


def test_every_label_exists_in_both_languages(catalog):
    for question in catalog.questions.values():
        assert both_languages(question.label), question.id
        assert set(question.help) == {"fr", "en"}
        assert bool(question.help["fr"]) == bool(question.help["en"]), question.id
        for option in question.options:
            assert both_languages(option.label), (question.id, option.id)
    texts = catalog.texts
    for group in (
        "severity_labels",
        "frameworks",
        "subscores",
        "dpia_criteria",
        "dpia_reasons",
        "tiers",
        "roles",
        "messages",
        "report",
    ):
        for key, text in texts[group].items():
            assert both_languages({lang: text[lang] for lang in ("fr", "en")}), (group, key)
    assert both_languages(texts["banner"])
    for band in texts["bands"]:
        assert both_languages(band["label"])
    for duty in texts["role_duties"]:
        assert both_languages(duty["text"]) and both_languages(duty["reference"])
    for variant in catalog.timelines.values():
        assert both_languages(variant["label"])


def test_french_texts_are_french():
    # Accents and French typography, not an English copy.
    catalog = engine.get_catalog()
    french = " ".join(rule.finding["fr"] + rule.action["fr"] for rule in catalog.rules.values())
    assert "é" in french and "è" in french and "à" in french
    for rule in catalog.rules.values():
        assert rule.finding["fr"] != rule.finding["en"]


def test_the_36_reference_rules(catalog):
    assert {rule_id: rule.framework for rule_id, rule in catalog.rules.items()} == REFERENCE_RULES
    groups = {rule.id: rule.group for rule in catalog.rules.values() if rule.group}
    assert groups == {
        "edpb_dpia_criteria": "dpia",
        "gdpr_dpia_art35_3": "dpia",
        "cnil_dpia_list": "dpia",
        "gdpr_training_no_optout": "optout",
        "gdpr_optout_paid": "optout",
        "gdpr_optout_hard_channel": "optout",
    }
    for rule in catalog.rules.values():
        assert both_languages(rule.finding) and both_languages(rule.action), rule.id
        assert both_languages(rule.reference), rule.id
        assert rule.applies_from[-1].condition is None


@pytest.mark.parametrize(
    ("rule_id", "reference"),
    [
        ("gdpr_optout_paid", "art. 12(5)"),
        ("gdpr_optout_hard_channel", "art. 12(2)"),
        ("aia_chatbot_disclosure", "art. 50(1)"),
        ("aia_prohibited_practice", "art. 5(1)"),
        ("aia_fria_required", "art. 27"),
        ("gdpr_dpia_art35_3", "art. 35(3)"),
        ("cnil_dpia_list", "2018-327"),
    ],
)
def test_rules_keep_their_legal_reference(catalog, rule_id, reference):
    assert reference in catalog.rules[rule_id].reference["fr"]
    assert reference.removeprefix("art. ") in catalog.rules[rule_id].reference["en"]


def test_english_references_read_as_english(catalog):
    french_markers = (
        "annexe",
        "délib",
        "CEPD",
        "RGPD",
        "considérant",
        "lignes directrices",
        "art. ",
    )
    references = (
        [rule.reference for rule in catalog.rules.values()]
        + [duty["reference"] for duty in catalog.texts["role_duties"]]
        + [milestone["reference"] for milestone in catalog.milestones.values()]
    )
    for reference in references:
        assert both_languages(reference)
        assert not any(marker in reference["en"] for marker in french_markers), reference["en"]


@pytest.mark.parametrize("name", ["rules.json", "catalog.json", "timeline.json"])
@pytest.mark.parametrize("broken", ['"RGPD art. 10"', '{"fr": "RGPD art. 10", "en": " "}'])
def test_a_reference_needs_french_and_english(tmp_path, name, broken):
    # The first reference of rules.json, catalog.json and timeline.json: a rule's,
    # a role duty's and a milestone's.
    from itlaw_ai_advisory.catalog import CATALOG_DIR, DATA_FILES, load_catalog

    for data_file in DATA_FILES:
        (tmp_path / data_file).write_bytes((CATALOG_DIR / data_file).read_bytes())
    path = tmp_path / name
    reference = re.compile(r'"reference": \{[^}]*\}')
    text, count = reference.subn(f'"reference": {broken}', path.read_text(), count=1)
    assert count == 1
    path.write_text(text)
    with pytest.raises(engine.CatalogError, match="the reference needs French and English"):
        load_catalog(tmp_path)


def test_unverified_items_are_tagged(catalog):
    """Dates of the amended text not read in the Official Journal say so, with a note."""
    omnibus = catalog.timeline("omnibus_2026")
    for key in ("aia_annex_iii", "aia_annex_i", "aia_marking_on_market"):
        assert omnibus[key].unverified, key
        assert "EUR-Lex" in omnibus[key].note["en"]
        assert omnibus[key].note["fr"]
    published = catalog.timeline("regulation_2024").values()
    assert not any(milestone.unverified for milestone in published)
    assert not catalog.rules["aia_gpai_modifier"].unverified


def test_timeline_variants(catalog):
    published = catalog.timeline_dates("regulation_2024")
    omnibus = catalog.timeline_dates("omnibus_2026")
    assert set(published) == set(omnibus) == set(catalog.milestones)
    assert str(published["aia_prohibitions"]) == "2025-02-02"
    assert str(published["aia_gpai"]) == "2025-08-02"
    assert str(published["aia_annex_iii"]) == "2026-08-02"
    assert str(published["aia_annex_i"]) == "2027-08-02"
    assert str(omnibus["aia_annex_iii"]) == "2027-12-02"
    assert str(omnibus["aia_annex_i"]) == "2028-08-02"
    assert str(omnibus["aia_marking_on_market"]) == "2026-12-02"
    assert str(omnibus["aia_prohibition_synthetic_intimate"]) == "2026-12-02"
    # The default is the law in force on the catalog's date: the amended text.
    assert str(catalog.law_as_of) == "2026-12-02"
    assert catalog.default_timeline == "omnibus_2026"
    assert set(engine.TIMELINES) == set(catalog.timelines)
    with pytest.raises(ValueError, match="unknown timeline"):
        catalog.timeline_dates("2099")


@pytest.mark.parametrize(
    ("question_id", "shown", "hidden"),
    [
        ("proj_art6_3", {"proj_annex_iii": ["employment"]}, {"proj_annex_iii": ["none"]}),
        (
            "data_art9_condition",
            {"data_categories": ["identity", "health"]},
            {"data_categories": ["identity"]},
        ),
        ("data_legal_basis", {"data_training": "other_personal_data"}, {"data_training": "none"}),
        (
            "rights_optout",
            {"data_training": "user_inputs"},
            {"data_training": "other_personal_data"},
        ),
        (
            "rights_adm_safeguards",
            {"proj_decision": "automated_significant"},
            {"proj_decision": "human_decides"},
        ),
        ("rights_model", {"data_training": "user_inputs"}, {"data_training": "none"}),
        # Catalog 2.0: people in scraped or third-party training data may object too.
        (
            "rights_optout",
            {"data_training": "other_personal_data", "data_legal_basis": "li_documented"},
            {"data_training": "other_personal_data", "data_legal_basis": "consent"},
        ),
        (
            "rights_adm_exception",
            {"proj_decision": "score_followed"},
            {"proj_decision": "human_decides"},
        ),
        (
            "rights_adm_safeguards",
            {"proj_decision": "score_followed"},
            {"proj_decision": "no_decision"},
        ),
        (
            "data_biometric_purpose",
            {"data_categories": ["biometric"]},
            {"data_categories": ["health"]},
        ),
        (
            "data_biometric_access",
            {"data_categories": ["biometric"], "data_biometric_purpose": "access_control_work"},
            {"data_categories": ["biometric"], "data_biometric_purpose": "identification_other"},
        ),
        (
            "data_art9_condition",
            {"data_categories": ["biometric"], "data_biometric_purpose": "identification_other"},
            {"data_categories": ["biometric"], "data_biometric_purpose": "analysis_only"},
        ),
        (
            "data_tenant_screening",
            {"data_categories": ["financial"]},
            {"data_categories": ["identity"]},
        ),
        (
            "data_health_hosting",
            {"data_categories": ["health"], "data_subjects": ["patients"]},
            {"data_categories": ["health"], "data_subjects": ["employees_candidates"]},
        ),
        ("data_minors_platform", {"data_subjects": ["minors"]}, {"data_subjects": ["customers"]}),
        (
            "data_core_activity",
            {"data_categories": ["health"], "data_volume": "gt100k", "org_type": "private"},
            {"data_categories": ["health"], "data_volume": "gt100k", "org_type": "public_body"},
        ),
        (
            "rights_indirect_notice",
            {"data_categories": ["identity"], "data_sources": ["web_scraping"]},
            {"data_categories": ["identity"], "data_sources": ["direct", "combined"]},
        ),
        (
            "gov_staff_information",
            {"proj_monitoring": "employees"},
            {"proj_monitoring": "online_behaviour"},
        ),
    ],
)
def test_visibility_conditions(catalog, question_id, shown, hidden):
    assert catalog.is_visible(question_id, shown)
    assert not catalog.is_visible(question_id, hidden)
    assert question_id in {q.id for q in catalog.visible_questions(shown)}
    assert question_id not in {q.id for q in catalog.visible_questions(hidden)}


def test_visibility_survives_malformed_answers(catalog):
    assert not catalog.is_visible("rights_optout", {"data_training": ["user_inputs", "none"]})
    assert catalog.is_visible("org_type", "not even a dict")
    assert not catalog.is_visible("no_such_question", {})


def test_malformed_catalog_is_refused():
    from itlaw_ai_advisory.conditions import compile_condition

    questions = engine.get_catalog().questions
    for node in (
        {"q": "org_type", "in": ["spaceship"]},
        {"q": "nope", "in": ["x"]},
        {"fact": "undefined"},
        {"all": []},
        {"at_least": 3, "of": [{"q": "org_type", "in": ["private"]}]},
        {"eval": "__import__('os')"},
    ):
        with pytest.raises(engine.CatalogError):
            compile_condition(node, questions, {})
