"""Product-specific rules from the official Word table (GACC Announcement 2022 No.129, annex 1
"产品特定原产地规则", HS 2022), saved as .docx.

GACC publishes the annex as an old binary Word file (.doc), which is not read: open it in Word
or WPS and save it as .docx first. The reader is conservative: what it does not understand is
rejected with its row and the reason, never guessed.

- Tables are read in document order. A table's header row (within its first rows) must have a
  cell naming the HS code (编码, 品目, 子目, 税则号, HS, code …) and one naming the rule (规则,
  原产地标准, rule …). A table without such a header continues the layout of the table before
  it when it has as many columns (a table split across pages); otherwise its rows are rejected.
- HS cell: 第一章 / 第1章 / Chapter 1 / 01 (chapter), 01.01 / 0101 (heading), 0101.21 / 010121
  (subheading). ``ex`` entries (part of a code), ranges and lists are rejected.
- Rule cell: the Chinese wording of services/rcep/psr_zh.py, or the English notation. A row with
  a code but no rule (a heading whose subheadings carry the rules) and a title merged across the
  row (第一类 …) are skipped.
- Rows are numbered across all tables in document order (header rows included), as the import
  report gives them. Codes are taken as HS 2022 unless ``hs_version="2012"`` is given.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell

from services.core.errors import DataFileError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.importers.psr_common import PsrPack, RuleCollector, check_options
from services.rcep.psr_table import default_nomenclature
from services.rcep.psr_zh import chapter_number, has_chinese
from services.rcep.tariff_models import Rejected
from services.refdata.hs import HsNomenclature

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)
HEADER_ROWS = 5  # how far down a table its header row may be
HS_HEADER_WORDS = ("编码", "品目", "子目", "税则号", "税号", "hs", "code", "heading")
RULE_HEADER_WORDS = ("规则", "原产地标准", "rule", "criteri")
_CHECK_EVERY = 200
_CHAPTER_ZH = re.compile(r"^第(\d{1,2}|[一二三四五六七八九十]{1,3})章$")
_CHAPTER_EN = re.compile(r"^chapter(\d{1,2})$", re.IGNORECASE)
_CODE = re.compile(r"^(\d{2})$|^(\d{2})\.?(\d{2})$|^(\d{4})\.?(\d{2})$")


@dataclass(frozen=True, slots=True)
class _Layout:
    width: int
    hs_column: int
    rule_column: int


def read_psr_docx(
    path: Path | str,
    *,
    source: str,
    edition: str | None = None,
    hs: HsNomenclature | None = None,
    hs_version: str = "2022",
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> PsrPack:
    """Read the rules of a .docx file. Raises :class:`DataFileError` for a file that is not a
    .docx document (an old .doc is named as such)."""
    file = Path(path)
    token = cancel or CancelToken()
    token.raise_if_cancelled()
    source_text, edition_date = check_options(source, edition)
    tables = _open(file)
    pack = PsrPack(source=source_text, edition=edition_date, file_name=file.name)
    collector = RuleCollector(pack, hs or default_nomenclature())
    total = max(sum(len(t.rows) for t in tables), 1)
    number = 0
    layout: _Layout | None = None
    for table_number, table in enumerate(tables, start=1):
        grid = [list(row.cells) for row in table.rows]
        rows = [[cell.text for cell in cells] for cells in grid]
        found = _header(rows)
        start = 0
        if found is not None:
            layout, start = found
        elif layout is None or any(len(r) != layout.width for r in rows):
            layout = None
        for position, cells in enumerate(rows):
            number += 1
            if number % _CHECK_EVERY == 0:
                token.raise_if_cancelled()
                report(progress, number, total)
            if position < start or not any(c.strip() for c in cells):
                continue
            if layout is None:
                pack.report.rows_read += 1
                pack.report.rejected.append(
                    Rejected(
                        number,
                        "",
                        _(
                            "Table {table} has no header row with a column for the HS code and "
                            "one for the rule."
                        ).format(table=table_number),
                    )
                )
                continue
            if _merged_title(grid[position], layout):
                pack.report.rows_read += 1
                pack.report.skipped_headings += 1
                continue
            _row(collector, number, cells, layout, hs_version)
    token.raise_if_cancelled()
    report(progress, total, total)
    return pack


def _open(file: Path) -> Sequence[Table]:
    try:
        with file.open("rb") as handle:
            start = handle.read(len(OLE_MAGIC))
    except OSError as error:
        raise DataFileError(
            _("{file} cannot be read: {error}").format(file=file.name, error=error.strerror)
        ) from error
    if start == OLE_MAGIC or file.suffix.lower() == ".doc":
        raise DataFileError(
            _(
                "{file} is an old Word document (.doc), which cannot be read. Open it in Word "
                "or WPS, save it as .docx and import that file."
            ).format(file=file.name)
        )
    try:
        return list(Document(str(file)).tables)
    # not a zip, no Word part, a damaged XML part (lxml's own errors): all one message
    except (PackageNotFoundError, zipfile.BadZipFile, Exception) as error:
        raise DataFileError(
            _("{file} cannot be read as a Word .docx document.").format(file=file.name)
        ) from error


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _header(rows: list[list[str]]) -> tuple[_Layout, int] | None:
    """The layout and the index of the first data row, when a header row is found."""
    for position, cells in enumerate(rows[:HEADER_ROWS]):
        plain = [_plain(c) for c in cells]
        rule = next(
            (i for i, c in enumerate(plain) if any(w in c for w in RULE_HEADER_WORDS)), None
        )
        code = next(
            (
                i
                for i, c in enumerate(plain)
                if i != rule
                and any(w in c for w in HS_HEADER_WORDS)
                and not any(w in c for w in RULE_HEADER_WORDS)
            ),
            None,
        )
        if rule is not None and code is not None:
            return _Layout(len(cells), code, rule), position + 1
    return None


def _merged_title(cells: list[_Cell], layout: _Layout) -> bool:
    """One cell merged across the code and rule columns (a section or chapter title)."""
    if len(cells) <= max(layout.hs_column, layout.rule_column):
        return False
    return cells[layout.hs_column]._tc is cells[layout.rule_column]._tc


def _row(
    collector: RuleCollector, number: int, cells: list[str], layout: _Layout, version: str
) -> None:
    pack = collector.pack
    if len(cells) <= max(layout.hs_column, layout.rule_column):
        pack.report.rows_read += 1
        pack.report.rejected.append(
            Rejected(number, "", _("The row has fewer cells than the table's header."))
        )
        return
    raw_code = " ".join(cells[layout.hs_column].split())
    rule_text = " ".join(cells[layout.rule_column].split())
    if not rule_text:
        pack.report.rows_read += 1
        pack.report.skipped_headings += 1
        return
    code, problem = _code(raw_code)
    if code is None:
        pack.report.rows_read += 1
        pack.report.rejected.append(Rejected(number, raw_code, problem))
        return
    if has_chinese(rule_text):
        collector.add(number, code, version, "", rule_text)
    else:
        collector.add(number, code, version, rule_text)


def _code(text: str) -> tuple[str | None, str]:
    """(the digits of an HS cell, "") or (None, why it is refused)."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    if not plain:
        return None, _("The row has a rule but no HS code.")
    if plain.lower().startswith("ex"):
        return None, _(
            "{code} is an ex entry (it covers only part of the code); enter the rule for the "
            "product by hand."
        ).format(code=text)
    chapter = _CHAPTER_ZH.match(plain) or _CHAPTER_EN.match(plain)
    if chapter:
        number = chapter_number(chapter.group(1))
        if 1 <= number <= 99:
            return f"{number:02d}", ""
    match = _CODE.match(plain)
    if match:
        return "".join(g for g in match.groups() if g), ""
    return None, _(
        "{code} is not one chapter, heading or subheading (e.g. 第一章, 01.01, 0101.21)."
    ).format(code=text)
