"""Product-specific rules from the documented CSV layout (docs/psr-import-csv.md).

UTF-8 (a BOM is fine), comma-separated, blank lines and ``#`` lines allowed before the header.
Header (case-insensitive, any order): ``hs_code, hs_version, rule_text`` and optionally
``rule_text_zh, note``; a missing, unknown or repeated column refuses the whole file. Every row
is checked (services/rcep/importers/psr_common.py); a bad one is rejected with its line number
and the reason, and the rest is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from services.core.errors import DataFileError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn, report
from services.rcep.importers._common import read_utf8
from services.rcep.importers.psr_common import PsrPack, RuleCollector, check_options
from services.rcep.psr_table import default_nomenclature
from services.rcep.tariff_models import Rejected
from services.refdata.hs import HsNomenclature

REQUIRED_COLUMNS = ("hs_code", "hs_version", "rule_text")
OPTIONAL_COLUMNS = ("rule_text_zh", "note")
_CHECK_EVERY = 200


def read_psr_csv(
    path: Path | str,
    *,
    source: str,
    edition: str | None = None,
    hs: HsNomenclature | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> PsrPack:
    """Read the rules of a CSV file. Raises :class:`DataFileError` for a file that cannot be
    read as a whole (not UTF-8, no header, bad columns, broken quoting)."""
    file = Path(path)
    token = cancel or CancelToken()
    token.raise_if_cancelled()
    source_text, edition_date = check_options(source, edition)
    _raw, text = read_utf8(file)
    lines = io.StringIO(text, newline="").readlines()
    header_at = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
        None,
    )
    if header_at is None:
        raise DataFileError(_("{file} has no header row.").format(file=file.name))
    rows = _numbered(file, "".join(lines[header_at:]), header_at)
    _number, header = next(rows)
    index = _columns(file, header)

    pack = PsrPack(source=source_text, edition=edition_date, file_name=file.name)
    collector = RuleCollector(pack, hs or default_nomenclature())
    total = max(len(lines) - header_at - 1, 1)
    for count, (number, row) in enumerate(rows):
        if count % _CHECK_EVERY == 0:
            token.raise_if_cancelled()
            report(progress, count, total)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            pack.report.rows_read += 1
            pack.report.rejected.append(
                Rejected(
                    number,
                    row[index["hs_code"]].strip() if len(row) > index["hs_code"] else "",
                    _("The row has {cells} cells; the header has {columns}.").format(
                        cells=len(row), columns=len(header)
                    ),
                )
            )
            continue
        cell = {name: row[i] for name, i in index.items()}
        collector.add(
            number,
            cell["hs_code"],
            cell["hs_version"],
            cell["rule_text"],
            cell.get("rule_text_zh", ""),
            cell.get("note", ""),
        )
    token.raise_if_cancelled()
    report(progress, total, total)
    return pack


def _numbered(path: Path, text: str, offset: int) -> Iterator[tuple[int, list[str]]]:
    """csv rows with the 1-based line number where each row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    while True:
        number = offset + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DataFileError(
                _("{file}, line {line}: {error}").format(file=path.name, line=number, error=error)
            ) from error
        yield number, row


def _columns(path: Path, header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    repeated = sorted({name for name in names if names.count(name) > 1})
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    unknown = [name for name in names if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    problems = []
    if missing:
        problems.append(_("missing columns: {columns}").format(columns=", ".join(missing)))
    if unknown:
        problems.append(_("unknown columns: {columns}").format(columns=", ".join(unknown)))
    if repeated:
        problems.append(_("repeated columns: {columns}").format(columns=", ".join(repeated)))
    if problems:
        raise DataFileError(
            _("{file}: {problems}.").format(file=path.name, problems="; ".join(problems))
        )
    return {name: position for position, name in enumerate(names)}
