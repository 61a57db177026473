"""Domain preferences (language, first-start choices) as JSON in the data folder.

UI state such as window geometry belongs to the GUI (QSettings); what lives here must be
readable by the command line and tests without Qt.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from services.core.files import atomic_write_text
from services.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Preferences:
    locale: str = DEFAULT_LOCALE
    sample_offer_answered: bool = False

    def with_changes(self, **changes: Any) -> Preferences:
        return replace(self, **changes)


def load_preferences(path: Path) -> Preferences:
    """Unreadable or unknown values fall back to defaults; the app must always start."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    prefs = Preferences(**{k: v for k, v in raw.items() if k in known})
    if prefs.locale not in SUPPORTED_LOCALES:
        prefs = prefs.with_changes(locale=DEFAULT_LOCALE)
    if not isinstance(prefs.sample_offer_answered, bool):
        prefs = prefs.with_changes(sample_offer_answered=False)
    return prefs


def save_preferences(path: Path, prefs: Preferences) -> None:
    atomic_write_text(path, json.dumps(asdict(prefs), ensure_ascii=False, indent=2) + "\n")
