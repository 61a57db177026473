"""Countries and market groups named in the current language."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from services.core.errors import ValidationError
from services.core.i18n import set_locale
from services.refdata import countries


def test_country_codes_match_iso_3166(shared_data: Path) -> None:
    with (shared_data / "country-codes" / "country-codes.csv").open(encoding="utf-8") as f:
        iso = {row["ISO3166-1-Alpha-2"] for row in csv.DictReader(f) if row["ISO3166-1-Alpha-2"]}
    assert set(countries.country_codes()) == iso


def test_names_follow_the_language() -> None:
    assert countries.market_name("JP") == "日本"
    assert countries.market_name("VN") == "越南"
    assert countries.market_name("TW") == "中国台湾"
    set_locale("en")
    assert countries.market_name("JP") == "Japan"
    assert countries.market_name("ASEAN") == "ASEAN"


def test_all_markets_lists_groups_first_without_duplicates() -> None:
    markets = countries.all_markets()
    codes = [m.code for m in markets]
    assert codes[: len(countries.MARKET_GROUPS)] == list(countries.MARKET_GROUPS)
    assert len(codes) == len(set(codes))
    assert "GB" not in codes  # the United Kingdom is the UK group
    assert "DE" in codes


@pytest.mark.parametrize(
    ("raw", "code"), [("jp", "JP"), ("GB", "UK"), ("ru-cis", "RU_CIS"), (" de ", "DE")]
)
def test_normalise(raw: str, code: str) -> None:
    assert countries.normalise_market(raw) == code


@pytest.mark.parametrize("raw", ["", "XX", "EUROPE", "ZZ"])
def test_unknown_market(raw: str) -> None:
    with pytest.raises(ValidationError):
        countries.normalise_market(raw)


def test_china_is_not_an_export_market() -> None:
    assert "CN" not in [m.code for m in countries.all_markets()]
    with pytest.raises(ValidationError) as info:
        countries.normalise_market("cn")
    assert "中国" in info.value.message


def test_sort_key_orders_country_names() -> None:
    names = [m.name for m in countries.all_markets(sort_key=len) if not m.is_group]
    assert [len(n) for n in names] == sorted(len(n) for n in names)


@pytest.mark.parametrize(
    ("code", "group"),
    [("DE", "EU"), ("VN", "ASEAN"), ("NZ", "AUNZ"), ("AE", "GCC"), ("BR", "LATAM"),
     ("CU", "LATAM"), ("NG", "AFRICA"), ("EG", "AFRICA"), ("KZ", "RU_CIS"), ("GB", "UK"),
     ("UK", "UK"), ("JP", "JP"), ("IN", "OTHER"), ("ASEAN", "ASEAN")],
)  # fmt: skip
def test_market_group(code: str, group: str) -> None:
    assert countries.market_group(code) == group


def test_derived_region_table_matches_its_source(shared_data: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    table = REPO_ROOT / "resources" / "data" / "countries" / "m49_regions.csv"
    before = table.read_bytes()
    done = subprocess.run(
        [sys.executable, "scripts/build_country_regions.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert table.read_bytes() == before, "regenerate with scripts/build_country_regions.py"
