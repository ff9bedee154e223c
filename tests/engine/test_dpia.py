"""The DPIA drafted from a diagnostic, and the CNIL PIA software's file format."""

import copy
import json
import sys
from pathlib import Path

import pytest
from conftest import BASELINE, vary

import itlaw_ai_advisory as engine
from itlaw_ai_advisory import dpia

# The answer sets the Odoo tests hold (tests/fixtures.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fixtures import CV_SCREENING, EMOTION_AT_WORK, HARMLESS

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "pia_schema.json").read_text())
ANSWER_SETS = {
    "baseline": BASELINE,
    "cv_screening": CV_SCREENING,
    "harmless": HARMLESS,
    "emotion_at_work": EMOTION_AT_WORK,
}
# What only the client, the DPO or the data subjects can say: never drafted.
NEVER_DRAFTED = {"ctx_standards", "pr_purposes", "pr_accuracy", "val_dpo", "val_subjects"}


def drafted(answers, lang="fr", description=""):
    findings = engine.assess(answers).to_dict()["findings"]
    return dpia.draft(answers, findings, lang, description)


def test_sections_follow_the_pia_method():
    assert [part for part, _title in dpia.PARTS] == [
        "context",
        "principles",
        "risks",
        "validation",
    ]
    counts = {part: 0 for part, _title in dpia.PARTS}
    for section in dpia.SECTIONS:
        counts[section.part] += 1
        assert section.title["fr"].strip() and section.title["en"].strip()
    assert counts == {"context": 6, "principles": 12, "risks": 4, "validation": 4}
    refs = [s.pia_ref for s in dpia.SECTIONS if s.kind == "text"]
    assert refs == [111, 112, 113, 121, 122, 123, *range(211, 216), *range(221, 228)]
    assert [s.pia_ref for s in dpia.SECTIONS if s.kind == "risk"] == [320, 330, 340]


def test_every_source_question_exists_in_the_catalog(catalog):
    for section in dpia.SECTIONS:
        for question_id in section.sources:
            assert question_id in catalog.questions, (section.key, question_id)


@pytest.mark.parametrize("name", sorted(ANSWER_SETS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_answer_set_gives_every_section_filled_or_empty(name, lang):
    sections, _measures = drafted(ANSWER_SETS[name], lang)
    assert list(sections) == [s.key for s in dpia.SECTIONS]
    for key in NEVER_DRAFTED:
        assert not sections[key].filled, key
    for key, section in sections.items():
        # Filled or empty: no placeholder text pretends to be content.
        assert section.filled == (
            not dpia.is_blank_html(section.content)
            or bool(section.measures or section.severity or section.likelihood)
        ), key


def test_a_drafted_section_says_what_is_still_to_complete():
    sections, _ = drafted(CV_SCREENING, "en")
    content = sections["ctx_data"].content
    assert dpia.esc(dpia.TEXTS["to_complete"]["en"]) in content
    assert dpia.esc(dpia.STILL_TO_COMPLETE["ctx_data"]["en"]) in content
    for key, note in dpia.STILL_TO_COMPLETE.items():
        assert dpia.SECTIONS_BY_KEY[key].kind == "text", key
        assert note["fr"].strip() and note["en"].strip()


def test_drafted_in_the_clients_language():
    french, _ = drafted(CV_SCREENING, "fr")
    english, _ = drafted(CV_SCREENING, "en")
    question = engine.get_catalog().questions["data_subjects"]
    option = next(o for o in question.options if o.id == "employees_candidates")
    for lang, sections in (("fr", french), ("en", english)):
        other = "en" if lang == "fr" else "fr"
        content = sections["ctx_data"].content
        assert dpia.esc(question.label[lang]) in content
        assert dpia.esc(option.label[lang]) in content
        assert dpia.esc(question.label[other]) not in content
        assert dpia.esc(dpia.TEXTS["from_diagnostic"][lang]) in content


def test_answers_fill_their_sections():
    answers = vary(
        {
            "data_categories": ["identity", "health"],
            "data_art9_condition": "explicit_consent",
            "data_training": "user_inputs",
            "data_legal_basis": "consent",
            "rights_optout": "email_only",
            "rights_model": "dataset_only",
            "data_transfers": "scc_tia",
            "data_retention": "undefined",
        }
    )
    sections, _ = drafted(answers, "en")
    catalog = engine.get_catalog()

    def label(question_id, option_id):
        return next(
            o.label["en"] for o in catalog.questions[question_id].options if o.id == option_id
        )

    def html(text):
        return dpia.esc(text)

    legal_basis = sections["pr_legal_basis"].content
    assert html(label("data_art9_condition", "explicit_consent")) in legal_basis
    assert html(label("data_retention", "undefined")) in sections["pr_retention"].content
    assert html(label("data_transfers", "scc_tia")) in sections["pr_transfers"].content
    assert html(label("rights_optout", "email_only")) in sections["pr_restriction"].content
    assert html(label("data_categories", "health")) in sections["ctx_data"].content


def test_findings_become_planned_measures_with_their_reference():
    findings = engine.assess(CV_SCREENING).to_dict()["findings"]
    sections, measures = dpia.draft(CV_SCREENING, findings, "en")
    counting = [f for f in findings if not f["superseded_by"]]
    planned = [m for m in measures if m.planned]
    assert len(planned) == len(counting)
    for measure, finding in zip(planned, counting, strict=True):
        assert dpia.esc(finding["reference"]["en"]) in measure.content
    existing = [m.title for m in measures if not m.planned]
    assert existing[:3] == ["Encryption", "Access control", "Logging"] or existing
    assert "Encryption" in sections["rk_access"].measures
    for measure in planned:
        assert dpia.esc(measure.title) in sections["rk_measures"].content


def test_severity_and_likelihood_proposed_from_the_findings():
    sections, _ = drafted(CV_SCREENING, "en")
    findings = engine.assess(CV_SCREENING).to_dict()["findings"]
    privacy = [f for f in findings if f["framework"] != "AI_ACT" and not f["superseded_by"]]
    expected = max(dpia.SEVERITY_LEVEL[f["severity"]] for f in privacy)
    for key in dpia.RISK_KEYS:
        assert sections[key].severity == expected
    # No finding bears on the declared safeguards of the harmless tool: nothing proposed.
    harmless, _ = drafted(vary({"data_categories": ["no_personal_data"]}), "en")
    for key in dpia.RISK_KEYS:
        assert harmless[key].likelihood is None


def test_unknown_option_ids_show_as_themselves():
    """Another branch may add options: an answer the catalog does not know never crashes."""
    answers = vary({"gov_security": ["encryption", "quantum_vault"], "data_volume": "gt1bn"})
    findings = engine.assess(BASELINE).to_dict()["findings"]
    sections, measures = dpia.draft(answers, findings, "fr")
    assert "quantum_vault" in [m.title for m in measures]
    assert "gt1bn" in sections["ctx_data"].content
    assert dpia.answer_labels("no_such_question", "x", "fr") == ["x"]


def test_visitor_text_is_escaped():
    sections, _ = drafted(CV_SCREENING, "fr", description="<script>alert(1)</script>\nline 2")
    content = sections["ctx_overview"].content
    assert "<script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>line 2" in content


# ----------------------------------------------------------------------
# The PIA software's format
# ----------------------------------------------------------------------
def full_record():
    sections, measures = drafted(CV_SCREENING, "fr")
    record = dpia.empty_record()
    record.update(
        name="Tri des CV",
        author="Me Avocat",
        evaluator="Me Associé",
        validator="Client SAS",
        dpo_names="Jeanne DPO",
        dpo_status=1,
        subjects_names="Panel de candidats",
        subjects_status=0,
        subjects_searched=True,
        decision=2,
    )
    for key, draft_section in sections.items():
        values = record["sections"][key]
        values["content"] = draft_section.content
        values["measures"] = list(draft_section.measures)
        values["severity"] = draft_section.severity
        values["likelihood"] = draft_section.likelihood
        values["likelihood_note"] = draft_section.likelihood_note
    record["sections"]["rk_access"]["impacts"] = ["Discrimination à l'embauche"]
    record["sections"]["rk_access"]["threats"] = ["Vol d'identifiants"]
    record["sections"]["rk_access"]["sources"] = ["Attaquant externe"]
    record["sections"]["val_dpo"]["content"] = "<p>Avis favorable.</p>"
    record["sections"]["val_subjects"]["content"] = "<p>Réserves du panel.</p>"
    record["sections"]["val_decision"]["content"] = "<p>Validé sous réserve.</p>"
    record["measures"] = [
        {"title": m.title, "content": m.content, "planned": m.planned} for m in measures
    ]
    return record


def test_export_matches_the_schema_of_the_pia_software():
    jsonschema = pytest.importorskip("jsonschema")
    data = dpia.to_pia(full_record())
    jsonschema.validate(data, SCHEMA)
    answers = {a["reference_to"]: a["data"] for a in data["answers"]}
    assert answers[325]["gauge"] == full_record()["sections"]["rk_access"]["severity"]
    assert answers[321]["list"] == ["Discrimination à l'embauche"]
    assert 113 not in answers  # an empty section is no answer
    assert data["pia"]["dpo_opinion"] == "<p>Avis favorable.</p>"
    assert data["pia"]["status"] == 2


def test_round_trip_gives_the_same_record():
    record = full_record()
    assert dpia.from_pia(json.loads(json.dumps(dpia.to_pia(record)))) == record


def test_refusal_reason_round_trips():
    record = full_record()
    record["decision"] = 1
    data = dpia.to_pia(record)
    assert data["pia"]["rejected_reason"] == "<p>Validé sous réserve.</p>"
    assert data["pia"]["applied_adjustements"] == ""
    assert dpia.from_pia(data) == record


def test_a_file_of_the_pia_software_without_our_extension():
    data = dpia.to_pia(full_record())
    del data[dpia.EXTENSION]
    data["answers"].append({"reference_to": 999, "data": {"text": "?", "gauge": 0, "list": []}})
    record = dpia.from_pia(data)
    assert record["sections"]["val_action_plan"]["content"] == ""
    assert not any(m["planned"] for m in record["measures"])
    assert record["sections"]["ctx_overview"]["content"]


@pytest.mark.parametrize(
    "data",
    [
        [],
        "pia",
        {"answers": []},
        {"pia": "x"},
        {"pia": {}, "answers": {}},
        {"pia": {}, "answers": [{"reference_to": "abc", "data": {}}]},
        {"pia": {}, "answers": [{"reference_to": 325, "data": {"gauge": 9}}]},
        {"pia": {}, "answers": [{"reference_to": 111, "data": {"text": 12}}]},
        {"pia": {"status": "signed"}},
        {"pia": {}, "measures": [{"title": ["x"]}]},
    ],
)
def test_foreign_files_are_refused(data):
    with pytest.raises(dpia.PiaFormatError):
        dpia.from_pia(copy.deepcopy(data))
