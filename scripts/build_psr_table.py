"""Derive resources/data/psr/psr_rules_hs2022.csv, the embedded product-specific rules.

Source: ``../shared/data/rcep-psr/rcep_psr_hs2012_partial.csv``, a partial, hand-transcribed
HS 2012 subset of RCEP Annex 3A (read its SOURCE.md). Each row is carried over to HS 2022 only
where the correspondence is one-to-one, as ``services/rcep/psr_transpose.py`` defines it for
chapter-, heading- and subheading-level rules (the codes an "except from" names must be
unchanged too); every other row is left out and listed on standard output with the reason.

The rule text and the HS 2012 code are kept as written. No row has been checked against the
official list, so every row is written with ``verified=no`` and the note "unverified
transcription — check GACC 2022 No.129 annex 1". Only the derived table is written, never a
copy of the shared file. Running the script again on the same source leaves the file as it is
(its derivation date included); ``--check`` exits with 1 when the table on disk is stale.

    python scripts/build_psr_table.py [--source PATH] [--out PATH] [--check]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script
    sys.path.insert(0, str(ROOT))

from services.core.clock import local_today  # noqa: E402
from services.core.errors import ValidationError  # noqa: E402
from services.core.i18n import current_locale, set_locale  # noqa: E402
from services.rcep.psr import parse_rule  # noqa: E402
from services.rcep.psr_explain import dotted  # noqa: E402
from services.rcep.psr_transpose import check_exclusions, hs2022_code  # noqa: E402
from services.refdata.hs import HsNomenclature  # noqa: E402

SOURCE_NAME = "rcep_psr_hs2012_partial.csv"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "rcep-psr" / SOURCE_NAME
DEFAULT_OUT = ROOT / "resources" / "data" / "psr" / "psr_rules_hs2022.csv"
SOURCE_URL = "http://ebookservicepro.com/showcase/DTN/02/files/basic-html/pageNN.html"
SIGNED = "2020-11-15"  # the Annex 3A text transcribed is that of the signed Agreement
UNVERIFIED = "unverified transcription — check GACC 2022 No.129 annex 1"
DERIVED_KEY = "# derived:"
COLUMNS = (
    "hs_code",
    "level",
    "hs_version",
    "rule_text",
    "rule_text_zh",
    "hs2012_code",
    "source",
    "source_date",
    "verified",
    "note",
)
LEVEL_DIGITS = {"chapter": 2, "heading": 4, "subheading": 6}


@dataclass(frozen=True, slots=True)
class LeftOut:
    hs2012: str
    level: str
    reason: str


@dataclass(frozen=True, slots=True)
class Built:
    body: str  # everything but the derivation date line
    kept: int
    left_out: list[LeftOut]


@contextmanager
def _english() -> Iterator[None]:
    """Reasons are printed in English whatever the developer's language."""
    previous = current_locale()
    set_locale("en")
    try:
        yield
    finally:
        set_locale(previous)


def build(source: Path, hs: HsNomenclature | None = None) -> Built:
    nomenclature = hs or HsNomenclature.load()
    raw = source.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    kept: list[dict[str, str]] = []
    left_out: list[LeftOut] = []
    with _english():
        for row in rows:
            code, level = row["hs_code"].strip(), row["hs_level"].strip()
            try:
                if row["hs_version"].strip() != "2012" or LEVEL_DIGITS.get(level) != len(code):
                    raise ValidationError(f"level {level} or version does not fit {code}")
                rule = parse_rule(row["rule_text"])
                target = hs2022_code(code, nomenclature)
                check_exclusions(rule)
            except ValidationError as error:
                left_out.append(LeftOut(code, level, error.message))
                continue
            note = row["note"].strip()
            kept.append(
                {
                    "hs_code": target,
                    "level": level,
                    "hs_version": "2022",
                    "rule_text": row["rule_text"].strip(),
                    "rule_text_zh": row["rule_text_zh"].strip(),
                    "hs2012_code": code,
                    "source": "RCEP Annex 3A (signed text, HS 2012), transcribed by hand from "
                    + row["source"].strip(),
                    "source_date": SIGNED,
                    "verified": "no",
                    "note": UNVERIFIED + (f"; {note}" if note else ""),
                }
            )
    kept.sort(key=lambda r: r["hs_code"])
    body = io.StringIO()
    body.write(
        "# title: RCEP Annex 3A product-specific rules keyed by HS 2022 (partial), derived by"
        " scripts/build_psr_table.py\n"
    )
    body.write(
        f"# source file: ../shared/data/rcep-psr/{SOURCE_NAME}"
        f" (sha256 {hashlib.sha256(raw).hexdigest()})\n"
    )
    body.write(
        f"# source URL: {SOURCE_URL} (pages 56-213: a rendering of the signed RCEP text,"
        " Annex 3A, HS 2012)\n"
    )
    body.write(
        f"# mapping: HS 2012 -> HS 2022 only where one-to-one (services/rcep/psr_transpose.py);"
        f" {len(kept)} of {len(rows)} rows kept, {len(left_out)} left out\n"
    )
    body.write(
        "# caveat: partial and hand-transcribed, NOT verified against the official list; every"
        f" row is marked verified=no ({UNVERIFIED}); a code without a row here has no known"
        " rule\n"
    )
    writer = csv.DictWriter(body, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    return Built(body.getvalue(), len(kept), left_out)


def _with_date(body: str, derived: str) -> str:
    lines = body.splitlines(keepends=True)
    return "".join(lines[:1]) + f"{DERIVED_KEY} {derived}\n" + "".join(lines[1:])


def _body(text: str) -> str:
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(DERIVED_KEY)
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    out: Path = args.out
    built = build(args.source)
    for item in built.left_out:
        print(f"left out  {item.level:<10} {dotted(item.hs2012):<8} {item.reason}")
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    same = current is not None and _body(current) == built.body
    summary = f"{built.kept} rules kept, {len(built.left_out)} left out -> {out.name}"
    if args.check:
        print(("same     " if same else "DIFFERS  ") + summary)
        return 0 if same else 1
    if not same:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_with_date(built.body, local_today().isoformat()), encoding="utf-8")
    print(("unchanged " if same else "written  ") + summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
