"""Language switching and Babel formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.core import i18n


def test_default_is_simplified_chinese() -> None:
    assert i18n.current_locale() == "zh_CN"
    assert i18n._("Cancel") == "取消"


def test_english_is_the_source_language() -> None:
    i18n.set_locale("en")
    assert i18n._("Cancel") == "Cancel"


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_Hans_CN", "zh_CN"),
        ("EN", "en"),
        ("en_US", "en"),
        (None, "zh_CN"),
        ("", "zh_CN"),
    ],
)
def test_locale_spellings(spelling: str | None, expected: str) -> None:
    assert i18n.normalise_locale(spelling) == expected


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the value is the message
        i18n.normalise_locale("fr")


def test_listeners_hear_the_switch() -> None:
    heard: list[str] = []
    i18n.on_locale_changed(heard.append)
    i18n.set_locale("en")
    assert heard[-1] == "en"


@pytest.mark.parametrize(
    ("locale", "money", "day", "rate", "count"),
    [
        ("zh_CN", "¥1,234.50", "2024年3月5日", "4.6%", "12,345"),
        ("en", "CN¥1,234.50", "Mar 5, 2024", "4.6%", "12,345"),
    ],
)
def test_formatting_follows_the_locale(
    locale: str, money: str, day: str, rate: str, count: str
) -> None:
    i18n.set_locale(locale)
    assert i18n.format_money(Decimal("1234.5"), "CNY") == money
    assert i18n.format_date(date(2024, 3, 5)) == day
    assert i18n.format_percent(Decimal("4.6")) == rate
    assert i18n.format_integer(12345) == count


def test_percent_keeps_the_decimal_that_matters() -> None:
    assert i18n.format_percent(12.5) == "12.5%"
    assert i18n.format_percent(0) == "0.0%"


def test_a_thread_language_leaves_the_app_language_and_its_listeners_alone() -> None:
    import threading

    i18n.set_locale("zh_CN")
    heard: list[str] = []
    i18n.on_locale_changed(heard.append)
    seen: dict[str, str] = {}
    inside = threading.Event()
    release = threading.Event()

    def work() -> None:
        with i18n.thread_locale("en"):
            seen["thread"] = i18n._("Companies")
            seen["money"] = i18n.format_money(Decimal("1234.5"), "CNY")
            inside.set()
            release.wait(5)
        seen["after"] = i18n._("Companies")

    worker = threading.Thread(target=work)
    worker.start()
    assert inside.wait(5)
    seen["app"] = i18n._("Companies")
    release.set()
    worker.join(5)
    assert seen["thread"] == "Companies"
    assert seen["money"] == "CN¥1,234.50"
    assert seen["app"] == seen["after"] == "企业档案"
    assert i18n.current_locale() == "zh_CN"
    assert heard == []
    i18n._listeners.remove(heard.append)
