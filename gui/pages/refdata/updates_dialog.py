"""Data updates: the reference-data packs in use, "Check for updates" and a rollback per pack.

Service calls (all as ``db=True`` tasks on ctx.tasks, with the progress dialog of
gui/tasks.py and its Cancel button): services.refdata.updates.pack_status, update_from_url
(over services.refdata.http.HttpClient with the proxy from Settings) and rollback. After a
change the dialog shows a summary of what changed and announces ``data_replaced`` on the hub,
so that pages and the status bar re-read the data.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from sqlite_utils import Database

from gui import dialogs
from gui.context import GuiContext
from gui.errors import error_text
from services.core.i18n import _, format_date
from services.core.progress import Cancelled, CancelToken, ProgressFn
from services.refdata.datapacks import PackKinds
from services.refdata.http import HttpClient, HttpOptions
from services.refdata.updates import (
    PackChange,
    PackStatus,
    UpdateSummary,
    pack_status,
    rollback,
    update_from_url,
)


def pack_label(name: str) -> str:
    """A pack name as users read it."""
    if name.startswith("tariffs-"):
        return _("Tariffs {source}").format(source=name[len("tariffs-") :])
    labels = {
        "psr": _("Product-specific rules"),
        "questionnaire": _("Readiness questionnaire"),
        "service-catalogue": _("Service catalogue"),
    }
    return labels.get(name, name)


def _date_text(day: str) -> str:
    from datetime import date

    try:
        return format_date(date.fromisoformat(day))
    except ValueError:
        return day


def summary_text(summary: UpdateSummary) -> str:
    lines = []
    if summary.changed:
        lines.append(_("Updated:"))
        for change in summary.changed:
            lines.append(change_text(change))
    else:
        lines.append(_("Everything is up to date; nothing was changed."))
    for skip in summary.skipped:
        lines.append(
            _("Not installed: {pack} {version} — {reason}").format(
                pack=pack_label(skip.name), version=skip.version, reason=skip.reason
            )
        )
    return "\n".join(lines)


def change_text(change: PackChange) -> str:
    return _("{pack}: {old} → {new} (edition {date})").format(
        pack=pack_label(change.name),
        old=change.from_version or _("none"),
        new=change.to_version or _("none"),
        date=_date_text(change.date) if change.date else "—",
    )


class DataUpdatesDialog(QDialog):
    packs_changed = Signal()

    COLUMNS = 5

    def __init__(
        self,
        ctx: GuiContext,
        parent: QWidget | None = None,
        *,
        url: str | None = None,
        proxy: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._url = ctx.prefs.update_url if url is None else url
        self._proxy = ctx.prefs.update_proxy if proxy is None else proxy
        self._status: list[PackStatus] = []
        self.setMinimumSize(720, 420)

        self.url_label = QLabel()
        self.url_label.setWordWrap(True)
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.summary = QLabel()
        self.summary.setObjectName("updateSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton()
        self.rollback_button = QPushButton()
        self.check_button.clicked.connect(self.check_for_updates)
        self.rollback_button.clicked.connect(self._on_rollback_clicked)
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.close_button.clicked.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.rollback_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.url_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Data updates"))
        self.url_label.setText(
            _("Update address: {url}").format(url=self._url)
            if self._url
            else _("No update address is set (Settings): the app works with the data it has.")
        )
        self.table.setHorizontalHeaderLabels(
            [_("Data"), _("Version"), _("Edition"), _("Previous version"), _("Source")]
        )
        self.check_button.setText(_("Check for updates"))
        self.rollback_button.setText(_("Roll back"))
        self.rollback_button.setToolTip(
            _("Go back to the version in use before the last update of the selected data")
        )
        self.close_button.setText(_("Close"))
        self._fill()

    # ---- status ----------------------------------------------------------------------------

    def _kinds(self) -> PackKinds:
        return PackKinds(self.ctx.pack_kinds)

    def refresh(self) -> None:
        kinds = self._kinds()

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> list[PackStatus]:
            return pack_status(db, kinds)

        self.ctx.tasks.run(
            work, on_success=self._on_status, on_failure=self._on_failed, parent=self, db=True
        )

    def _alive(self) -> bool:
        """False once the dialog was closed (and deleted) while a task was still running."""
        return isValid(self) and isValid(self.table)

    def _on_status(self, status: list[PackStatus]) -> None:
        if self._alive():
            self._status = status
            self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self._status))
        for row, entry in enumerate(self._status):
            info = entry.info
            previous = entry.previous.info.version if entry.previous else ""
            cells = (
                pack_label(info.name),
                info.version,
                _date_text(info.date),
                previous or ("—" if entry.previous is None else _("none")),
                info.source,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(info.name if column == 0 else text)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected(self) -> PackStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self._status[rows[0].row()] if rows else None

    def select_pack(self, name: str) -> None:
        for row, entry in enumerate(self._status):
            if entry.info.name == name:
                self.table.selectRow(row)

    @Slot()
    def _update_buttons(self) -> None:
        writable = not self.ctx.read_only
        self.check_button.setEnabled(writable and bool(self._url))
        chosen = self.selected()
        self.rollback_button.setEnabled(writable and chosen is not None and chosen.can_roll_back)

    # ---- update ----------------------------------------------------------------------------

    @Slot()
    def check_for_updates(self) -> None:
        if not self._url or self.ctx.read_only:
            return
        url, kinds, options = self._url, self._kinds(), HttpOptions(proxy=self._proxy)

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> UpdateSummary:
            with HttpClient(options) as client:
                return update_from_url(
                    db, kinds, url, client=client, progress=progress, cancel=cancel
                )

        self._set_summary("")
        self.ctx.tasks.run(
            work,
            on_success=self._on_updated,
            on_failure=self._on_failed,
            progress_label=_("Checking for updates…"),
            parent=self,
            db=True,
        )

    def _on_updated(self, summary: UpdateSummary) -> None:
        if summary.changed:
            self.ctx.hub.data_replaced.emit()  # even when the dialog was closed meanwhile
        if not self._alive():
            return
        self._set_summary(summary_text(summary))
        if summary.changed:
            self._announce()

    def _on_failed(self, exc: BaseException) -> None:
        if not self._alive():
            return
        if isinstance(exc, Cancelled):
            self._set_summary(_("Cancelled: nothing was changed."), error=True)
        else:
            self._set_summary(error_text(exc), error=True)

    def _set_summary(self, text: str, *, error: bool = False) -> None:
        self.summary.setStyleSheet("color: #b3261e;" if error else "")
        self.summary.setText(text)

    def _announce(self) -> None:
        self.refresh()
        self.packs_changed.emit()

    # ---- rollback --------------------------------------------------------------------------

    @Slot()
    def _on_rollback_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.previous is None or self.ctx.read_only:
            return
        name = chosen.info.name
        if not dialogs.confirm(
            self,
            _("Roll back"),
            _("Go back from version {new} to {old} of {pack}?").format(
                new=chosen.info.version,
                old=chosen.previous.info.version or _("none"),
                pack=pack_label(name),
            ),
        ):
            return
        kinds = self._kinds()

        def work(db: Database, progress: ProgressFn, cancel: CancelToken) -> PackChange:
            return rollback(db, kinds, name, progress=progress, cancel=cancel)

        self.ctx.tasks.run(
            work,
            on_success=self._on_rolled_back,
            on_failure=self._on_failed,
            progress_label=_("Rolling back…"),
            parent=self,
            db=True,
        )

    def _on_rolled_back(self, change: PackChange) -> None:
        self.ctx.hub.data_replaced.emit()
        if self._alive():
            self._set_summary(_("Rolled back. {change}").format(change=change_text(change)))
            self._announce()

    @classmethod
    def open_for(cls, ctx: GuiContext, parent: QWidget | None, **kwargs: Any) -> DataUpdatesDialog:
        """Shown window-modal (never ``exec``: tests drive it without blocking)."""
        dialog = cls(ctx, parent, **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
