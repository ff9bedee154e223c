"""Answer sets and form bodies shared by the Odoo tests and the benchmarks (no Odoo import)."""

from werkzeug.datastructures import MultiDict

# A CV-screening tool: Annex III (employment), profiling candidates, no DPIA yet.
CV_SCREENING = {
    "org_type": "private",
    "org_location": "eu",
    "org_ai_role": ["deployer"],
    "org_dpo": "yes",
    "proj_prohibited": ["none"],
    "proj_annex_iii": ["employment"],
    "proj_art6_3": "none",
    "proj_profiling": "yes",
    "proj_decision": "human_decides",
    "proj_monitoring": "none",
    "proj_genai_features": ["none"],
    "proj_gpai": "api_third_party",
    "data_categories": ["identity"],
    "data_subjects": ["employees_candidates"],
    "data_volume": "1k_10k",
    "data_sources": ["direct"],
    "data_training": "none",
    "data_protection": ["pseudonymisation"],
    "data_retention": "defined_enforced",
    "data_transfers": "eu_only",
    "rights_notice": "generic_only",
    "rights_age": "not_for_minors_verified",
    "gov_ropa": "yes",
    "gov_dpia": "not_done",
    "gov_vendor_dpa": "dpa_all",
    "gov_vendor_training": "no_contractual",
    "gov_security": ["encryption", "access_control", "logging"],
    "gov_ai_disclosure": ["none"],
    "gov_ai_literacy": "yes",
    "status_stage": "pilot",
}

# An internal tool on no personal data: nothing to worry about.
HARMLESS = {
    **CV_SCREENING,
    "proj_annex_iii": ["none"],
    "proj_profiling": "no",
    "proj_decision": "no_decision",
    "proj_gpai": "none",
    "data_categories": ["no_personal_data"],
    "data_subjects": ["customers"],
    "data_volume": "lt1k",
    "rights_notice": "full_incl_ai_training",
    "gov_dpia": "done",
}
del HARMLESS["proj_art6_3"]

# Emotion recognition of employees: an Art. 5(1)(f) prohibited practice.
EMOTION_AT_WORK = {**CV_SCREENING, "proj_prohibited": ["emotion_work_school"]}

CONTACT = {
    "contact_name": "Jeanne Dupont",
    "email_from": "Jeanne.Dupont@Example.fr",
    "phone": "+33 1 23 45 67 89",
    "partner_name": "Recrut'IA SAS",
    "function": "DPO",
    "description": "Tri automatique des CV reçus pour nos offres d'emploi.",
}


def form_data(answers, contact=None, consent=True, **extra):
    """The body a browser posts for these answers (multi-choice as repeated fields)."""
    data = MultiDict()
    for question, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(question, item)
    for name, value in (CONTACT if contact is None else contact).items():
        data.add(name, value)
    if consent:
        data.add("privacy_consent", "1")
    for name, value in extra.items():
        data.add(name, value)
    return data


def request_info(lang="fr_FR", **extra):
    return {
        "lang": lang,
        "ip": "203.0.113.42",
        "user_agent": "Mozilla/5.0 (test)",
        "utm": {},
        "referrer_host": False,
        **extra,
    }
