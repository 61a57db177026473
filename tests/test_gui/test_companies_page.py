"""The companies page: list, filters, badges, archive/restore/delete, language switch, speed."""

from __future__ import annotations

import gettext
import time
from dataclasses import replace
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from typing_extensions import override

from gui import dialogs
from gui.context import GuiContext
from gui.models import BADGES_ROLE
from gui.pages.companies.editor import CompanyEditor
from gui.pages.companies.models import (
    ARCHIVED_FOREGROUND,
    SAMPLE_BACKGROUND,
    CompaniesTableModel,
)
from gui.pages.companies.page import CompaniesPage
from gui.tasks import TaskRunner
from services.companies.models import Company, CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.companies.sample import SAMPLE_ID, load_sample
from services.core import i18n
from services.core.clock import utc_now_iso
from services.core.i18n import _, set_locale
from services.core.store import DataStore

Col = CompaniesTableModel.Col

# Top-level widgets get an explicit minimum size before show(): otherwise the offscreen
# platform warns "This plugin does not support propagateSizeHints()" when the layout
# changes the window's minimum, and qt_log_level_fail = WARNING fails the test.


@pytest.fixture
def repo(gui_ctx: GuiContext) -> CompanyRepository:
    return CompanyRepository(gui_ctx.store.db)


def _page(qtbot: QtBot, ctx: GuiContext) -> CompaniesPage:
    page = CompaniesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.setMinimumSize(800, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot: QtBot, gui_ctx: GuiContext) -> CompaniesPage:
    return _page(qtbot, gui_ctx)


@pytest.fixture
def two_companies(gui_ctx: GuiContext, repo: CompanyRepository) -> tuple[Company, Company]:
    hs = gui_ctx.reference.hs
    sample = load_sample(repo, hs)
    other = repo.save(
        CompanyDraft(
            name_zh="鄂州光电科技有限公司",
            name_en="Ezhou Optoelectronics Co., Ltd.",
            industry="optoelectronics",
            stage="never",
            markets=("JP", "DE"),
            products=(Product("光模块", "851762"),),
        ),
        hs,
    )
    return sample, other


def _names(page: CompaniesPage) -> list[str]:
    return [c.name_zh for c in page.visible_companies()]


def _row(page: CompaniesPage, company_id: str) -> int:
    for row, summary in enumerate(page.visible_companies()):
        if summary.id == company_id:
            return row
    raise AssertionError(company_id)


def test_list_shows_companies_with_sample_badge_and_count(
    page: CompaniesPage, two_companies: tuple[Company, Company]
) -> None:
    sample, other = two_companies
    page.reload()
    assert sorted(_names(page)) == sorted([sample.name_zh, other.name_zh])
    assert page.count_label.text() == i18n.ngettext(
        "{count} company", "{count} companies", 2
    ).format(count=2)
    sample_index = page.proxy.index(_row(page, SAMPLE_ID), Col.NAME_ZH)
    assert sample_index.data(BADGES_ROLE) == [(_("Sample"), "sample")]
    assert sample_index.data(Qt.ItemDataRole.BackgroundRole) == QColor(SAMPLE_BACKGROUND)
    other_index = page.proxy.index(_row(page, other.id), Col.NAME_ZH)
    assert other_index.data(BADGES_ROLE) == []
    assert other_index.data(Qt.ItemDataRole.BackgroundRole) is None
    row = _row(page, other.id)
    assert page.proxy.index(row, Col.PRODUCTS).data() == "1"
    assert page.proxy.index(row, Col.INDUSTRY).data() == _("Optoelectronic information")
    assert page.proxy.index(row, Col.MARKETS).data() == "日本、德国"  # zh: Chinese names
    assert "2" in page.proxy.index(row, Col.UPDATED).data()  # a Babel date such as 2026年5月2日


def test_filters_by_industry_and_market(
    qtbot: QtBot, page: CompaniesPage, two_companies: tuple[Company, Company]
) -> None:
    sample, other = two_companies
    page.reload()
    page.industry_combo.setCurrentIndex(page.industry_combo.findData("new_energy"))
    assert _names(page) == [sample.name_zh]
    page.industry_combo.setCurrentIndex(0)
    page.market_combo.setCurrentIndex(page.market_combo.findData("DE"))
    assert _names(page) == [other.name_zh]
    page.market_combo.setCurrentIndex(page.market_combo.findData("US"))
    assert _names(page) == []
    assert page.empty_label.isVisible()
    assert page.count_label.text() == i18n.ngettext(
        "{count} company", "{count} companies", 0
    ).format(count=0)


def test_archive_hides_unless_show_archived_then_restore(
    qtbot: QtBot,
    page: CompaniesPage,
    gui_ctx: GuiContext,
    two_companies: tuple[Company, Company],
    repo: CompanyRepository,
) -> None:
    _sample, other = two_companies
    page.reload()
    page.select_company(other.id)
    messages: list[str] = []
    gui_ctx.hub.status_message.connect(messages.append)

    with qtbot.waitSignal(gui_ctx.hub.companies_changed, timeout=2000):
        qtbot.mouseClick(page.editor.archive_button, Qt.MouseButton.LeftButton)
    assert repo.get(other.id).archived
    assert other.name_zh not in _names(page)
    assert messages
    assert other.name_zh in messages[-1]
    assert page.editor.archived_badge.isVisible()  # still open, marked archived
    assert page.editor.restore_button.isVisible()
    assert not page.editor.archive_button.isVisible()

    qtbot.mouseClick(page.archived_check, Qt.MouseButton.LeftButton)
    assert page.archived_check.isChecked()
    assert other.name_zh in _names(page)
    index = page.proxy.index(_row(page, other.id), Col.NAME_ZH)
    assert (_("Archived"), "archived") in index.data(BADGES_ROLE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(ARCHIVED_FOREGROUND)
    assert page.table.currentIndex().row() == _row(page, other.id)  # selection follows

    with qtbot.waitSignal(gui_ctx.hub.companies_changed, timeout=2000):
        qtbot.mouseClick(page.editor.restore_button, Qt.MouseButton.LeftButton)
    assert not repo.get(other.id).archived
    qtbot.mouseClick(page.archived_check, Qt.MouseButton.LeftButton)
    assert other.name_zh in _names(page)
    assert not page.editor.archived_badge.isVisible()


def test_delete_asks_naming_the_company_and_no_keeps_it(
    qtbot: QtBot,
    page: CompaniesPage,
    gui_ctx: GuiContext,
    two_companies: tuple[Company, Company],
    repo: CompanyRepository,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _sample, other = two_companies
    page.reload()
    page.select_company(other.id)
    asked: list[tuple[str, bool]] = []
    answer = False

    def fake_confirm(_parent: object, _title: str, text: str, *, destructive: bool = False) -> bool:
        asked.append((text, destructive))
        return answer

    monkeypatch.setattr(dialogs, "confirm", fake_confirm)
    qtbot.mouseClick(page.editor.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [(asked[0][0], True)]
    assert other.name_zh in asked[0][0]
    assert repo.exists(other.id)
    assert other.name_zh in _names(page)
    assert page.current_company_id() == other.id

    answer = True
    with qtbot.waitSignals([page.current_changed, gui_ctx.hub.companies_changed], timeout=2000):
        page.delete_current()
    assert not repo.exists(other.id)
    assert other.name_zh not in _names(page)
    assert page.current_company_id() is None
    assert page.right_stack.currentWidget() is page.placeholder


def test_select_company_from_outside_and_current_changed(
    qtbot: QtBot, page: CompaniesPage, two_companies: tuple[Company, Company]
) -> None:
    sample, _other = two_companies
    page.reload()
    assert page.current_company_id() is None
    assert page.right_stack.currentWidget() is page.placeholder
    with qtbot.waitSignal(page.current_changed) as blocker:
        page.select_company(sample.id)
    assert blocker.args == [sample.id]
    assert page.editor.name_zh_edit.text() == sample.name_zh
    assert page.editor.sample_badge.isVisible()
    assert page.table.currentIndex().row() == _row(page, sample.id)
    # clicking a row opens it
    other_row = 1 - _row(page, sample.id)
    rect = page.table.visualRect(page.proxy.index(other_row, 0))
    with qtbot.waitSignal(page.current_changed):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_company_id() != sample.id


def test_changes_elsewhere_reload_the_list(
    qtbot: QtBot, page: CompaniesPage, gui_ctx: GuiContext, repo: CompanyRepository
) -> None:
    assert _names(page) == []
    assert page.empty_label.isVisible()
    company = repo.save(CompanyDraft(name_zh="外部导入公司"), gui_ctx.reference.hs)
    gui_ctx.hub.companies_changed.emit()
    assert _names(page) == ["外部导入公司"]
    page.select_company(company.id)
    repo.delete(company.id)
    gui_ctx.hub.data_replaced.emit()
    assert _names(page) == []
    assert page.current_company_id() is None


class _FakeChinese(gettext.NullTranslations):
    """Stands in for the zh_CN catalog, whatever state the real one is in."""

    WORDS: ClassVar[dict[str, str]] = {
        "Chinese name": "中文名称",
        "English name": "英文名称",
        "Industry": "行业",
        "New company": "新建企业",
        "Show archived": "显示已归档",
        "Basic info": "基本信息",
        "Sample": "示例",
        "Save": "保存",
        "New energy": "新能源",
        "HS code": "HS 编码",
        "Japan": "日本",
        "South Korea": "韩国",
    }

    @override
    def gettext(self, message: str) -> str:
        return self.WORDS.get(message, message)


@pytest.fixture
def fake_zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", _FakeChinese())


def test_switching_language_relabels_everything(
    qtbot: QtBot, fake_zh: None, gui_ctx: GuiContext, two_companies: tuple[Company, Company]
) -> None:
    page = _page(qtbot, gui_ctx)
    page.select_company(SAMPLE_ID)
    header = page.model.headerData
    assert header(Col.NAME_ZH, Qt.Orientation.Horizontal) == "中文名称"
    assert page.new_button.text() == "新建企业"
    row = _row(page, SAMPLE_ID)
    assert page.proxy.index(row, Col.INDUSTRY).data() == "新能源"
    assert page.proxy.index(row, Col.NAME_ZH).data(BADGES_ROLE) == [("示例", "sample")]
    assert page.proxy.index(row, Col.MARKETS).data().startswith("日本")

    set_locale("en")
    with qtbot.waitSignal(page.model.headerDataChanged):
        gui_ctx.hub.language_changed.emit("en")

    assert header(Col.NAME_ZH, Qt.Orientation.Horizontal) == "Chinese name"
    assert header(Col.INDUSTRY, Qt.Orientation.Horizontal) == "Industry"
    assert page.new_button.text() == "New company"
    assert page.archived_check.text() == "Show archived"
    assert page.editor.tabs.tabText(CompanyEditor.TAB_BASIC) == "Basic info"
    assert page.editor.save_button.text() == "Save"
    assert page.editor.industry_combo.currentText() == "New energy"
    assert page.proxy.index(row, Col.INDUSTRY).data() == "New energy"
    assert page.proxy.index(row, Col.NAME_ZH).data(BADGES_ROLE) == [("Sample", "sample")]
    assert page.proxy.index(row, Col.MARKETS).data().startswith("Japan, South Korea")
    assert page.market_combo.itemText(0) == "All markets"
    products = page.editor.products_model
    assert products.headerData(1, Qt.Orientation.Horizontal) == "HS code"
    assert not page.editor.is_dirty()  # relabelling is not an edit


def test_read_only_mode_changes_nothing(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    store: DataStore,
    two_companies: tuple[Company, Company],
    monkeypatch: pytest.MonkeyPatch,
    repo: CompanyRepository,
) -> None:
    read_only = replace(gui_ctx, store=replace(store, read_only=True), tasks=TaskRunner(None))
    page = _page(qtbot, read_only)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: pytest.fail("no question expected"))
    assert not page.new_button.isEnabled()
    assert page.read_only_label.isVisible()
    page.select_company(SAMPLE_ID)
    editor = page.editor
    assert editor.name_zh_edit.isReadOnly()
    assert not editor.save_button.isEnabled()
    assert not editor.delete_button.isEnabled()
    assert not editor.archive_button.isEnabled()
    assert not editor.add_contact_button.isEnabled()
    qtbot.keyClicks(editor.name_en_edit, "xyz")
    assert not editor.is_dirty()
    page.new_company()
    page.archive_current()
    page.delete_current()
    assert page.current_company_id() == SAMPLE_ID
    assert repo.exists(SAMPLE_ID)
    assert not repo.get(SAMPLE_ID).archived


def test_search_as_you_type_in_a_thousand_companies_is_quick(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository
) -> None:
    now = utc_now_iso()
    with repo.db.atomic():
        for i in range(1000):
            repo.write(
                Company(
                    id=f"c{i:04d}",
                    name_zh=f"测试企业{i:04d}有限公司",
                    name_en=f"Test Company {i:04d}",
                    uscc=None,
                    industry="other",
                    company_type=None,
                    stage=None,
                    markets=("JP", "KR"),
                    channels=(),
                    contacts=(Contact("boss", "张三", "", "", f"k{i}"),),
                    products=(Product("产品", "850760", "", f"p{i}"),),
                    notes="",
                    is_sample=False,
                    archived_at=None,
                    created_at=now,
                    updated_at=now,
                )
            )
    page.reload()
    assert page.model.rowCount() == 1000
    started = time.perf_counter()
    qtbot.keyClicks(page.search_edit, "Company 099")
    per_key = (time.perf_counter() - started) / len("Company 099")
    assert [c.name_en for c in page.visible_companies()] == [
        f"Test Company {i:04d}" for i in (99, *range(990, 1000))
    ]
    assert per_key < 0.25, f"{per_key * 1000:.0f} ms per key stroke"


def test_empty_states_say_what_to_do(
    qtbot: QtBot, page: CompaniesPage, repo: CompanyRepository, gui_ctx: GuiContext
) -> None:
    assert page.list_stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "还没有企业。请用“新建企业”创建。"
    company = repo.save(CompanyDraft(name_zh="归档的公司"), gui_ctx.reference.hs)
    repo.set_archived(company.id, True)
    page.reload()
    assert "显示已归档" in page.empty_label.text()  # the only company is archived
    qtbot.keyClicks(page.search_edit, "zzz")
    assert "筛选" in page.empty_label.text()
