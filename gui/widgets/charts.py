"""Small charts painted with QPainter (QtCharts is not shipped; matplotlib is not used).

- :class:`RadarChart` — one polygon per series over the dimension axes (0–100);
- :class:`BarChart` — horizontal bars, one row per label (0–100 by default);
- :class:`LineChart` — one line per series over the sessions (x labels), with a legend;
- :class:`StackedBarChart` — vertical bars stacked from segments, the total on top;
- :class:`CurveChart` — lines over a numeric x axis with labelled points (break-even crossings);
- :class:`BandChart` — a day-by-day band (e.g. P10–P90) with a middle line, reference lines,
  shaded spans, event ticks and warning markers.

The caller passes texts already translated and calls ``set_data`` again after a language
switch. ``None`` values are gaps (a dimension that did not apply); zero values are drawn at the
centre/axis. :func:`render_png` saves any widget (or a chart built from data) as a PNG;
``chart.render_to_image(size)`` paints a chart at any size without touching the one shown
(copy to the clipboard, export).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
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


# Stacked segments need more distinct colours than lines do (a cost breakdown has a dozen).
STACK_PALETTE = (
    "#1f6fb2", "#e07b1a", "#2e9d4f", "#c0392b", "#7d4fb0", "#8c6d31", "#d35fa8", "#5f6b73",
    "#17a2b8", "#b8b000", "#9ecae1", "#f4a582", "#1b3a5c",
)  # fmt: skip


def series_colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def stack_colour(index: int) -> QColor:
    return QColor(STACK_PALETTE[index % len(STACK_PALETTE)])


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

    def title(self) -> str:
        return self._title

    def render_to_image(self, size: QSize | None = None) -> QImage:
        """The chart painted at ``size`` (default: as shown, or its size hint when hidden) on
        a white image; the widget on screen is not touched."""
        if size is None:
            size = self.size() if min(self.width(), self.height()) >= 10 else self.sizeHint()
        twin = type(self)()
        # The chart's own state (title, data, labels) lives in underscore attributes.
        twin.__dict__.update({k: v for k, v in self.__dict__.items() if k.startswith("_")})
        twin.setFont(self.font())
        twin.resize(size)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        twin.render(image)
        twin.deleteLater()
        return image

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


Chart = _Chart  # the common base: title, empty text, render_to_image


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


# ---- axes, keys and the charts of the warehouse planner --------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering ``low``–``high``."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1.0
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def tick_text(value: float, ticks: Sequence[float]) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    digits = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    return format_decimal(value, digits)


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One entry of a chart's key: ``style`` is line, dash, dot, box or marker."""

    name: str
    colour: str
    style: str = "line"


@dataclass(frozen=True, slots=True)
class Mark:
    """A labelled point, e.g. where two cost curves cross."""

    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Band:
    low: tuple[float, ...]
    high: tuple[float, ...]
    label: str


def _pen(colour: QColor | str, width: float, style: str = "line") -> QPen:
    pen = QPen(QColor(colour), width)
    if style == "dash":
        pen.setStyle(Qt.PenStyle.DashLine)
    elif style == "dot":
        pen.setStyle(Qt.PenStyle.DotLine)
    return pen


class _AxisChart(_Chart):
    """Shared drawing for charts with a value axis on the left and a key at the bottom."""

    def _key(self) -> list[KeyEntry]:
        return []

    def _draw_key(self, painter: QPainter, bottom: float) -> float:
        """The key in one or more centred rows ending at ``bottom``; returns its top."""
        entries = [e for e in self._key() if e.name]
        if not entries:
            return bottom
        metrics = QFontMetrics(self.font())
        line_height = metrics.height() + 4
        rows: list[list[tuple[KeyEntry, float]]] = [[]]
        x = 0.0
        for entry in entries:
            width = 22 + metrics.horizontalAdvance(entry.name) + 14
            if x + width > self.width() - 16 and rows[-1]:
                rows.append([])
                x = 0.0
            rows[-1].append((entry, x))
            x += width
        top = bottom - line_height * len(rows)
        for number, row in enumerate(rows):
            last, last_x = row[-1]
            row_width = last_x + 22 + metrics.horizontalAdvance(last.name)
            shift = max((self.width() - row_width) / 2, 8)
            y = top + number * line_height + line_height / 2
            for entry, px in row:
                x0 = px + shift
                colour = QColor(entry.colour)
                if entry.style == "box":  # "#AARRGGBB" keeps a translucent fill's look
                    painter.fillRect(QRectF(x0 + 2, y - 6, 12, 12), colour)
                elif entry.style == "marker":
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(colour)
                    painter.drawPolygon(_triangle(QPointF(x0 + 8, y + 5), 6))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    painter.setPen(_pen(colour, 2.5, entry.style))
                    painter.drawLine(QPointF(x0, y), QPointF(x0 + 16, y))
                painter.setPen(AXIS_TEXT)
                painter.drawText(QPointF(x0 + 22, y + metrics.ascent() / 2 - 1), entry.name)
        return top

    def _draw_value_axis(
        self, painter: QPainter, ticks: Sequence[float], left: float, right: float,
        y_at: Callable[[float], float],
    ) -> None:  # fmt: skip
        metrics = QFontMetrics(self.font())
        for tick in ticks:
            y = y_at(tick)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(AXIS_TEXT)
            painter.drawText(
                QRectF(2, y - metrics.height() / 2, left - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                tick_text(tick, ticks),
            )

    def _axis_width(self, ticks: Sequence[float]) -> float:
        metrics = QFontMetrics(self.font())
        return 12.0 + max(metrics.horizontalAdvance(tick_text(t, ticks)) for t in ticks)


def _triangle(tip: QPointF, size: float) -> QPolygonF:
    """An upward triangle whose base sits at ``tip``'s y (a marker under a time axis)."""
    return QPolygonF(
        [
            QPointF(tip.x(), tip.y() - size),
            QPointF(tip.x() - size * 0.6, tip.y()),
            QPointF(tip.x() + size * 0.6, tip.y()),
        ]
    )


class StackedBarChart(_AxisChart):
    """One vertical bar per category, stacked from the segments (one series per segment, a
    value per category), with the total written on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._totals: list[float | None] = []
        self.setMinimumSize(320, 260)

    def set_data(
        self,
        categories: Sequence[str],
        stacks: Sequence[Series],
        totals: Sequence[float | None] | None = None,
    ) -> None:
        self._categories = list(categories)
        self._series = list(stacks)
        if totals is None:
            totals = [
                sum(s.values[i] or 0.0 for s in stacks if i < len(s.values))
                for i in range(len(categories))
            ]
        self._totals = list(totals)
        self.update()

    def categories(self) -> list[str]:
        return list(self._categories)

    def totals(self) -> list[float | None]:
        return list(self._totals)

    @override
    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    @override
    def _key(self) -> list[KeyEntry]:
        return [KeyEntry(s.name, stack_colour(i).name(), "box") for i, s in enumerate(self._series)]

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter) + 6
            if not self._categories or not self._has_data():
                self._draw_empty(painter)
                return
            metrics = QFontMetrics(self.font())
            key_top = self._draw_key(painter, self.height() - 4.0)
            label_h = 2 * metrics.height() + 4
            bottom = key_top - label_h - 6
            sums = [
                sum(max(s.values[i] or 0.0, 0.0) for s in self._series if i < len(s.values))
                for i in range(len(self._categories))
            ]
            peak = max([*sums, *(t or 0.0 for t in self._totals)], default=1.0)
            ticks = nice_ticks(0.0, peak * 1.08 or 1.0)
            left = self._axis_width(ticks)
            right = self.width() - 12.0
            maximum = ticks[-1]

            def y_at(v: float) -> float:
                return bottom - (bottom - top) * max(min(v / maximum, 1.0), 0.0)

            self._draw_value_axis(painter, ticks, left, right, y_at)
            slot = (right - left) / len(self._categories)
            bar_w = min(slot * 0.6, 90.0)
            flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)
            for i, category in enumerate(self._categories):
                x0 = left + slot * i + (slot - bar_w) / 2
                base = 0.0
                for index, s in enumerate(self._series):
                    value = s.values[i] if i < len(s.values) else None
                    if not value or value <= 0:
                        continue
                    y1, y0 = y_at(base + value), y_at(base)
                    painter.fillRect(QRectF(x0, y1, bar_w, y0 - y1), stack_colour(index))
                    base += value
                total = self._totals[i] if i < len(self._totals) else None
                painter.setPen(AXIS_TEXT)
                if total is not None:
                    text = format_decimal(total, 2 if abs(total) < 1000 else 0)
                    painter.drawText(
                        QRectF(x0 - 20, y_at(max(base, total)) - metrics.height() - 2,
                               bar_w + 40, metrics.height()),
                        Qt.AlignmentFlag.AlignCenter, text,
                    )  # fmt: skip
                painter.drawText(
                    QRectF(left + slot * i + 2, bottom + 4, slot - 4, label_h), flags, category
                )
        finally:
            painter.end()


class CurveChart(_AxisChart):
    """Lines over a numeric x axis (e.g. cost against volume), with labelled points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._x: list[float] = []
        self._marks: list[Mark] = []
        self._x_label = ""
        self._y_label = ""
        self._colours: list[int] = []
        self.setMinimumSize(320, 260)

    def set_data(
        self,
        x: Sequence[float],
        series: Sequence[Series],
        marks: Sequence[Mark] = (),
        *,
        x_label: str = "",
        y_label: str = "",
        colours: Sequence[int] | None = None,
    ) -> None:
        """``colours``: a palette index per series (keeps a mode's colour across charts)."""
        self._x = list(x)
        self._series = list(series)
        self._marks = list(marks)
        self._x_label = x_label
        self._y_label = y_label
        self._colours = list(colours) if colours is not None else list(range(len(series)))
        self.update()

    def marks(self) -> list[Mark]:
        return list(self._marks)

    @override
    def sizeHint(self) -> QSize:
        return QSize(520, 360)

    def _colour(self, index: int) -> QColor:
        return series_colour(self._colours[index] if index < len(self._colours) else index)

    @override
    def _key(self) -> list[KeyEntry]:
        return [KeyEntry(s.name, self._colour(i).name()) for i, s in enumerate(self._series)]

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter) + 6
            if len(self._x) < 2 or not self._has_data():
                self._draw_empty(painter)
                return
            metrics = QFontMetrics(self.font())
            if self._y_label:
                painter.setPen(AXIS_TEXT)
                painter.drawText(QPointF(8, top + metrics.ascent()), self._y_label)
                top += metrics.height() + 6
            key_top = self._draw_key(painter, self.height() - 4.0)
            x_label_h = metrics.height() + 4 if self._x_label else 0
            bottom = key_top - metrics.height() - x_label_h - 10
            values = [v for s in self._series for v in s.values if v is not None]
            values += [m.y for m in self._marks]
            y_ticks = nice_ticks(0.0, max(max(values, default=1.0), 1e-9) * 1.05)
            x_ticks = nice_ticks(min(self._x), max(self._x), 6)
            left = self._axis_width(y_ticks)
            right = self.width() - 16.0
            x_lo, x_hi = x_ticks[0], x_ticks[-1]
            y_hi = y_ticks[-1]

            def x_at(v: float) -> float:
                return left + (right - left) * (v - x_lo) / (x_hi - x_lo)

            def y_at(v: float) -> float:
                return bottom - (bottom - top) * max(min(v / y_hi, 1.0), 0.0)

            self._draw_value_axis(painter, y_ticks, left, right, y_at)
            painter.setPen(AXIS_TEXT)
            for tick in x_ticks:
                text = tick_text(tick, x_ticks)
                w = metrics.horizontalAdvance(text)
                x = min(max(x_at(tick) - w / 2, 2.0), self.width() - w - 2.0)
                painter.drawText(QPointF(x, bottom + metrics.ascent() + 4), text)
            if self._x_label:
                painter.drawText(
                    QRectF(left, bottom + metrics.height() + 6, right - left, metrics.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    self._x_label,
                )
            painter.setClipRect(QRectF(left, top - 2, right - left + 2, bottom - top + 4))
            for index, s in enumerate(self._series):
                path = QPainterPath()
                started = False
                for xv, yv in zip(self._x, s.values, strict=False):
                    if yv is None:
                        started = False
                        continue
                    point = QPointF(x_at(xv), y_at(yv))
                    if started:
                        path.lineTo(point)
                    else:
                        path.moveTo(point)
                        started = True
                painter.setPen(QPen(self._colour(index), 2))
                painter.drawPath(path)
            painter.setClipping(False)
            self._draw_marks(painter, x_at, y_at, (left, top, right, bottom))
        finally:
            painter.end()

    def _draw_marks(
        self,
        painter: QPainter,
        x_at: Callable[[float], float],
        y_at: Callable[[float], float],
        plot: tuple[float, float, float, float],
    ) -> None:
        left, top, right, bottom = plot
        metrics = QFontMetrics(self.font())
        placed: list[QRectF] = []
        for mark in self._marks:
            point = QPointF(x_at(mark.x), y_at(mark.y))
            if not (left - 1 <= point.x() <= right + 1):
                continue
            painter.setPen(_pen("#5f6b73", 1, "dash"))
            painter.drawLine(point, QPointF(point.x(), bottom))
            painter.setPen(QPen(QColor("#202020"), 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(point, 4.5, 4.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            width = metrics.horizontalAdvance(mark.label) + 6
            x = point.x() + 8 if point.x() + 8 + width < right else point.x() - 8 - width
            rect = QRectF(x, point.y() - metrics.height() - 4, width, metrics.height())
            while any(rect.intersects(r) for r in placed) and rect.top() > top:
                rect.translate(0, -metrics.height())
            rect.moveTop(max(rect.top(), top))
            placed.append(rect)
            painter.fillRect(rect, QColor(255, 255, 255, 210))
            painter.setPen(AXIS_TEXT)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark.label)


class BandChart(_AxisChart):
    """A value per day: a filled band (low–high), a middle line, reference lines, shaded spans
    (e.g. the peak season), event ticks along the top (arrivals) and warning markers along the
    bottom (stock-out risk). ``ticks`` label the x axis: (day index, text)."""

    BAND_COLOUR = "#1f6fb2"
    SHADE_COLOUR = QColor(240, 200, 120, 70)
    MARKER_COLOUR = "#c0392b"
    EVENT_COLOUR = "#2e9d4f"
    LINE_COLOURS = ("#e07b1a", "#7d4fb0", "#5f6b73", "#8c6d31")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._band: Band | None = None
        self._middle: Series | None = None
        self._lines: list[Series] = []
        self._ticks: list[tuple[int, str]] = []
        self._shaded: list[tuple[int, int]] = []
        self._shaded_label = ""
        self._markers: list[int] = []
        self._marker_label = ""
        self._events: list[int] = []
        self._event_label = ""
        self.setMinimumSize(420, 280)

    def set_data(
        self,
        *,
        band: Band,
        middle: Series,
        lines: Sequence[Series] = (),
        ticks: Sequence[tuple[int, str]] = (),
        shaded: Sequence[tuple[int, int]] = (),
        shaded_label: str = "",
        markers: Sequence[int] = (),
        marker_label: str = "",
        events: Sequence[int] = (),
        event_label: str = "",
    ) -> None:
        self._band = band
        self._middle = middle
        self._lines = list(lines)
        self._series = [middle, *lines]
        self._ticks = list(ticks)
        self._shaded = list(shaded)
        self._shaded_label = shaded_label
        self._markers = list(markers)
        self._marker_label = marker_label
        self._events = list(events)
        self._event_label = event_label
        self.update()

    def clear(self) -> None:
        self._band = None
        self._middle = None
        self._series = []
        self.update()

    def markers(self) -> list[int]:
        return list(self._markers)

    def events(self) -> list[int]:
        return list(self._events)

    def band(self) -> Band | None:
        return self._band

    @override
    def sizeHint(self) -> QSize:
        return QSize(760, 360)

    @override
    def _key(self) -> list[KeyEntry]:
        entries = []
        if self._band is not None:
            fill = QColor(self.BAND_COLOUR)
            fill.setAlpha(70)
            entries.append(KeyEntry(self._band.label, fill.name(QColor.NameFormat.HexArgb), "box"))
        if self._middle is not None:
            entries.append(KeyEntry(self._middle.name, self.BAND_COLOUR))
        for i, line in enumerate(self._lines):
            entries.append(KeyEntry(line.name, self.LINE_COLOURS[i % 4], "dash"))
        if self._shaded and self._shaded_label:
            entries.append(
                KeyEntry(
                    self._shaded_label, self.SHADE_COLOUR.name(QColor.NameFormat.HexArgb), "box"
                )
            )
        if self._events and self._event_label:
            entries.append(KeyEntry(self._event_label, self.EVENT_COLOUR, "line"))
        if self._markers and self._marker_label:
            entries.append(KeyEntry(self._marker_label, self.MARKER_COLOUR, "marker"))
        return entries

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        try:
            top = self._draw_title(painter) + 10
            band, middle = self._band, self._middle
            if band is None or middle is None or not band.high:
                self._draw_empty(painter)
                return
            metrics = QFontMetrics(self.font())
            key_top = self._draw_key(painter, self.height() - 4.0)
            bottom = key_top - metrics.height() - 12
            count = len(band.high)
            values = [*band.high, *(v for v in middle.values if v is not None)]
            values += [v for s in self._lines for v in s.values[:count] if v is not None]
            ticks = nice_ticks(0.0, max(max(values, default=1.0), 1.0) * 1.05)
            left = self._axis_width(ticks)
            right = self.width() - 14.0
            y_hi = ticks[-1]

            def x_at(i: float) -> float:
                return left + (right - left) * i / max(count - 1, 1)

            def y_at(v: float) -> float:
                return bottom - (bottom - top) * max(min(v / y_hi, 1.0), 0.0)

            for start, end in self._shaded:
                painter.fillRect(
                    QRectF(x_at(start), top, x_at(end) - x_at(start), bottom - top),
                    self.SHADE_COLOUR,
                )
            self._draw_value_axis(painter, ticks, left, right, y_at)
            painter.setPen(AXIS_TEXT)
            for index, text in self._ticks:
                x = x_at(index)
                painter.setPen(QPen(GRID, 1))
                painter.drawLine(QPointF(x, bottom), QPointF(x, bottom + 4))
                painter.setPen(AXIS_TEXT)
                painter.drawText(QPointF(x + 2, bottom + metrics.ascent() + 6), text)
            fill = QColor(self.BAND_COLOUR)
            fill.setAlpha(70)
            area = QPainterPath()
            area.moveTo(QPointF(x_at(0), y_at(band.high[0])))
            for i in range(1, count):
                area.lineTo(QPointF(x_at(i), y_at(band.high[i])))
            for i in range(count - 1, -1, -1):
                area.lineTo(QPointF(x_at(i), y_at(band.low[i])))
            area.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawPath(area)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for i, line in enumerate(self._lines):
                self._polyline(painter, line.values[:count], x_at, y_at,
                               _pen(self.LINE_COLOURS[i % 4], 1.5, "dash"))  # fmt: skip
            self._polyline(
                painter, middle.values[:count], x_at, y_at, QPen(QColor(self.BAND_COLOUR), 2)
            )
            painter.setPen(QPen(QColor(self.EVENT_COLOUR), 2))
            for index in self._events:
                if 0 <= index < count:
                    painter.drawLine(QPointF(x_at(index), top - 6), QPointF(x_at(index), top + 4))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.MARKER_COLOUR))
            for index in self._markers:
                if 0 <= index < count:
                    painter.drawPolygon(_triangle(QPointF(x_at(index), bottom), 6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        finally:
            painter.end()

    @staticmethod
    def _polyline(
        painter: QPainter,
        values: Sequence[float | None],
        x_at: Callable[[float], float],
        y_at: Callable[[float], float],
        pen: QPen,
    ) -> None:
        path = QPainterPath()
        started = False
        for i, v in enumerate(values):
            if v is None:
                started = False
                continue
            point = QPointF(x_at(i), y_at(v))
            if started:
                path.lineTo(point)
            else:
                path.moveTo(point)
                started = True
        painter.setPen(pen)
        painter.drawPath(path)
