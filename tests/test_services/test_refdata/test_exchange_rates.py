"""Exchange rates from a configured URL (docs/exchange-rates.md): fetched from a local HTTP
server, checked field by field, merged into Settings without losing newer hand-typed rates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import UpdateError
from services.core.settings import ExchangeRate, Preferences, load_preferences, save_preferences
from services.refdata.exchange_rates import (
    FetchedRates,
    fetch_exchange_rates,
    merge_rates,
    parse_rates_document,
)
from tests.cli_support import Cli
from tests.pack_server import PackServer, quick_client

TODAY = date(2026, 11, 29)
DOCUMENT: dict[str, Any] = {
    "format": "exportpilot-exchange-rates",
    "schema": 1,
    "base": "CNY",
    "date": "2026-11-27",
    "source": "PBOC central parity",
    "rates": {
        "USD": "7.1052",
        "JPY": 0.047135,
        "EUR": {"cny_per_unit": "8.23", "date": "2026-11-26"},
    },
}


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PackServer]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "rates.json").write_text(json.dumps(DOCUMENT), encoding="utf-8")
    with PackServer(site) as running:
        yield running


def parse(document: dict[str, Any]) -> FetchedRates:
    return parse_rates_document(json.dumps(document).encode(), url="u", today=TODAY)


def test_fetch_reads_every_rate_with_its_date(server: PackServer) -> None:
    with quick_client() as client:
        fetched = fetch_exchange_rates(server.url + "rates.json", client=client)
    assert fetched.date == date(2026, 11, 27)
    assert fetched.source == "PBOC central parity"
    assert fetched.rates == (
        ExchangeRate("EUR", Decimal("8.23"), date(2026, 11, 26)),
        ExchangeRate("JPY", Decimal("0.047135"), date(2026, 11, 27)),
        ExchangeRate("USD", Decimal("7.1052"), date(2026, 11, 27)),
    )


@pytest.mark.parametrize(
    "change",
    [
        {"format": "other"},
        {"schema": 2},
        {"base": "USD"},
        {"date": "27/11/2026"},
        {"date": "2026-12-31"},  # in the future
        {"rates": {}},
        {"rates": {"XYZ": "1"}},
        {"rates": {"CNY": "1"}},
        {"rates": {"USD": "-7"}},
        {"rates": {"USD": "NaN"}},
        {"rates": {"USD": True}},
        {"rates": {"USD": "seven"}},
        {"rates": {"USD": {"cny_per_unit": "7", "date": "2027-01-01"}}},
        {"source": ["a list"]},
    ],
)
def test_bad_documents_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(UpdateError) as caught:
        parse({**DOCUMENT, **change})
    assert caught.value.code == "bad_rates"


@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_refused_cleanly(data: bytes) -> None:
    with pytest.raises(UpdateError):
        parse_rates_document(data, url="u", today=TODAY)


def test_merge_keeps_rates_typed_for_a_later_date() -> None:
    typed = (
        ExchangeRate("USD", Decimal("7.20"), date(2026, 11, 28)),
        ExchangeRate("THB", Decimal("0.2"), date(2026, 1, 1)),
        ExchangeRate("JPY", Decimal("0.05"), date(2026, 1, 1)),
    )
    merged = merge_rates(typed, parse(DOCUMENT))
    by_code = {r.currency: r for r in merged.rates}
    assert by_code["USD"].cny_per_unit == Decimal("7.20")  # typed later than the feed
    assert by_code["JPY"].cny_per_unit == Decimal("0.047135")
    assert by_code["THB"].cny_per_unit == Decimal("0.2")  # not in the feed: kept
    assert merged.kept == ("USD",)
    assert merged.updated == ("EUR", "JPY")


def test_command_saves_the_rates(server: PackServer, cli: Cli) -> None:
    cli.data_dir.mkdir()
    settings = cli.data_dir / "settings.json"
    save_preferences(settings, Preferences(exchange_rate_url=server.url + "rates.json"))
    out = cli("data", "rates", "fetch")
    assert out["updated"] == ["EUR", "JPY", "USD"]
    prefs = load_preferences(settings)
    assert prefs.exchange_rate("USD") == ExchangeRate("USD", Decimal("7.1052"), date(2026, 11, 27))
    assert prefs.exchange_rate_url == server.url + "rates.json"


def test_command_without_a_url(cli: Cli) -> None:
    assert cli("data", "rates", "fetch", status=2)["error"]["field"] == "url"
