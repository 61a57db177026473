"""A data folder with the embedded tariffs, a rich company (10 products, three sessions) and a
minimal one (only a name), built once per test module; and PDF helpers."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from scripts.report_demo_data import add_company, add_minimal_company, add_sessions
from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.rcep.defaults import load_default_tariffs
from services.refdata.reference import ReferenceData
from services.reports.fonts import ReportFont, resolve_font
from tests.conftest import _REFERENCE


@dataclass
class Folder:
    store: DataStore
    reference: ReferenceData
    rich: str
    minimal: str
    sessions: list[str]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Folder]:
    set_locale("zh_CN")
    store = open_store(AppPaths(tmp_path_factory.mktemp("reports") / "data"))
    load_default_tariffs(store.db)
    hs = _REFERENCE.hs
    rich = add_company(store.db, hs)
    sessions = add_sessions(store.db, rich)
    minimal = add_minimal_company(store.db, hs)
    yield Folder(store, _REFERENCE, rich, minimal, sessions)
    store.close()


@pytest.fixture(scope="session")
def font() -> ReportFont:
    try:
        return resolve_font()
    except Exception as exc:  # pragma: no cover - a machine without any Chinese font
        pytest.skip(f"no Chinese TrueType font here: {exc}")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def embedded_font_files(path: Path) -> list[str]:
    """Names of the fonts whose TrueType outlines are embedded (/FontFile2)."""
    names = []
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.append(str(font["/BaseFont"]))
    return sorted(set(names))


def render_pngs(pdf: Path, out_dir: Path, dpi: int = 40) -> list[Path]:
    """Every page as a PNG, drawn by poppler's pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:  # pragma: no cover - scripts/dev.py installs poppler-utils
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [tool, "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")], check=True, timeout=60
    )
    return sorted(out_dir.glob("page-*.png"))


def ink_share(png: Path) -> float:
    """The share of pixels that are not white."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    total = sum(histogram)
    return 1 - sum(histogram[250:]) / total
