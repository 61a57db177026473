"""The importer's alternative claims of Art 2.6.6 with rates from the tariff data on file
(services/rcep/claim_rates.py), and their place in the ``origin assess`` output."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from services.core.i18n import set_locale
from services.core.store import DataStore
from services.rcep import defaults
from services.rcep.claim_rates import box11_claims, claim_rates
from services.rcep.defaults import load_default_tariffs
from services.rcep.origin import assess, request_from_json
from services.rcep.packs import read_pack
from services.rcep.tariff_models import AANZ, MfnLine, Rate, ScheduleLine, TariffPack, TariffSource
from services.rcep.tariff_repository import TariffRepository
from tests.cli_support import Cli
from tests.test_services.test_rcep.origin_input import origin_input

DAY = date(2026, 6, 1)  # Japan's RCEP year 6


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


@pytest.fixture
def repo(store: DataStore) -> TariffRepository:
    """Japan: two national T-shirt lines (China 4.6 and 6.8, AANZ 0); no schedule for Korea,
    so Korea's rate is not on file although the MFN rate is."""
    repo = TariffRepository(store.db)
    source = TariffSource("test-jp", "applied", "JP", "Test tariff", "2026-04-01", "test",
                          "2022")  # fmt: skip
    repo.replace_source(
        TariffPack(
            source,
            lines=[
                ScheduleLine("CN", "610910010", "T-shirts, cotton", {6: _pct("4.6")}),
                ScheduleLine("CN", "610910090", "T-shirts, other", {6: _pct("6.8")}),
                ScheduleLine(AANZ, "610910010", "T-shirts, cotton", {6: _pct("0")}),
                ScheduleLine(AANZ, "610910090", "T-shirts, other", {6: _pct("0")}),
            ],
            mfn=[
                MfnLine("610910010", "T-shirts, cotton", _pct("7.4")),
                MfnLine("610910090", "T-shirts, other", _pct("10.9")),
            ],
        )
    )
    return repo


def t_shirts(**changes: Any) -> dict[str, Any]:
    """Made in China for Japan, with Australian fabric and Korean trim (both originating)."""
    materials = [
        {"name": "fabric", "hs": "6006.21", "value": 30.0, "origin": "AU", "originating": True},
        {"name": "trim", "hs": "5807.10", "value": 5.0, "origin": "KR", "originating": True},
        {"name": "buttons", "hs": "9606.21", "value": 2.0, "origin": None},
    ]
    product = {"hs": "6109.10", "fob_value": 100.0, "currency": "USD"}
    return origin_input(**{"product": product, "rule": "CC", "materials": materials, **changes})


def test_rates_per_party_with_no_data_and_differing_lines(repo: TariffRepository) -> None:
    rates = claim_rates(repo, "610910", "JP", DAY)
    assert rates is not None
    assert rates.rcep_year == 6
    assert "JP" not in rates.rates
    assert rates.rate_for("CN") == Decimal("6.8")  # the highest of its two lines
    assert rates.rate_for("AU") == rates.rate_for("VN") == Decimal(0)
    assert rates.rate_for("KR") is None  # only MFN on file: not Korea's RCEP rate
    assert len(rates.notes) == 1
    assert "different rates for China" in rates.notes[0]
    exact = claim_rates(repo, "6109.10.010", "JP", DAY)
    assert exact is not None
    assert exact.rate_for("CN") == Decimal("4.6")
    assert exact.notes == ()


def test_no_tariff_data_for_the_importing_party(repo: TariffRepository) -> None:
    assert claim_rates(repo, "610910", "KR", DAY) is None
    request = request_from_json(t_shirts(importing_party="KR"))
    assert box11_claims(request, assess(request), repo, DAY) is None


def test_claims_a_and_b_for_an_originating_good(repo: TariffRepository) -> None:
    request = request_from_json(t_shirts())
    result = assess(request)
    assert result.originating
    claims = box11_claims(request, result, repo, DAY)
    assert claims is not None
    assert claims.contributing == ("AU", "KR")
    a, b = claims.claims.contributors, claims.claims.any_party
    assert a is not None
    assert b is not None
    assert (a.party, a.rate, a.complete) == ("AU", Decimal(0), False)  # Korea: no data
    assert (b.party, b.rate, b.complete) == ("CN", Decimal("6.8"), False)
    assert any("no rate of Japan is on file for South Korea" in n for n in claims.notes)
    assert any("different rates for China" in n for n in claims.notes)
    data = claims.to_json()
    assert data["date"] == "2026-06-01"
    assert data["rcep_year"] == 6
    assert data["contributing_parties"] == ["AU", "KR"]
    assert data["contributors"]["box11_text"] == "Australia *"
    assert data["any_party"]["box11_text"] == "China **"
    assert data["any_party"]["rate"] == 6.8
    assert data["rates"]["KR"] is None
    assert data["rates"]["AU"] == 0.0


def test_no_claims_when_not_originating_or_no_importer(repo: TariffRepository) -> None:
    bad = request_from_json(t_shirts(direct_consignment=False))
    assert box11_claims(bad, assess(bad), repo, DAY) is None
    anywhere = request_from_json(t_shirts(importing_party=None))
    assert box11_claims(anywhere, assess(anywhere), repo, DAY) is None


def test_claim_a_does_not_apply_without_contributing_parties(repo: TariffRepository) -> None:
    request = request_from_json(
        t_shirts(materials=[{"name": "yarn", "hs": "5205.11", "value": 30.0, "origin": None}])
    )
    claims = box11_claims(request, assess(request), repo, DAY)
    assert claims is not None
    assert claims.contributing == ()
    assert claims.claims.contributors is None
    assert claims.claims.any_party is not None
    assert claims.to_json()["contributors"] is None


def test_origin_assess_adds_the_claims_only_with_tariff_data(tmp_path: Path, cli: Cli) -> None:
    def assess_file(data: dict[str, Any]) -> Any:
        path = tmp_path / "input.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return cli("origin", "assess", str(path))

    battery = origin_input(date="2026-06-01")
    out = assess_file(battery)  # Japan's tariff is embedded and loaded on first use
    claims = out["box11"]["alternative_claims"]
    assert (claims["date"], claims["rcep_year"]) == ("2026-06-01", 6)
    assert claims["contributors"]["box11_text"] == "Korea *"
    assert claims["any_party"]["box11_text"] == "China **"  # every rate 0: the exporter first
    assert set(claims["rates"]) == {
        "AU", "BN", "CN", "ID", "KH", "KR", "LA", "MM", "MY", "NZ", "PH", "SG", "TH", "VN"
    }  # fmt: skip
    korea = assess_file({**battery, "importing_party": "KR"})  # no Korean tariff
    assert korea["box11"] is not None
    assert "alternative_claims" not in korea["box11"]
    anywhere = assess_file({**battery, "importing_party": None})
    assert "alternative_claims" not in anywhere["box11"]


def test_embedded_packs_are_parsed_only_when_one_is_to_be_loaded(
    store: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    def counted(path: Path) -> Any:
        parsed.append(path.name)
        return read_pack(path)

    monkeypatch.setattr(defaults, "read_pack", counted)
    defaults._read_cached.cache_clear()
    repo = TariffRepository(store.db)
    first = load_default_tariffs(store.db)
    assert first
    assert len(parsed) == len(first)
    assert repo.sources("JP")
    defaults._read_cached.cache_clear()
    assert load_default_tariffs(store.db) == []  # every edition stored: no pack parsed again
    assert len(parsed) == len(first)
    store.db.execute(
        "UPDATE tariff_sources SET edition_date = '2000-01-01' WHERE id = 'jp-applied'"
    )
    assert load_default_tariffs(store.db) == ["jp-applied"]  # older on file: replaced
    assert parsed[-1].startswith("jp-applied")
    reloaded = repo.source_edition("jp-applied")
    assert reloaded is not None
    assert reloaded[0] > "2000-01-01"
