"""Engine tests: plain pytest, no database, no Odoo.

The repository root holds the ``itlaw_ai_advisory`` engine package; put it on
the path whatever the checkout folder is called.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlaw_ai_advisory as engine  # noqa: E402

# Personal data, every safeguard in place: no rule fires. Rule tests vary it.
BASELINE = {
    "org_type": "private",
    "org_location": "eu",
    "org_ai_role": ["deployer"],
    "org_dpo": "yes",
    "proj_prohibited": ["none"],
    "proj_annex_iii": ["none"],
    "proj_profiling": "no",
    "proj_decision": "no_decision",
    "proj_monitoring": "none",
    "proj_genai_features": ["none"],
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
}


def vary(changes, base=BASELINE):
    """A copy of ``base`` with ``changes`` applied (a None value removes the answer)."""
    answers = {**base, **changes}
    return {key: value for key, value in answers.items() if value is not None}


@pytest.fixture(scope="session")
def catalog():
    return engine.get_catalog()
