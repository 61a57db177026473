"""Draws a :class:`~services.reports.model.ReportData` as an A4 PDF with reportlab platypus.

Layout: a cover page, then the sections; every page after the cover carries a running header
(report and company) and a footer (the regulations-date note and "page n / N"). One CJK
TrueType font (services/reports/fonts.py) is used everywhere and embedded as a subset; there
is no bold face, so headings differ by size and colour. Tables repeat their header row on
each page and split inside tall rows; charts are vector drawings (reportlab.graphics): a radar
(or bars, for fewer than three dimensions) and a line chart for the trend; stacked bars and a
band over time for the overseas-warehouse plan.

Every text is escaped for Paragraph markup and cleaned of characters the font cannot draw
(replaced by a visible placeholder), so user text such as ``<b>``, ``&`` or emoji can neither
break the layout nor the build. ``render_pdf`` returns the bytes; ``write_pdf`` writes them
atomically (nothing is written when drawing fails or is cancelled).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.charts.utils import FillPairedData
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable
from typing_extensions import override

from services.core.files import atomic_write_bytes
from services.core.progress import CancelToken, ProgressFn
from services.readiness.results import level_colours
from services.reports.fonts import ReportFont
from services.reports.model import (
    BAR,
    LEAD,
    LINE,
    SMALL,
    STACKED,
    Badge,
    BandChart,
    Block,
    Chart,
    KeyValues,
    Notice,
    Paragraph,
    ReportData,
    Section,
    Signatures,
    Table,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
MIN_ROW_PART = 12 * mm
BADGE_WIDTH = 40 * mm  # the least of a split row that may stay at the foot of a page

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#1f4e79")
RULE = colors.HexColor("#b9c3ce")
HEADER_FILL = colors.HexColor("#1f4e79")
ZEBRA = colors.HexColor("#f4f6f9")
EMPHASIS = colors.HexColor("#fff1dc")
SAMPLE_RED = colors.HexColor("#b3261e")
SERIES_COLOURS = (
    colors.HexColor("#1f77b4"),
    colors.HexColor("#8a94a3"),
    colors.HexColor("#2ca02c"),
)
STACK_COLOURS = (  # cost segments, bottom of the stack first
    colors.HexColor("#1f4e79"),
    colors.HexColor("#4e79a7"),
    colors.HexColor("#f28e2b"),
    colors.HexColor("#e15759"),
    colors.HexColor("#76b7b2"),
    colors.HexColor("#59a14f"),
    colors.HexColor("#edc948"),
    colors.HexColor("#b07aa1"),
    colors.HexColor("#ff9da7"),
    colors.HexColor("#9c755f"),
    colors.HexColor("#bab0ac"),
    colors.HexColor("#86bcb6"),
)
BAND_FILL = colors.HexColor("#c9dcef")
REORDER_COLOUR = colors.HexColor("#d62728")
LEGEND_WIDTH = 42 * mm
LEGEND_ROW = 10  # points per legend line
ORPHAN_ROOM = 30 * mm  # a subheading or caption starts a new page when less room is left
NOTICE_COLOURS = {
    "info": (colors.HexColor("#eaf2fb"), colors.HexColor("#9dbbe0")),
    "warning": (colors.HexColor("#fff4e0"), colors.HexColor("#e3b25f")),
}

_build_lock = threading.Lock()  # reportlab keeps some module state; one document at a time


class SplittingTable(RLTable):
    """A table that splits inside a row only when the row cannot fit on a page of its own, and
    leaves at least :data:`MIN_ROW_PART` of it at the foot of the page.

    reportlab 5.1 otherwise splits a row at the foot of a page into a sliver under a repeated
    header row, drawn below the frame over the footer. Rows that fit on a page move whole.
    """

    # reportlab's private split hook (pinned reportlab 5.1; its stubs do not declare it)
    def _splitRows(self, available: float, doInRowSplit: int = 0) -> list[RLTable]:  # noqa: N802, N803
        table: Any = self
        if doInRowSplit:
            heights: list[float] = table._rowHeights
            row = table._getFirstPossibleSplitRowPosition(available, ignoreSpans=doInRowSplit)
            header = sum(heights[: self.repeatRows]) if isinstance(self.repeatRows, int) else 0
            if row < len(heights) and (
                heights[row] + header <= FRAME_HEIGHT
                or available - sum(heights[:row]) < MIN_ROW_PART
            ):
                return []  # reportlab then tries a split between rows
        parts: list[RLTable] = super()._splitRows(available, doInRowSplit)  # type: ignore[misc]
        return parts


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    data: bytes
    pages: int


class _Styles:
    def __init__(self, font: str):
        def style(name: str, **kw: Any) -> ParagraphStyle:
            base: dict[str, Any] = {
                "fontName": font,
                "fontSize": 9.5,
                "leading": 14,
                "textColor": INK,
                "wordWrap": "CJK",
            }
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = style("body", spaceAfter=3)
        self.small = style("small", fontSize=8, leading=11.5, textColor=MUTED, spaceAfter=3)
        self.lead = style("lead", fontSize=10.5, leading=15, textColor=ACCENT, spaceBefore=6)
        self.h1 = style("h1", fontSize=15, leading=20, textColor=ACCENT, spaceBefore=4)
        self.subtitle = style("subtitle", fontSize=9, leading=13, textColor=MUTED)
        self.caption = style("caption", fontSize=10, leading=14, textColor=ACCENT, spaceBefore=6)
        self.cell = style("cell", fontSize=8.5, leading=11.5)
        self.cell_right = style("cellRight", fontSize=8.5, leading=11.5, alignment=TA_RIGHT)
        self.cell_center = style("cellCenter", fontSize=8.5, leading=11.5, alignment=TA_CENTER)
        self.head = style("head", fontSize=8.5, leading=11.5, textColor=colors.white)
        self.head_right = style(
            "headRight", fontSize=8.5, leading=11.5, textColor=colors.white, alignment=TA_RIGHT
        )
        self.label = style("label", fontSize=9, leading=13, textColor=MUTED)
        self.cover_title = style("coverTitle", fontSize=26, leading=34, textColor=ACCENT)
        self.cover_subtitle = style("coverSubtitle", fontSize=12, leading=18, textColor=MUTED)
        self.cover_company = style("coverCompany", fontSize=19, leading=26, spaceBefore=8)
        self.cover_other = style("coverOther", fontSize=11, leading=16, textColor=MUTED)
        self.sample = style(
            "sample", fontSize=14, leading=20, textColor=SAMPLE_RED, alignment=TA_CENTER
        )
        self.level = style("level", fontSize=22, leading=28, alignment=TA_CENTER)
        self.score = style("score", fontSize=20, leading=26, textColor=ACCENT, alignment=TA_LEFT)


class PdfRenderer:
    def __init__(self, report: ReportData, font: ReportFont):
        self.report = report
        self.font = font
        self.styles = _Styles(font.name)

    # ---- text ------------------------------------------------------------------------------

    def plain(self, text: str) -> str:
        """Text for a drawing string (no markup)."""
        return self.font.clean(text).replace("\n", " ")

    def markup(self, text: str) -> str:
        return escape(self.font.clean(text)).replace("\n", "<br/>")

    def para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return RLParagraph(self.markup(text), style)

    # ---- document --------------------------------------------------------------------------

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = [*self.cover_page(), NextPageTemplate("body"), PageBreak()]
        for index, section in enumerate(self.report.sections):
            story.extend(self.section(section, first=index == 0))
        return story

    def cover_page(self) -> list[Flowable]:
        c = self.report.cover
        s = self.styles
        out: list[Flowable] = [Spacer(1, 30 * mm)]
        if c.sample_mark:
            out.append(self._boxed(self.para(c.sample_mark, s.sample), SAMPLE_RED, None))
            out.append(Spacer(1, 8 * mm))
        out += [
            self.para(c.title, s.cover_title),
            self.para(c.subtitle, s.cover_subtitle),
            Spacer(1, 10 * mm),
            HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceAfter=6),
            self.para(c.company, s.cover_company),
        ]
        if c.company_other_name:
            out.append(self.para(c.company_other_name, s.cover_other))
        out.append(Spacer(1, 12 * mm))
        out.append(self._label_table(c.facts, label_width=45 * mm, rule=0.4, padding=5))
        return out

    def section(self, section: Section, *, first: bool) -> list[Flowable]:
        s = self.styles
        heading: list[Flowable] = [
            self.para(section.title, s.h1),
            HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=2, spaceAfter=6),
        ]
        if section.subtitle:
            heading.append(self.para(section.subtitle, s.subtitle))
        blocks = [self.block(b) for b in section.blocks]
        out: list[Flowable] = [] if first else [CondPageBreak(60 * mm), Spacer(1, 4 * mm)]
        if section.keep_together:
            out.append(KeepTogether([*heading, *(f for block in blocks for f in block)]))
            return out
        # The heading stays with the start of its first block (no orphaned headings).
        first_block: list[Flowable] = blocks[0] if blocks else []
        out.append(KeepTogether([*heading, *first_block[:2]]))
        out.extend(first_block[2:])
        for block in blocks[1:]:
            out.extend(block)
        return out

    def block(self, block: Block) -> list[Flowable]:
        if isinstance(block, Paragraph):
            if block.style == LEAD:  # a subheading: never alone at the foot of a page
                return [CondPageBreak(ORPHAN_ROOM), self.para(block.text, self.styles.lead)]
            style = self.styles.small if block.style == SMALL else self.styles.body
            return [self.para(block.text, style)]
        if isinstance(block, KeyValues):
            return [self.key_values(block), Spacer(1, 3 * mm)]
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Chart):
            return [self.chart(block), Spacer(1, 2 * mm)]
        if isinstance(block, BandChart):
            return [self.band_chart(block), Spacer(1, 2 * mm)]
        if isinstance(block, Badge):
            return [self.badge(block), Spacer(1, 3 * mm)]
        if isinstance(block, Notice):
            fill, border = NOTICE_COLOURS.get(block.tone, NOTICE_COLOURS["info"])
            box = self._boxed(self.para(block.text, self.styles.body), border, fill)
            return [box, Spacer(1, 3 * mm)]
        return [Spacer(1, 4 * mm), self.signatures(block)]

    # ---- blocks ----------------------------------------------------------------------------

    def _boxed(self, content: Flowable, border: Any, fill: Any) -> RLTable:
        box = RLTable([[content]], colWidths=[TEXT_WIDTH])
        commands: list[tuple[Any, ...]] = [
            ("BOX", (0, 0), (-1, -1), 0.8, border),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ]
        if fill is not None:
            commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
        box.setStyle(TableStyle(commands))
        return box

    def key_values(self, block: KeyValues) -> RLTable:
        return self._label_table(block.rows, label_width=42 * mm, rule=0.3, padding=3)

    def _label_table(
        self,
        rows: tuple[tuple[str, str], ...],
        *,
        label_width: float,
        rule: float,
        padding: float,
    ) -> RLTable:
        """Labels in a muted column, values beside them, a thin rule under each line."""
        s = self.styles
        cells = [
            [self.para(label, s.label), self.para(value or " ", s.body)] for label, value in rows
        ]
        table = SplittingTable(
            cells, colWidths=[label_width, TEXT_WIDTH - label_width], hAlign="LEFT", splitInRow=1
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), rule, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), padding),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def table(self, block: Table) -> list[Flowable]:
        s = self.styles
        total = sum(c.width for c in block.columns) or 1.0
        widths = [TEXT_WIDTH * c.width / total for c in block.columns]
        body_style = {"right": s.cell_right, "center": s.cell_center}
        header: list[Flowable] = [
            self.para(c.title, s.head_right if c.align == "right" else s.head)
            for c in block.columns
        ]
        rows: list[list[Flowable]] = [header]
        for row in block.rows:
            rows.append(
                [
                    self.para(text, body_style.get(col.align, s.cell))
                    for text, col in zip(row, block.columns, strict=False)
                ]
            )
        table = SplittingTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        for index in range(1, len(rows)):
            if index - 1 in block.emphasis:
                commands.append(("BACKGROUND", (0, index), (-1, index), EMPHASIS))
            elif index % 2 == 0:
                commands.append(("BACKGROUND", (0, index), (-1, index), ZEBRA))
        table.setStyle(TableStyle(commands))
        out: list[Flowable] = []
        if block.caption:
            out += [CondPageBreak(ORPHAN_ROOM), self.para(block.caption, s.caption)]
        out.append(table)
        if block.footnote:
            out.append(Spacer(1, 1.5 * mm))
            out.append(self.para(block.footnote, s.small))
        out.append(Spacer(1, 3 * mm))
        return out

    def badge(self, block: Badge) -> RLTable:
        s = self.styles
        fill, ink = level_colours(block.level_key)  # the window's colours
        # "Developing" must stay on one line in the 40 mm box: a smaller size for long names
        room = BADGE_WIDTH - 14
        size = min(
            s.level.fontSize, max(12.0, room / max(stringWidth(block.level, self.font.name, 1), 1))
        )
        level_style = ParagraphStyle(
            "levelInk",
            parent=s.level,
            textColor=colors.HexColor(ink),
            fontSize=size,
            leading=size * 1.3,
        )
        score = [self.para(block.score, s.score), self.para(block.score_label, s.small)]
        table = RLTable(
            [
                [self.para(block.level, level_style), score],
                ["", self.para(block.meaning, s.body)],
            ],
            colWidths=[BADGE_WIDTH, TEXT_WIDTH - BADGE_WIDTH],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (0, 1)),
                    ("BACKGROUND", (0, 0), (0, 1), colors.HexColor(fill)),
                    ("VALIGN", (0, 0), (0, 1), "MIDDLE"),
                    ("VALIGN", (1, 0), (1, -1), "TOP"),
                    ("LEFTPADDING", (1, 0), (1, -1), 10),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        return table

    def signatures(self, block: Signatures) -> Flowable:
        s = self.styles
        cells = []
        for heading, lines in block.parties:
            cell: list[Flowable] = [self.para(heading, s.lead), Spacer(1, 2 * mm)]
            for line in lines:
                cell.append(self.para(line, s.body))
                cell.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=12))
            cells.append(cell)
        width = TEXT_WIDTH / max(len(cells), 1)
        table = RLTable([cells], colWidths=[width] * len(cells), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ]
            )
        )
        return table

    # ---- charts ----------------------------------------------------------------------------

    def chart(self, block: Chart) -> Flowable:
        if block.kind == LINE:
            drawing = self.line_chart(block)
        elif block.kind == STACKED:
            drawing = self.stacked_chart(block)
        elif block.kind == BAR or len(block.categories) < 3:
            drawing = self.bar_chart(block)
        else:
            drawing = self.radar_chart(block)
        title = self.para(block.title, self.styles.caption)
        return KeepTogether([title, drawing])

    def _legend(self, block: Chart, y: float) -> Legend:
        return self._legend_of(
            [(_series_colour(i), s.label) for i, s in enumerate(block.series)], y
        )

    def _legend_of(
        self, pairs: list[tuple[Any, str]], y: float, rows: int = 4, *, wrap: bool = False
    ) -> Legend:
        """A legend at the right of the text width, top at ``y``, ``rows`` entries a column;
        long labels are cut, or with ``wrap`` put on two lines."""
        legend = Legend()
        legend.x, legend.y = int(TEXT_WIDTH - LEGEND_WIDTH), int(y)
        legend.fontName = self.font.name
        legend.fontSize = 8
        legend.alignment = "right"
        legend.columnMaximum = rows
        legend.deltay = LEGEND_ROW
        legend.dx = legend.dy = 8
        room = LEGEND_WIDTH - legend.dx - legend.dxTextSpace - 2
        legend.colorNamePairs = [
            (colour, self._wrapped(label, room, 8) if wrap else self.plain(label)[:24])
            for colour, label in pairs
        ]
        return legend

    def radar_chart(self, block: Chart) -> Drawing:
        height = 82 * mm
        drawing = Drawing(TEXT_WIDTH, height)
        spider = SpiderChart()
        spider.x, spider.y = int(40 * mm), int(6 * mm)
        spider.width = spider.height = int(height - 14 * mm)
        # Earlier series first, so the current one (series 0) is drawn on top.
        order = list(reversed(range(len(block.series))))
        spider.data = [
            [0.0 if v is None else float(v) for v in block.series[i].values] for i in order
        ]
        spider.labels = [self.plain(c)[:16] for c in block.categories]
        spider.fillColor = None
        spider.strands.strokeWidth = 1.2
        for position, i in enumerate(order):
            colour = _series_colour(i)
            strand = spider.strands[position]
            strand.strokeColor = colour
            strand.strokeWidth = 1.6 if i == 0 else 1.0
            strand.strokeDashArray = None if i == 0 else (3, 2)
            strand.fillColor = (
                colors.Color(colour.red, colour.green, colour.blue, 0.18) if i == 0 else None
            )
            strand.symbol = None
        spider.strandLabels.fontName = self.font.name
        spider.spokeLabels.fontName = self.font.name
        spider.spokeLabels.fontSize = 7.5
        spider.spokes.strokeColor = RULE
        drawing.add(spider)
        drawing.add(self._legend(block, height - 8 * mm))
        return drawing

    def _axes(self, chart: VerticalBarChart | HorizontalLineChart, block: Chart) -> None:
        """0 to the maximum in quarters; category names cut to fit under the axis."""
        chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, block.maximum
        chart.valueAxis.valueStep = block.maximum / 4
        if block.value_ticks:
            _tick_labels(chart.valueAxis, block.value_ticks)
        chart.categoryAxis.categoryNames = [self.plain(c)[:14] for c in block.categories]
        for labels in (chart.valueAxis.labels, chart.categoryAxis.labels):
            labels.fontName = self.font.name
            labels.fontSize = 7

    def bar_chart(self, block: Chart) -> Drawing:
        height = 62 * mm
        drawing = Drawing(TEXT_WIDTH, height)
        chart = VerticalBarChart()
        chart.x, chart.y = int(12 * mm), int(14 * mm)
        chart.width, chart.height = int(TEXT_WIDTH - 60 * mm), int(height - 22 * mm)
        chart.data = [tuple(0.0 if v is None else float(v) for v in s.values) for s in block.series]
        self._axes(chart, block)
        chart.categoryAxis.labels.angle = 30 if len(block.categories) > 5 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(block.categories) > 5 else "n"
        for i in range(len(block.series)):
            chart.bars[i].fillColor = _series_colour(i)
            chart.bars[i].strokeColor = None
        drawing.add(chart)
        drawing.add(self._legend(block, height - 4 * mm))
        return drawing

    def line_chart(self, block: Chart) -> Drawing:
        height = 58 * mm
        drawing = Drawing(TEXT_WIDTH, height)
        chart = HorizontalLineChart()
        chart.x, chart.y = int(12 * mm), int(12 * mm)
        chart.width, chart.height = int(TEXT_WIDTH - 60 * mm), int(height - 20 * mm)
        chart.data = [tuple(v for v in s.values) for s in block.series]
        self._axes(chart, block)
        chart.valueAxis.visibleGrid = True
        chart.valueAxis.gridStrokeColor = RULE
        chart.valueAxis.gridStrokeWidth = 0.3
        chart.joinedLines = True
        for i in range(len(block.series)):
            chart.lines[i].strokeColor = _series_colour(i)
            chart.lines[i].strokeWidth = 1.6
        chart.lineLabelFormat = "%.0f"
        chart.lineLabels.fontName = self.font.name
        chart.lineLabels.fontSize = 7
        drawing.add(chart)
        drawing.add(self._legend(block, height - 4 * mm))
        return drawing

    def stacked_chart(self, block: Chart) -> Drawing:
        """One bar per category with the series stacked bottom-up; the legend lists them
        top-down, like the bars."""
        rows = len(block.series)
        height = max(62 * mm, rows * LEGEND_ROW + 30 * mm)
        drawing = Drawing(TEXT_WIDTH, height)
        chart = VerticalBarChart()
        chart.x, chart.y = int(14 * mm), int(16 * mm)
        chart.width, chart.height = int(TEXT_WIDTH - 66 * mm), int(height - 22 * mm)
        chart.data = [tuple(0.0 if v is None else float(v) for v in s.values) for s in block.series]
        chart.categoryAxis.style = "stacked"
        self._axes(chart, block)
        room = chart.width / max(len(block.categories), 1) - 4
        chart.categoryAxis.categoryNames = [self._wrapped(c, room, 7) for c in block.categories]
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.barWidth = 10
        chart.groupSpacing = 8
        for i in range(rows):
            chart.bars[i].fillColor = _stack_colour(i)
            chart.bars[i].strokeColor = colors.white
            chart.bars[i].strokeWidth = 0.3
        drawing.add(chart)
        pairs = [(_stack_colour(i), s.label) for i, s in enumerate(block.series)]
        drawing.add(self._legend_of(pairs[::-1], height - 4 * mm, rows=max(rows, 1), wrap=True))
        return drawing

    def band_chart(self, block: BandChart) -> Flowable:
        """A shaded band between ``low`` and ``high`` with the lines over it; months along the
        bottom, the value ticks up the side."""
        height = 64 * mm
        drawing = Drawing(TEXT_WIDTH, height)
        plot = LinePlot()
        plot.x, plot.y = int(14 * mm), int(10 * mm)
        plot.width, plot.height = int(TEXT_WIDTH - 60 * mm), int(height - 16 * mm)
        points = len(block.high)
        high = FillPairedData([(x, float(v)) for x, v in enumerate(block.high)], 1)
        low = [(x, float(v)) for x, v in enumerate(block.low)]
        lines = [
            [(x, float(v)) for x, v in enumerate(s.values) if v is not None] for s in block.lines
        ]
        plot.data = [high, low, *lines]
        for row in (0, 1):
            plot.lines[row].strokeColor = BAND_FILL
            plot.lines[row].fillColor = BAND_FILL
            plot.lines[row].strokeWidth = 0.3
        line_colours = [ACCENT, REORDER_COLOUR, MUTED]
        for i in range(len(lines)):
            style = plot.lines[i + 2]
            style.strokeColor = line_colours[i % len(line_colours)]
            style.strokeWidth = 1.4 if i == 0 else 0.9
            style.strokeDashArray = None if i == 0 else (3, 2)
        plot.lineLabelFormat = None
        x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
        x_axis.valueMin, x_axis.valueMax = 0, max(points - 1, 1)
        if block.x_ticks:
            _tick_labels(x_axis, tuple((float(i), label) for i, label in block.x_ticks))
        y_axis.valueMin = 0
        if block.value_ticks:
            y_axis.valueMax = block.value_ticks[-1][0]
            _tick_labels(y_axis, block.value_ticks)
        y_axis.visibleGrid = True
        y_axis.gridStrokeColor = RULE
        y_axis.gridStrokeWidth = 0.3
        for labels in (x_axis.labels, y_axis.labels):
            labels.fontName = self.font.name
            labels.fontSize = 7
        drawing.add(plot)
        pairs = [(BAND_FILL, block.band_label)]
        pairs += [(line_colours[i % len(line_colours)], s.label) for i, s in enumerate(block.lines)]
        drawing.add(self._legend_of(pairs, height - 4 * mm, wrap=True))
        parts: list[Flowable] = [self.para(block.title, self.styles.caption), drawing]
        if block.footnote:
            parts.append(self.para(block.footnote, self.styles.small))
        return KeepTogether(parts)

    def _wrapped(self, text: str, width: float, size: float) -> str:
        """``text`` on at most two lines of ``width`` points (words kept whole where possible;
        a second line that is still too long is cut)."""
        text = self.plain(text).strip()
        if stringWidth(text, self.font.name, size) <= width:
            return text
        words = text.split()
        for count in range(len(words) - 1, 0, -1):
            first = " ".join(words[:count])
            if stringWidth(first, self.font.name, size) <= width:
                rest = " ".join(words[count:])
                break
        else:  # one long word or no spaces (Chinese): break by characters
            cut_at = next(
                n
                for n in range(len(text), 0, -1)
                if stringWidth(text[:n], self.font.name, size) <= width or n == 1
            )
            first, rest = text[:cut_at], text[cut_at:]
        while rest and stringWidth(rest, self.font.name, size) > width:
            rest = rest[:-2] + "…" if len(rest) > 2 else rest[:-1]
        return f"{first}\n{rest}" if rest else first


def _stack_colour(index: int) -> Any:
    return STACK_COLOURS[index % len(STACK_COLOURS)]


def _series_colour(index: int) -> Any:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def _tick_labels(axis: Any, ticks: tuple[tuple[float, str], ...]) -> None:
    """Ticks at the given values, labelled with the given (already formatted) texts."""
    labels = dict(ticks)
    axis.valueSteps = [value for value, _label in ticks]
    axis.labelTextFormat = lambda value: labels.get(
        min(labels, key=lambda tick: abs(tick - value)), ""
    )


# ---- pages ---------------------------------------------------------------------------------


def _numbered_canvas(report: ReportData, font: ReportFont, renderer: PdfRenderer) -> type[Canvas]:
    header = renderer.plain(report.header)
    footer = renderer.plain(report.footer)

    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then draws header and footer with "n / N"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self.total_pages = 0

        @override
        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        @override
        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            self.total_pages = total
            super().save()

        def _decorate(self, total: int) -> None:
            number = self.getPageNumber()
            self.saveState()
            self.setFont(font.name, 7.5)
            self.setFillColor(MUTED)
            if number > 1:
                self.drawString(MARGIN_X, PAGE_HEIGHT - 13 * mm, _fit(self, header, font, 7.5))
                self.setStrokeColor(RULE)
                self.setLineWidth(0.4)
                self.line(
                    MARGIN_X, PAGE_HEIGHT - 15 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 15 * mm
                )
            label = report.page_label.format(page=number, pages=total)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, label)
            room = TEXT_WIDTH - self.stringWidth(label, font.name, 7.5) - 8 * mm
            self.drawString(MARGIN_X, 10 * mm, _fit(self, footer, font, 7.5, room))
            self.restoreState()

    return NumberedCanvas


def _fit(
    canvas: Canvas, text: str, font: ReportFont, size: float, width: float = TEXT_WIDTH
) -> str:
    if canvas.stringWidth(text, font.name, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font.name, size) > width:
        text = text[:-1]
    return text + "…"


def render_pdf(
    report: ReportData,
    font: ReportFont,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> RenderedPdf:
    renderer = PdfRenderer(report, font)
    story = renderer.flowables()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=renderer.plain(report.title),
        author=report.author,
        subject=renderer.plain(report.subject),
        keywords=[renderer.plain(k) for k in report.keywords if k],
        lang="zh-CN" if report.language.startswith("zh") else "en",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)
    doc.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame])])
    doc.setProgressCallBack(_progress_callback(progress, cancel))
    canvas_class = _numbered_canvas(report, font, renderer)
    made: list[Canvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        kwargs.setdefault("initialFontName", font.name)
        canvas = canvas_class(*args, **kwargs)
        made.append(canvas)
        return canvas

    with _build_lock:
        doc.build(story, canvasmaker=canvasmaker)
    pages = getattr(made[-1], "total_pages", 0) if made else 0
    return RenderedPdf(buffer.getvalue(), pages)


def _progress_callback(
    progress: ProgressFn | None, cancel: CancelToken | None
) -> Callable[[str, int], None]:
    total = [1]

    def callback(kind: str, value: int) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if kind == "SIZE_EST":
            total[0] = max(int(value), 1)
        elif kind == "PROGRESS" and progress is not None:
            progress(min(int(value), total[0]), total[0])

    return callback


def write_pdf(path: Path, rendered: RenderedPdf) -> Path:
    atomic_write_bytes(path, rendered.data)
    return path
