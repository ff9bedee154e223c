"""Conflict keys: names, email domains, SIREN / SIRET / VAT (table-driven and properties)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itlaw_ai_advisory import conflicts

FAST = settings(max_examples=300, deadline=None, database=None)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme", "acme"),
        ("ACME SAS", "acme"),
        ("Acme S.A.S.", "acme"),
        ("SARL Acme", "acme"),
        ("Société Générale S.A.", "societe generale"),
        ("  Électricité   de   France  ", "electricite de france"),
        ("Müller GmbH", "muller"),
        ("Siemens AG", "siemens"),
        ("Acme Ltd.", "acme"),
        ("Acme Limited", "acme"),
        ("OpenAI, Inc.", "openai"),
        ("Mistral AI SAS", "mistral ai"),
        ("Acme LLC", "acme"),
        ("Philips B.V.", "philips"),
        ("Acme N.V.", "acme"),
        ("Ferrari S.p.A.", "ferrari"),
        ("Telefónica S.L.", "telefonica"),
        ("SCI du Moulin", "du moulin"),
        ("EURL Dupont & Fils", "dupont fils"),
        ("SASU L'Atelier", "l atelier"),
        ("Jean-Pierre O'Neil", "jean pierre o neil"),
        ("SA", "sa"),
        ("S.A.S.", "sas"),
        ("Sassafras", "sassafras"),
        ("Inca Trail", "inca trail"),
        ("Straße AG", "strasse"),
        ("ＡＣＭＥ", "acme"),
        ("", ""),
        (None, ""),
        ("---", ""),
        ("   ", ""),
    ],
)
def test_name_key(name, key):
    assert conflicts.name_key(name) == key


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("jeanne@acme.fr", "acme.fr"),
        ("Jeanne.Doe@ACME.FR", "acme.fr"),
        ("jeanne@paris.acme.fr.", "paris.acme.fr"),
        ("jeanne@gmail.com", ""),
        ("jeanne@GMAIL.com", ""),
        ("jeanne@googlemail.com", ""),
        ("jeanne@outlook.fr", ""),
        ("jeanne@outlook.com", ""),
        ("jeanne@hotmail.co.uk", ""),
        ("jeanne@yahoo.fr", ""),
        ("jeanne@orange.fr", ""),
        ("jeanne@free.fr", ""),
        ("jeanne@laposte.net", ""),
        ("jeanne@wanadoo.fr", ""),
        ("jeanne@icloud.com", ""),
        ("jeanne@proton.me", ""),
        ("jeanne@gmx.de", ""),
        ("jeanne@live.fr", ""),
        ("jeanne@outlookconsulting.fr", "outlookconsulting.fr"),
        ("jeanne@freelance.fr", "freelance.fr"),
        ("jeanne", ""),
        ("jeanne@localhost", ""),
        ("jeanne@-bad-.fr", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_email_domain(email, domain):
    assert conflicts.email_domain(email) == domain


@pytest.mark.parametrize(
    ("value", "siren"),
    [
        ("732829320", "732829320"),
        ("732 829 320", "732829320"),
        ("732.829.320", "732829320"),
        ("732829321", ""),  # Luhn
        ("73282932", ""),
        ("73282932000074", "732829320"),  # SIRET
        ("732 829 320 00074", "732829320"),
        ("73282932000075", ""),  # SIRET Luhn
        ("35600000000048", "356000000"),  # La Poste: SIRET outside Luhn
        ("FR44732829320", "732829320"),  # French VAT
        ("fr 44 732 829 320", "732829320"),
        ("FR45732829320", ""),  # wrong key
        ("FRXX732829320", ""),
        ("DE123456789", ""),
        ("abcdefghi", ""),
        ("٧٣٢٨٢٩٣٢٠", ""),  # non-ASCII digits
        ("", ""),
        (None, ""),
    ],
)
def test_siren(value, siren):
    assert conflicts.siren(value) == siren


@pytest.mark.parametrize(
    ("vat", "key"),
    [
        ("FR44732829320", "FR44732829320"),
        ("fr 44 732 829 320", "FR44732829320"),
        ("FR45732829320", ""),
        ("DE 123 456 789", "DE123456789"),
        ("be0123.456.789", "BE0123456789"),
        ("EL123456789", "EL123456789"),
        ("US123456789", ""),
        ("DE", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_vat_key(vat, key):
    assert conflicts.vat_key(vat) == key


def test_french_vat_and_siren_meet():
    """A SIREN in the registry and the French VAT of another record give one key."""
    assert conflicts.organisation_siren("73282932000074", False) == conflicts.organisation_siren(
        False, "FR44732829320"
    )


# ----------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------
NAMES = st.text(max_size=40)
WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    min_size=1,
    max_size=4,
).map(" ".join)
ACCENTED = {"e": "é", "a": "à", "c": "ç", "o": "ô", "u": "ü", "i": "ï"}


@FAST
@given(NAMES)
def test_name_key_is_idempotent(name):
    key = conflicts.name_key(name)
    assert conflicts.name_key(key) == key


@FAST
@given(NAMES)
def test_name_key_is_empty_only_without_letters_or_digits(name):
    key = conflicts.name_key(name)
    assert bool(key) == any(char.isalnum() for char in conflicts._fold(name))
    assert key == key.strip() and "  " not in key


@FAST
@given(WORDS)
def test_name_key_ignores_case(name):
    assert conflicts.name_key(name.upper()) == conflicts.name_key(name)


@FAST
@given(WORDS)
def test_name_key_ignores_accents(name):
    accented = "".join(ACCENTED.get(char, char) for char in name)
    assert conflicts.name_key(accented) == conflicts.name_key(name)


@FAST
@given(WORDS, st.sampled_from(sorted(conflicts.LEGAL_FORMS)), st.sampled_from([" ", ", ", " - "]))
def test_name_key_ignores_legal_forms(name, form, separator):
    base = conflicts.name_key(name)
    if not set(base.split()) - conflicts.LEGAL_FORMS:
        return  # a name of legal forms only keeps them
    assert conflicts.name_key(f"{name}{separator}{form.upper()}") == base
    assert conflicts.name_key(f"{form} {name}") == base
    dotted = ".".join(form.upper()) + "."
    assert conflicts.name_key(f"{name} {dotted}") == base


@FAST
@given(WORDS, st.sampled_from([",", ";", "!", "?", "'", '"', "(", ")", "&", "-", "/", "_"]))
def test_name_key_ignores_punctuation(name, mark):
    spaced = name.replace(" ", f" {mark} ")
    assert conflicts.name_key(f"{mark}{spaced}{mark}") == conflicts.name_key(name)


@FAST
@given(st.text(max_size=30), st.sampled_from(sorted(conflicts.PUBLIC_MAIL_DOMAINS)))
def test_public_mail_domains_never_give_a_key(local, domain):
    assert conflicts.email_domain(f"{local}@{domain}") == ""
    assert conflicts.email_domain(f"{local}@{domain.upper()}") == ""


@FAST
@given(st.text(max_size=60))
def test_email_domain_is_lower_case_and_dotted_or_empty(email):
    domain = conflicts.email_domain(email)
    assert domain == "" or (domain == domain.lower() and "." in domain and "@" not in domain)


@FAST
@given(st.integers(0, 10**8 - 1))
def test_every_valid_siren_has_one_siret_and_one_vat_mapping_to_it(stem):
    digits = f"{stem:08d}"
    check = next(d for d in "0123456789" if conflicts.luhn_valid(digits + d))
    siren = digits + check
    assert conflicts.siren(siren) == siren
    vat = f"FR{conflicts.french_vat_key(siren):02d}{siren}"
    assert conflicts.siren(vat) == siren
    assert conflicts.vat_key(vat) == vat
    nic = "0001"
    last = next(d for d in "0123456789" if conflicts.luhn_valid(siren + nic + d))
    assert conflicts.siren(siren + nic + last) == siren


@FAST
@given(st.text(max_size=20))
def test_siren_is_nine_valid_digits_or_empty(value):
    result = conflicts.siren(value)
    assert result == "" or conflicts.siren_valid(result)
