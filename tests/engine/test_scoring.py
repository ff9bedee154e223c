"""Worked scenarios of the reference, and the scoring model: points, groups, floors, dates."""

import datetime
import json

import pytest
from conftest import BASELINE, vary

import itlaw_ai_advisory as engine

AS_OF = datetime.date(2026, 9, 1)

# A chatbot trained on what users type: the "Le Chat" complaint (CNIL, Feb 2025).
LE_CHAT = vary(
    {
        "org_ai_role": ["provider"],
        "proj_genai_features": ["chatbot"],
        "gov_ai_disclosure": ["chatbot_notice"],
        "proj_gpai": "train_own",
        "data_categories": ["identity", "prompts_free_text"],
        "data_subjects": ["customers", "public"],
        "data_volume": "gt100k",
        "data_training": "user_inputs",
        "data_legal_basis": "li_documented",
        "rights_model": "model_and_outputs",
        "rights_age": "age_declared",
        "rights_optout": "paid_plan_only",
    }
)
CV_SCREENING = vary(
    {
        "proj_annex_iii": ["employment"],
        "proj_art6_3": "none",
        "proj_profiling": "yes",
        "proj_decision": "human_decides",
        "data_subjects": ["employees_candidates"],
        "data_volume": "1k_10k",
        "gov_dpia": "not_done",
        "proj_gpai": "api_third_party",
    }
)
EMOTION_AT_WORK = vary({**CV_SCREENING, "proj_prohibited": ["emotion_work_school"]}, CV_SCREENING)
CUSTOMER_CHATBOT = vary(
    {
        "proj_genai_features": ["chatbot"],
        "gov_ai_disclosure": ["none"],
        "proj_gpai": "api_third_party",
        "data_categories": ["identity", "prompts_free_text"],
    }
)
HARMLESS_INTERNAL_TOOL = vary(
    {"data_categories": ["no_personal_data"], "data_subjects": ["employees_candidates"]}
)


def findings_by_rule(assessment):
    return {finding.rule.id: finding for finding in assessment.findings}


def test_le_chat_opt_out_on_paid_plan_only():
    assessment = engine.assess(LE_CHAT, as_of=AS_OF)
    findings = findings_by_rule(assessment)
    paid = findings["gdpr_optout_paid"]
    assert "art. 12(5)" in paid.reference["fr"] and "12(5)" in paid.reference["en"]
    assert paid.triggers == {"data_training": "user_inputs", "rights_optout": "paid_plan_only"}
    assert paid.points == 15
    assert "gdpr_optout_hard_channel" not in findings


def test_le_chat_opt_out_by_email_only():
    answers = {**LE_CHAT, "rights_optout": "email_only"}
    findings = findings_by_rule(engine.assess(answers, as_of=AS_OF))
    by_email = findings["gdpr_optout_hard_channel"]
    assert "art. 12(2)" in by_email.reference["fr"] and "21(5)" in by_email.reference["fr"]
    assert by_email.points == 8
    assert "gdpr_optout_paid" not in findings


def test_emotion_recognition_at_work_is_prohibited():
    assessment = engine.assess(EMOTION_AT_WORK, as_of=AS_OF)
    assert assessment.prohibited
    assert (assessment.score, assessment.band, assessment.ai_act_tier) == (
        100,
        "critique",
        "prohibited",
    )
    assert assessment.findings[0].rule.id == "aia_prohibited_practice"
    assert assessment.banner["fr"] == "Pratique interdite — art. 5 AI Act"
    # The other findings are still listed.
    assert "aia_high_risk_annex_iii" in findings_by_rule(assessment)


def test_cv_screening_is_high_risk_and_needs_a_dpia():
    assessment = engine.assess(CV_SCREENING, as_of=AS_OF)
    assert assessment.ai_act_tier == "high"
    assert "aia_high_risk_annex_iii" in findings_by_rule(assessment)
    assert assessment.dpia["required"]
    assert {"C1", "C7"} <= set(assessment.dpia["criteria"])
    assert "AIPD" in assessment.dpia["reason"]["fr"] and "DPIA" in assessment.dpia["reason"]["en"]
    assert assessment.band in ("modere", "eleve", "critique")


def test_customer_chatbot_without_ai_notice():
    assessment = engine.assess(CUSTOMER_CHATBOT, as_of=AS_OF)
    finding = findings_by_rule(assessment)["aia_chatbot_disclosure"]
    assert finding.reference == {"fr": "AI Act art. 50(1)", "en": "AI Act Art. 50(1)"}
    assert finding.triggers == {"proj_genai_features": ["chatbot"], "gov_ai_disclosure": ["none"]}
    assert assessment.ai_act_tier == "transparency"


def test_harmless_internal_tool_is_low():
    assessment = engine.assess(HARMLESS_INTERNAL_TOOL, as_of=AS_OF)
    assert (assessment.score, assessment.band, assessment.ai_act_tier) == (0, "faible", "minimal")
    assert not assessment.dpia["required"]
    assert assessment.action_plan == []


def test_only_the_highest_of_a_group_counts():
    answers = vary(
        {
            "proj_monitoring": "employees",
            "gov_staff_information": ["employees_informed", "cse_consulted"],
            "proj_profiling": "yes",
            "gov_dpia": "not_done",
            "data_subjects": ["employees_candidates"],
            "status_stage": "production",
        }
    )
    findings = findings_by_rule(engine.assess(answers, as_of=AS_OF))
    # In production, the CNIL list (mandatory) outranks the WP248 presumption (high).
    assert findings["cnil_dpia_list"].points == 25
    assert findings["edpb_dpia_criteria"].points == 0
    assert findings["edpb_dpia_criteria"].superseded_by == "cnil_dpia_list"
    assert findings["edpb_dpia_criteria"].severity == "high"


def test_weights_and_switched_off_rules():
    answers = vary({"gov_ropa": "no", "gov_ai_literacy": "no"})
    plain = findings_by_rule(engine.assess(answers))
    assert plain["gdpr_ropa"].points == 8
    settings = {"gdpr_ropa": {"active": True, "weight": 2.5}, "aia_ai_literacy": {"active": False}}
    tuned = engine.assess(answers, rule_settings=settings)
    assert findings_by_rule(tuned)["gdpr_ropa"].points == 20
    assert "aia_ai_literacy" not in findings_by_rule(tuned)
    assert tuned.score == 20
    with pytest.raises(ValueError, match="negative weight"):
        engine.assess(answers, rule_settings={"gdpr_ropa": {"weight": -1}})
    # A retired rule's setting is ignored.
    assert engine.assess(answers, rule_settings={"retired_rule": {"active": False}}).score == 11


def test_knock_out_is_not_diluted_by_weight_but_can_be_switched_off():
    answers = vary({"proj_prohibited": ["manipulation"]})
    weighted = engine.assess(answers, rule_settings={"aia_prohibited_practice": {"weight": 0.1}})
    assert (weighted.score, weighted.band) == (100, "critique")
    off = engine.assess(answers, rule_settings={"aia_prohibited_practice": {"active": False}})
    assert off.score == 0
    assert off.prohibited and off.ai_act_tier == "prohibited"


def test_critical_finding_floors_to_eleve():
    answers = vary({"data_categories": ["health"], "data_art9_condition": "none"})
    assessment = engine.assess(answers)
    assert assessment.raw_score == 25
    assert (assessment.score, assessment.band) == (45, "eleve")
    assert assessment.floor == {
        "band": "eleve",
        "id": "critical_finding",
        "rule": "gdpr_special_category",
        "reason": {"fr": "un constat critique", "en": "a critical finding"},
    }
    assert assessment.to_dict()["floor"] == assessment.floor


def test_high_risk_floors_to_eleve_until_its_conformity_steps_are_done():
    """Catalog 2.0.0: a high-risk system reads at least élevé (1.1.0: modéré) until the
    answers show its conformity steps done; a rule switched off or weighted out lifts nothing."""
    # The deployer's own duties (Art. 26(1)-(2), (5)-(6)) are in place: only the other
    # conformity steps are open.
    answers = vary(
        {
            "proj_annex_iii": ["critical_infrastructure"],
            "proj_art6_3": "none",
            "hr_deployer_measures": ["human_oversight", "logs_kept", "incident_process"],
        }
    )
    assessment = engine.assess(answers)
    assert (assessment.raw_score, assessment.score, assessment.band) == (15, 45, "eleve")
    assert assessment.floor["id"] == "high_risk_not_compliant"
    assert assessment.floor["rule"] == "aia_high_risk_annex_iii"
    for step in ("in_progress", "not_started", "unsure"):
        assert engine.assess({**answers, "aia_hr_conformity": step}).band == "eleve", step
    done = engine.assess({**answers, "aia_hr_conformity": "all_done"})
    assert (done.score, done.floor) == (15, None)
    # "All done" does not lift the floor while a deployer duty asked separately is open.
    for open_duties in (["none"], ["human_oversight", "logs_kept"]):
        still_open = engine.assess(
            {**answers, "aia_hr_conformity": "all_done", "hr_deployer_measures": open_duties}
        )
        assert still_open.band == "eleve", open_duties
        assert still_open.floor["id"] == "high_risk_not_compliant", open_duties
    weighted_out = engine.assess(answers, rule_settings={"aia_high_risk_annex_iii": {"weight": 0}})
    assert (weighted_out.score, weighted_out.floor) == (0, None)
    off = engine.assess(answers, rule_settings={"aia_high_risk_annex_iii": {"active": False}})
    assert (off.score, off.floor) == (0, None)


def test_an_annex_i_product_floors_to_eleve_as_an_annex_iii_system_does():
    answers = vary(
        {
            "proj_annex_iii": ["regulated_product"],
            "proj_annex_i": ["medical_device"],
            "hr_deployer_measures": ["human_oversight", "logs_kept", "incident_process"],
        }
    )
    assessment = engine.assess(answers)
    assert (assessment.raw_score, assessment.score, assessment.band) == (15, 45, "eleve")
    assert assessment.floor["rule"] == "aia_high_risk_annex_i"
    done = engine.assess({**answers, "aia_hr_conformity": "all_done"})
    assert (done.score, done.floor) == (15, None)


def test_required_dpia_not_started_floors_to_modere():
    answers = vary(
        {
            "proj_monitoring": "employees",
            "gov_staff_information": ["employees_informed", "cse_consulted"],
            "gov_dpia": "not_done",
        }
    )
    assessment = engine.assess(answers)
    assert assessment.dpia["required"]
    assert (assessment.score, assessment.band) == (20, "modere")
    assert assessment.floor["id"] == "dpia_not_started"
    assert assessment.floor["rule"] == "cnil_dpia_list"
    in_progress = engine.assess({**answers, "gov_dpia": "in_progress"})
    assert in_progress.floor is None and in_progress.band == "faible"
    off = engine.assess(answers, rule_settings={"cnil_dpia_list": {"active": False}})
    assert off.floor is None


def test_prohibited_practice_floors_to_critique_through_the_catalog(catalog):
    floor = next(floor for floor in catalog.floors if floor.id == "prohibited_practice")
    assert floor.band == "critique"
    assert "aia_prohibited_practice" in floor.rules and "prohibited" in floor.levels


def test_finding_conditions_are_only_for_floors(catalog):
    from itlaw_ai_advisory.conditions import compile_condition

    for node in ({"finding": ["aia_ai_literacy"]}, {"group": "dpia"}, {"severity": ["high"]}):
        with pytest.raises(engine.CatalogError, match="only allowed in a calibration floor"):
            compile_condition(node, catalog.questions, catalog.facts)


def test_score_is_capped_at_100():
    answers = vary(
        {
            "proj_gpai": "train_own_gt_1e25",
            "data_categories": ["health", "criminal"],
            "data_art9_condition": "none",
            "data_transfers": "no_safeguard",
            "gov_vendor_dpa": "dpa_none",
            "gov_vendor_training": "yes",
            "rights_notice": "none",
            "data_subjects": ["minors"],
            "data_minors_platform": "not_platform",
        }
    )
    assessment = engine.assess(answers)
    assert assessment.raw_score > 100
    assert (assessment.score, assessment.band) == (100, "critique")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "faible"),
        (19, "faible"),
        (20, "modere"),
        (44, "modere"),
        (45, "eleve"),
        (69, "eleve"),
        (70, "critique"),
        (100, "critique"),
    ],
)
def test_bands(catalog, score, band):
    assert catalog.band_for(score)["id"] == band
    assert engine.BANDS == ("faible", "modere", "eleve", "critique")


def test_subscores_per_framework():
    answers = vary(
        {
            "gov_ai_literacy": "no",
            "gov_ropa": "partial",
            "proj_monitoring": "employees",
            "gov_staff_information": ["employees_informed", "cse_consulted"],
            "gov_dpia": "not_done",
        }
    )
    assert engine.assess(answers).subscores == {"GDPR": 3, "AI_ACT": 3, "DPIA": 15}


def test_applicable_dates_follow_the_timeline():
    answers = vary({"proj_annex_iii": ["employment"], "proj_art6_3": "none"})
    published = "regulation_2024"
    before = findings_by_rule(
        engine.assess(answers, as_of=datetime.date(2026, 3, 1), timeline=published)
    )
    finding = before["aia_high_risk_annex_iii"]
    assert (finding.applies_from, finding.applicable) == (datetime.date(2026, 8, 2), False)
    assert finding.points == 15, "an obligation to come still scores"
    after = findings_by_rule(
        engine.assess(answers, as_of=datetime.date(2026, 9, 1), timeline=published)
    )
    assert after["aia_high_risk_annex_iii"].applicable
    # The default is the law in force on the catalog's date: Annex III from 2 December 2027.
    default = engine.assess(answers, as_of=datetime.date(2026, 12, 2))
    assert default.timeline == "omnibus_2026"
    finding = findings_by_rule(default)["aia_high_risk_annex_iii"]
    assert finding.applies_from == datetime.date(2027, 12, 2)
    assert not finding.applicable
    assert finding.to_dict()["date_unverified"] is True
    assert finding.to_dict()["milestone"] == "aia_annex_iii"
    with pytest.raises(ValueError):
        engine.assess(answers, timeline="2099")


def test_content_marking_grace_period_for_systems_on_the_market():
    answers = vary(
        {
            "org_ai_role": ["provider"],
            "proj_genai_features": ["synthetic_content"],
            "status_stage": "production",
        }
    )
    omnibus = findings_by_rule(engine.assess(answers, timeline="omnibus_2026"))
    assert str(omnibus["aia_content_marking"].applies_from) == "2026-12-02"
    pilot = findings_by_rule(
        engine.assess({**answers, "status_stage": "pilot"}, timeline="omnibus_2026")
    )
    assert str(pilot["aia_content_marking"].applies_from) == "2026-08-02"


def test_action_plan_is_ordered_by_points_recovered():
    answers = vary(
        {
            "gov_ai_literacy": "no",
            "data_transfers": "no_safeguard",
            "gov_ropa": "no",
            "proj_gpai": "api_third_party",
        }
    )
    plan = engine.assess(answers).action_plan
    assert [step["rule"] for step in plan] == ["gdpr_transfers", "gdpr_ropa", "aia_ai_literacy"]
    assert [step["points_recovered"] for step in plan] == [15, 8, 3]
    assert all(step["action"]["fr"] and step["action"]["en"] and step["reference"] for step in plan)


def test_to_dict_is_json_and_complete():
    assessment = engine.assess(LE_CHAT, as_of=AS_OF)
    data = json.loads(json.dumps(assessment.to_dict()))
    assert set(data) >= {
        "score",
        "band",
        "band_label",
        "subscores",
        "prohibited",
        "dpia",
        "ai_act_tier",
        "roles",
        "role_duties",
        "findings",
        "action_plan",
        "catalog_version",
        "timeline",
        "as_of",
    }
    assert data["as_of"] == "2026-09-01" and data["timeline"] == "omnibus_2026"
    assert data["law_as_of"] == "2026-12-02"
    assert data["tier_text"]["fr"].startswith("AI Act")
    assert data["dpia_verdict"]["en"].startswith("DPIA")
    assert data["catalog_version"] == engine.get_catalog().version
    assert data["band_label"] == {
        "fr": assessment.band_label["fr"],
        "en": assessment.band_label["en"],
    }
    assert data["roles"] == ["provider"]
    assert data["role_duties"] and all(duty["text"]["fr"] for duty in data["role_duties"])
    for finding in data["findings"]:
        assert set(finding) >= {
            "rule",
            "framework",
            "severity",
            "points",
            "reference",
            "group",
            "finding",
            "action",
            "triggers",
            "to_verify",
            "unverified",
            "applies_from",
            "applicable",
        }
        datetime.date.fromisoformat(finding["applies_from"])
    keys = [(-finding["points"], finding["rule"]) for finding in data["findings"]]
    assert keys == sorted(keys)
    for key in ("score", "band", "prohibited", "ai_act_tier", "subscores", "dpia"):
        assert data[key] == getattr(assessment, key)


def test_to_dict_does_not_leak_the_catalog():
    data = engine.assess(CUSTOMER_CHATBOT).to_dict()
    data["findings"][0]["finding"]["fr"] = "altéré"
    data["band_label"]["fr"] = "altéré"
    again = engine.assess(CUSTOMER_CHATBOT).to_dict()
    assert again["findings"][0]["finding"]["fr"] != "altéré"
    assert again["band_label"]["fr"] != "altéré"


def test_assessment_does_not_depend_on_later_changes_to_the_answers():
    answers = dict(LE_CHAT)
    assessment = engine.assess(answers, as_of=AS_OF)
    answers["rights_optout"] = "in_app_free"
    assert findings_by_rule(assessment)["gdpr_optout_paid"].triggers["rights_optout"] == (
        "paid_plan_only"
    )


def test_default_date_is_today():
    assert engine.assess(BASELINE).as_of == datetime.date.today()


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_render_reports(fmt, lang):
    assessment = engine.assess(LE_CHAT, as_of=AS_OF)
    report = engine.render(assessment, fmt=fmt, lang=lang)
    finding = findings_by_rule(assessment)["gdpr_optout_paid"]
    assert finding.finding[lang] in report
    assert finding.reference[lang] in report
    assert assessment.band_label[lang] in report
    assert f"{assessment.score}/100" in report
    assert engine.get_catalog().version in report
    assert ("## " in report) == (fmt == "markdown")
    # The stored dict renders the same as the live assessment.
    assert engine.render(assessment.to_dict(), fmt=fmt, lang=lang) == report


def test_render_prohibited_banner_and_tags():
    report = engine.render(engine.assess(EMOTION_AT_WORK), lang="en")
    assert "PROHIBITED PRACTICE — AI ACT ART. 5" in report
    unsure = engine.assess(vary({"data_transfers": "unsure", "proj_gpai": "fine_tune"}))
    assert "to be verified" in engine.render(unsure, lang="en")
    assert "à vérifier" in engine.render(unsure, lang="fr")
    # No rule of the catalog is unverified any more; the tag still renders for one that is.
    stored = unsure.to_dict()
    assert "source non confirmée" not in engine.render(stored, lang="fr")
    stored["findings"][0]["unverified"] = True
    assert "source non confirmée" in engine.render(stored, lang="fr")
    with pytest.raises(ValueError):
        engine.render(unsure, fmt="pdf")
