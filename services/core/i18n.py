"""Language of the app: gettext catalogs for text, Babel (CLDR) for numbers, money and dates.

Source strings are English; ``resources/locale/zh_CN`` holds the Simplified Chinese catalog,
which is the default language. Call :func:`set_locale` once at start-up and again when the user
switches language; everything translated afterwards follows. Strings defined at import time are
marked with :func:`N_` and translated where they are shown.

Rules (checked by tests/test_catalogs.py): wrap literals only, never f-strings; interpolate after
translating with named fields: ``_("{count} companies").format(count=n)``.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from babel import Locale, dates, numbers
from babel.support import Translations

from services.core.paths import resource_dir

DEFAULT_LOCALE = "zh_CN"
SUPPORTED_LOCALES: tuple[str, ...] = ("zh_CN", "en")
LANGUAGE_NAMES = {
    "zh_CN": "简体中文",
    "en": "English",
}  # each in its own language, never translated

_translations: gettext.NullTranslations = gettext.NullTranslations()
_locale = "en"
_listeners: list[Callable[[str], None]] = []
# A language for one thread only (e.g. a report in English built off the GUI thread while the
# window stays in Chinese); the app language and its listeners are left alone.
_thread = threading.local()


def normalise_locale(value: str | None) -> str:
    """Map user spellings (zh, zh-CN, zh_Hans_CN, en_US, EN) to a supported locale."""
    if not value:
        return DEFAULT_LOCALE
    key = value.replace("-", "_").strip().lower()
    if key.startswith("zh"):
        return "zh_CN"
    if key.startswith("en"):
        return "en"
    raise ValueError(value)


def _load(locale: str) -> gettext.NullTranslations:
    if locale == "en":
        return gettext.NullTranslations()
    return Translations.load(str(resource_dir() / "locale"), [locale], "messages")


def set_locale(locale: str) -> None:
    global _translations, _locale
    locale = normalise_locale(locale)
    _translations = _load(locale)
    _locale = locale
    for listener in list(_listeners):
        listener(locale)


@contextmanager
def thread_locale(locale: str) -> Iterator[str]:
    """Translate and format in ``locale`` on this thread only, for the body's duration."""
    wanted = normalise_locale(locale)
    saved = getattr(_thread, "override", None)
    _thread.override = (_load(wanted), wanted)
    try:
        yield wanted
    finally:
        _thread.override = saved


def _active() -> tuple[gettext.NullTranslations, str]:
    override: tuple[gettext.NullTranslations, str] | None = getattr(_thread, "override", None)
    return override if override is not None else (_translations, _locale)


def current_locale() -> str:
    return _active()[1]


def is_chinese() -> bool:
    return current_locale().startswith("zh")


def on_locale_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _active()[0].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active()[0].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active()[0].pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it now."""
    return message


def babel_locale() -> Locale:
    return Locale.parse(current_locale())


def format_integer(value: int) -> str:
    return numbers.format_decimal(value, locale=current_locale())


def format_decimal(value: Decimal | float | int, digits: int = 2) -> str:
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return numbers.format_decimal(value, format=pattern, locale=current_locale())


def format_percent(value: Decimal | float, digits: int = 1) -> str:
    """``value`` is in percent (4.6 means 4.6 %), as everywhere in the app."""
    pattern = "#,##0." + "0" * digits + "%" if digits > 0 else "#,##0%"
    return numbers.format_percent(
        Decimal(str(value)) / 100, format=pattern, locale=current_locale()
    )


def format_money(amount: Decimal | float | int, currency: str) -> str:
    return numbers.format_currency(amount, currency, locale=current_locale())


def format_date(value: date, style: str = "medium") -> str:
    return dates.format_date(value, format=style, locale=current_locale())


def format_month(value: date, *, with_year: bool) -> str:
    """A month as on a time axis: "Aug" / "8月", or "Aug 2026" / "2026年8月"."""
    return dates.format_skeleton("yMMM" if with_year else "MMM", value, locale=current_locale())


def format_datetime(value: datetime, style: str = "medium") -> str:
    return dates.format_datetime(value, format=style, locale=current_locale())


def format_size(num_bytes: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if num_bytes >= size:
            return f"{format_decimal(num_bytes / size, 1)} {unit}"
    return _("{count} bytes").format(count=format_integer(num_bytes))
