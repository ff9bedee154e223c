"""The command line as a user runs it: ``python -m itlaw_ai_advisory`` from the repository root."""

import datetime
import json
import subprocess
import sys

import pytest
from conftest import ROOT, vary

import itlaw_ai_advisory as engine

CHATBOT = vary({"proj_genai_features": ["chatbot"], "gov_ai_vendors": "Mistral AI"})


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "itlaw_ai_advisory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def answers_file(tmp_path):
    def write(content):
        path = tmp_path / "answers.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
        return str(path)

    return write


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_questions(lang):
    result = run("questions", "--lang", lang)
    assert result.returncode == 0, result.stderr
    catalog = engine.get_catalog()
    for step in catalog.steps:
        assert step.title[lang] in result.stdout
    for question in catalog.questions.values():
        assert question.id in result.stdout
        assert question.label[lang] in result.stdout
    assert catalog.version in result.stdout


def test_assess_json(answers_file):
    result = run("assess", answers_file(CHATBOT), "--format", "json", "--as-of", "2026-09-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == engine.assess(CHATBOT, as_of=datetime.date(2026, 9, 1)).to_dict()
    assert "aia_chatbot_disclosure" in {finding["rule"] for finding in data["findings"]}


def test_assess_text_and_markdown_in_both_languages(answers_file):
    path = answers_file(CHATBOT)
    french = run("assess", path)
    english = run(
        "assess", path, "--lang", "en", "--format", "markdown", "--timeline", "omnibus_2026"
    )
    assert french.returncode == english.returncode == 0
    # A deployer's chatbot: the text of the deployer's case (Art. 50(1) is the provider's duty).
    rule = next(f for f in engine.assess(CHATBOT).findings if f.rule.id == "aia_chatbot_disclosure")
    assert rule.finding["fr"] in french.stdout and "Plan d'action" in french.stdout
    assert rule.finding["en"] in english.stdout and "## Action plan" in english.stdout
    assert "omnibus_2026" in english.stdout


def test_assess_normalizes_form_like_input(answers_file):
    lenient = {**CHATBOT, "org_ai_role": "deployer", "org_headcount": "12", "org_type": " private "}
    result = run("assess", answers_file(lenient), "--format", "json")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        ("{not json", (), "JSON"),
        ([1, 2], (), "_answers"),
        ({"org_type": "spaceship"}, (), "org_type"),
        (CHATBOT, ("--as-of", "1er septembre"), "AAAA-MM-JJ"),
    ],
)
def test_invalid_input_exits_2_without_traceback(answers_file, content, args, expected):
    result = run("assess", answers_file(content), *args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_invalid_answers_list_every_message_in_the_chosen_language(answers_file):
    path = answers_file(vary({"org_type": "spaceship", "gov_ropa": None}))
    english = run("assess", path, "--lang", "en")
    assert english.returncode == 2
    assert "not valid" in english.stderr
    assert (
        "org_type" in english.stderr and "gov_ropa: Please answer this question." in english.stderr
    )
    french = run("assess", path)
    assert "gov_ropa: Merci de répondre à cette question." in french.stderr


def test_missing_file_and_bad_usage_exit_2(tmp_path):
    missing = run("assess", str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert "nope.json" in missing.stderr and "Traceback" not in missing.stderr
    for args in ((), ("assess",), ("assess", "x.json", "--format", "pdf"), ("frobnicate",)):
        result = run(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
