"""normalize() coerces form-like input; validate() reports every problem in FR or EN."""

import pytest
from conftest import BASELINE, vary

import itlaw_ai_advisory as engine


def test_baseline_is_valid():
    assert engine.validate(BASELINE) == {}
    assert engine.validate(BASELINE, lang="en") == {}


def test_normalize_coerces_form_input():
    raw = {
        " org_type ": " private ",
        "org_ai_role": "deployer",
        "proj_profiling": ["no"],
        "gov_ai_literacy": True,
        "org_headcount": "250",
        "gov_ai_vendors": "  Mistral AI  ",
        "data_subjects": ["customers", " ", ""],
        "status_stage": "",
        "data_sources": [],
        "proj_gpai": None,
        "mystery": "value",
    }
    assert engine.normalize(raw) == {
        "org_type": "private",
        "org_ai_role": ["deployer"],
        "proj_profiling": "no",
        "gov_ai_literacy": "yes",
        "org_headcount": 250,
        "gov_ai_vendors": "Mistral AI",
        "data_subjects": ["customers"],
        "mystery": "value",
    }


def test_normalize_keeps_what_it_cannot_coerce():
    raw = {"org_type": ["private", "nonprofit"], "org_headcount": "many"}
    assert engine.normalize(raw) == raw
    assert engine.normalize({"org_headcount": "12,5"}) == {"org_headcount": 12.5}
    assert engine.normalize(["not", "a", "dict"]) == ["not", "a", "dict"]
    assert engine.normalize(BASELINE) == BASELINE


@pytest.mark.parametrize(
    ("changes", "key", "fr", "en"),
    [
        ({"spaceship": "yes"}, "spaceship", "Question inconnue", "Unknown question"),
        ({"org_type": "spaceship"}, "org_type", "Réponse inconnue", "Unknown answer"),
        ({"org_ai_role": ["deployer", "pilot"]}, "org_ai_role", "Réponse inconnue", "Unknown"),
        ({"org_type": ["private"]}, "org_type", "une seule réponse", "exactly one"),
        ({"org_ai_role": "deployer"}, "org_ai_role", "liste", "list"),
        ({"org_ai_role": []}, "org_ai_role", "liste", "list"),
        ({"org_headcount": "12"}, "org_headcount", "nombre", "number"),
        ({"org_headcount": True}, "org_headcount", "nombre", "number"),
        ({"org_headcount": 0}, "org_headcount", "entre 1 et 10000000", "between 1 and"),
        ({"gov_ai_vendors": 42}, "gov_ai_vendors", "texte", "text"),
        ({"gov_ai_vendors": "x" * 501}, "gov_ai_vendors", "500 caractères", "500 characters"),
        ({"gov_ropa": None}, "gov_ropa", "répondre", "Please answer"),
        ({"proj_art6_3": "preparatory"}, "proj_art6_3", "ne s'applique pas", "does not apply"),
        (
            {"proj_prohibited": ["none", "manipulation"]},
            "proj_prohibited",
            "« Aucune de ces pratiques » ne peut pas",
            '"None of these" cannot',
        ),
        (
            {"data_categories": ["identity", "no_personal_data"]},
            "data_categories",
            "« Aucune donnée personnelle » ne peut pas",
            "cannot be combined",
        ),
        (
            {"org_ai_role": ["deployer", "deployer"]},
            "org_ai_role",
            "plusieurs fois",
            "more than once",
        ),
    ],
)
def test_validation_errors_in_both_languages(changes, key, fr, en):
    answers = vary(changes)
    french, english = engine.validate(answers), engine.validate(answers, lang="en")
    assert set(french) == set(english) == {key}
    assert fr in french[key]
    assert en in english[key]
    assert french[key] != english[key]


def test_required_only_for_visible_questions():
    # Hidden questions need no answer; once shown they do.
    assert engine.validate(vary({"data_training": "none"})) == {}
    errors = engine.validate(vary({"data_training": "user_inputs"}), lang="en")
    assert set(errors) == {"data_legal_basis", "rights_optout", "rights_model"}
    assert engine.validate(vary({"proj_decision": "automated_significant"})).keys() == {
        "rights_adm_exception",
        "rights_adm_safeguards",
    }


def test_optional_questions_may_be_left_out_or_answered():
    assert engine.validate(vary({"org_headcount": 40, "gov_ai_vendors": "OpenAI"})) == {}
    assert engine.validate(vary({"org_headcount": 12.5})) == {}


def test_every_problem_is_reported_at_once():
    answers = vary(
        {"org_type": "spaceship", "gov_ropa": None, "nope": 1, "proj_art6_3": ["x", "y"]}
    )
    assert set(engine.validate(answers)) == {"org_type", "gov_ropa", "nope", "proj_art6_3"}


def test_non_dict_answers():
    for lang in ("fr", "en"):
        errors = engine.validate(["org_type"], lang=lang)
        assert list(errors) == ["_answers"] and errors["_answers"]


def test_unknown_language_falls_back_to_french():
    assert engine.validate({"nope": 1}, lang="de") == engine.validate({"nope": 1})


def test_every_validation_message_exists_in_both_languages(catalog):
    codes = {
        "not_a_dict",
        "unknown_question",
        "unknown_option",
        "expected_single",
        "expected_multi",
        "expected_number",
        "expected_text",
        "required",
        "hidden",
        "exclusive",
        "duplicate",
        "too_long",
        "out_of_range",
    }
    assert set(catalog.texts["messages"]) == codes
    for code in codes:
        message = catalog.text("messages", code)
        assert message["fr"].strip() and message["en"].strip() and message["fr"] != message["en"]


def test_assess_refuses_invalid_answers():
    with pytest.raises(engine.InvalidAnswers) as raised:
        engine.assess(vary({"org_type": "spaceship", "gov_ropa": None}))
    assert set(raised.value.errors) == {"org_type", "gov_ropa"}
    assert "org_type" in str(raised.value)
    assert isinstance(raised.value, ValueError)
