"""Japan's applied tariff importer, the tariff packs and the committed default packs.

The end-to-end cases use ../shared/data/japan-customs-tariff (skipped when it is absent) and the
fixture lines of domain/rcep.md §12.2; the failure modes use small hand-made files.
"""

from __future__ import annotations

import csv
import gzip
import io
import time
from decimal import Decimal
from pathlib import Path

import pytest

from scripts import build_tariff_packs
from services.core.errors import DataFileError
from services.core.progress import Cancelled, CancelToken
from services.rcep.importers import FORMATS, import_file
from services.rcep.importers.japan import (
    REQUIRED_COLUMNS,
    mfn_rate,
    parse_rate,
    read_japan_applied,
)
from services.rcep.packs import pack_bytes, read_pack, write_pack
from services.rcep.tariff_models import (
    AANZ,
    ImportReport,
    MfnLine,
    Rate,
    Rejected,
    ScheduleLine,
    TariffPack,
    TariffSource,
)
from tests.conftest import REPO_ROOT, SHARED_DATA

JAPAN_FILE = SHARED_DATA / build_tariff_packs.JAPAN_FILE
PACK_DIR = REPO_ROOT / "resources" / "data" / "tariffs"
YEAR = 6  # the 2026-07-09 edition: Japan's FY from 1 April 2026
FREE = Rate(percent=Decimal(0))
SEASONAL_DUPLICATES = {  # codes printed twice in the file (rates by import season)
    "080310100",
    "080390100",
    "080510000",
    "080540000",
    "080610000",
    "081290100",
    "081290200",
    "081290300",
}


def pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


# --- the bundled edition, end to end ---------------------------------------------------------


@pytest.fixture(scope="module")
def japan() -> TariffPack:
    if not JAPAN_FILE.is_file():
        pytest.skip("../shared/data/japan-customs-tariff is not available")
    return read_japan_applied(JAPAN_FILE)


def _mfn(pack: TariffPack, code: str) -> MfnLine:
    (line,) = [m for m in pack.mfn if m.code == code]
    return line


def _rcep(pack: TariffPack, code: str) -> dict[str, Rate]:
    found = {}
    for line in pack.lines:
        if line.code == code:
            assert set(line.rates) == {YEAR}
            assert line.schedule not in found
            found[line.schedule] = line.rates[YEAR]
    return found


def test_source(japan: TariffPack) -> None:
    source = japan.source
    assert source.id == "jp-applied"
    assert source.kind == "applied"
    assert source.importing_party == "JP"
    assert source.hs_version == "2022"
    assert source.edition_date == "2026-07-09"
    assert (
        source.attribution
        == "出典：税関ウェブサイト『実行関税率表』(2026年7月9日版) を加工して作成"
    )
    assert source.file_name == "japan_applied_tariff_2026-07-09.csv"
    assert len(source.file_sha256) == 64
    assert source.title


def test_cotton_t_shirts(japan: TariffPack) -> None:
    # general 11.2 %, WTO 7.4 % → MFN 7.4 %; RCEP CN 4.6, KR 4.6, AANZ free
    mfn = _mfn(japan, "610910020")
    assert mfn.rate == pct("7.4")
    assert _rcep(japan, "610910020") == {"CN": pct("4.6"), "KR": pct("4.6"), AANZ: FREE}
    # "2 その他のもの" is short: the parents' texts come in front
    assert mfn.description.endswith("綿製のもの：その他のもの")
    assert mfn.description.startswith("Tシャツ")


def test_menthol_keeps_the_compound_general_rate_as_text(japan: TariffPack) -> None:
    # general "22.4%又は720円/kgのうちいずれか高い税率" is text; WTO 5.5 % is the number → MFN
    assert _mfn(japan, "290611000").rate == pct("5.5")
    assert mfn_rate(parse_rate("22.4%又は720円/kgのうちいずれか高い税率"), None, pct("5.5")) == pct(
        "5.5"
    )
    assert _rcep(japan, "290611000") == {"CN": pct("2.5"), "KR": pct("2.5"), AANZ: pct("2.5")}


def test_sorbitol_has_no_rcep_line(japan: TariffPack) -> None:
    assert _mfn(japan, "290544000").rate == pct("17")
    assert _rcep(japan, "290544000") == {}


def test_general_rate_inherited_from_the_parent_row(japan: TariffPack) -> None:
    # 2841.90 group row: general 3.9 %; line 090: WTO 3.3 % → MFN 3.3 %
    assert _mfn(japan, "284190090").rate == pct("3.3")
    assert _rcep(japan, "284190090") == {"CN": pct("1.5"), "KR": pct("1.5"), AANZ: FREE}


def test_lithium_ion_accumulators_free_everywhere(japan: TariffPack) -> None:
    # general 無税, WTO (無税)
    assert _mfn(japan, "850760000").rate == FREE
    assert _rcep(japan, "850760000") == {"CN": FREE, "KR": FREE, AANZ: FREE}


@pytest.mark.parametrize(
    ("code", "mfn", "aanz", "china", "korea"),
    [
        ("960850000", "5", "0", "2.3", "0"),
        ("200990111", "23", "14.4", "14.4", None),
        ("200969110", "23", "14.4", "14.4", "14.4"),
        ("294000090", "6.5", "0", "0", "0"),
        ("284290000", "3.3", "0", "0", "0"),
        ("293890000", "3.9", "0", "2.4", "2.4"),
        ("850980000", "0", "0", "0", "0"),
        ("854141000", "0", "0", "0", "0"),
    ],
)
def test_more_fixture_lines(
    japan: TariffPack, code: str, mfn: str, aanz: str, china: str, korea: str | None
) -> None:
    assert _mfn(japan, code).rate == pct(mfn)
    expected = {AANZ: pct(aanz), "CN": pct(china)}
    if korea is not None:
        expected["KR"] = pct(korea)
    assert _rcep(japan, code) == expected


def test_counts_against_source_md(japan: TariffPack) -> None:
    """SOURCE.md: 9,654 full lines, 8,139 with an RCEP-China rate.

    Both are counts of CSV rows. 8 national codes are printed twice (seasonal rates, e.g.
    0803.10-100 for April–September and October–March); those 16 rows are rejected, so 9,638
    lines are imported. 6 of the 16 rows carry a China rate (0805.40-000, 0812.90-200 and -300,
    two rows each), so 8,133 China lines.
    """
    report = japan.report
    assert report.rows_read == 15_433
    assert {r.code for r in report.rejected} == SEASONAL_DUPLICATES
    assert len(report.rejected) == 16
    assert report.accepted + len(report.rejected) == 9_654
    assert report.accepted == len(japan.mfn) == len({m.code for m in japan.mfn}) == 9_638
    assert report.skipped_headings == 15_433 - 9_654
    china = [line for line in japan.lines if line.schedule == "CN"]
    assert len(china) == 8_139 - 6
    assert all(len(m.code) == 9 and m.code.isdigit() for m in japan.mfn)


def test_reads_in_a_few_seconds() -> None:
    if not JAPAN_FILE.is_file():
        pytest.skip("../shared/data/japan-customs-tariff is not available")
    started = time.perf_counter()
    read_japan_applied(JAPAN_FILE)
    assert time.perf_counter() - started < 10


def test_progress_and_cancel_on_the_real_file() -> None:
    if not JAPAN_FILE.is_file():
        pytest.skip("../shared/data/japan-customs-tariff is not available")
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2_000:
            token.cancel()

    with pytest.raises(Cancelled):
        read_japan_applied(JAPAN_FILE, progress=progress, cancel=token)
    assert seen
    assert seen[-1][0] < seen[-1][1]


# --- rate texts and the MFN rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("無税", FREE),
        ("(無税)", FREE),
        ("（無税）", FREE),
        ("10.9%", pct("10.9")),
        ("(5.3%)", pct("5.3")),
        ("8%", pct("8")),
        ("22.4%又は720円/kg", Rate(text="22.4%又は720円/kg")),
        ("さわら　2.2%", Rate(text="さわら　2.2%")),
        ("◎無税", Rate(text="◎無税")),
        ("無税〜(2.4%)", Rate(text="無税〜(2.4%)")),
        ("(482円/kg)", Rate(text="(482円/kg)")),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_rate(text: str, expected: Rate | None) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize(
    ("general", "temporary", "wto", "expected"),
    [
        ("11.2%", "", "7.4%", "7.4%"),
        ("10.9%", "", "(10.9%)", "10.9%"),
        ("20%", "12%", "17%", "12%"),  # temporary replaces general, then the lower
        ("20%", "", "", "20%"),
        ("", "", "(無税)", "(無税)"),
        ("22.4%又は720円/kg", "", "5.5%", "5.5%"),
        ("4,000,000円/頭", "", "3,400,000円/頭", "3,400,000円/頭"),  # text: WTO kept
        ("4,000,000円/頭", "", "", "4,000,000円/頭"),
        ("", "", "", ""),
    ],
)
def test_mfn_rule(general: str, temporary: str, wto: str, expected: str) -> None:
    assert mfn_rate(parse_rate(general), parse_rate(temporary), parse_rate(wto)) == parse_rate(
        expected
    )


# --- hand-made files: tree walk and failure modes --------------------------------------------

HEADER = [
    "chapter",
    "level",
    "stat_code",
    "stat_suffix",
    "description_ja",
    "unit_1",
    "rate_基本",
    "rate_暫定",
    "rate_WTO協定",
    "rate_EPA_CPTPP",
    "rate_EPA_RCEP_アセアン豪州NZ",
    "rate_EPA_RCEP_中国",
    "rate_EPA_RCEP_韓国",
]


def _row(
    level: int | str,
    code: str,
    suffix: str,
    text: str,
    general: str = "",
    temporary: str = "",
    wto: str = "",
    aanz: str = "",
    china: str = "",
    korea: str = "",
) -> list[str]:
    rates = [general, temporary, wto, "無税", aanz, china, korea]
    return [code[:2], str(level), code, suffix, text, "KG", *rates]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


TREE = [
    _row(0, "", "", "第1節  元素"),
    _row(0, "28.41", "", "オキソ金属酸塩及びペルオキソ金属酸塩"),
    _row(1, "2841.90", "", "その他のもの", general="3.9%"),
    _row(2, "2841.90", "010", "− アルミン酸塩", wto="3.3%", aanz="無税", china="1.5%"),
    _row(2, "2841.90", "", "− その他のもの", temporary="2%"),
    _row(3, "2841.90", "091", "−− 特定のもの", wto="3.3%", korea="1.5%"),
    _row(3, "2841.90", "099", "−− その他のもの", general="5%", wto="(4%)"),
    _row(1, "2841.95", "000", "ほかの物品の非常に長い説明文", wto="1%"),
]


def test_tree_walk_on_a_small_file(tmp_path: Path) -> None:
    pack = read_japan_applied(_write(tmp_path / "jp_2026-04-01.csv", TREE))
    assert pack.source.edition_date == "2026-04-01"
    assert pack.report.rows_read == len(TREE)
    assert pack.report.skipped_headings == 4
    assert pack.report.accepted == 4
    assert not pack.report.rejected
    mfn = {m.code: m for m in pack.mfn}
    assert mfn["284190010"].rate == pct("3.3")  # inherited general 3.9 vs WTO 3.3
    assert mfn["284190091"].rate == pct("2")  # inherited temporary 2 < WTO 3.3
    assert mfn["284190099"].rate == pct("2")  # own general 5, inherited temporary 2, WTO 4
    assert mfn["284195000"].rate == pct("1")  # the 2841.90 rates are not inherited here
    assert (
        mfn["284190010"].description
        == "オキソ金属酸塩及びペルオキソ金属酸塩：その他のもの：アルミン酸塩"
    )
    assert mfn["284190099"].description == "オキソ金属酸塩及びペルオキソ金属酸塩：その他のもの"
    assert mfn["284195000"].description == "ほかの物品の非常に長い説明文"
    lines = [(line.schedule, line.code, line.rates) for line in pack.lines]
    assert lines == [
        ("CN", "284190010", {6: pct("1.5")}),
        (AANZ, "284190010", {6: FREE}),
        ("KR", "284190091", {6: pct("1.5")}),
    ]


def test_edition_date_from_the_argument(tmp_path: Path) -> None:
    path = _write(tmp_path / "japan.csv", TREE)
    with pytest.raises(DataFileError):
        read_japan_applied(path)
    pack = read_japan_applied(path, edition_date="2027-03-31")
    assert pack.source.edition_date == "2027-03-31"
    assert set(pack.lines[0].rates) == {6}
    with pytest.raises(DataFileError):
        read_japan_applied(path, edition_date="2021-12-31")  # before RCEP


def test_missing_columns_are_named(tmp_path: Path) -> None:
    header = [h for h in HEADER if h not in ("rate_WTO協定", "rate_EPA_RCEP_中国")]
    path = _write(tmp_path / "jp_2026-07-09.csv", [], header)
    with pytest.raises(DataFileError) as caught:
        read_japan_applied(path)
    assert "rate_WTO協定" in caught.value.message
    assert "rate_EPA_RCEP_中国" in caught.value.message
    assert "rate_基本" not in caught.value.message
    assert set(REQUIRED_COLUMNS) <= set(HEADER)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "jp_2026-07-09.csv"
    path.write_bytes(",".join(HEADER).encode("utf-8") + "\n01,0,01.01,,馬\n".encode("shift_jis"))
    with pytest.raises(DataFileError):
        read_japan_applied(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "jp_2026-07-09.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError):
        read_japan_applied(empty)
    with pytest.raises(DataFileError):
        read_japan_applied(tmp_path / "missing_2026-07-09.csv")


def test_malformed_and_duplicate_rows_are_rejected(tmp_path: Path) -> None:
    rows = [
        _row(0, "85.07", "", "蓄電池"),
        _row(1, "8507.60", "000", "リチウム・イオン蓄電池", general="無税", china="無税"),
        _row("x", "8507.70", "000", "bad level", general="無税"),
        _row(1, "8507.8", "000", "bad code", general="無税"),
        _row(1, "8507.90", "12", "bad suffix", general="無税"),
        _row(1, "85.07", "100", "suffix on a heading", general="無税"),
        [*_row(1, "8507.91", "000", "extra field", general="無税"), "surplus"],
        _row(1, "8507.99", "000", "season 1", general="10%"),
        _row(1, "8507.99", "000", "season 2", general="20%"),
    ]
    pack = read_japan_applied(_write(tmp_path / "jp_2026-07-09.csv", rows))
    rejected = pack.report.rejected
    assert [r.row for r in rejected] == [4, 5, 6, 7, 8, 9, 10]
    assert all(r.reason for r in rejected)
    assert "9, 10" in rejected[-1].reason
    assert [m.code for m in pack.mfn] == ["850760000"]
    assert pack.report.accepted == 1


def test_cancel_before_start(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_japan_applied(_write(tmp_path / "jp_2026-07-09.csv", TREE), cancel=token)


# --- packs -----------------------------------------------------------------------------------


def _sample_pack() -> TariffPack:
    source = TariffSource(
        id="annex1-XX",
        kind="schedule",
        importing_party="CN",
        title="Sample",
        edition_date="2020-11-15",
        attribution="Source: sample",
        hs_version="2012",
        file_name="sample.xls",
        file_sha256="ab" * 32,
    )
    lines = [
        ScheduleLine(
            "ASEAN", "85076000", "Lithium-ion", {1: pct("11.4"), 2: pct("10.80")}, pct("12")
        ),
        ScheduleLine("ASEAN", "09012100", "Coffee", {1: Rate(text="U", excluded=True)}),
        ScheduleLine("ALL", "87032310", "", {1: Rate(text="5%, and $12,000 each")}),
        ScheduleLine("ALL", "87032310", "Other text", {1: Rate(excluded=True)}),
        ScheduleLine("ALL", "99999999", "Odd", {1: Rate(percent=Decimal("5"), text="5 %")}, None),
        ScheduleLine("ALL", "99999998", "Odd", {1: Rate(text="x", excluded=True)}),
    ]
    mfn = [MfnLine("85076000", "Lithium-ion", FREE), MfnLine("87032310", "", Rate(text="¥1/kg"))]
    report = ImportReport(12, 6, [Rejected(3, "0101", "bad row")], 4)
    return TariffPack(source, lines, mfn, report)


def test_pack_round_trip(tmp_path: Path) -> None:
    pack = _sample_pack()
    path = tmp_path / "packs" / "sample.json.gz"
    write_pack(pack, path)
    again = read_pack(path)
    assert again == pack
    assert again.lines[0].rates[2].percent == Decimal("10.80")
    assert str(again.lines[0].rates[2].percent) == "10.80"  # exact Decimal, not a float
    assert pack_bytes(again) == path.read_bytes()  # byte-reproducible
    with gzip.open(path) as handle:
        assert handle.read().startswith(b'{"format":"exportpilot-tariff-pack","version":1,')
    assert path.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime = 0


def test_japan_pack_round_trip(japan: TariffPack, tmp_path: Path) -> None:
    path = tmp_path / "jp-applied.json.gz"
    write_pack(japan, path)
    assert read_pack(path) == japan


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip",
        gzip.compress(b"not json"),
        gzip.compress(b'{"format": "something else"}'),
        gzip.compress(b'{"format": "exportpilot-tariff-pack", "version": 99}'),
        gzip.compress(b'{"format": "exportpilot-tariff-pack", "version": 1, "source": {}}'),
    ],
)
def test_read_pack_rejects_other_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json.gz"
    path.write_bytes(content)
    with pytest.raises(DataFileError):
        read_pack(path)


def test_committed_packs_are_what_the_script_builds() -> None:
    if not JAPAN_FILE.is_file():
        pytest.skip("../shared/data is not available")
    built = build_tariff_packs.build(SHARED_DATA)
    names = {b.file_name for b in built}
    assert "jp-applied.json.gz" in names
    committed = {p.name for p in PACK_DIR.glob("*.json.gz")}
    assert committed == names, "run scripts/build_tariff_packs.py"
    for pack in built:
        assert (PACK_DIR / pack.file_name).read_bytes() == pack.data, (
            f"{pack.file_name} is stale: run scripts/build_tariff_packs.py"
        )
        assert read_pack(PACK_DIR / pack.file_name) == pack.pack


def test_committed_packs_load_without_shared_data() -> None:
    packs = sorted(PACK_DIR.glob("*.json.gz"))
    assert any(p.name == "jp-applied.json.gz" for p in packs)
    for path in packs:
        pack = read_pack(path)
        assert pack.source.attribution
        assert pack.source.file_sha256
        assert pack.lines
        assert path.stat().st_size < 1_000_000


def test_registered_as_a_format(tmp_path: Path) -> None:
    assert FORMATS["japan-applied"] is read_japan_applied
    path = _write(tmp_path / "japan.csv", TREE)
    pack = import_file(path, "japan-applied", edition_date="2026-07-09")
    assert pack.source.id == "jp-applied"
    assert pack.report.accepted == 4
