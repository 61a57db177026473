"""Time stamps: always timezone-aware UTC, stored as ISO-8601 text."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_now_iso() -> str:
    return utc_now().isoformat(timespec="microseconds")


def parse_iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def local_today() -> date:
    """Today in the user's time zone (session dates, due dates)."""
    return utc_now().astimezone().date()
