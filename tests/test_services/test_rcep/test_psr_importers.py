"""Product-specific rule importers (CSV layout of docs/psr-import-csv.md, Word .docx tables),
storing an import, and the commands ``import psr`` and ``origin rule …``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.core.commands import JsonArgumentParser, run_command
from services.core.db import memory_database
from services.core.errors import DataFileError, ValidationError
from services.core.i18n import set_locale
from services.core.migrations import migrations
from services.core.paths import AppPaths
from services.core.progress import Cancelled, CancelToken
from services.core.store import DataStore
from services.rcep import commands, origin_commands
from services.rcep.importers.psr_common import psr_importer
from services.rcep.importers.psr_csv import read_psr_csv
from services.rcep.importers.psr_docx import read_psr_docx
from services.rcep.psr_table import IMPORTED, USER, PsrTable
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData
from tests.conftest import REPO_ROOT

DOC = REPO_ROOT / "docs" / "psr-import-csv.md"
HEADER = "hs_code,hs_version,rule_text,rule_text_zh,note"
SOURCE = "GACC Announcement 2022 No.129, annex 1"


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")  # assertions on messages; the conftest fixture restores zh_CN


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


@pytest.fixture
def table(store: DataStore, hs: HsNomenclature) -> PsrTable:
    return PsrTable(store.db, hs=hs, embedded=())


def _write(tmp_path: Path, text: str, name: str = "rules.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _csv(tmp_path: Path, *rows: str, name: str = "rules.csv") -> Path:
    return _write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n", name)


def _stored(table: PsrTable) -> dict[str, str]:
    return {r.hs_code: r.rule_text for r in table.rules(IMPORTED)}


# -- CSV ---------------------------------------------------------------------------------------


def test_the_documented_example(tmp_path: Path, hs: HsNomenclature) -> None:
    example = re.findall(r"```\n(# GACC.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)[0]
    pack = read_psr_csv(_write(tmp_path, example), source=SOURCE, edition="2022-12-23", hs=hs)
    assert [(r.hs_code, r.rule_text, r.hs2012_code) for r in pack.rules] == [
        ("0504", "CC except from Chapter 01", ""),
        ("850760", "CTH or RVC40", ""),
        ("280120", "CTSH or RVC40", "280120"),
    ]
    first = pack.rules[0]
    assert (first.kind, first.verified, first.source, first.source_date) == (
        IMPORTED,
        True,
        SOURCE,
        "2022-12-23",
    )
    assert first.rule_text_zh == "章改变，从第一章改变至此除外"
    assert pack.rules[2].note == "from the signed Annex 3A"
    assert pack.report.rows_read == 4
    assert pack.report.accepted == 3
    [rejected] = pack.report.rejected
    assert (rejected.row, rejected.code) == (6, "030499")
    assert "split in HS 2022 into 0304.93, 0304.96, 0304.97, 0304.99" in rejected.reason


def test_every_bad_row_is_rejected_with_its_line_and_reason(
    tmp_path: Path, hs: HsNomenclature
) -> None:
    path = _csv(
        tmp_path,
        "8507.60,2022,CTH or RVC40,,",  # 2: good
        "85076,2022,CTH,,",  # 3: five digits
        "850760,2017,CTH,,",  # 4: HS version
        "850710,2022,CTH plus,,",  # 5: English not understood
        "850720,2022,,品目改变，第一章除外,",  # 6: Chinese not understood
        "850730,2022,CTH,子目改变,",  # 7: English and Chinese differ
        "850761,2022,CTH,,",  # 8: not in HS 2022
        "130219,2012,CC except from subheading 1211.20,,",  # 9: split in HS 2022
        "850760,2022,CC,,",  # 10: second rule for the code
        "850740,2022,,,",  # 11: no rule
        "850750,2022,CTH",  # 12: too few cells
        "0302.90,2012,CC,,renumbered",  # 13: good, HS 2022 0302.91
        ",,,,",  # blank: ignored
        "850790,2022,,品目改变或区域价值成分40,",  # 15: good, Chinese only
    )
    pack = read_psr_csv(path, source=SOURCE, hs=hs)
    reasons = {r.row: r.reason for r in pack.report.rejected}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "chapter (2 digits), heading (4) or subheading (6)" in reasons[3]
    assert "HS version 2017" in reasons[4]
    assert "CTH plus" in reasons[5]
    assert "品目改变，第一章除外" in reasons[6]
    assert "differ" in reasons[7]
    assert "HS 2022 has no subheading 8507.61" in reasons[8]
    assert "1302.14" in reasons[9]
    assert "already has a rule in row 2" in reasons[10]
    assert "no rule" in reasons[11]
    assert "3 cells" in reasons[12]
    assert [(r.hs_code, r.hs2012_code) for r in pack.rules] == [
        ("850760", ""),
        ("030291", "030290"),
        ("850790", ""),
    ]
    assert pack.rules[2].rule_text == "CTH or RVC40"
    report = pack.report
    assert report.rows_read == 13 == report.accepted + len(report.rejected)


def test_a_file_that_cannot_be_read_as_a_whole(tmp_path: Path, hs: HsNomenclature) -> None:
    with pytest.raises(DataFileError, match="UTF-8"):
        read_psr_csv(
            _write(tmp_path, HEADER + "\n0504,2022,CC,章改变,\n", encoding="gbk"),
            source=SOURCE,
            hs=hs,
        )
    with pytest.raises(DataFileError, match="missing columns: hs_version"):
        read_psr_csv(_write(tmp_path, "hs_code,rule_text\n0504,CC\n"), source=SOURCE, hs=hs)
    with pytest.raises(DataFileError, match="unknown columns: hs_level"):
        read_psr_csv(
            _write(tmp_path, "hs_level,hs_code,hs_version,rule_text\nheading,0504,2012,CC\n"),
            source=SOURCE,
            hs=hs,
        )
    with pytest.raises(DataFileError, match="no header"):
        read_psr_csv(_write(tmp_path, "# only a comment\n\n"), source=SOURCE, hs=hs)
    with pytest.raises(DataFileError, match="cannot be read"):
        read_psr_csv(tmp_path / "missing.csv", source=SOURCE, hs=hs)


def test_source_and_edition_are_checked(tmp_path: Path, hs: HsNomenclature) -> None:
    path = _csv(tmp_path, "0504,2022,CC,,")
    with pytest.raises(ValidationError) as no_source:
        read_psr_csv(path, source="  ", hs=hs)
    assert no_source.value.field == "source"
    with pytest.raises(ValidationError) as bad_date:
        read_psr_csv(path, source=SOURCE, edition="23.12.2022", hs=hs)
    assert bad_date.value.field == "edition"


# -- storing an import ---------------------------------------------------------------------------


def test_an_import_replaces_the_imported_set_and_keeps_user_rules(
    tmp_path: Path, table: PsrTable
) -> None:
    table.save_user_rule("850760", "CTSH", source="typed")
    first = _csv(tmp_path, "0504,2022,CC,,", "850760,2022,CTH,,", name="a.csv")
    table.import_file(first, "csv", source=SOURCE)
    assert _stored(table) == {"0504": "CC", "850760": "CTH"}
    second = _csv(tmp_path, "8507,2022,CTH or RVC40,,", name="b.csv")
    pack = table.import_file(second, "CSV", source="second list", edition="2023-01-01")
    assert pack.report.accepted == 1
    assert _stored(table) == {"8507": "CTH or RVC40"}
    assert [r.rule_text for r in table.rules(USER)] == ["CTSH"]
    kept = table.rule_for("850760")
    assert kept is not None
    assert kept.kind == USER
    stored = table.rules(IMPORTED)[0]
    assert (stored.source, stored.source_date, stored.verified) == (
        "second list",
        "2023-01-01",
        True,
    )


def test_nothing_changes_when_no_row_is_accepted_or_the_file_is_unreadable(
    tmp_path: Path, table: PsrTable
) -> None:
    table.import_file(_csv(tmp_path, "0504,2022,CC,,", name="good.csv"), "csv", source=SOURCE)
    before = table.rules(IMPORTED)
    with pytest.raises(DataFileError, match="None of the 2 rows") as caught:
        table.import_file(
            _csv(tmp_path, "85076,2022,CTH,,", "850760,2022,CTH plus,,", name="bad.csv"),
            "csv",
            source=SOURCE,
        )
    assert "row 2" in caught.value.message
    with pytest.raises(DataFileError, match="holds no rule"):
        table.import_file(_csv(tmp_path, name="empty.csv"), "csv", source=SOURCE)
    with pytest.raises(DataFileError):
        table.import_file(
            _write(tmp_path, HEADER + "\n0504,2022,CC,章改变,\n", "gbk.csv", "gbk"),
            "csv",
            source=SOURCE,
        )
    with pytest.raises(ValidationError, match="Unknown format xlsx"):
        table.import_file(tmp_path / "good.csv", "xlsx", source=SOURCE)
    assert table.rules(IMPORTED) == before


def test_a_cancelled_import_changes_nothing(tmp_path: Path, table: PsrTable) -> None:
    table.import_file(_csv(tmp_path, "0504,2022,CC,,", name="good.csv"), "csv", source=SOURCE)
    before = table.rules(IMPORTED)
    rows = [f"{code},2022,CTH,," for code in ("850710", "850720", "850730", "850760")]
    path = _csv(tmp_path, *rows, name="more.csv")
    token = CancelToken()
    seen: list[tuple[int, int]] = []

    def cancel_while_reading(done: int, total: int) -> None:
        seen.append((done, total))
        token.cancel()

    with pytest.raises(Cancelled):
        table.import_file(path, "csv", source=SOURCE, progress=cancel_while_reading, cancel=token)
    assert seen
    assert table.rules(IMPORTED) == before

    pack = read_psr_csv(path, source=SOURCE, hs=table.hs)
    writing = CancelToken()

    def cancel_while_writing(done: int, total: int) -> None:
        writing.cancel()  # the old set is already deleted in the open transaction

    with pytest.raises(Cancelled):
        table.replace_imported(pack.rules, progress=cancel_while_writing, cancel=writing)
    assert table.rules(IMPORTED) == before


def test_progress_of_a_large_file(tmp_path: Path, table: PsrTable, hs: HsNomenclature) -> None:
    codes = sorted(e.code for e in hs.search("85", limit=2000) if e.level == 6)[:400]
    path = _csv(tmp_path, *(f"{c},2022,CTSH or RVC40,," for c in codes))
    seen: list[tuple[int, int]] = []
    pack = table.import_file(path, "csv", source=SOURCE, progress=lambda d, t: seen.append((d, t)))
    assert pack.report.accepted == len(codes) == len(table.rules(IMPORTED))
    assert len(seen) > 2
    assert seen == sorted(seen)
    assert seen[-1][0] == seen[-1][1]


_cell = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,; \"'\n\rCTHSRVOWorexcpfmhaptesubdig或改变品目章%-")
    ),
    max_size=25,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_cell, max_size=7), max_size=12), st.booleans())
def test_arbitrary_rows_never_crash_and_never_half_save(
    tmp_path: Path, hs: HsNomenclature, rows: list[list[str]], with_good_row: bool
) -> None:
    db = memory_database()
    migrations.apply(db)
    table = PsrTable(db, hs=hs, embedded=())
    table.replace_imported(
        read_psr_csv(_csv(tmp_path, "0504,2022,CC,,", name="first.csv"), source="x", hs=hs).rules
    )
    before = table.rules(IMPORTED)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    if with_good_row:
        writer.writerow(["8507.60", "2022", "CTH or RVC40", "", ""])
    writer.writerows(rows)
    path = _write(tmp_path, buffer.getvalue(), name="drawn.csv")
    try:
        pack = table.import_file(path, "csv", source=SOURCE)
    except DataFileError:
        assert table.rules(IMPORTED) == before  # nothing changed
        assert not with_good_row  # only a file without any acceptable row is refused
        return
    report = pack.report
    assert report.rows_read == report.accepted + len(report.rejected) + report.skipped_headings
    assert all(r.reason for r in report.rejected)
    assert report.accepted >= 1
    assert table.rules(IMPORTED) == sorted(pack.rules, key=lambda r: r.hs_code)
    if with_good_row:
        assert pack.rules[0].hs_code == "850760"


# -- Word .docx ------------------------------------------------------------------------------------


MERGED = "<merged>"  # a row that is one cell across the table: its text follows the marker


def _docx(path: Path, *tables: list[list[str]]) -> Path:
    document = Document()
    document.add_paragraph("附件1 产品特定原产地规则")
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            if values[0] == MERGED:
                cells = row.cells
                cells[0].merge(cells[-1]).text = values[1]
                continue
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    return path


def test_docx_table_in_chinese(tmp_path: Path, hs: HsNomenclature) -> None:
    path = _docx(
        tmp_path / "annex1.docx",
        [
            ["协调制度编码（2022版）", "产品描述", "产品特定原产地规则"],  # row 1
            [MERGED, "第一类 活动物；动物产品", ""],  # 2: section title merged across, skipped
            ["第一章", "活动物", "完全获得"],  # 3
            ["05.04", "动物肠、膀胱及胃", "章改变，从第一章改变至此除外"],  # 4
            ["0302.91", "鱼肝、鱼卵及鱼精", "章改变"],  # 5
            ["ex 0302.99", "其他", "章改变"],  # 6: ex entry
            ["85.07", "蓄电池", ""],  # 7: heading without a rule, skipped
            ["8507.60", "锂离子蓄电池", "品目改变或\n区域价值成分40"],  # 8
            ["8507.61", "不存在", "章改变"],  # 9: not in HS 2022
            ["8507.10", "铅酸蓄电池", "品目改变，第一章除外"],  # 10: wording not understood
            ["01.01-01.06", "活动物", "完全获得"],  # 11: range
            ["", "", ""],  # 12: blank
            ["第二类", "植物产品", ""],  # 13: title in the code column only, skipped
        ],
        [  # a table continued on the next page: no header, same width
            ["Chapter 94", "Furniture", "CTH or RVC40"],  # 14
            ["9403.10", "", "RVC 40 or CTSH"],  # 15
        ],
        [["note", "something else"], ["1", "2"]],  # 16, 17: not a rule table
    )
    pack = read_psr_docx(path, source=SOURCE, edition="2022-12-23", hs=hs)
    got = {r.hs_code: (r.rule_text, r.rule_text_zh) for r in pack.rules}
    assert got == {
        "01": ("WO", "完全获得"),
        "0504": ("CC except from Chapter 01", "章改变，从第一章改变至此除外"),
        "030291": ("CC", "章改变"),
        "850760": ("CTH or RVC40", "品目改变或 区域价值成分40"),
        "94": ("CTH or RVC40", ""),
        "940310": ("RVC 40 or CTSH", ""),
    }
    assert all(r.hs_version == "2022" and r.hs2012_code == "" for r in pack.rules)
    reasons = {r.row: r.reason for r in pack.report.rejected}
    assert sorted(reasons) == [6, 9, 10, 11, 16, 17]
    assert "ex entry" in reasons[6]
    assert "HS 2022 has no subheading 8507.61" in reasons[9]
    assert "品目改变，第一章除外" in reasons[10]
    assert "01.01-01.06" in reasons[11]
    assert "Table 3 has no header row" in reasons[16]
    assert pack.report.skipped_headings == 3
    report = pack.report
    assert report.rows_read == report.accepted + len(report.rejected) + report.skipped_headings


def test_docx_with_an_english_header_and_hs2012(tmp_path: Path, hs: HsNomenclature) -> None:
    path = _docx(
        tmp_path / "annex3a.docx",
        [
            ["Annex 3A", "", ""],
            ["HS Code", "Description", "Product-Specific Rule"],
            ["13.02", "Vegetable saps", ""],
            ["1302.19", "Other", "CC except from subheading 1211.20"],
            ["1302.20", "Pectic substances", "CC"],
        ],
    )
    pack = read_psr_docx(path, source="RCEP Annex 3A", hs=hs, hs_version="2012")
    assert [(r.hs_code, r.hs2012_code) for r in pack.rules] == [("130220", "130220")]
    [rejected] = pack.report.rejected
    assert (rejected.row, rejected.code) == (4, "130219")
    assert "1302.14" in rejected.reason


def test_files_that_are_not_docx(tmp_path: Path, hs: HsNomenclature) -> None:
    old = tmp_path / "annex1.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(DataFileError, match=r"old Word document \(\.doc\)"):
        read_psr_docx(old, source=SOURCE, hs=hs)
    with pytest.raises(DataFileError, match=re.escape("save it as .docx")):
        read_psr_docx(_write(tmp_path, "text", name="named.doc"), source=SOURCE, hs=hs)
    text = _write(tmp_path, "hs_code\n", name="not.docx")
    with pytest.raises(DataFileError, match=re.escape("cannot be read as a Word .docx document")):
        read_psr_docx(text, source=SOURCE, hs=hs)
    with pytest.raises(DataFileError, match="cannot be read"):
        read_psr_docx(tmp_path / "missing.docx", source=SOURCE, hs=hs)
    assert psr_importer("DOCX") is read_psr_docx


def test_docx_import_is_stored(tmp_path: Path, table: PsrTable) -> None:
    path = _docx(tmp_path / "a.docx", [["HS编码", "规则"], ["8507.60", "子目改变或区域价值成分40"]])
    table.import_file(path, "docx", source=SOURCE)
    assert _stored(table) == {"850760": "CTSH or RVC40"}


# -- commands --------------------------------------------------------------------------------------


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    parser = JsonArgumentParser(prog="test")
    sub = parser.add_subparsers(dest="command")
    commands.register(sub)
    origin_commands.register(sub)
    args: argparse.Namespace = parser.parse_args(list(argv))
    status = run_command(args, AppPaths(tmp_path / "data"))
    return status, json.loads(capsys.readouterr().out)


def test_import_psr_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path, "8507.60,2022,CTH or RVC40,,", "85076,2022,CTH,,")
    status, out = _run(
        tmp_path, capsys, "import", "psr", str(path), "--format", "csv", "--source", SOURCE,
        "--edition", "2022-12-23",
    )  # fmt: skip
    assert status == 0
    assert out["rows_read"] == 2
    assert out["accepted"] == out["rules"] == 1
    assert out["rejected"][0]["row"] == 3
    assert out["rejected"][0]["code"] == "85076"
    assert (out["source"], out["edition"], out["format"]) == (SOURCE, "2022-12-23", "csv")
    status, shown = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "8507.60.00")
    assert status == 0
    assert shown["hs"] == "85076000"
    rule = shown["rule"]
    assert (rule["kind"], rule["hs_code"], rule["verified"], rule["warning"]) == (
        "imported",
        "850760",
        True,
        None,
    )
    assert rule["source_date"] == "2022-12-23"
    assert rule["explanation"][0].startswith("The rule has 2 alternatives")

    bad = _csv(tmp_path, "85076,2022,CTH,,", name="bad.csv")
    status, out = _run(
        tmp_path, capsys, "import", "psr", str(bad), "--format", "csv", "--source", SOURCE
    )
    assert status == 2
    assert out["error"]["code"] == "bad_file"
    status, out = _run(
        tmp_path, capsys, "import", "psr", str(bad), "--format", "pdf", "--source", SOURCE
    )
    assert (status, out["error"]["field"]) == (2, "format")
    status, again = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "850760")
    assert again["rule"]["kind"] == "imported"  # the failed imports changed nothing


def test_origin_rule_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "8507.60")
    assert status == 2
    assert (out["error"]["code"], out["error"]["field"]) == ("no_rule", "hs")
    status, shown = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "0504.00")
    assert status == 0
    embedded = shown["rule"]
    assert (embedded["kind"], embedded["verified"], embedded["hs2012_code"]) == (
        "embedded",
        False,
        "0504",
    )
    assert "GACC Announcement 2022 No.129" in embedded["warning"]

    status, saved = _run(
        tmp_path, capsys, "origin", "rule", "set", "--hs", "8507.60", "--rule",
        "品目改变或区域价值成分40", "--source", SOURCE, "--note", "typed from the list",
    )  # fmt: skip
    assert status == 0
    assert saved["rule"]["rule_text"] == "CTH or RVC40"
    assert saved["rule"]["rule_text_zh"] == "品目改变或区域价值成分40"
    assert saved["rule"]["kind"] == "user"
    status, shown = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "850760")
    assert shown["rule"]["note"] == "typed from the list"
    status, listed = _run(tmp_path, capsys, "origin", "rule", "list", "--kind", "user")
    assert [r["hs_code"] for r in listed["rules"]] == ["850760"]

    status, out = _run(
        tmp_path, capsys, "origin", "rule", "set", "--hs", "8507.60", "--rule", "CTH plus",
        "--source", SOURCE,
    )  # fmt: skip
    assert (status, out["error"]["code"], out["error"]["field"]) == (2, "bad_rule", "rule")

    status, out = _run(tmp_path, capsys, "origin", "rule", "delete", "--hs", "8507.60")
    assert (status, out) == (0, {"deleted": "850760"})
    status, out = _run(tmp_path, capsys, "origin", "rule", "delete", "--hs", "8507.60")
    assert (status, out["error"]["code"]) == (2, "not_found")
    status, out = _run(tmp_path, capsys, "origin", "rule", "show", "--hs", "8507.60")
    assert out["error"]["code"] == "no_rule"
