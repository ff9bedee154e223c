"""Fee arrangements of a convention d'honoraires (art. 10 of loi n° 71-1130 of
31 December 1971, as amended by loi n° 2015-990, "loi Macron").

The agreement must state the fees or how they are determined; a result-based
fee (honoraire de résultat) is lawful only as a complement to a fee that does
not depend on the result: a fixed fee (forfait, a subscription being a
periodic forfait) or a time-based fee. Pure arithmetic and rules, no Odoo.
"""

from decimal import ROUND_HALF_UP, Decimal

BASE_ARRANGEMENTS = ("fixed", "hourly", "subscription")


def fee_problems(arrangements):
    """What makes a set of arrangements unlawful, as problem codes.

    ``arrangements`` is an iterable of codes among ``BASE_ARRANGEMENTS`` and
    ``"result"``. ``"result_alone"``: a result fee without a base fee.
    """
    chosen = set(arrangements)
    if "result" in chosen and not chosen & set(BASE_ARRANGEMENTS):
        return ["result_alone"]
    return []


def amount_incl_vat(amount, vat_rate):
    """``amount`` (excl. VAT) with ``vat_rate`` percent of VAT, rounded to the
    cent, half up (the way an invoice shows it)."""
    total = Decimal(str(amount or 0)) * (1 + Decimal(str(vat_rate or 0)) / 100)
    return float(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
