"""What every page gets: the data store, reference data, preferences, the task runner, and a
hub of app-wide signals (language changed, companies changed, data replaced by a restore)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from gui.tasks import TaskRunner
from services.companies.dossier import DossierSection
from services.companies.sample import SampleExtra
from services.core.paths import AppPaths
from services.core.settings import Preferences, save_preferences
from services.core.store import DataStore
from services.refdata.datapacks import PackKind
from services.refdata.reference import ReferenceData


class SignalHub(QObject):
    language_changed = Signal(str)
    companies_changed = Signal()  # any company added, edited, archived, deleted, imported
    data_replaced = Signal()  # the whole database changed (restore)
    status_message = Signal(str)


@dataclass
class GuiContext:
    paths: AppPaths
    store: DataStore
    reference: ReferenceData
    prefs: Preferences
    tasks: TaskRunner
    hub: SignalHub = field(default_factory=SignalHub)
    dossier_sections: tuple[DossierSection, ...] = ()  # what dossiers carry besides the company
    pack_kinds: tuple[PackKind, ...] = ()  # reference data that travel as data packs
    sample_extras: tuple[SampleExtra, ...] = ()  # what the sample company shows besides itself

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def update_prefs(self, prefs: Preferences) -> None:
        if not self.store.read_only:
            save_preferences(self.paths.settings_path, prefs)
        self.prefs = prefs
