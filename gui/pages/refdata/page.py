"""The HS code browser: look up an HS 2022 code by digits or words, see where it sits in the
nomenclature (section → chapter → heading → subheading) and copy it.

Service calls: ``HsNomenclature.search`` as the user types, ``HsNomenclature.path`` and
``section_name`` for the detail pane (``services.refdata.hs``). Chinese names are a condensed
rendering of the customs tariff's titles and are marked unverified on the page.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from gui.context import GuiContext
from gui.widgets.hs_picker import (
    ArrowKeysToView,
    HsSearchView,
    level_name,
    results_summary,
    search_entries,
)
from services.core.i18n import _
from services.refdata.hs import HS_EDITION, HsEntry, HsNomenclature


class HsBrowserPage(QWidget):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.edition_label = QLabel(HS_EDITION, self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.view = HsSearchView(self)
        self.count_label = QLabel(self)

        self.detail_title = QLabel(self)
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.path_label.setTextFormat(Qt.TextFormat.RichText)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.copy_button = QPushButton(self)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(
            "QLabel { background: #fff4e5; color: #6b4500; border: 1px solid #f0c36d;"
            " border-radius: 4px; padding: 6px; }"
        )

        detail = QFrame(self)
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.path_label, 1)
        detail_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 500])

        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.edition_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search_edit)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.note_label)

        self._arrows = ArrowKeysToView(self.view, self)
        self.search_edit.installEventFilter(self._arrows)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_return_pressed)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.view.activated.connect(self._on_view_activated)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self._filled = False  # results are filled on first show: start-up need not load HS data
        self.retranslate()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if not self._filled:
            self._refresh()
        super().showEvent(event)

    @property
    def _hs(self) -> HsNomenclature:
        return self._ctx.reference.hs  # loads on first use (about 0.1 s)

    def retranslate(self) -> None:
        self.title_label.setText(_("HS codes"))
        self.edition_label.setToolTip(_("Codes and descriptions of the HS 2022 nomenclature"))
        self.search_edit.setPlaceholderText(
            _("Type a code (8507, 8507.60) or words (lithium battery, 蓄电池)")
        )
        self.copy_button.setText(_("Copy code"))
        self.note_label.setText(
            _(
                "English descriptions: UN Comtrade's condensed texts of the WCO HS 2022 "
                "nomenclature. Chinese names are a condensed rendering of the titles of China's "
                "customs tariff (unverified — check the official text before release)."
            )
        )
        self.view.results.retranslate()
        self._update_count()
        self._update_detail()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def current_entry(self) -> HsEntry | None:
        return self.view.current_entry()

    # ---- behaviour -------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._filled = True
        self.view.results.set_items(search_entries(self._hs, self.search_edit.text()))
        self.view.select_row(0)
        self._update_count()
        self._update_detail()

    def _update_count(self) -> None:
        self.count_label.setText(
            results_summary(self.view.results.rowCount(), self.search_edit.text())
        )

    def _update_detail(self) -> None:
        entry = self.view.current_entry()
        self.copy_button.setEnabled(entry is not None)
        if entry is None:
            self.detail_title.setText(_("No code chosen"))
            self.path_label.setText("")
            return
        self.detail_title.setText(
            _("{level} {code}").format(level=level_name(entry), code=entry.dotted())
        )
        rows = [
            (
                _("Section {number}").format(number=entry.section),
                self._hs.section_name(entry.section),
            )
        ]
        rows += [
            (f"{level_name(e)} {e.dotted()}", e.description()) for e in self._hs.path(entry.code)
        ]
        parts = []
        for depth, (label, text) in enumerate(rows):
            current = depth == len(rows) - 1
            weight = "bold" if current else "normal"
            parts.append(
                f'<div style="margin-left:{depth * 14}px; margin-bottom:6px;">'
                f'<span style="color:#6b6b6b;">{html.escape(label)}</span><br>'
                f'<span style="font-weight:{weight};">{html.escape(text)}</span></div>'
            )
        self.path_label.setText("".join(parts))

    @Slot(str)
    def _on_search_text_changed(self, _text: str) -> None:
        self._refresh()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        entry = self.view.current_entry()
        if entry is not None and entry.level < 6:
            self.search_edit.setText(entry.dotted())

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            entry = self.view.results.item(index.row())
            if entry.level < 6:
                self.search_edit.setText(entry.dotted())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_detail()

    @Slot()
    def _on_copy_clicked(self) -> None:
        entry = self.view.current_entry()
        if entry is None:
            return
        QApplication.clipboard().setText(entry.dotted())
        self._ctx.hub.status_message.emit(
            _("Copied {code} to the clipboard.").format(code=entry.dotted())
        )

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()
