"""The CSV layout importer (docs/tariff-import-csv.md): formats, rejections, round trips."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.core.errors import DataFileError, ValidationError
from services.core.i18n import set_locale
from services.core.progress import Cancelled, CancelToken
from services.rcep.importers import import_file, importer
from services.rcep.importers.csv_layout import read_csv
from services.rcep.tariff_models import MfnLine, Rate, ScheduleLine, TariffPack
from tests.conftest import REPO_ROOT

DOC = REPO_ROOT / "docs" / "tariff-import-csv.md"
SCHEDULE_HEADER = "importing_party,schedule,hs_version,code,description,base_rate,year_1,year_2"
MFN_HEADER = "importing_party,hs_version,code,description,mfn_rate"


def _write(tmp_path: Path, text: str, *, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _schedule(tmp_path: Path, *rows: str, comments: str = "") -> TariffPack:
    return read_csv(_write(tmp_path, comments + SCHEDULE_HEADER + "\n" + "\n".join(rows) + "\n"))


def _pct(value: str) -> Rate:
    return Rate(percent=Decimal(value))


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")  # assertions on messages; the conftest fixture restores zh_CN


# -- the documented examples -------------------------------------------------------------------


def _doc_examples() -> list[str]:
    return re.findall(r"```\n(#.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_documented_schedule_example(tmp_path: Path) -> None:
    pack = read_csv(_write(tmp_path, _doc_examples()[0]))
    assert pack.source.id == "annex1-KR-CN"
    assert pack.source.kind == "schedule"
    assert pack.source.importing_party == "KR"
    assert pack.source.hs_version == "2012"
    assert pack.source.edition_date == "2020-11-15"
    assert pack.source.title.startswith("RCEP Annex I, Schedule of Tariff Commitments of Korea")
    assert pack.source.attribution == "RCEP Annex I, Schedule of Tariff Commitments of Korea"
    assert pack.source.file_name == "t.csv"
    assert len(pack.source.file_sha256) == 64
    assert pack.report.skipped_headings == 1
    assert pack.report.rejected == []
    assert pack.lines == [
        ScheduleLine("CN", "8509809000", "Other", {1: _pct("0"), 2: _pct("0"), 3: _pct("0")},
                     _pct("8")),
        ScheduleLine("CN", "0901211000", "Coffee not decaffeinated",
                     dict.fromkeys((1, 2, 3), Rate(excluded=True, text="U")),
                     Rate(excluded=True, text="U")),
        ScheduleLine("CN", "8703211000", "Used cars",
                     {1: _pct("4.6"), 2: _pct("4.2"), 3: _pct("3.8")},
                     Rate(text="5%, and $12,000 each")),
    ]  # fmt: skip


def test_the_documented_mfn_example(tmp_path: Path) -> None:
    pack = read_csv(_write(tmp_path, _doc_examples()[1]))
    assert pack.source.id == "mfn-AU"
    assert pack.source.kind == "mfn"
    assert pack.source.edition_date == "2024-01-01"
    assert pack.source.hs_version == "2022"
    assert pack.source.attribution == "WTO Tariff Download Facility"
    assert pack.source.title == "WTO Tariff Download Facility, Australia, applied 2024"
    assert pack.lines == []
    assert pack.mfn == [
        MfnLine("850760", "Lithium-ion accumulators", _pct("5")),
        MfnLine("040610", "Fresh cheese", Rate(text="$1.220/kg")),
    ]


def test_registry_dispatches_to_the_csv_importer(tmp_path: Path) -> None:
    assert importer("csv") is read_csv
    path = _write(tmp_path, _doc_examples()[0])
    pack = import_file(path, "csv", importing_party="KR", schedule="CN")
    assert pack.report.accepted == 3


# -- encodings and headers ---------------------------------------------------------------------


def test_bom_or_not(tmp_path: Path) -> None:
    text = SCHEDULE_HEADER + "\nKR,CN,2012,85098090,Other,8,0,0\n"
    plain = read_csv(_write(tmp_path, text, name="plain.csv"))
    bom = read_csv(_write(tmp_path, text, name="bom.csv", encoding="utf-8-sig"))
    assert plain.lines == bom.lines
    assert len(plain.lines) == 1


def test_crlf_and_quoted_line_breaks(tmp_path: Path) -> None:
    text = SCHEDULE_HEADER + '\r\nKR,CN,2012,85098090,"two\r\nlines",8,"a\nb",0\r\n'
    pack = read_csv(_write(tmp_path, text))
    assert pack.lines[0].description == "two lines"
    assert pack.lines[0].rates[1] == Rate(text="a\nb")


@pytest.mark.parametrize("encoding", ["gbk", "shift_jis", "utf-16"])
def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path, encoding: str) -> None:
    text = SCHEDULE_HEADER + "\nKR,CN,2012,85098090,其他 ソケット,8,0,0\n"
    path = _write(tmp_path, text, encoding=encoding)
    with pytest.raises(DataFileError, match="save it as UTF-8"):
        read_csv(path)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("importing_party,schedule,hs_version,code,description,year_1,year_2", "base_rate"),
        ("importing_party,schedule,hs_version,code,description,base_rate,year_2", "year_1"),
        (SCHEDULE_HEADER + ",notes", "unknown columns: notes"),
        ("importing_party,hs_version,code,description,mfn_rate,year_1", "unknown columns"),
        ("importing_party,hs_version,code,mfn_rate", "missing columns: description"),
        (SCHEDULE_HEADER + ",year_1", "twice: year_1"),
        ("party,code,rate", "neither a schedule"),
    ],
)
def test_header_problems_are_named(tmp_path: Path, header: str, message: str) -> None:
    path = _write(tmp_path, "# edition: 2024-01-01\n" + header + "\nKR,CN,2012,85098090,x,8,0\n")
    with pytest.raises(DataFileError, match=message):
        read_csv(path)


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    for text in ("", "\n\n", "# source: nothing\n"):
        with pytest.raises(DataFileError, match="no header"):
            read_csv(_write(tmp_path, text))
    with pytest.raises(DataFileError, match="no line"):
        read_csv(_write(tmp_path, SCHEDULE_HEADER + "\n"))


def test_mfn_needs_an_edition_date(tmp_path: Path) -> None:
    path = _write(tmp_path, MFN_HEADER + "\nAU,2022,850760,Li-ion,5\n")
    with pytest.raises(DataFileError, match="edition"):
        read_csv(path)
    pack = read_csv(path, edition="2025-01-01", source="ABF Working Tariff", source_id="mfn-au")
    assert pack.source.edition_date == "2025-01-01"
    assert pack.source.title == pack.source.attribution == "ABF Working Tariff"
    assert pack.source.id == "mfn-au"
    with pytest.raises(DataFileError, match="not a date"):
        read_csv(path, edition="2025-13-01")
    with pytest.raises(ValidationError):
        read_csv(path, edition="2025-01-01", schedule="CN")


def test_arguments_win_over_comments(tmp_path: Path) -> None:
    text = "# source: A\n# edition: 2021-01-01\n# attribution: B\n# a plain comment\n"
    path = _write(tmp_path, text + SCHEDULE_HEADER + "\nKR,CN,2012,85098090,x,8,0,0\n")
    comments = read_csv(path).source
    assert (comments.title, comments.edition_date, comments.attribution) == ("A", "2021-01-01", "B")
    args = read_csv(path, source="C", edition="2022-02-02", attribution="D").source
    assert (args.title, args.edition_date, args.attribution) == ("C", "2022-02-02", "D")


# -- rows ----------------------------------------------------------------------------------------


def test_rejected_rows_carry_line_numbers_and_reasons(tmp_path: Path) -> None:
    pack = _schedule(
        tmp_path,
        "KR,CN,2012,8509,HEADING,,,",  # 2: heading
        "KR,CN,2012,8509.80.9000,ok,8,4.6%,0",  # 3
        "KR,CN,2012,8509809000,duplicate,8,0,0",  # 4
        "XX,CN,2012,85098091,not a party,8,0,0",  # 5
        "JP,CN,2012,85098092,other importing party,8,0,0",  # 6
        "KR,ALL,2012,85098093,KR has separate schedules,8,0,0",  # 7
        "KR,KR,2012,85098094,own goods,8,0,0",  # 8
        "KR,CN,2017,85098095,other HS version,8,0,0",  # 9
        "KR,CN,1996,85098096,unknown HS version,8,0,0",  # 10
        "KR,CN,2012,8509.8O.90,letter O,8,0,0",  # 11
        "KR,CN,2012,85098,short with rates,8,0,0",  # 12
        "KR,CN,2012,8509809000123,too long,8,0,0",  # 13
        "KR,CN,2012,85098097,missing year,8,0,",  # 14
        "KR,CN,2012,85098098,negative,-1,0,0",  # 15
        "KR,CN,2012,85098099,too many cells,8,0,0,0",  # 16
        "KR,CN,2012,85098100",  # 17: too few
        "KR,CN,2012,,no code,8,0,0",  # 18
        "KR,CN,2012,85098101,no rates,,,",  # 19
        "",  # 20: blank, ignored
        "KR,AANZ,2012,85098090,same code other schedule,U,U,U",  # 21
    )
    assert [line.code for line in pack.lines] == ["8509809000", "85098090"]
    assert pack.lines[0].rates[1] == _pct("4.6")
    assert pack.report.skipped_headings == 1
    reasons = {r.row: r.reason for r in pack.report.rejected}
    assert sorted(reasons) == list(range(4, 20))
    assert "already in row 3" in reasons[4]
    assert "not an RCEP Party" in reasons[5]
    assert "this file is for KR" in reasons[6]
    assert "ALL" in reasons[7]
    assert "own goods" in reasons[8]
    assert "HS 2012" in reasons[9]
    assert "1996" in reasons[10]
    assert "not an HS code" in reasons[11]
    assert "6 to 12 digits" in reasons[12]
    assert "6 to 12 digits" in reasons[13]
    assert "year 2" in reasons[14]
    assert "not a rate" in reasons[15]
    assert "cells" in reasons[16]
    assert "cells" in reasons[17]
    assert "no HS code" in reasons[18]
    assert "no rates" in reasons[19]
    assert pack.report.rows_read == 19  # every non-blank row after the header
    assert pack.report.accepted == 2
    assert pack.source.id == "annex1-KR-AANZ+CN"


def test_party_and_schedule_arguments_filter_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        SCHEDULE_HEADER + "\nKR,CN,2012,85098090,x,8,0,0\nKR,ASEAN,2012,85098090,y,8,0,0\n",
    )
    pack = read_csv(path, importing_party="kr", schedule="asean")
    assert [line.schedule for line in pack.lines] == ["ASEAN"]
    assert "schedule ASEAN" in pack.report.rejected[0].reason
    assert pack.source.id == "annex1-KR-ASEAN"
    with pytest.raises(DataFileError, match="no line"):
        read_csv(path, importing_party="JP")
    with pytest.raises(ValidationError):
        read_csv(path, importing_party="XX")


def test_single_schedule_party(tmp_path: Path) -> None:
    pack = _schedule(tmp_path, "NZ,ALL,2012,85076000,Li-ion,5,0,0", "NZ,CN,2012,85076001,x,5,0,0")
    assert pack.source.id == "annex1-NZ-ALL"
    assert len(pack.lines) == 1
    assert "ALL" in pack.report.rejected[0].reason
    assert pack.source.title == "RCEP Annex I, Schedule of Tariff Commitments of New Zealand"


def test_mfn_rows(tmp_path: Path) -> None:
    pack = read_csv(
        _write(
            tmp_path,
            "# edition: 2024-01-01\n"
            + MFN_HEADER
            + "\nAU,2022,85,heading,\nAU,2022,850760,Li-ion,5%\nAU,2022,850760,dup,5"
            + "\nAU,2022,850790,excluded,U\nAU,2022,850780,no rate,\nAU,2017,850710,v,0\n",
        )
    )
    assert pack.mfn == [MfnLine("850760", "Li-ion", _pct("5"))]
    assert pack.report.skipped_headings == 1
    assert len(pack.report.rejected) == 4


def test_cancel(tmp_path: Path) -> None:
    rows = "\n".join(f"KR,CN,2012,{85000000 + n},x,8,0,0" for n in range(2000))
    path = _write(tmp_path, SCHEDULE_HEADER + "\n" + rows + "\n")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_csv(path, cancel=token)

    token = CancelToken()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if done > 1000:
            token.cancel()

    with pytest.raises(Cancelled):
        read_csv(path, progress=progress, cancel=token)
    assert calls
    done = read_csv(path, progress=lambda d, t: calls.append((d, t)))
    assert done.report.accepted == 2000
    assert calls[-1][0] == calls[-1][1]


# -- properties ----------------------------------------------------------------------------------

_words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=8
)
_descriptions = st.lists(_words, max_size=5).map(" ".join)
_percents = st.builds(lambda d: Rate(percent=d), st.decimals(min_value=0, max_value=1000, places=3))
_texts = st.one_of(
    st.sampled_from(["5%, and $12,000 each", "$1.220/kg", "5%, or, if lower, $0.45/kg TSS*"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda t: t and t.upper() != "U" and not re.match(r"^[-+.\d]", t)),
).map(lambda t: Rate(text=t))
_rates = st.one_of(_percents, st.just(Rate(excluded=True, text="U")), _texts)


def _cell(rate: Rate | None) -> str:
    if rate is None:
        return ""
    if rate.percent is not None:
        return str(rate.percent)
    return rate.text or ""


@st.composite
def _schedule_lines(draw: st.DrawFn) -> tuple[int, list[ScheduleLine]]:
    years = draw(st.integers(min_value=1, max_value=21))
    codes = draw(st.lists(st.from_regex(r"\A[0-9]{8,10}\Z"), min_size=1, max_size=25, unique=True))
    lines = []
    for code in codes:
        schedule = draw(st.sampled_from(["CN", "ASEAN", "AANZ", "KR"]))
        rates = {year: draw(_rates) for year in range(1, years + 1)}
        base = draw(st.one_of(st.none(), _rates))
        lines.append(ScheduleLine(schedule, code, draw(_descriptions), rates, base))
    return years, lines


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_schedule_lines())
def test_round_trip_of_schedule_lines(
    tmp_path: Path, drawn: tuple[int, list[ScheduleLine]]
) -> None:
    years, lines = drawn
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["importing_party", "schedule", "hs_version", "code", "description", "base_rate"]
        + [f"year_{y}" for y in range(1, years + 1)]
    )
    for line in lines:
        writer.writerow(
            ["JP", line.schedule, "2012", line.code, line.description, _cell(line.base_rate)]
            + [_cell(line.rates[y]) for y in range(1, years + 1)]
        )
    pack = read_csv(_write(tmp_path, buffer.getvalue(), name="round.csv"))
    assert pack.report.rejected == []
    assert pack.lines == lines
    assert pack.report.accepted == pack.report.rows_read == len(lines)


_garbage_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["KR", "CN", "ALL", "2012", "U", "-1", "8509.80", "85098090", "", " ", "#"]),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_garbage_cell, max_size=10), max_size=15))
def test_garbage_rows_are_rejected_never_crash(tmp_path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SCHEDULE_HEADER.split(","))
    writer.writerow(["KR", "CN", "2012", "85098090", "good", "8", "0", "0"])
    writer.writerows(rows)
    text = buffer.getvalue().encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    pack = read_csv(_write(tmp_path, text, name="garbage.csv"))
    report = pack.report
    assert report.rows_read == report.accepted + len(report.rejected) + report.skipped_headings
    assert pack.lines[0].code == "85098090"
    assert all(r.reason for r in report.rejected)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_pack_or_a_data_file_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.csv"
    path.write_bytes((MFN_HEADER + "\n").encode() + data)
    with contextlib.suppress(DataFileError):
        pack = read_csv(path, edition="2024-01-01")
        report = pack.report
        assert report.rows_read == report.accepted + len(report.rejected) + report.skipped_headings
