"""The GDPR helpers: consent proofs, free text, retention and link dates."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from itlaw_ai_advisory import privacy

WHEN = datetime(2026, 11, 2, 10, 30)


def test_consent_proof_is_keyed_and_deterministic():
    proof = privacy.consent_proof("secret", "Jeanne@Example.fr", WHEN, "2026-11")
    assert proof == privacy.consent_proof("secret", "jeanne@example.fr ", WHEN, "2026-11")
    assert len(proof) == 64
    assert "jeanne" not in proof
    assert proof != privacy.consent_proof("other", "jeanne@example.fr", WHEN, "2026-11")
    assert proof != privacy.consent_proof("secret", "jeanne@example.fr", WHEN, "2026-12")
    assert proof != privacy.consent_proof("secret", "paul@example.fr", WHEN, "2026-11")


def test_free_text_answers_are_dropped_and_choices_kept():
    assert privacy.free_text_question_ids() == {"gov_ai_vendors"}
    answers = {"gov_ai_vendors": "Jeanne's own company", "org_type": "private"}
    assert privacy.strip_free_text(answers) == {"org_type": "private"}
    assert privacy.strip_free_text(None) == {}


def test_years_before_handles_leap_days():
    assert privacy.years_before(datetime(2028, 2, 29, 8), 3) == datetime(2025, 2, 28, 8)
    assert privacy.years_before(datetime(2026, 11, 29), 3) == datetime(2023, 11, 29)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.integers(min_value=1, max_value=10),
)
def test_retention_never_expires_recent_contacts(now, years):
    cutoff = privacy.years_before(now, years)
    assert not privacy.is_expired(cutoff, now, years)
    assert privacy.is_expired(cutoff - timedelta(seconds=1), now, years)
    assert not privacy.is_expired(now, now, years)
    assert not privacy.is_expired(None, now, years)


def test_link_expiry():
    assert privacy.link_expiry(WHEN, 7) == datetime(2026, 11, 9, 10, 30)
