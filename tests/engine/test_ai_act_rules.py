"""The AI Act rules read against Regulation (EU) 2024/1689 (issue 18): what each finding cites,
who owes the duty (provider or deployer), the exceptions that switch a duty off, and the text
of the law chosen (the 2024 text or the 2026 digital omnibus)."""

import datetime
import re

import pytest
from conftest import vary

import itlaw_ai_advisory as engine

HIGH_RISK = {"proj_art6_3": "none"}
PROVIDER = {"org_ai_role": ["provider"]}
ALL_DEPLOYER_MEASURES = [
    "human_oversight",
    "logs_kept",
    "workers_informed",
    "persons_informed",
    "explanation_process",
    "incident_process",
    "eu_database_registered",
]


def fired(changes, **kwargs):
    answers = vary(changes)
    assert engine.validate(answers) == {}, engine.validate(answers)
    return {finding.rule.id: finding for finding in engine.assess(answers, **kwargs).findings}


def label(question_id, option_id, lang="en"):
    question = engine.get_catalog().questions[question_id]
    return next(option.label[lang] for option in question.options if option.id == option_id)


# --------------------------------------------------------------------------
# Art. 5: the letter of each practice ticked; the omnibus practice
# --------------------------------------------------------------------------
LETTERS = {
    "manipulation": "(a)",
    "exploit_vulnerability": "(b)",
    "social_scoring": "(c)",
    "crime_prediction": "(d)",
    "face_scraping": "(e)",
    "emotion_work_school": "(f)",
    "biometric_sensitive_categorisation": "(g)",
}


@pytest.mark.parametrize(("option", "letter"), sorted(LETTERS.items()))
def test_prohibited_practice_cites_the_letter_ticked(option, letter):
    finding = fired({"proj_prohibited": [option]})["aia_prohibited_practice"]
    assert finding.reference == {
        "fr": f"AI Act art. 5(1){letter} ; art. 99(3)",
        "en": f"AI Act Art. 5(1){letter}; Art. 99(3)",
    }


def test_prohibited_practice_cites_every_letter_ticked_and_h_with_its_authorisation():
    finding = fired({"proj_prohibited": ["manipulation", "realtime_rbi_police"]})[
        "aia_prohibited_practice"
    ]
    assert finding.reference["en"] == (
        "AI Act Art. 5(1)(a); AI Act Art. 5(1)(h), 5(2)–(3); Art. 99(3)"
    )


def test_prohibited_labels_carry_the_legal_conditions():
    assert "significant harm" in label("proj_prohibited", "manipulation")
    assert "significant harm" in label("proj_prohibited", "exploit_vulnerability")
    assert "préjudice important" in label("proj_prohibited", "manipulation", "fr")
    assert "facial recognition database" in label("proj_prohibited", "face_scraping")
    assert "untargeted" in label("proj_prohibited", "face_scraping")
    assert "Art. 5(2) and (3)" in label("proj_prohibited", "realtime_rbi_police")


def test_omnibus_prohibition_exists_only_under_the_omnibus_text():
    answers = {"proj_prohibited": ["intimate_synthetic"]}
    under_2024 = engine.assess(vary(answers), timeline="regulation_2024")
    assert "aia_prohibited_practice" not in {f.rule.id for f in under_2024.findings}
    assert not under_2024.prohibited
    omnibus = engine.assess(vary(answers), timeline="omnibus_2026")
    finding = next(f for f in omnibus.findings if f.rule.id == "aia_prohibited_practice")
    assert omnibus.prohibited and omnibus.ai_act_tier == "prohibited"
    assert (
        "(ba)" in finding.reference["en"] and "to be confirmed in the OJ" in finding.reference["en"]
    )
    assert finding.applies_from == datetime.date(2026, 12, 2)
    # With an original practice too, the prohibition applies since 2 February 2025.
    both = engine.assess(
        vary({"proj_prohibited": ["intimate_synthetic", "social_scoring"]}), timeline="omnibus_2026"
    )
    finding = next(f for f in both.findings if f.rule.id == "aia_prohibited_practice")
    assert finding.applies_from == datetime.date(2025, 2, 2)
    assert finding.reference["en"].startswith("AI Act Art. 5(1)(c); AI Act Art. 5(1), points (ba)")


# --------------------------------------------------------------------------
# Annex III: the point of each option; the labels' legal limits
# --------------------------------------------------------------------------
POINTS = {
    "biometrics_rbi": "1(a)",
    "biometric_categorisation": "1(b)",
    "emotion_recognition": "1(c)",
    "critical_infrastructure": "2",
    "education": "3(a)–(d)",
    "employment": "4(a)–(b)",
    "public_benefits": "5(a)",
    "credit_scoring": "5(b)",
    "life_health_insurance": "5(c)",
    "emergency_triage": "5(d)",
    "law_enforcement": "6",
    "migration_border": "7",
    "justice_elections": "8",
}


@pytest.mark.parametrize(("option", "point"), sorted(POINTS.items()))
def test_annex_iii_cites_the_point_of_each_option(option, point):
    finding = fired({"proj_annex_iii": [option], **HIGH_RISK})["aia_high_risk_annex_iii"]
    assert finding.reference == {
        "fr": f"AI Act art. 6(2) ; annexe III, point {point}",
        "en": f"AI Act Art. 6(2); Annex III, point {point}",
    }


def test_annex_iii_labels_follow_the_annex():
    assert "1:1 verification" in label("proj_annex_iii", "biometrics_rbi")
    assert "not covered" in label("proj_annex_iii", "biometrics_rbi")
    assert "sensitive" in label("proj_annex_iii", "biometric_categorisation")
    assert "emergency" in label("proj_annex_iii", "emergency_triage").lower()
    assert "patient triage" in label("proj_annex_iii", "emergency_triage")
    credit = label("proj_annex_iii", "credit_scoring")
    assert "housing" in credit and "not financial fraud detection" in credit


# --------------------------------------------------------------------------
# Art. 27 FRIA
# --------------------------------------------------------------------------
def test_fria_not_for_critical_infrastructure_even_for_a_public_body():
    public = {"org_type": "public_body", **HIGH_RISK}
    assert "aia_fria_required" not in fired(
        {**public, "proj_annex_iii": ["critical_infrastructure"]}
    )
    finding = fired({**public, "proj_annex_iii": ["education"]})["aia_fria_required"]
    assert finding.reference["en"] == (
        "AI Act Art. 27(1) (body governed by public law or private entity providing"
        " a public service)"
    )


def test_fria_for_a_private_entity_providing_a_public_service():
    private = {"proj_annex_iii": ["education"], **HIGH_RISK}
    catalog = engine.get_catalog()
    assert catalog.is_visible("org_public_service", vary(private))
    assert not catalog.is_visible("org_public_service", vary({**private, **PROVIDER}))
    assert not catalog.is_visible(
        "org_public_service", vary({**private, "org_type": "public_body"})
    )
    assert not catalog.is_visible("org_public_service", vary({"proj_annex_iii": ["none"]}))
    assert "aia_fria_required" in fired({**private, "org_public_service": "yes"})
    assert "aia_fria_required" not in fired({**private, "org_public_service": "no"})
    assert "aia_fria_required" not in fired(private)


@pytest.mark.parametrize(
    ("options", "reference"),
    [
        (["credit_scoring"], "AI Act Art. 27(1); Annex III, point 5(b)"),
        (["life_health_insurance"], "AI Act Art. 27(1); Annex III, point 5(c)"),
        (
            ["credit_scoring", "life_health_insurance"],
            "AI Act Art. 27(1); Annex III, points 5(b) and 5(c)",
        ),
    ],
)
def test_fria_cites_points_5b_and_5c(options, reference):
    finding = fired({"proj_annex_iii": options, **HIGH_RISK})["aia_fria_required"]
    assert finding.reference["en"] == reference


# --------------------------------------------------------------------------
# Art. 50: the deployer's notice (50(3)), provider vs deployer, exceptions
# --------------------------------------------------------------------------
def test_emotion_notice_is_switched_off_by_the_disclosure_and_is_the_deployers():
    emotion = {"proj_annex_iii": ["emotion_recognition"], **HIGH_RISK}
    finding = fired(emotion)["aia_emotion_biometric_notice"]
    assert finding.reference["en"] == "AI Act Art. 50(3)"
    assert "aia_emotion_biometric_notice" not in fired(
        {**emotion, "gov_ai_disclosure": ["exposure_notice"]}
    )
    assert "aia_emotion_biometric_notice" not in fired({**emotion, **PROVIDER})


def test_emotion_notice_qualifies_gdpr_art_9():
    finding = fired(
        {
            "proj_annex_iii": ["biometric_categorisation"],
            "data_categories": ["biometric"],
            # Biometric data are Art. 9 data only when they identify someone (GDPR review).
            "data_biometric_purpose": "identification_other",
            "data_art9_condition": "other_9_2",
            **HIGH_RISK,
        }
    )["aia_emotion_biometric_notice"]
    assert finding.reference["en"] == (
        "AI Act Art. 50(3); GDPR Art. 9(1), where biometric data are processed to uniquely"
        " identify a person"
    )
    assert "uniquely identify" in finding.action["en"]


def test_chatbot_notice_is_the_providers_design_duty():
    provider = fired({"proj_genai_features": ["chatbot"], **PROVIDER})["aia_chatbot_disclosure"]
    deployer = fired({"proj_genai_features": ["chatbot"]})["aia_chatbot_disclosure"]
    assert (provider.severity, deployer.severity) == ("medium", "low")
    assert "provider" in deployer.finding["en"] and deployer.finding != provider.finding
    obvious = fired(
        {"proj_genai_features": ["chatbot"], "proj_art50_exceptions": ["obvious_interaction"]}
    )["aia_chatbot_disclosure"]
    assert (obvious.severity, obvious.points) == ("info", 0)
    assert "narrowly" in obvious.finding["en"]


def test_content_marking_not_for_assistive_editing():
    generating = {"proj_genai_features": ["synthetic_content"], **PROVIDER}
    assert "aia_content_marking" in fired(generating)
    assert "aia_content_marking" not in fired(
        {**generating, "proj_art50_exceptions": ["assistive_editing"]}
    )


def test_deepfake_label_is_the_deployers_with_its_exceptions():
    provider_only = fired({"proj_genai_features": ["deepfake"], **PROVIDER})
    assert "aia_deepfake_label" not in provider_only
    assert "aia_content_marking" in provider_only  # the provider marks (Art. 50(2))
    deployer = fired({"proj_genai_features": ["deepfake"]})["aia_deepfake_label"]
    assert (deployer.severity, deployer.reference["en"]) == (
        "medium",
        "AI Act Art. 50(4), first subparagraph",
    )
    artistic = fired(
        {"proj_genai_features": ["deepfake"], "proj_art50_exceptions": ["artistic_work"]}
    )["aia_deepfake_label"]
    assert artistic.severity == "low"
    assert "does not hamper the display or enjoyment" in artistic.action["en"]
    text = {"proj_genai_features": ["public_interest_text"]}
    assert fired(text)["aia_deepfake_label"].reference["en"] == (
        "AI Act Art. 50(4), second subparagraph"
    )
    assert "aia_deepfake_label" not in fired(
        {**text, "proj_art50_exceptions": ["editorial_control"]}
    )
    # Editorial control covers text, not deepfakes.
    both = fired(
        {
            "proj_genai_features": ["deepfake", "public_interest_text"],
            "proj_art50_exceptions": ["editorial_control"],
        }
    )["aia_deepfake_label"]
    assert both.reference["en"] == "AI Act Art. 50(4), first subparagraph"


# --------------------------------------------------------------------------
# Art. 6(3) derogation: the provider's documentation and registration
# --------------------------------------------------------------------------
def test_derogation_texts_for_provider_and_deployer():
    derogation = {"proj_annex_iii": ["education"], "proj_art6_3": "preparatory"}
    provider = fired({**derogation, **PROVIDER})["aia_art6_3_derogation"]
    deployer = fired(derogation)["aia_art6_3_derogation"]
    assert provider.severity == "medium"
    assert "As the provider" in provider.finding["en"]
    assert "Art. 6(3)–(4)" in provider.action["en"] and "Art. 49(2)" in provider.action["en"]
    assert deployer.severity == "low"
    assert "Obtain the provider's documented assessment" in deployer.action["en"]
    assert "provider's duties" in deployer.reference["en"]
    assert "aia_high_risk_annex_iii" not in fired(derogation)


# --------------------------------------------------------------------------
# GPAI
# --------------------------------------------------------------------------
def test_gpai_open_source_exemption_not_for_systemic_risk():
    open_source = {"proj_gpai": "train_own", "gpai_model_status": ["open_source"]}
    finding = fired(open_source)["aia_gpai_provider"]
    assert finding.severity == "medium"
    assert finding.reference["en"] == "AI Act Art. 53(1)(c)–(d), 53(2)"
    assert "copyright policy" in finding.finding["en"]
    systemic = fired({**open_source, "proj_gpai": "train_own_gt_1e25"})["aia_gpai_provider"]
    assert systemic.severity == "high"
    assert (
        systemic.reference["en"] == "AI Act Art. 53(1); Annex XI, Section 1; Annex XII, points 1–2"
    )


def test_gpai_placed_before_august_2025_applies_from_the_legacy_milestone():
    legacy = fired({"proj_gpai": "train_own", "gpai_model_status": ["placed_before_2025_08"]})
    finding = legacy["aia_gpai_provider"]
    assert finding.applies_from == datetime.date(2027, 8, 2)
    assert finding.reference["en"].endswith("; Art. 111(3)")
    assert fired({"proj_gpai": "train_own"})["aia_gpai_provider"].applies_from == datetime.date(
        2025, 8, 2
    )


def test_gpai_modifier_cites_the_modification_criterion():
    rule = engine.get_catalog().rules["aia_gpai_modifier"]
    assert not rule.unverified
    for cited in ("3(3)", "Recital 109", "guidelines", "one-third"):
        assert cited in rule.reference["en"]
    assert "considérant 109" in rule.reference["fr"]
    above = fired({"proj_gpai": "fine_tune", "gpai_modification_compute": "above_third"})
    assert above["aia_gpai_modifier"].severity == "medium"
    assert "you become the provider" in above["aia_gpai_modifier"].finding["en"]
    unknown = fired({"proj_gpai": "fine_tune", "gpai_modification_compute": "unknown"})
    assert unknown["aia_gpai_modifier"].to_verify
    below = fired({"proj_gpai": "fine_tune", "gpai_modification_compute": "below_third"})
    assert "aia_gpai_modifier" not in below


@pytest.mark.parametrize(
    ("measures", "severity"),
    [
        (None, "high"),
        (["none"], "critical"),
        (["evaluations", "risk_mitigation", "incident_reporting", "cybersecurity"], "critical"),
        (["notified", "evaluations"], "high"),
        (
            ["notified", "evaluations", "risk_mitigation", "incident_reporting", "cybersecurity"],
            "low",
        ),
    ],
)
def test_systemic_severity_follows_the_compliance_answers(measures, severity):
    finding = fired({"proj_gpai": "train_own_gt_1e25", "gpai_systemic_measures": measures})[
        "aia_gpai_systemic"
    ]
    assert finding.severity == severity


def test_downstream_information_not_for_a_pure_deployer_using_an_api():
    assert "aia_gpai_downstream" not in fired({"proj_gpai": "api_third_party"})
    assert "aia_gpai_downstream" in fired({"proj_gpai": "api_third_party", **PROVIDER})


# --------------------------------------------------------------------------
# Art. 4: the text of the law chosen
# --------------------------------------------------------------------------
def test_ai_literacy_follows_the_text_chosen():
    lacking = {"gov_ai_literacy": "no"}
    published = fired(lacking, timeline="regulation_2024")["aia_ai_literacy"]
    omnibus = fired(lacking, timeline="omnibus_2026")["aia_ai_literacy"]
    assert published.reference["en"] == "AI Act Art. 4"
    assert "to ensure" in published.action["en"]
    assert "Regulation (EU) 2026/1744" in omnibus.reference["en"]
    assert "no longer requires guaranteeing a given level" in omnibus.action["en"]
    assert "aia_ai_literacy" not in fired({**lacking, "org_ai_role": ["importer_distributor"]})


# --------------------------------------------------------------------------
# Missing obligations: Annex I, Art. 26, Art. 49, incidents, Art. 86, representative
# --------------------------------------------------------------------------
def test_annex_i_product_is_high_risk_from_the_annex_i_milestone():
    assessment = engine.assess(
        vary({"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["medical_device"]}),
        timeline="regulation_2024",
    )
    finding = next(f for f in assessment.findings if f.rule.id == "aia_high_risk_annex_i")
    assert assessment.ai_act_tier == "high"
    assert finding.severity == "high"
    assert (
        finding.applies_from
        == engine.get_catalog().timeline_dates("regulation_2024")["aia_annex_i"]
    )
    assert finding.reference["en"] == "AI Act Art. 6(1); Annex I, Section A, points 11–12"
    # The deployer of a high-risk product owes Art. 26, but no FRIA (Art. 27 is Annex III only).
    rules = {f.rule.id for f in assessment.findings}
    assert "aia_deployer_duties" in rules and "aia_fria_required" not in rules
    assert "aia_high_risk_annex_iii" not in rules


def test_annex_i_machinery_reference_follows_the_text_chosen():
    machinery = {"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["machinery"]}
    published = fired(machinery, timeline="regulation_2024")["aia_high_risk_annex_i"]
    omnibus = fired(machinery, timeline="omnibus_2026")["aia_high_risk_annex_i"]
    assert published.reference["en"] == "AI Act Art. 6(1); Annex I, Section A, point 1"
    assert "Section B" in omnibus.reference["en"]


def test_annex_i_unsure_is_to_verify_and_not_high_risk():
    assessment = engine.assess(
        vary({"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["unsure"]})
    )
    finding = next(f for f in assessment.findings if f.rule.id == "aia_high_risk_annex_i")
    assert (finding.severity, finding.to_verify) == ("medium", True)
    assert assessment.ai_act_tier == "minimal"
    assert "aia_high_risk_annex_i" not in fired(
        {"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["none"]}
    )


def test_deployer_duties_cite_what_is_missing():
    employment = {"proj_annex_iii": ["employment"], **HIGH_RISK}
    finding = fired(employment)["aia_deployer_duties"]
    assert finding.reference["en"] == (
        "AI Act Art. 26(1)–(2); AI Act Art. 26(6); AI Act Art. 26(7); French Labour Code,"
        " Art. L. 2312-38"
    )
    assert finding.severity == "medium"
    only_workers = fired({**employment, "hr_deployer_measures": ["human_oversight", "logs_kept"]})[
        "aia_deployer_duties"
    ]
    assert only_workers.reference["fr"] == "AI Act art. 26(7) ; Code du travail, art. L. 2312-38"
    nothing = fired({**employment, "hr_deployer_measures": ["none"]})["aia_deployer_duties"]
    assert nothing.severity == "high"
    # 26(11) when the system takes part in decisions about people.
    deciding = fired(
        {
            **employment,
            "proj_decision": "human_decides",
            "hr_deployer_measures": ["human_oversight", "logs_kept", "workers_informed"],
        }
    )["aia_deployer_duties"]
    assert deciding.reference["en"] == "AI Act Art. 26(11)"


def test_deployer_duties_not_for_a_provider_or_outside_work():
    education = {"proj_annex_iii": ["education"], **HIGH_RISK}
    assert "aia_deployer_duties" not in fired({**education, **PROVIDER})
    assert "aia_deployer_duties" not in fired(
        {**education, "hr_deployer_measures": ["human_oversight", "logs_kept"]}
    )


def test_eu_database_registration_by_provider_and_public_deployer_only():
    education = {"proj_annex_iii": ["education"], **HIGH_RISK}
    provider = fired({**education, **PROVIDER})["aia_eu_database_registration"]
    assert provider.reference["en"] == "AI Act Art. 49(1)"
    point_2 = fired({**HIGH_RISK, **PROVIDER, "proj_annex_iii": ["critical_infrastructure"]})
    assert "national level" in point_2["aia_eu_database_registration"].reference["en"]
    assert "aia_eu_database_registration" not in fired(education)  # a private deployer
    public = fired({**education, "org_type": "public_body"})["aia_eu_database_registration"]
    assert public.reference["en"] == "AI Act Arts 26(8), 49(3)"
    assert "aia_eu_database_registration" not in fired(
        {**education, "org_type": "public_body", "hr_deployer_measures": ["eu_database_registered"]}
    )
    # Art. 49(1) covers Annex III systems, not Annex I products.
    assert "aia_eu_database_registration" not in fired(
        {"proj_annex_iii": ["regulated_product"], "proj_annex_i": ["toys"], **PROVIDER}
    )


def test_serious_incident_reporting_by_role():
    education = {"proj_annex_iii": ["education"], **HIGH_RISK}
    both = fired({**education, "org_ai_role": ["provider", "deployer"]})
    assert both["aia_serious_incident_reporting"].reference["en"] == (
        "AI Act Art. 73(1)–(4); AI Act Art. 26(5)"
    )
    provider = fired({**education, **PROVIDER, "hr_provider_measures": ["incident_reporting"]})
    assert "aia_serious_incident_reporting" not in provider
    assert "aia_serious_incident_reporting" not in fired({"proj_annex_iii": ["none"]})


def test_right_to_explanation_also_when_a_human_decides():
    credit = {"proj_annex_iii": ["credit_scoring"], **HIGH_RISK}
    human = fired({**credit, "proj_decision": "human_decides"})["aia_right_to_explanation"]
    assert (human.severity, human.reference["en"]) == ("medium", "AI Act Art. 86(1)")
    assert "even when a human decides" in human.finding["en"]
    gdpr_art_22 = {
        "rights_adm_safeguards": ["contest"],
        "rights_adm_exception": "contract_necessity",
    }
    automated = fired({**credit, "proj_decision": "automated_significant", **gdpr_art_22})[
        "aia_right_to_explanation"
    ]
    assert automated.severity == "low"
    assert automated.reference["en"].startswith("AI Act Art. 86(1), (3);")
    # A score the decision-maker as a rule follows is a decision under GDPR Art. 22 (SCHUFA,
    # C-634/21): Art. 86 applies, as far as the GDPR does not already give the explanation.
    followed = fired({**credit, "proj_decision": "score_followed", **gdpr_art_22})[
        "aia_right_to_explanation"
    ]
    assert (followed.severity, followed.reference) == ("low", automated.reference)
    assert "aia_right_to_explanation" not in fired(credit)  # no decision about people
    assert "aia_right_to_explanation" not in fired(
        {**credit, "proj_decision": "human_decides", "hr_deployer_measures": ALL_DEPLOYER_MEASURES}
    )
    assert "aia_right_to_explanation" not in fired(
        {**credit, "proj_decision": "human_decides", **PROVIDER}
    )


def test_authorised_representative_only_for_high_risk_or_gpai_providers_outside_the_eu():
    outside = {"org_location": "non_eu_eu_users"}
    assert "aia_authorised_representative" not in fired({**outside, **PROVIDER})  # minimal risk
    high_risk = {**outside, **PROVIDER, "proj_annex_iii": ["education"], **HIGH_RISK}
    assert fired(high_risk)["aia_authorised_representative"].reference["en"] == "AI Act Art. 22(1)"
    assert "aia_authorised_representative" not in fired({**high_risk, "org_location": "eu"})
    assert "aia_authorised_representative" not in fired(
        {**outside, "proj_annex_iii": ["education"], **HIGH_RISK}  # a deployer
    )
    systemic_open = {
        **outside,
        "proj_gpai": "train_own_gt_1e25",
        "gpai_model_status": ["open_source"],
    }
    finding = fired(systemic_open)["aia_authorised_representative"]
    assert finding.reference["en"] == "AI Act Art. 54(1)"
    assert finding.applies_from == datetime.date(2025, 8, 2)


# --------------------------------------------------------------------------
# Law as maintained data
# --------------------------------------------------------------------------
AI_ACT_RULES = sorted(
    rule_id for rule_id in engine.get_catalog().rules if rule_id.startswith("aia_")
)


@pytest.mark.parametrize("rule_id", AI_ACT_RULES)
def test_every_ai_act_rule_has_sources_and_a_checked_date(rule_id):
    rule = engine.get_catalog().rules[rule_id]
    assert rule.checked == datetime.date(2026, 12, 2)
    assert rule.sources
    assert any(source["url"].startswith("https://eur-lex.europa.eu/") for source in rule.sources)
    # A reference names an article down to its paragraph or point, or an annex.
    # (Art. 4 of the 2024 text has a single paragraph.)
    for text in [rule.reference] + [part.text for part in rule.reference_parts]:
        if text["en"] == "AI Act Art. 4":
            continue
        assert re.search(r"\d+\(\d+\)|Annex|annexe|point", text["en"] + text["fr"]), text


def test_annex_i_question_only_for_a_regulated_product():
    catalog = engine.get_catalog()
    assert catalog.is_visible("proj_annex_i", vary({"proj_annex_iii": ["regulated_product"]}))
    assert not catalog.is_visible("proj_annex_i", vary({"proj_annex_iii": ["employment"]}))
    # A regulated product alone is not an Annex III area: no Art. 6(3) question.
    assert not catalog.is_visible("proj_art6_3", vary({"proj_annex_iii": ["regulated_product"]}))
    missing = engine.validate(vary({"proj_annex_iii": ["regulated_product"]}))
    assert set(missing) == {"proj_annex_i"}


def test_a_stale_annex_i_answer_counts_for_nothing():
    # Hidden once "regulated product" is unticked: no fact may still read it, or the
    # high-risk follow-ups would stay visible.
    stale = {"proj_annex_iii": ["none"], "proj_annex_i": ["medical_device"], **PROVIDER}
    catalog = engine.get_catalog()
    assert not catalog.derive_facts(vary(stale))["high_risk"]
    assert not catalog.is_visible("hr_provider_measures", vary(stale))
