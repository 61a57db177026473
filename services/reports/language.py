"""Writing a report in a language other than the app's.

The app has one current language (services.core.i18n); a report asked for in another one
switches it while the report's texts are built and switches back afterwards, even on an error.
Reports build their texts one at a time (a lock), and the switch is skipped when the language
is already the current one. Only the text building runs inside the switch: the PDF is drawn
afterwards from texts that are already translated.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from services.core.i18n import current_locale, normalise_locale, set_locale

_lock = threading.RLock()


@contextmanager
def report_language(locale: str | None) -> Iterator[str]:
    """Run the body with ``locale`` (default: the current one) as the language; yields it."""
    with _lock:
        previous = current_locale()
        wanted = normalise_locale(locale) if locale else previous
        if wanted == previous:
            yield wanted
            return
        set_locale(wanted)
        try:
            yield wanted
        finally:
            set_locale(previous)
