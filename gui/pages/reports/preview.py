"""Showing and printing a PDF inside the app.

Pages are drawn by Qt PDF (``QPdfDocument``) where the Qt build has it, else by PDFium through
``pypdfium2`` (PySide6's wheels for Qt 6.12 ship no Qt PDF module). Without either, the preview
says so and the report can still be saved and opened in the system's PDF viewer.

:class:`PdfPreview` shows every page, scaled to the view's width; :func:`print_pdf` asks for a
printer (``QPrintDialog``) and paints each page onto it (``QPrinter``) at up to 300 dpi.
Both backends are used on the GUI thread only.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget
from typing_extensions import override

from services.core.errors import AppError
from services.core.i18n import _

log = logging.getLogger(__name__)

try:  # a plain import, so that PyInstaller bundles it
    import pypdfium2 as _pdfium  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - a build without it falls back to a message
    _pdfium = None

PRINT_DPI = 300
PAGE_GAP = 12


class PdfPages(Protocol):
    """An open PDF whose pages can be drawn as images."""

    def page_count(self) -> int: ...

    def page_points(self, index: int) -> tuple[float, float]: ...

    def render(self, index: int, width: int) -> QImage: ...

    def close(self) -> None: ...


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


class _QtPdfPages:
    def __init__(self, qtpdf: Any, path: Path):
        self._doc = qtpdf.QPdfDocument()
        error = self._doc.load(str(path))
        if error != qtpdf.QPdfDocument.Error.None_ or self._doc.pageCount() <= 0:
            raise OSError(f"Qt PDF cannot open {path}: {error}")

    def page_count(self) -> int:
        return int(self._doc.pageCount())

    def page_points(self, index: int) -> tuple[float, float]:
        size = self._doc.pagePointSize(index)
        return float(size.width()), float(size.height())

    def render(self, index: int, width: int) -> QImage:
        w, h = self.page_points(index)
        image: QImage = self._doc.render(index, QSize(width, max(1, round(width * h / w))))
        return image

    def close(self) -> None:
        self._doc.close()


class _PdfiumPages:
    def __init__(self, pdfium: Any, path: Path):
        self._pdfium = pdfium
        self._doc = pdfium.PdfDocument(str(path))

    def page_count(self) -> int:
        return len(self._doc)

    def page_points(self, index: int) -> tuple[float, float]:
        w, h = self._doc[index].get_size()
        return float(w), float(h)

    def render(self, index: int, width: int) -> QImage:
        page = self._doc[index]
        points_w, _points_h = page.get_size()
        bitmap = page.render(scale=width / points_w, rev_byteorder=True)
        fmt = (
            QImage.Format.Format_RGBA8888 if bitmap.mode == "RGBA" else QImage.Format.Format_RGB888
        )
        data = bytes(bitmap.buffer)
        image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # detach from ``data``

    def close(self) -> None:
        self._doc.close()


def preview_backend() -> str | None:
    """Which engine draws pages here: "qtpdf", "pdfium" or None."""
    if _optional("PySide6.QtPdf") is not None:
        return "qtpdf"
    if _pdfium is not None:
        return "pdfium"
    return None


def open_pdf(path: Path) -> PdfPages | None:
    """The PDF's pages, or None when no engine here can draw them."""
    qtpdf = _optional("PySide6.QtPdf")
    if qtpdf is not None:
        try:
            return _QtPdfPages(qtpdf, path)
        except OSError as exc:
            log.warning("%s", exc)
    if _pdfium is not None:
        try:
            return _PdfiumPages(_pdfium, path)
        except Exception as exc:  # pdfium raises its own PdfiumError
            log.warning("PDFium cannot open %s: %s", path, exc)
    return None


class PdfPreview(QScrollArea):
    """Every page of a PDF, one under the other, as wide as the view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._pages: PdfPages | None = None
        self._labels: list[QLabel] = []
        self._width = 0
        self._canvas = QWidget()
        self._canvas.setObjectName("pdfPreviewCanvas")
        self._canvas.setStyleSheet("#pdfPreviewCanvas { background: #7f8790; }")
        self._layout = QVBoxLayout(self._canvas)
        self._layout.setSpacing(PAGE_GAP)
        self._layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.message = QLabel(self._canvas)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: white; padding: 24px;")
        self._layout.addWidget(self.message)
        self._layout.addStretch(1)
        self.setWidget(self._canvas)
        self.show_message(_("Generate a report to see it here."))

    def page_count(self) -> int:
        return self._pages.page_count() if self._pages is not None else 0

    def rendered_pages(self) -> list[QLabel]:
        return list(self._labels)

    def show_message(self, text: str) -> None:
        self.clear()
        self.message.setText(text)
        self.message.show()

    def clear(self) -> None:
        for label in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def load(self, path: Path) -> bool:
        """Shows ``path``; False (with a message) when no engine can draw it."""
        self.clear()
        pages = open_pdf(path)
        if pages is None:
            self.show_message(
                _(
                    "The preview needs Qt PDF or PDFium, which this installation lacks. Save the "
                    "report and open it in your PDF viewer."
                )
            )
            return False
        self._pages = pages
        self.message.hide()
        for index in range(pages.page_count()):
            label = QLabel(self._canvas)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAccessibleName(_("Page {number}").format(number=index + 1))
            self._layout.insertWidget(index, label)
            self._labels.append(label)
        self._width = 0
        self._draw()
        return True

    def _page_width(self) -> int:
        # room for the vertical scroll bar even before it shows, so no horizontal one appears
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return max(200, self.width() - 2 * self.frameWidth() - scroll_bar - 2 * PAGE_GAP)

    def _draw(self) -> None:
        if self._pages is None:
            return
        width = self._page_width()
        if width == self._width:
            return
        self._width = width
        ratio = self.devicePixelRatioF()
        for index, label in enumerate(self._labels):
            image = self._pages.render(index, round(width * ratio))
            image.setDevicePixelRatio(ratio)
            label.setPixmap(QPixmap.fromImage(image))
            # the page keeps its size; the scroll area scrolls instead of squeezing it
            label.setFixedSize(round(image.width() / ratio), round(image.height() / ratio))

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._draw()


def print_pages(printer: QPrinter, pages: PdfPages) -> int:
    """Paints every page onto ``printer`` (already set up); returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise AppError(_("The printer could not be started."), code="print_failed")
    try:
        count = pages.page_count()
        for index in range(count):
            if index:
                printer.newPage()
            target = painter.viewport()
            points_w, points_h = pages.page_points(index)
            width = min(target.width(), round(points_w / 72 * PRINT_DPI))
            image = pages.render(index, max(1, width))
            scale = min(target.width() / points_w, target.height() / points_h)
            w, h = round(points_w * scale), round(points_h * scale)
            painter.drawImage(target.x(), target.y(), image.scaled(w, h))
        return count
    finally:
        painter.end()


def print_pdf(parent: QWidget | None, path: Path) -> int:
    """Asks for a printer and prints ``path``; returns the pages printed (0: cancelled)."""
    pages = open_pdf(path)
    if pages is None:
        raise AppError(
            _("Printing needs Qt PDF or PDFium; open the saved report in your PDF viewer."),
            code="print_failed",
        )
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(path.stem)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_("Print report"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return 0
        return print_pages(printer, pages)
    finally:
        pages.close()
