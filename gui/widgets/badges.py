"""Small rounded labels (示例 / Sample, 已归档 / Archived) drawn before a cell's text, and the
same look for a QLabel in a form header.

A model puts ``[(text, kind), …]`` under ``gui.models.BADGES_ROLE``; :class:`BadgeDelegate`
draws them. ``kind`` picks the colours: ``"sample"`` (amber) or ``"archived"`` (grey).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from gui.models import BADGES_ROLE

BADGE_COLOURS: dict[str, tuple[str, str]] = {  # kind -> (background, text)
    "sample": ("#ffe3a3", "#6b4500"),
    "archived": ("#dcdcdc", "#4a4a4a"),
}
_PAD = 6
_GAP = 4


def badge_colours(kind: str) -> tuple[QColor, QColor]:
    background, text = BADGE_COLOURS.get(kind, BADGE_COLOURS["archived"])
    return QColor(background), QColor(text)


def badge_stylesheet(kind: str) -> str:
    background, text = BADGE_COLOURS.get(kind, BADGE_COLOURS["archived"])
    return (
        f"QLabel {{ background: {background}; color: {text}; border-radius: 4px;"
        " padding: 1px 6px; }"
    )


def make_badge_label(kind: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(badge_stylesheet(kind))
    label.setObjectName(f"{kind}Badge")
    return label


def _badges(index: QModelIndex | QPersistentModelIndex) -> list[tuple[str, str]]:
    value = index.data(BADGES_ROLE)
    return list(value) if value else []


class BadgeDelegate(QStyledItemDelegate):
    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        badges = _badges(index)
        if not badges:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        rect: QRect = opt.rect
        metrics = opt.fontMetrics
        height = metrics.height() + 2
        top = rect.top() + (rect.height() - height) // 2
        x = rect.left() + _GAP
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for label, kind in badges:
            width = metrics.horizontalAdvance(label) + 2 * _PAD
            pill = QRect(x, top, width, height)
            background, foreground = badge_colours(kind)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(pill, 4, 4)
            painter.setPen(foreground)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            x += width + _GAP
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        text_rect = QRect(x + 2, rect.top(), max(0, rect.right() - x - 4), rect.height())
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), elided
        )
        painter.restore()

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        badges = _badges(index)
        if badges:
            metrics = option.fontMetrics
            extra = sum(metrics.horizontalAdvance(b) + 2 * _PAD + _GAP for b, _kind in badges)
            size.setWidth(size.width() + extra + _GAP)
        return size
