"""Chinese names of the HS 2022 chapters and headings (resources/data/hs/)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.core.i18n import set_locale
from services.refdata.hs import HsNomenclature

REPO_ROOT = Path(__file__).resolve().parents[3]
HS_DIR = REPO_ROOT / "resources" / "data" / "hs"
NAMES_CSV = HS_DIR / "hs2022_names_zh.csv"
SECTIONS_CSV = HS_DIR / "hs_sections_zh.csv"
SHARED_HS_CSV = (
    REPO_ROOT.parent / "shared" / "data" / "harmonized-system-hs2022" / "harmonized-system.csv"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
]  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def reference_codes() -> list[str]:
    """Chapter (level 2) and heading (level 4) codes of the shared HS 2022 nomenclature."""
    if not SHARED_HS_CSV.is_file():
        pytest.skip("../shared/data/harmonized-system-hs2022 is not available")
    return [row["hscode"] for row in _rows(SHARED_HS_CSV) if row["level"] in ("2", "4")]


@pytest.fixture(scope="module")
def names() -> list[dict[str, str]]:
    return _rows(NAMES_CSV)


@pytest.fixture(scope="module")
def hs() -> HsNomenclature:
    return HsNomenclature.load()


@pytest.fixture
def chinese() -> Iterator[None]:
    set_locale("zh_CN")
    yield
    set_locale("zh_CN")


def test_names_file_is_plain_utf8_with_header() -> None:
    raw = NAMES_CSV.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == "code,name_zh"


def test_every_chapter_and_heading_has_a_chinese_name(
    reference_codes: list[str], names: list[dict[str, str]]
) -> None:
    by_code = {row["code"]: row["name_zh"] for row in names}
    missing = [code for code in reference_codes if not by_code.get(code, "").strip()]
    assert missing == []
    no_cjk = [code for code in reference_codes if not CJK.search(by_code[code])]
    assert no_cjk == []


def test_no_extra_or_duplicate_codes(
    reference_codes: list[str], names: list[dict[str, str]]
) -> None:
    codes = [row["code"] for row in names]
    duplicates = [code for code, count in Counter(codes).items() if count > 1]
    assert duplicates == []
    assert sorted(set(codes) - set(reference_codes)) == []
    assert len(codes) == len(reference_codes)


def test_sections_file_has_the_21_sections() -> None:
    rows = _rows(SECTIONS_CSV)
    assert [row["section"] for row in rows] == ROMAN
    assert all(CJK.search(row["name_zh"]) for row in rows)


@pytest.mark.usefixtures("chinese")
def test_chinese_keyword_finds_heading_and_subheadings(hs: HsNomenclature) -> None:
    codes = [entry.code for entry in hs.search("蓄电池")]
    assert "8507" in codes
    assert "850760" in codes


@pytest.mark.usefixtures("chinese")
def test_dotted_code_search_puts_exact_subheading_first(hs: HsNomenclature) -> None:
    results = hs.search("8507.60")
    assert results
    assert results[0].code == "850760"


@pytest.mark.usefixtures("chinese")
def test_heading_shows_its_chinese_name(hs: HsNomenclature) -> None:
    entry = hs.get("8507")
    assert entry is not None
    assert entry.description_zh is not None
    assert entry.description() == entry.description_zh
    chapter = hs.get("85")
    assert chapter is not None
    assert chapter.description_zh is not None


@pytest.mark.parametrize(("query", "code"), [("T恤", "6109"), ("t恤", "6109"), ("3D打印", "8485")])
def test_mixed_latin_and_chinese_keywords(query: str, code: str) -> None:
    assert code in [e.code for e in HsNomenclature.load().search(query)]


def test_subheadings_are_described_under_their_chinese_heading() -> None:
    hs = HsNomenclature.load()
    text = hs.describe("85076000")
    assert text.startswith("蓄电池")
    assert "lithium-ion" in text
    set_locale("en")
    assert hs.describe("850760").startswith("Electric accumulators")
    set_locale("zh_CN")
