"""ISO 4217 currency codes as Babel's CLDR data list them (``babel.numbers.list_currencies``).

Babel formats any three letters as a "currency" (``get_currency_name("XYZ")`` returns "XYZ"),
so a code is checked against the list instead.
"""

from __future__ import annotations

from functools import cache

from babel.numbers import list_currencies


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency_code(code: str) -> bool:
    """True for a known code written in capitals (``USD``; not ``usd`` or ``XYZ``)."""
    return code in currency_codes()
