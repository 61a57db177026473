"""The status-bar label with the reference-data editions in use (tariffs, rules of origin,
questionnaire, service catalogue); a click opens the data updates dialog.

Service call: services.refdata.updates.pack_status, as a ``db=True`` task (reading the embedded
tariff editions the first time takes a moment), again whenever the hub says the data were
replaced (an update, a rollback, a restore).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid
from sqlite_utils import Database

from gui.context import GuiContext
from gui.pages.refdata.updates_dialog import DataUpdatesDialog, pack_label
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn
from services.refdata.datapacks import LOCAL_VERSION, PackKinds
from services.refdata.updates import PackStatus, pack_status


def editions_text(status: list[PackStatus]) -> str:
    parts = []
    tariffs = [s.info.date for s in status if s.info.kind == "tariffs"]
    if tariffs:
        parts.append(_("tariffs {date}").format(date=max(tariffs)))
    by_name = {s.info.name: s.info for s in status}
    if "psr" in by_name:
        version = by_name["psr"].version
        parts.append(
            _("rules of origin {version}").format(version=version)
            if version != LOCAL_VERSION
            else _("rules of origin (built-in)")
        )
    if "questionnaire" in by_name:
        parts.append(_("questionnaire {version}").format(version=by_name["questionnaire"].version))
    catalogue = by_name.get("service-catalogue")
    if catalogue is not None and catalogue.version != LOCAL_VERSION:
        parts.append(_("services {version}").format(version=catalogue.version))
    return _("Data: {editions}").format(editions=" · ".join(parts)) if parts else ""


def editions_tooltip(status: list[PackStatus]) -> str:
    lines = [
        _("{pack}: version {version}, edition {date} — {source}").format(
            pack=pack_label(s.info.name),
            version=s.info.version,
            date=s.info.date,
            source=s.info.source,
        )
        for s in status
    ]
    lines.append(_("Click for data updates."))
    return "\n".join(lines)


class DataEditionsLabel(QLabel):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataEditions")
        self.ctx = ctx
        self.status: list[PackStatus] = []
        self.dialog: DataUpdatesDialog | None = None
        self.setContentsMargins(6, 0, 6, 0)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.linkActivated.connect(self._on_link_activated)
        ctx.hub.data_replaced.connect(self.refresh)
        ctx.hub.language_changed.connect(self._on_language_changed)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self.ctx.pack_kinds:
            return
        kinds = PackKinds(self.ctx.pack_kinds)

        def work(db: Database, _progress: ProgressFn, _cancel: CancelToken) -> list[PackStatus]:
            return pack_status(db, kinds)

        self.ctx.tasks.run(work, on_success=self._on_status, on_failure=self._on_failed, db=True)

    def _on_status(self, status: list[PackStatus]) -> None:
        if isValid(self):  # the window may have closed while the task ran
            self.status = status
            self.retranslate()

    def _on_failed(self, _exc: BaseException) -> None:
        if isValid(self):
            self.clear()  # the data stay usable; the dialog shows the problem when opened

    def retranslate(self) -> None:
        text = editions_text(self.status)
        self.setText(f'<a href="updates">{html.escape(text)}</a>' if text else "")
        self.setToolTip(editions_tooltip(self.status) if self.status else "")

    @Slot(str)
    def _on_language_changed(self, _locale: str) -> None:
        self.retranslate()

    @Slot(str)
    def _on_link_activated(self, _link: str) -> None:
        self.open_updates()

    def open_updates(self) -> DataUpdatesDialog:
        self.dialog = DataUpdatesDialog.open_for(self.ctx, self.window())
        return self.dialog
