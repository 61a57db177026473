"""Derive the embedded default tariff tables (resources/data/tariffs/*.json.gz).

Runs the project's own importers on the reference files in ``../shared/data`` and writes one
pack per source with ``services.rcep.packs.write_pack`` (format documented there):

- ``jp-applied``: Japan's applied tariff 2026-07-09 (MFN + RCEP columns CN, KR, AANZ), from
  ``japan-customs-tariff/japan_applied_tariff_2026-07-09.csv``;
- Australia's Annex I schedule (importing Party AU, schedule ALL) and China's Section A
  (importing Party CN, schedule ASEAN), from ``rcep-annex1-tariff-schedules/original/`` — when
  ``services.rcep.importers.annex1.read_annex1`` is available.

Only derived facts are written (lines, rates, source, edition, attribution), never a reference
file itself. The output is byte-reproducible: run it again and ``git diff`` shows nothing.

    python scripts/build_tariff_packs.py [--shared ../shared/data] [--out DIR] [--check]

``--check`` builds in memory and exits with 1 when a pack on disk differs from the build.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script
    sys.path.insert(0, str(ROOT))

from services.core.i18n import current_locale, set_locale  # noqa: E402
from services.rcep.importers.japan import read_japan_applied  # noqa: E402
from services.rcep.packs import pack_bytes, pack_file_name  # noqa: E402
from services.rcep.tariff_models import TariffPack  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "resources" / "data" / "tariffs"
JAPAN_FILE = Path("japan-customs-tariff") / "japan_applied_tariff_2026-07-09.csv"
ANNEX1_DIR = Path("rcep-annex1-tariff-schedules") / "original"
ANNEX1_FILES: tuple[tuple[str, str, str], ...] = (
    ("recp-schedule-of-australia.xlsx", "AU", "ALL"),
    ("recp-schedule-of-china-for-asean.xls", "CN", "ASEAN"),
)


@dataclass(frozen=True, slots=True)
class Built:
    file_name: str
    data: bytes
    pack: TariffPack


@contextmanager
def _english() -> Iterator[None]:
    """Rejection reasons are stored in English whatever the developer's language."""
    previous = current_locale()
    set_locale("en")
    try:
        yield
    finally:
        set_locale(previous)


def _annex1_reader() -> Callable[..., TariffPack] | None:
    try:
        module = importlib.import_module("services.rcep.importers.annex1")
    except ImportError:
        return None
    reader = getattr(module, "read_annex1", None)
    return reader if callable(reader) else None


def build(shared: Path) -> list[Built]:
    """Every pack the reference files in ``shared`` give, in a fixed order."""
    packs: list[TariffPack] = []
    with _english():
        packs.append(read_japan_applied(shared / JAPAN_FILE))
        reader = _annex1_reader()
        if reader is not None:
            for name, party, schedule in ANNEX1_FILES:
                packs.append(
                    reader(shared / ANNEX1_DIR / name, importing_party=party, schedule=schedule)
                )
    return [Built(pack_file_name(p.source.id), pack_bytes(p), p) for p in packs]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    out: Path = args.out
    differing = []
    for built in build(args.shared):
        target = out / built.file_name
        report = built.pack.report
        summary = (
            f"{built.file_name}: {len(built.data):,} bytes, {len(built.pack.lines):,} lines,"
            f" {len(built.pack.mfn):,} MFN, {len(report.rejected)} rejected"
        )
        if args.check:
            same = target.is_file() and target.read_bytes() == built.data
            print(("same     " if same else "DIFFERS  ") + summary)
            if not same:
                differing.append(built.file_name)
            continue
        out.mkdir(parents=True, exist_ok=True)
        target.write_bytes(built.data)
        print(summary)
    if not _annex1_reader():
        print("services.rcep.importers.annex1.read_annex1 not available: Annex I packs skipped")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
