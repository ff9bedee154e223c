"""The engine alone as a Python package (itlaw_ai_advisory/pyproject.toml):
its wheel, installed into a fresh virtual environment that has neither Odoo
nor this checkout, gives the same command line as ``python -m
itlaw_ai_advisory`` run here. No Odoo needed.
"""

import email.parser
import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from fresh_venv import ROOT, git_files, make_venv, pip

# A complete set of answers (tests/engine/conftest.py's baseline) with a chatbot.
CHATBOT = {
    "org_type": "private",
    "org_location": "eu",
    "org_ai_role": ["deployer"],
    "org_dpo": "yes",
    "proj_prohibited": ["none"],
    "proj_annex_iii": ["none"],
    "proj_profiling": "no",
    "proj_decision": "no_decision",
    "proj_monitoring": "none",
    "proj_genai_features": ["chatbot"],
    "proj_gpai": "none",
    "data_categories": ["identity"],
    "data_subjects": ["customers"],
    "data_volume": "lt1k",
    "data_sources": ["direct"],
    "data_training": "none",
    "data_protection": ["pseudonymisation"],
    "data_retention": "defined_enforced",
    "data_transfers": "eu_only",
    "rights_notice": "full_incl_ai_training",
    "rights_age": "not_for_minors_verified",
    "gov_ropa": "yes",
    "gov_dpia": "done",
    "gov_vendor_dpa": "dpa_all",
    "gov_vendor_training": "no_contractual",
    "gov_security": ["encryption", "access_control", "logging", "ai_attack_tests"],
    "gov_ai_disclosure": ["none"],
    "gov_ai_literacy": "yes",
    "status_stage": "pilot",
    "gov_ai_vendors": "Mistral AI",
}

# Offline: setuptools is in the project's environment.
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]


@pytest.fixture(scope="module")
def engine_wheel(tmp_path_factory):
    # Built from a copy: a build leaves build/ and *.egg-info/ in its folder.
    work = tmp_path_factory.mktemp("engine")
    source = work / "itlaw_ai_advisory"
    for name in git_files("itlaw_ai_advisory"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "itlaw_ai_advisory" / name, source / name)
    result = subprocess.run(
        [*PIP_WHEEL, "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (work / "dist").glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def engine_venv(engine_wheel, tmp_path_factory):
    python, purelib = make_venv(tmp_path_factory.mktemp("venv") / "engine")
    result = pip(python, "install", "--no-index", "--no-deps", str(engine_wheel))
    assert result.returncode == 0, result.stdout + result.stderr
    return python, purelib


def run(command, cwd):
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )


def test_wheel_is_the_engine_with_its_catalog_and_command(engine_wheel):
    with zipfile.ZipFile(engine_wheel) as wheel:
        names = set(wheel.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.parser.HeaderParser().parsestr(wheel.read(metadata).decode())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = wheel.read(entry_points).decode()
    assert meta["Name"] == "itlaw-ai-advisory"
    # Pure Python, standard library only: nothing required but by an extra.
    assert all("extra ==" in r for r in meta.get_all("Requires-Dist", []))
    assert "itlaw-ai-advisory = itlaw_ai_advisory.__main__:main" in scripts
    sources = {
        f"itlaw_ai_advisory/{name}"
        for name in git_files("itlaw_ai_advisory")
        if name.endswith(".py") or name.startswith("catalog/")
    }
    assert sources and sources <= names
    assert {n for n in names if not n.startswith("itlaw_ai_advisory-")} == sources


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_installed_command_line_is_the_checkout_s(engine_venv, tmp_path, lang):
    python, purelib = engine_venv
    command = python.parent / "itlaw-ai-advisory"
    installed = run([str(command), "questions", "--lang", lang], tmp_path)
    here = run([sys.executable, "-m", "itlaw_ai_advisory", "questions", "--lang", lang], ROOT)
    assert installed.returncode == 0, installed.stderr
    assert here.returncode == 0, here.stderr
    assert installed.stdout == here.stdout
    # And it is the installed package that answered, not this checkout.
    where = run([str(python), "-c", "import itlaw_ai_advisory as e; print(e.__file__)"], tmp_path)
    assert where.stdout.strip() == str(purelib / "itlaw_ai_advisory" / "__init__.py")


def test_installed_command_line_assesses_a_file(engine_venv, tmp_path):
    python, _purelib = engine_venv
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(CHATBOT), "utf-8")
    command = ["assess", str(answers), "--format", "json", "--as-of", "2026-09-01"]
    installed = run([str(python.parent / "itlaw-ai-advisory"), *command], tmp_path)
    here = run([sys.executable, "-m", "itlaw_ai_advisory", *command], ROOT)
    assert (installed.returncode, installed.stdout) == (here.returncode, here.stdout)
    assert installed.stderr == here.stderr
    assert installed.returncode == 0, installed.stderr
    findings = {finding["rule"] for finding in json.loads(installed.stdout)["findings"]}
    assert "aia_chatbot_disclosure" in findings
