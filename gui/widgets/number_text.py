"""Numbers as users type them in line edits and table cells."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_IGNORED = (",", " ", "，", "\u00a0", "¥", "￥", "$", "€")  # group separators, currency signs


def parse_number(text: str) -> Decimal | None:
    """A number as typed: "1,234.50", "1 234.5", "¥12" → Decimal; None if it is not one."""
    cleaned = text.strip()
    for junk in _IGNORED:
        cleaned = cleaned.replace(junk, "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
