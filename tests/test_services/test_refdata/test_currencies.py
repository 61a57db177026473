"""The one currency check of Settings and the exchange-rate feed."""

from __future__ import annotations

import pytest
from babel.numbers import get_currency_name

from services.core.errors import UpdateError
from services.refdata.currencies import is_currency_code
from services.refdata.exchange_rates import parse_rates_document


@pytest.mark.parametrize("code", ["USD", "JPY", "EUR", "CNY", "KRW", "VND"])
def test_iso_codes_are_known(code: str) -> None:
    assert is_currency_code(code)


@pytest.mark.parametrize("code", ["XYZ", "ABC", "usd", "US", "USDX", ""])
def test_made_up_or_malformed_codes_are_not(code: str) -> None:
    assert not is_currency_code(code)


def test_babel_alone_would_accept_a_made_up_code() -> None:
    assert get_currency_name("XYZ", locale="en") == "XYZ"  # why the list is checked instead


def test_the_feed_refuses_a_made_up_code() -> None:
    document = (
        b'{"format": "exportpilot-exchange-rates", "schema": 1, "base": "CNY",'
        b' "date": "2026-11-27", "rates": {"XYZ": "7.1"}}'
    )
    with pytest.raises(UpdateError) as info:
        parse_rates_document(document, url="http://127.0.0.1/rates.json")
    assert "XYZ" in info.value.message
