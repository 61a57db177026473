"""Helpers for the tests of the application shell (main window, start-up, settings).

The shell drives the pages only through their contract (gui/main_window.py); these tests use
the real CompaniesPage and HsBrowserPage.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.context import GuiContext
from gui.main_window import MainWindow
from services.companies.models import CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.refdata.hs import HsNomenclature


def add_company(
    repo: CompanyRepository,
    hs: HsNomenclature,
    name_zh: str = "武汉光谷储能科技有限公司",
    *,
    uscc: str = "",
) -> str:
    draft = CompanyDraft(
        name_zh=name_zh,
        name_en="Wuhan Optics Valley Storage Tech Co., Ltd.",
        uscc=uscc,
        industry="new_energy",
        company_type="manufacturer",
        stage="regular",
        markets=("JP", "KR"),
        channels=("b2b_platform",),
        contacts=(Contact("trade_lead", "李娜", "13871234567", "li@example.com"),),
        products=(Product("锂离子电池组", "850760", "home storage"),),
        notes="备注",
    )
    return repo.save(draft, hs).id


SHELL_TRANSLATIONS = {
    "&File": "文件(&F)",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Help": "帮助(&H)",
    "Companies": "企业档案",
    "HS codes": "HS编码",
    "一企一策 readiness": "一企一策",
    "RCEP tariffs": "RCEP 关税",
    "Rules of origin": "原产地",
    "Overseas warehouse": "海外仓",
    "New company": "新建企业",
    "Settings…": "设置…",
    "(read-only)": "（只读）",
}


def write_test_catalog(resources: Path, translations: dict[str, str]) -> Path:
    """A small zh_CN catalog under ``resources/locale`` (the real one is the lead's)."""
    catalog = Catalog(locale="zh_CN", domain="messages")
    for source, target in translations.items():
        catalog.add(source, target)
    folder = resources / "locale" / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    target_path = folder / "messages.mo"
    with target_path.open("wb") as handle:
        write_mo(handle, catalog)
    return target_path


def make_window(qtbot: QtBot, ctx: GuiContext, *, show: bool = True) -> MainWindow:
    """A real MainWindow on ``ctx``, registered with qtbot (closed after the test)."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    if show:
        window.show()
        qtbot.waitExposed(window)
    return window


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Keyboard shortcuts only reach the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def forget_qt_language(default: QLocale) -> None:
    """Undo install_qt_translations: remove our Qt catalog, restore the default QLocale."""
    app = QCoreApplication.instance()
    assert app is not None
    for translator in app.findChildren(QTranslator, "exportpilot-qtbase"):
        QCoreApplication.removeTranslator(translator)
        translator.setParent(None)
    QLocale.setDefault(default)
