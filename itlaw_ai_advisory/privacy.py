"""The firm's own GDPR duties, the parts decidable without a database:
consent proofs, free-text answers, retention and link expiry dates."""

import hashlib
import hmac
from datetime import date, datetime, timedelta

from .catalog import get_catalog

# Question types whose answers are typed by the visitor (names of vendors,
# people...): personal data that erasure removes. Choices are not.
FREE_TEXT_TYPES = frozenset({"text"})


def consent_proof(secret, email, when, version):
    """A keyed SHA-256 of who consented, when and to which text: proves after
    erasure that a consent existed, and reveals nothing without the key and
    the email."""
    if isinstance(when, (datetime, date)):
        when = when.isoformat()
    message = "\x1f".join([(email or "").strip().lower(), str(when or ""), str(version or "")])
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def free_text_question_ids(catalog=None):
    """Ids of the questions answered in the visitor's own words."""
    catalog = catalog or get_catalog()
    return frozenset(
        question.id for question in catalog.questions.values() if question.type in FREE_TEXT_TYPES
    )


def strip_free_text(answers, catalog=None):
    """``answers`` without the answers typed in the visitor's own words."""
    drop = free_text_question_ids(catalog)
    return {key: value for key, value in (answers or {}).items() if key not in drop}


def years_before(moment, years):
    """``moment`` ``years`` years earlier (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def is_expired(last_contact, now, years):
    """Whether a prospect last in contact at ``last_contact`` is past retention."""
    return last_contact is not None and last_contact < years_before(now, years)


def link_expiry(issued, days):
    """When a self-service link issued at ``issued`` stops working."""
    return issued + timedelta(days=days)
