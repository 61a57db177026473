"""Writing a report in a language other than the app's.

The language is switched for the building thread only (services.core.i18n.thread_locale): the
window, and every other thread, keep the app's language, and no language-changed listener runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from services.core.i18n import current_locale, thread_locale


@contextmanager
def report_language(locale: str | None) -> Iterator[str]:
    """Run the body with ``locale`` (default: the current one) as the language; yields it."""
    with thread_locale(locale or current_locale()) as wanted:
        yield wanted
