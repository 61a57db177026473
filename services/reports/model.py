"""What a printed report is made of, independent of how it is drawn (no reportlab here).

A :class:`ReportData` is a cover plus a list of :class:`Section` s; each section holds blocks —
paragraphs, label/value lists, tables, charts, a level badge, notes, a signature block. Every
text is already translated and every number already formatted, so the renderer
(services/reports/pdf.py) only lays them out and tests can check a report's content with plain
asserts. Texts are plain (never markup): the renderer escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Chart kinds (STACKED: one bar per category, the series stacked in it)
RADAR, BAR, LINE, STACKED = "radar", "bar", "line", "stacked"
# Paragraph styles
BODY, SMALL, LEAD = "body", "small", "lead"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = BODY


@dataclass(frozen=True, slots=True)
class KeyValues:
    """Label → value lines (a two-column table without a header)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float  # relative share of the text width
    align: str = "left"  # left | right | center


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    emphasis: tuple[int, ...] = ()  # row indexes to highlight (e.g. blockers)
    footnote: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # radar | bar | line | stacked
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    maximum: float = 100.0
    value_label: str = ""
    value_ticks: tuple[tuple[float, str], ...] = ()  # formatted axis labels; () = quarters


@dataclass(frozen=True, slots=True)
class BandChart:
    """Values over time: a shaded band (e.g. P10 to P90 of simulated paths) with lines on top
    (the first one, e.g. the median, drawn strongest)."""

    title: str
    low: tuple[float, ...]
    high: tuple[float, ...]
    band_label: str
    lines: tuple[Series, ...]
    x_ticks: tuple[tuple[int, str], ...]  # (point index, label), e.g. the first of each month
    value_ticks: tuple[tuple[float, str], ...]  # (value, formatted label); the last is the top
    footnote: str = ""  # printed under the chart, kept on its page


@dataclass(frozen=True, slots=True)
class Badge:
    """The headline: a level in its colour, the score and what the level means."""

    level_key: str
    level: str
    score: str
    score_label: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A framed note (the regulation date, the sample mark, a disclaimer)."""

    text: str
    tone: str = "info"  # info | warning


@dataclass(frozen=True, slots=True)
class Signatures:
    parties: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, lines to fill in)


Block = Paragraph | KeyValues | Table | Chart | BandChart | Badge | Notice | Signatures


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # stable id: profile, result, dimensions, trend, blockers, plan, rcep, …
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    keep_together: bool = False  # short sections that must not be split (the sign-off)


@dataclass(frozen=True, slots=True)
class Cover:
    title: str
    subtitle: str
    company: str
    company_other_name: str
    facts: tuple[tuple[str, str], ...]  # date, advisor, service centre, session, …
    sample_mark: str = ""  # non-empty for the sample company


@dataclass(frozen=True, slots=True)
class ReportData:
    language: str
    title: str
    cover: Cover
    sections: tuple[Section, ...]
    header: str  # running page header
    footer: str  # running page footer (the regulation note)
    page_label: str  # "{page} / {pages}"
    author: str = "ExportPilot"
    subject: str = ""
    keywords: tuple[str, ...] = field(default=())

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def texts(self) -> list[str]:
        """Every text of the report (for tests and searches)."""
        out = [self.title, self.header, self.footer, self.cover.title, self.cover.subtitle]
        out += [self.cover.company, self.cover.company_other_name, self.cover.sample_mark]
        out += [t for pair in self.cover.facts for t in pair]
        for section in self.sections:
            out += [section.title, section.subtitle]
            for block in section.blocks:
                out += block_texts(block)
        return [t for t in out if t]


def block_texts(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, KeyValues):
        return [t for row in block.rows for t in row]
    if isinstance(block, Table):
        header = [c.title for c in block.columns]
        return [block.caption, block.footnote, *header, *(t for row in block.rows for t in row)]
    if isinstance(block, Chart):
        return [block.title, *block.categories, *(s.label for s in block.series)]
    if isinstance(block, BandChart):
        return [block.title, block.band_label, *(s.label for s in block.lines), block.footnote]
    if isinstance(block, Badge):
        return [block.level, block.score, block.score_label, block.meaning]
    if isinstance(block, Notice):
        return [block.text]
    return [t for heading, lines in block.parties for t in (heading, *lines)]
