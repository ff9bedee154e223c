"""Fee arrangements: the result fee is only ever a complement; VAT arithmetic."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itlaw_ai_advisory.fees import BASE_ARRANGEMENTS, amount_incl_vat, fee_problems


@pytest.mark.parametrize(
    ("arrangements", "problems"),
    [
        ({"result"}, ["result_alone"]),
        ({"fixed", "result"}, []),
        ({"hourly", "result"}, []),
        ({"subscription", "result"}, []),
        ({"fixed"}, []),
        (set(), []),
    ],
)
def test_fee_problems(arrangements, problems):
    assert fee_problems(arrangements) == problems


@given(st.sets(st.sampled_from(BASE_ARRANGEMENTS)))
def test_a_base_fee_makes_any_result_fee_lawful(bases):
    with_result = fee_problems(bases | {"result"})
    assert (with_result == []) == bool(bases)
    assert fee_problems(bases) == []


@pytest.mark.parametrize(
    ("amount", "rate", "total"),
    [(1500, 20, 1800.0), (0, 20, 0.0), (99.99, 20, 119.99), (250, 0, 250.0), (10.005, 0, 10.01)],
)
def test_amount_incl_vat(amount, rate, total):
    assert amount_incl_vat(amount, rate) == total


@given(
    st.decimals(min_value=0, max_value=10**7, places=2),
    st.decimals(min_value=0, max_value=100, places=1),
)
def test_vat_never_lowers_the_amount(amount, rate):
    assert amount_incl_vat(amount, rate) >= float(amount)
