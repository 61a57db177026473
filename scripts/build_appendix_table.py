"""Derive resources/data/appendix/ from ../shared/data/rcep-appendix (Art 2.6.3 Appendices).

The reference file is a hand transcription of the first lines of two Parties' Appendices on
tariff differentials (China, the Philippines). This script keeps only what the app needs and
parses it into checkable facts:

- ``appendix_lines.csv``: party, hs_code (digits), tariff_line (as written), period_text (as
  written) and the period parsed into from_year / to_year (empty = open-ended or not known; the
  text tells which), requirement (``DV20``: at least 20 % of the good's value added in the
  exporting Party), source_url, note, derived_on;
- ``appendix_parties.csv``: for each of the 15 Parties whether its Appendix is on file —
  ``complete``, ``partial`` (some lines only), ``not_on_file`` (a Party with tariff differentials
  whose Appendix is missing) or ``none`` (one schedule for every Party: no tariff differential,
  so no Appendix).

A period or requirement this script cannot read stops it: nothing is written.

    python scripts/build_appendix_table.py [--source FILE.csv] [--out DIR]
                                           [--derived-on YYYY-MM-DD] [--check]

``--derived-on`` stamps the rows (default: today). ``--check`` rebuilds in memory with the stamp
of the files on disk and exits with 1 when they differ from the build.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script
    sys.path.insert(0, str(ROOT))

from services.core.clock import local_today  # noqa: E402
from services.rcep.parties import PARTIES  # noqa: E402

DEFAULT_SOURCE = (
    ROOT.parent
    / "shared"
    / "data"
    / "rcep-appendix"
    / "rcep_tariff_differential_appendix_partial.csv"
)
DEFAULT_OUT = ROOT / "resources" / "data" / "appendix"
LINES_FILE = "appendix_lines.csv"
PARTIES_FILE = "appendix_parties.csv"
# Parties whose whole Appendix is in the source. None so far: the file holds fragments only.
COMPLETE_PARTIES: frozenset[str] = frozenset()

LINE_COLUMNS = (
    "party", "hs_code", "tariff_line", "period_text", "from_year", "to_year", "requirement",
    "source_url", "note", "derived_on",
)  # fmt: skip
PARTY_COLUMNS = ("party", "status", "lines", "derived_on")
HEADER = (
    "# Derived from ../shared/data/rcep-appendix (RCEP Annex I Appendices on tariff differentials,"
    " Art 2.6.3; hand transcription of fragments) by scripts/build_appendix_table.py."
    " Incomplete and unverified - check against the official Appendices.\n"
)

_ONWARDS = re.compile(r"^from year (\d+) onwards$", re.IGNORECASE)
_RANGE = re.compile(r"^from year (\d+) to year (\d+)$", re.IGNORECASE)
_DV20 = re.compile(r">=\s*20\s*%")


class SourceError(ValueError):
    """A row of the reference file that this script cannot read."""


@dataclass(frozen=True, slots=True)
class Period:
    from_year: int | None
    to_year: int | None


def parse_period(text: str) -> Period:
    """ "From year 1 onwards" → (1, None); "From year 1 to year 15" → (1, 15); "" → unknown."""
    text = " ".join(text.split())
    if not text:
        return Period(None, None)
    if match := _ONWARDS.match(text):
        return Period(int(match[1]), None)
    if match := _RANGE.match(text):
        start, end = int(match[1]), int(match[2])
        if end < start:
            raise SourceError(f"period ends before it starts: {text!r}")
        return Period(start, end)
    raise SourceError(f"unreadable period: {text!r}")


def parse_requirement(text: str) -> str:
    if _DV20.search(text):
        return "DV20"
    raise SourceError(f"unknown additional requirement: {text!r}")


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def derive(
    rows: Iterable[dict[str, str]], derived_on: str
) -> tuple[list[list[str]], list[list[str]]]:
    lines: list[list[str]] = []
    counts: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        party = row["party"].strip().upper()
        hs_code = row["hs_code"].strip()
        tariff_line = row["tariff_line"].strip()
        if party not in PARTIES:
            raise SourceError(f"row {number}: {party!r} is not an RCEP Party")
        if not hs_code.isdigit() or hs_code != re.sub(r"\D", "", tariff_line):
            raise SourceError(f"row {number}: hs_code {hs_code!r} does not match {tariff_line!r}")
        try:
            period = parse_period(row["period"])
            requirement = parse_requirement(row["additional_requirement"])
        except SourceError as exc:
            raise SourceError(f"row {number}: {exc}") from exc
        lines.append([
            party, hs_code, tariff_line, " ".join(row["period"].split()),
            _cell(period.from_year), _cell(period.to_year), requirement, row["source"].strip(),
            row["note"].strip(), derived_on,
        ])  # fmt: skip
        counts[party] = counts.get(party, 0) + 1
    lines.sort(key=lambda r: (r[0], r[1]))
    parties: list[list[str]] = []
    for code in sorted(PARTIES):
        if code in counts:
            status = "complete" if code in COMPLETE_PARTIES else "partial"
        elif PARTIES[code].separate_schedules:
            status = "not_on_file"
        else:
            status = "none"
        parties.append([code, status, str(counts.get(code, 0)), derived_on])
    return lines, parties


def render(columns: tuple[str, ...], rows: list[list[str]]) -> str:
    out = io.StringIO()
    out.write(HEADER)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def build(source: Path, derived_on: str) -> dict[str, str]:
    with source.open(encoding="utf-8", newline="") as handle:
        lines, parties = derive(csv.DictReader(handle), derived_on)
    return {LINES_FILE: render(LINE_COLUMNS, lines), PARTIES_FILE: render(PARTY_COLUMNS, parties)}


def stamp_on_disk(out: Path) -> str | None:
    path = out / PARTIES_FILE
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return next((row["derived_on"] for row in rows), None)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--derived-on", type=date.fromisoformat)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.check:
        stamp = args.derived_on.isoformat() if args.derived_on else stamp_on_disk(out)
        if stamp is None:
            print(f"{out / PARTIES_FILE} is missing")
            return 1
        differing = [
            name
            for name, text in build(args.source, stamp).items()
            if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
        ]
        for name in differing:
            print(f"DIFFERS  {name}")
        return 1 if differing else 0
    derived_on = (args.derived_on or local_today()).isoformat()
    try:
        built = build(args.source, derived_on)
    except SourceError as exc:
        print(f"not written: {exc}")
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for name, text in built.items():
        (out / name).write_text(text, encoding="utf-8", newline="")
        print(f"{name}: {text.count(chr(10)) - 2} rows -> {(out / name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
