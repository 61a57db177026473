"""Small charts painted with QPainter (QtCharts is not shipped; matplotlib is not used).

- :class:`RadarChart` — one polygon per series over the dimension axes (0–100);
- :class:`BarChart` — horizontal bars, one row per label (0–100 by default);
- :class:`LineChart` — one line per series over the sessions (x labels), with a legend.

The caller passes texts already translated and calls ``set_data`` again after a language
switch. ``None`` values are gaps (a dimension that did not apply); zero values are drawn at the
centre/axis. :func:`render_png` saves any widget (or a chart built from data) as a PNG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from services.core.i18n import format_decimal

PALETTE = (
    "#1f6fb2",
    "#e07b1a",
    "#2e9d4f",
    "#c0392b",
    "#7d4fb0",
    "#8c6d31",
    "#d35fa8",
    "#5f6b73",
    "#17a2b8",
)
GRID = QColor("#d0d4d8")
AXIS_TEXT = QColor("#404040")


def series_colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._empty_text = ""
        self._series: list[Series] = []
        self.setMinimumSize(260, 200)

    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def series(self) -> list[Series]:
        return list(self._series)

    def _has_data(self) -> bool:
        return any(v is not None for s in self._series for v in s.values)

    def _painter(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        return painter

    def _draw_title(self, painter: QPainter) -> float:
        """Draws the title; returns the top of the plotting area."""
        if not self._title:
            return 6.0
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(AXIS_TEXT)
        height = QFontMetrics(font).height()
        painter.drawText(
            QRectF(0, 4, self.width(), height), Qt.AlignmentFlag.AlignCenter, self._title
        )
        painter.setFont(self.font())
        return 8.0 + height

    def _draw_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor("#8a8a8a"))
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self._empty_text)

    def _draw_legend(self, painter: QPainter, bottom: float) -> float:
        """A one- or multi-line legend ending at ``bottom``; returns its top."""
        if len(self._series) < 2 and not (self._series and self._series[0].name):
            return bottom
        metrics = QFontMetrics(self.font())
        line_height = metrics.height() + 4
        rows: list[list[tuple[Series, int, float]]] = [[]]
        x = 8.0
        for index, s in enumerate(self._series):
            width = 22 + metrics.horizontalAdvance(s.name) + 14
            if x + width > self.width() - 8 and rows[-1]:
                rows.append([])
                x = 8.0
            rows[-1].append((s, index, x))
            x += width
        top = bottom - line_height * len(rows)
        for row_index, row in enumerate(rows):
            y = top + row_index * line_height + line_height / 2
            row_width = (
                max(px for *_rest, px in row)
                - row[0][2]
                + 22
                + metrics.horizontalAdvance(row[-1][0].name)
            )
            shift = max((self.width() - row_width) / 2 - 8, 0)
            for s, index, px in row:
                colour = series_colour(index)
                painter.setPen(QPen(colour, 3))
                painter.drawLine(QPointF(px + shift, y), QPointF(px + shift + 16, y))
                painter.setPen(AXIS_TEXT)
                painter.drawText(QPointF(px + shift + 22, y + metrics.ascent() / 2 - 1), s.name)
        return top


class RadarChart(_Chart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._axes: list[str] = []
        self.setMinimumSize(320, 300)

    def set_data(self, axes: Sequence[str], series: Sequence[Series]) -> None:
        self._axes = list(axes)
        self._series = list(series)
        self.update()

    def axes(self) -> list[str]:
        return list(self._axes)

    @override
    def sizeHint(self) -> QSize:
        return QSize(420, 380)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter)
            if not self._axes or not self._has_data():
                self._draw_empty(painter)
                return
            bottom = self._draw_legend(painter, self.height() - 4.0)
            metrics = QFontMetrics(self.font())
            # Labels wrap onto at most two lines in a narrow box, so the web gets the room.
            label_w = float(min(max(metrics.horizontalAdvance(a) for a in self._axes), 84))
            label_h = 2.0 * metrics.height()
            centre = QPointF(self.width() / 2, (top + bottom) / 2)
            radius = max(min(self.width() / 2 - label_w - 10, (bottom - top) / 2 - label_h - 4), 20)
            count = len(self._axes)

            def point(i: int, value: float) -> QPointF:
                angle = -math.pi / 2 + 2 * math.pi * i / count
                r = radius * max(min(value, 100.0), 0.0) / 100
                return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

            painter.setPen(QPen(GRID, 1))
            for ring in (20, 40, 60, 80, 100):
                path = QPainterPath()
                for i in range(count):
                    p = point(i, ring)
                    if i == 0:
                        path.moveTo(p)
                    else:
                        path.lineTo(p)
                path.closeSubpath()
                painter.drawPath(path)
            for i in range(count):
                painter.drawLine(centre, point(i, 100))
            painter.setPen(QColor("#9aa0a6"))
            for ring in (50, 100):
                p = point(0, ring)
                painter.drawText(
                    QPointF(p.x() + 4, p.y() + metrics.ascent() + 2), format_decimal(ring, 0)
                )
            painter.setPen(AXIS_TEXT)
            flags = int(Qt.TextFlag.TextWordWrap)
            for i, label in enumerate(self._axes):
                edge = point(i, 100)
                dx, dy = edge.x() - centre.x(), edge.y() - centre.y()
                if abs(dx) < 4:
                    x, align = edge.x() - label_w / 2, Qt.AlignmentFlag.AlignHCenter
                elif dx > 0:
                    x, align = edge.x() + 6, Qt.AlignmentFlag.AlignLeft
                else:
                    x, align = edge.x() - label_w - 6, Qt.AlignmentFlag.AlignRight
                if dy < -radius * 0.9:
                    y, valign = edge.y() - label_h - 4, Qt.AlignmentFlag.AlignBottom
                elif dy > radius * 0.9:
                    y, valign = edge.y() + 4, Qt.AlignmentFlag.AlignTop
                else:
                    y, valign = edge.y() - label_h / 2, Qt.AlignmentFlag.AlignVCenter
                painter.drawText(QRectF(x, y, label_w, label_h), flags | align | valign, label)
            for index, s in enumerate(self._series):
                colour = series_colour(index)
                path = QPainterPath()
                points = [point(i, v or 0.0) for i, v in enumerate(s.values[:count])]
                if not points:
                    continue
                path.moveTo(points[0])
                for p in points[1:]:
                    path.lineTo(p)
                path.closeSubpath()
                fill = QColor(colour)
                fill.setAlpha(50)
                painter.setBrush(fill)
                painter.setPen(QPen(colour, 2))
                painter.drawPath(path)
                painter.setBrush(colour)
                for p in points:
                    painter.drawEllipse(p, 2.5, 2.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)
        finally:
            painter.end()


class BarChart(_Chart):
    """Horizontal bars; each label may carry several series (grouped bars)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._maximum = 100.0

    def set_data(
        self, labels: Sequence[str], series: Sequence[Series], maximum: float = 100.0
    ) -> None:
        self._labels = list(labels)
        self._series = list(series)
        self._maximum = maximum if maximum > 0 else 1.0
        self.update()

    def labels(self) -> list[str]:
        return list(self._labels)

    @override
    def sizeHint(self) -> QSize:
        return QSize(420, 40 + 26 * max(len(self._labels), 3))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter)
            if not self._labels or not self._has_data():
                self._draw_empty(painter)
                return
            bottom = self._draw_legend(painter, self.height() - 4.0) - 4
            metrics = QFontMetrics(self.font())
            label_w = min(max(metrics.horizontalAdvance(t) for t in self._labels), 200) + 10
            value_w = metrics.horizontalAdvance("100") + 10
            left = 8 + label_w
            right = self.width() - value_w - 8
            span = max(right - left, 10)
            row_h = (bottom - top) / len(self._labels)
            n = max(len(self._series), 1)
            bar_h = max(min((row_h - 6) / n, 22), 2)
            painter.setPen(QPen(GRID, 1))
            for tick in (0, 0.5, 1.0):
                x = left + span * tick
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))
            for row, label in enumerate(self._labels):
                y0 = top + row * row_h
                painter.setPen(AXIS_TEXT)
                text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 10)
                painter.drawText(
                    QRectF(8, y0, label_w - 10, row_h),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    text,
                )
                group_top = y0 + (row_h - bar_h * n) / 2
                for index, s in enumerate(self._series):
                    value = s.values[row] if row < len(s.values) else None
                    y = group_top + index * bar_h
                    if value is None:
                        continue
                    width = span * max(min(value / self._maximum, 1.0), 0.0)
                    painter.fillRect(
                        QRectF(left, y + 1, max(width, 1.5), bar_h - 2), series_colour(index)
                    )
                    painter.setPen(AXIS_TEXT)
                    painter.drawText(
                        QRectF(left + width + 4, y, value_w + 40, bar_h),
                        Qt.AlignmentFlag.AlignVCenter,
                        format_decimal(value, 0),
                    )
        finally:
            painter.end()


class LineChart(_Chart):
    """Lines over the x labels (sessions); ``maximum`` None scales to the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._x_labels: list[str] = []
        self._maximum: float | None = 100.0

    def set_data(
        self, x_labels: Sequence[str], series: Sequence[Series], maximum: float | None = 100.0
    ) -> None:
        self._x_labels = list(x_labels)
        self._series = list(series)
        self._maximum = maximum
        self.update()

    def x_labels(self) -> list[str]:
        return list(self._x_labels)

    @override
    def sizeHint(self) -> QSize:
        return QSize(480, 300)

    def _top_value(self) -> float:
        if self._maximum is not None:
            return self._maximum
        values = [v for s in self._series for v in s.values if v is not None]
        top = max(values, default=1.0)
        return float(max(math.ceil(top * 1.1 / 4) * 4, 4))  # ticks at quarters stay whole

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter) + 4
            if not self._x_labels or not self._has_data():
                self._draw_empty(painter)
                return
            metrics = QFontMetrics(self.font())
            bottom = self._draw_legend(painter, self.height() - 4.0) - metrics.height() - 8
            maximum = self._top_value()
            left = 10 + metrics.horizontalAdvance(format_decimal(maximum, 0))
            right = self.width() - 16.0
            count = len(self._x_labels)

            def x_at(i: int) -> float:
                return (left + right) / 2 if count == 1 else left + (right - left) * i / (count - 1)

            def y_at(v: float) -> float:
                return bottom - (bottom - top) * max(min(v / maximum, 1.0), 0.0)

            for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
                y = y_at(maximum * tick)
                painter.setPen(QPen(GRID, 1))
                painter.drawLine(QPointF(left, y), QPointF(right, y))
                if tick in (0.0, 0.5, 1.0):
                    painter.setPen(AXIS_TEXT)
                    painter.drawText(
                        QRectF(2, y - metrics.height() / 2, left - 6, metrics.height()),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        format_decimal(maximum * tick, 0),
                    )
            painter.setPen(AXIS_TEXT)
            step = max(1, math.ceil(count * 90 / max(right - left, 1)))
            for i, label in enumerate(self._x_labels):
                if i % step and i != count - 1:
                    continue
                w = metrics.horizontalAdvance(label)
                x = min(max(x_at(i) - w / 2, 2), self.width() - w - 2)
                painter.drawText(QPointF(x, bottom + metrics.ascent() + 4), label)
            for index, s in enumerate(self._series):
                colour = series_colour(index)
                painter.setPen(QPen(colour, 2))
                previous: QPointF | None = None
                for i, v in enumerate(s.values[:count]):
                    if v is None:
                        previous = None
                        continue
                    p = QPointF(x_at(i), y_at(v))
                    if previous is not None:
                        painter.drawLine(previous, p)
                    painter.setBrush(colour)
                    painter.drawEllipse(p, 3, 3)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    previous = p
        finally:
            painter.end()


def render_png(widget: QWidget, path: Path, size: QSize | None = None) -> bool:
    """Saves the widget as a PNG (at ``size`` or its current/hinted size)."""
    if size is not None:
        widget.resize(size)
    elif widget.width() < 10 or widget.height() < 10:
        widget.resize(widget.sizeHint())
    return bool(widget.grab().save(str(path), "PNG"))
