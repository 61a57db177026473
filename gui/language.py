"""Switching the language while the app runs.

Our own strings come from the gettext catalog (services.core.i18n); Qt's built-in buttons and
dialogs from Qt's ``qtbase_<locale>.qm``. Both, and ``QLocale.setDefault`` (used by Qt's editor
widgets), are kept in step here. Widgets follow through ``ctx.hub.language_changed``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.context import GuiContext
from services.core.i18n import current_locale, normalise_locale, set_locale

log = logging.getLogger(__name__)

_TRANSLATOR_NAME = "exportpilot-qtbase"


def install_qt_translations(locale: str) -> bool:
    """Install Qt's own catalog for ``locale`` (replacing the previous one); set QLocale.

    Returns whether a Qt catalog was loaded (English needs none).
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_qt_translations needs a QApplication")
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.setParent(None)  # no longer found by findChildren; freed with its wrapper
    QLocale.setDefault(QLocale("zh_CN" if locale.startswith("zh") else "en_US"))
    if locale == "en":
        return False
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{locale}", folder):
        log.warning("Qt translations qtbase_%s not found in %s", locale, folder)
        translator.setParent(None)
        return False
    QCoreApplication.installTranslator(translator)
    return True


def apply_language(ctx: GuiContext, locale: str) -> None:
    """Switch the whole app to ``locale`` now, remember it, and tell every widget."""
    locale = normalise_locale(locale)
    set_locale(locale)
    install_qt_translations(locale)
    ctx.update_prefs(ctx.prefs.with_changes(locale=locale))
    ctx.hub.language_changed.emit(current_locale())
