"""The report window (generate off the GUI thread, preview, save as, print, open folder), the
batch window (with a failure summary), and how the main window and readiness page open them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from gui import dialogs
from gui.context import GuiContext
from gui.main_window import Page
from gui.pages.reports import batch_dialog as batch_module
from gui.pages.reports import dialog as dialog_module
from gui.pages.reports.batch_dialog import BatchReportDialog
from gui.pages.reports.dialog import ReportDialog
from gui.pages.reports.preview import open_pdf, preview_backend, print_pages
from scripts.report_demo_data import add_company, add_minimal_company, add_sessions
from services.core.errors import DataFileError
from services.reports import readiness
from services.reports.fonts import resolve_font
from services.reports.gather import gather as real_gather
from services.reports.readiness import BatchResult, ReportResult
from tests.test_gui.shell_support import make_window

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _font() -> None:
    try:
        resolve_font()
    except Exception as exc:  # pragma: no cover - no Chinese font on this machine
        pytest.skip(f"no Chinese TrueType font: {exc}")


@pytest.fixture
def rich(gui_ctx: GuiContext) -> str:
    company_id = add_company(gui_ctx.store.db, gui_ctx.reference.hs, products=3)
    add_sessions(gui_ctx.store.db, company_id, count=2)
    return company_id


def make_dialog(qtbot: QtBot, ctx: GuiContext, company_id: str | None) -> ReportDialog:
    dialog = ReportDialog(ctx, company_id=company_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def generate(qtbot: QtBot, dialog: ReportDialog) -> ReportResult:
    with qtbot.waitSignal(dialog.generated, timeout=60_000) as blocker:
        assert dialog.generate() is not None
    result = blocker.args[0]
    assert isinstance(result, ReportResult)
    return result


def test_generate_and_preview(qtbot: QtBot, gui_ctx: GuiContext, rich: str) -> None:
    dialog = make_dialog(qtbot, gui_ctx, rich)
    assert dialog.company_id() == rich
    assert not dialog.save_button.isEnabled()
    result = generate(qtbot, dialog)
    assert result.company_id == rich
    assert result.pages == len(PdfReader(result.path).pages) >= 5
    if preview_backend() is None:
        pytest.skip("neither Qt PDF nor PDFium here: the preview shows a message")
    assert dialog.preview.page_count() == result.pages
    labels = dialog.preview.rendered_pages()
    assert len(labels) == result.pages
    pixmap = labels[0].pixmap()
    assert not pixmap.isNull()
    assert pixmap.height() > pixmap.width()  # an A4 page, upright
    assert dialog.save_button.isEnabled()
    assert dialog.print_button.isEnabled()
    assert not dialog.folder_button.isEnabled()  # nothing saved yet


def test_english_for_a_chosen_session(qtbot: QtBot, gui_ctx: GuiContext, rich: str) -> None:
    dialog = make_dialog(qtbot, gui_ctx, rich)
    assert dialog.session_combo.count() == 3  # latest + two sessions
    dialog.session_combo.setCurrentIndex(2)  # the first session (newest listed first)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    result = generate(qtbot, dialog)
    text = "\n".join(p.extract_text() for p in PdfReader(result.path).pages)
    assert "Export readiness report" in text
    assert "Progress across sessions" not in text  # nothing before the first session


def test_save_as_and_open_folder(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    rich: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, gui_ctx, rich)
    result = generate(qtbot, dialog)
    asked: list[str] = []

    def save_file(parent: object, title: str, suggested: str, filters: str) -> Path:
        asked.append(suggested)
        return tmp_path / "out" / "我的报告"  # no suffix: .pdf is added

    monkeypatch.setattr(dialogs, "save_file", save_file)
    opened: list[Path] = []

    def open_folder(folder: Path) -> bool:
        opened.append(folder)
        return True

    monkeypatch.setattr(dialog_module, "open_folder", open_folder)
    target = dialog.save_as()
    assert target == tmp_path / "out" / "我的报告.pdf"
    assert target.read_bytes() == result.path.read_bytes()
    assert asked[0].endswith(".pdf")
    assert dialog.saved_path() == target
    assert dialog.folder_button.isEnabled()
    dialog.folder_button.click()
    assert opened == [tmp_path / "out"]
    assert str(target) in dialog.info_label.text()


def test_save_as_cancelled_writes_nothing(
    qtbot: QtBot, gui_ctx: GuiContext, rich: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, gui_ctx, rich)
    generate(qtbot, dialog)
    monkeypatch.setattr(dialogs, "save_file", lambda *args: None)
    assert dialog.save_as() is None
    assert dialog.saved_path() is None
    assert not dialog.folder_button.isEnabled()


def test_print_paints_every_page(
    qtbot: QtBot, gui_ctx: GuiContext, rich: str, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, gui_ctx, rich)
    result = generate(qtbot, dialog)
    pages = open_pdf(result.path)
    if pages is None:
        pytest.skip("neither Qt PDF nor PDFium here")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    try:
        assert print_pages(printer, pages) == result.pages
    finally:
        pages.close()
    assert len(PdfReader(printed).pages) == result.pages


def test_a_failure_is_shown_and_nothing_previewed(
    qtbot: QtBot, gui_ctx: GuiContext, rich: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise DataFileError("broken on purpose")

    monkeypatch.setattr(readiness, "gather", broken)
    shown: list[BaseException] = []
    monkeypatch.setattr(
        dialog_module, "show_error", lambda parent, exc, title=None: shown.append(exc)
    )
    dialog = make_dialog(qtbot, gui_ctx, rich)
    with qtbot.waitSignal(dialog.generation_failed, timeout=60_000):
        dialog.generate()
    assert [str(e) for e in shown] == ["broken on purpose"]
    assert dialog.report_result() is None
    assert not dialog.save_button.isEnabled()
    assert dialog.generate_button.isEnabled()


def test_batch_with_a_failure_summary(
    qtbot: QtBot,
    gui_ctx: GuiContext,
    rich: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    minimal = add_minimal_company(gui_ctx.store.db, gui_ctx.reference.hs)
    broken = add_minimal_company(gui_ctx.store.db, gui_ctx.reference.hs, name_zh="坏数据公司")

    def gather(db: object, company_id: str, *args: object, **kwargs: object) -> object:
        if company_id == broken:
            raise DataFileError("坏数据")
        return real_gather(db, company_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(readiness, "gather", gather)
    dialog = BatchReportDialog(gui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.company_list.count() == 3
    assert not dialog.generate_button.isEnabled()  # nothing ticked yet
    monkeypatch.setattr(batch_module, "choose_folder", lambda *args: tmp_path / "batch")
    dialog.browse_button.click()
    assert dialog.folder_edit.text() == str(tmp_path / "batch")
    dialog.all_button.click()
    assert sorted(dialog.checked_ids()) == sorted([rich, minimal, broken])
    with qtbot.waitSignal(dialog.finished_batch, timeout=120_000) as blocker:
        dialog.generate_button.click()
    result = blocker.args[0]
    assert isinstance(result, BatchResult)
    assert sorted(r.company_id for r in result.written) == sorted([rich, minimal])
    assert len(list((tmp_path / "batch").glob("*.pdf"))) == 2
    assert dialog.failure_list.count() == 1
    assert "坏数据公司" in dialog.failure_list.item(0).text()
    assert "坏数据" in dialog.failure_list.item(0).text()
    assert str(tmp_path / "batch") in dialog.summary_label.text()
    opened: list[Path] = []

    def open_folder(folder: Path) -> bool:
        opened.append(folder)
        return True

    monkeypatch.setattr(batch_module, "open_folder", open_folder)
    dialog.open_button.click()
    assert opened == [tmp_path / "batch"]


def test_batch_by_date_range(qtbot: QtBot, gui_ctx: GuiContext, rich: str, tmp_path: Path) -> None:
    add_minimal_company(gui_ctx.store.db, gui_ctx.reference.hs)  # no session: not included
    dialog = BatchReportDialog(gui_ctx)
    qtbot.addWidget(dialog)
    dialog.range_radio.setChecked(True)
    assert not dialog.company_list.isEnabled()
    dialog.from_edit.setDate(dialog.from_edit.date().fromString("2026-01-01", "yyyy-MM-dd"))
    dialog.to_edit.setDate(dialog.to_edit.date().fromString("2026-12-31", "yyyy-MM-dd"))
    dialog.folder_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.finished_batch, timeout=120_000) as blocker:
        dialog.generate()
    result = blocker.args[0]
    assert [r.company_id for r in result.written] == [rich]
    assert dialog.failure_list.isHidden()


def test_the_main_window_and_readiness_page_open_the_report(
    qtbot: QtBot, gui_ctx: GuiContext, rich: str
) -> None:
    window = make_window(qtbot, gui_ctx)
    window.show_page(Page.READINESS)
    window.readiness_page.show_company(rich)
    assert window.readiness_page.report_button.isEnabled()
    window.readiness_page.report_button.click()
    report = window._report_window
    assert report is not None
    assert report.isVisible()
    assert report.company_id() == rich
    assert window.act_report.text()
    window.act_batch_reports.trigger()
    assert window._batch_window is not None
    assert window._batch_window.isVisible()
    report.close()
    window._batch_window.close()


def test_the_report_font_is_chosen_in_the_settings(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.settings_dialog import SettingsDialog
    from services.core.settings import Preferences

    font = resolve_font()
    dialog = SettingsDialog(None, Preferences())
    qtbot.addWidget(dialog)
    assert dialog.font_edit.text() == ""
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"junk")
    monkeypatch.setattr(dialogs, "open_file", lambda *args: bad)
    dialog.font_button.click()
    assert dialog.font_edit.text() == str(bad)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted  # stays open, says what is wrong
    assert str(bad) in dialog.font_error.text()
    dialog.font_edit.setText(str(font.path))
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.preferences().report_font_path == str(font.path)
