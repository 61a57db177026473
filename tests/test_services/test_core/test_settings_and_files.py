"""Preferences survive bad files; writes are atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.core.files import atomic_write_text
from services.core.settings import Preferences, load_preferences, save_preferences


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_preferences(path, Preferences(locale="en", sample_offer_answered=True))
    assert load_preferences(path) == Preferences(locale="en", sample_offer_answered=True)


@pytest.mark.parametrize(
    "content",
    ["", "{", "[1, 2]", '{"locale": "fr"}', '{"sample_offer_answered": "yes"}', "\xff\xfe"],
)
def test_bad_settings_fall_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="latin-1")
    prefs = load_preferences(path)
    assert prefs.locale == "zh_CN"
    assert prefs.sample_offer_answered is False


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"locale": "en", "future_option": 3}', encoding="utf-8")
    assert load_preferences(path).locale == "en"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_preferences(tmp_path / "none.json") == Preferences()


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.txt"
    atomic_write_text(target, "old")

    def broken_replace(self: Path, other: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]


def test_exchange_rates_round_trip_and_bad_entries_are_dropped(tmp_path: Path) -> None:
    from datetime import date
    from decimal import Decimal

    from services.core.settings import ExchangeRate

    path = tmp_path / "settings.json"
    usd = ExchangeRate("USD", Decimal("7.1035"), date(2026, 11, 20))
    save_preferences(path, Preferences(exchange_rates=(usd,)))
    assert load_preferences(path).exchange_rate("USD") == usd
    assert load_preferences(path).exchange_rate("JPY") is None
    path.write_text(
        '{"exchange_rates": [{"currency": "usd", "cny_per_unit": "7.1", "date": "2026-11-20"},'
        ' {"currency": "JPY", "cny_per_unit": "-1", "date": "2026-11-20"},'
        ' {"currency": "EUR", "cny_per_unit": "x", "date": "2026-11-20"},'
        ' {"currency": "GBP", "cny_per_unit": "9.1", "date": "soon"}, 3]}',
        encoding="utf-8",
    )
    assert [r.currency for r in load_preferences(path).exchange_rates] == ["USD"]
