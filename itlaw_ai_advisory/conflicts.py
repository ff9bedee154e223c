"""Conflict-of-interest keys: what two records must share to be the same party.

Pure Python (standard library only). The database stores these keys in
indexed columns; a conflict check compares keys, never raw values::

    name_key("Société Générale S.A.")      -> "societe generale"
    email_domain("j.doe@Acme.fr")          -> "acme.fr"
    email_domain("jeanne@gmail.com")       -> ""      (public mail provider)
    siren("732 829 320 00074")             -> "732829320"   (SIRET -> its SIREN)
    siren("FR44732829320")                 -> "732829320"   (French VAT -> SIREN)
    vat_key("de 123 456 789")              -> "DE123456789"

An empty key means "nothing to compare" and must never be matched: a name
made only of punctuation, a public mail domain, an invalid SIREN.
"""

import re
import unicodedata

# Legal forms removed from names (compared case- and accent-insensitively,
# as whole words; dotted spellings such as "S.A.S." are read as "SAS").
LEGAL_FORMS = frozenset(
    {
        "sas",
        "sarl",
        "sa",
        "sasu",
        "sci",
        "eurl",
        "gmbh",
        "ag",
        "ltd",
        "limited",
        "inc",
        "llc",
        "bv",
        "nv",
        "spa",
        "sl",
    }
)

# Mail providers whose domain says nothing about the organisation.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "msn.com",
        "me.com",
        "mac.com",
        "icloud.com",
        "proton.me",
        "protonmail.com",
        "protonmail.ch",
        "pm.me",
        "tutanota.com",
        "tuta.io",
        "mail.com",
        "zoho.com",
        "yandex.com",
        "yandex.ru",
        "mail.ru",
        "qq.com",
        "163.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "bbox.fr",
        "laposte.net",
        "numericable.fr",
        "club-internet.fr",
        "aliceadsl.fr",
        "cegetel.net",
        "noos.fr",
        "voila.fr",
        "web.de",
        "t-online.de",
        "libero.it",
        "virgilio.it",
        "tiscali.it",
        "skynet.be",
        "telenet.be",
        "bluewin.ch",
        "posteo.de",
        "mailbox.org",
        "fastmail.com",
        "hey.com",
    }
)
# Providers with one domain per country (outlook.fr, yahoo.co.uk, gmx.de...).
PUBLIC_MAIL_FAMILIES = frozenset({"outlook", "hotmail", "live", "yahoo", "ymail", "aol", "gmx"})

# Member States' VAT prefixes (Greece uses EL; XI is Northern Ireland).
EU_VAT_PREFIXES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    }
)

_DOTS = re.compile(r"(?<=\w)\.(?=\w)")
_NOT_WORD = re.compile(r"[\W_]+")
_SEPARATORS = re.compile(r"[\s.\-/]+")
_DOMAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_VAT_BODY = re.compile(r"[A-Z0-9]{2,13}")


def _fold(text):
    """Case-folded, without accents, in compatibility form."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(char for char in text if not unicodedata.combining(char))


def name_key(name):
    """An organisation's or a person's name as compared for conflicts:
    lower case, no accents, punctuation as spaces, legal forms removed.

    A name made only of legal forms keeps them ("SA" stays "sa"): a key is
    empty only when the name has no letter or digit at all.
    """
    text = _fold(name or "")
    words = _NOT_WORD.sub(" ", _DOTS.sub("", text)).split()
    kept = [word for word in words if word not in LEGAL_FORMS]
    return " ".join(kept or words)


def email_domain(email):
    """The organisation domain of an email address, "" for public mail
    providers and for anything that is not an address with a domain."""
    _local, at, domain = (email or "").strip().rpartition("@")
    if not at:
        return ""
    domain = domain.strip().rstrip(">").rstrip(".").lower()
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        return ""
    if domain in PUBLIC_MAIL_DOMAINS or labels[0] in PUBLIC_MAIL_FAMILIES:
        return ""
    return domain


def luhn_valid(digits):
    """Luhn checksum of a string of digits (SIREN and SIRET use it)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digits(value):
    return _SEPARATORS.sub("", value or "")


def siren_valid(siren):
    return len(siren) == 9 and siren.isascii() and siren.isdigit() and luhn_valid(siren)


def french_vat_key(siren):
    """The two-digit key of the French VAT number of ``siren``."""
    return (12 + 3 * (int(siren) % 97)) % 97


def siren(value):
    """The SIREN a registry number or a French VAT number stands for, "" if none.

    Accepts a SIREN (9 digits), a SIRET (14 digits: establishment of the
    SIREN of its first 9) and a French VAT number (FR, 2-digit key, SIREN),
    with spaces, dots or dashes; checks the Luhn sums and the VAT key.
    """
    compact = _digits(value).upper()
    if compact.startswith("FR"):
        return _siren_of_french_vat(compact)
    if not (compact.isascii() and compact.isdigit()):
        return ""
    if len(compact) == 9:
        return compact if siren_valid(compact) else ""
    # La Poste's establishments do not follow Luhn; their SIREN does.
    if len(compact) == 14 and (luhn_valid(compact) or compact.startswith("356000000")):
        return compact[:9] if siren_valid(compact[:9]) else ""
    return ""


def _siren_of_french_vat(compact):
    key, number = compact[2:4], compact[4:]
    if not (key.isascii() and key.isdigit() and siren_valid(number)):
        return ""
    return number if int(key) == french_vat_key(number) else ""


def vat_key(vat):
    """An intra-EU VAT number in compact upper case ("DE123456789"), "" when
    it is not one (no Member State prefix, or a French number whose key is
    wrong)."""
    compact = _digits(vat).upper()
    prefix, body = compact[:2], compact[2:]
    if prefix not in EU_VAT_PREFIXES or not _VAT_BODY.fullmatch(body) or not compact.isascii():
        return ""
    if prefix == "FR" and not _siren_of_french_vat(compact):
        return ""
    return compact


def organisation_siren(company_registry, vat):
    """The SIREN of a partner, from its registry number or its French VAT."""
    return siren(company_registry) or siren(vat)
