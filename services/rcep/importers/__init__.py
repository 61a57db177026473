"""Tariff importers: official files in, :class:`~services.rcep.tariff_models.TariffPack` out.

``FORMATS`` maps the name given on the command line (``import tariffs FILE --format NAME``) to
the importer. Every importer is called as ``importer(path, **options, progress=…, cancel=…)``;
the options are the importer's keyword arguments (e.g. ``importing_party``, ``schedule``). The
importers only read: storing a pack is ``TariffRepository.replace_source``.

- ``annex1``: the official Excel renderings of RCEP Annex I (.xlsx / .xls), see :mod:`.annex1`;
- ``csv``: the documented CSV layout for anything else (docs/tariff-import-csv.md);
- ``japan-applied``: Japan Customs' applied tariff (実行関税率表) flattened to one CSV row per
  tree node, see :mod:`.japan` (option ``edition_date`` when the file name has no date).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.core.errors import ValidationError
from services.core.i18n import _
from services.core.progress import CancelToken, ProgressFn
from services.rcep.importers.annex1 import read_annex1
from services.rcep.importers.csv_layout import read_csv
from services.rcep.importers.japan import read_japan_applied
from services.rcep.tariff_models import TariffPack

Importer = Callable[..., TariffPack]

FORMATS: dict[str, Importer] = {
    "annex1": read_annex1,
    "csv": read_csv,
    "japan-applied": read_japan_applied,
}


def importer(name: str) -> Importer:
    """The importer registered as ``name``; :class:`ValidationError` naming the formats if none."""
    found = FORMATS.get((name or "").strip().lower())
    if found is None:
        raise ValidationError(
            _("Unknown format {format}; use one of: {formats}.").format(
                format=name, formats=", ".join(sorted(FORMATS))
            ),
            field="format",
        )
    return found


def import_file(
    path: Path | str,
    format_name: str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    **options: str,
) -> TariffPack:
    """Read ``path`` with the importer registered as ``format_name``."""
    return importer(format_name)(Path(path), progress=progress, cancel=cancel, **options)


__all__ = [
    "FORMATS",
    "Importer",
    "import_file",
    "importer",
    "read_annex1",
    "read_csv",
    "read_japan_applied",
]
