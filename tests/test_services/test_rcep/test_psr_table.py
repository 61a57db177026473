"""The product-specific rule table (services/rcep/psr_table.py), the bundled HS 2022 table
(scripts/build_psr_table.py), HS 2012 → 2022 transposition, the Chinese wording and the
plain-language explanation."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts import build_psr_table
from services.core.errors import NotFoundError, ValidationError
from services.core.i18n import set_locale
from services.core.store import DataStore
from services.rcep.psr import Rule, parse_rule
from services.rcep.psr_explain import explain_rule
from services.rcep.psr_table import (
    EMBEDDED,
    IMPORTED,
    USER,
    PsrRule,
    PsrTable,
    embedded_file,
    embedded_metadata,
    embedded_rules,
    level_of,
)
from services.rcep.psr_transpose import check_exclusions, hs2022_code
from services.rcep.psr_zh import read_rule_text
from services.refdata.hs import HsNomenclature
from services.refdata.reference import ReferenceData

SHARED_PSR = Path("rcep-psr") / "rcep_psr_hs2012_partial.csv"


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")  # assertions on messages; the conftest fixture restores zh_CN


@pytest.fixture
def hs(reference: ReferenceData) -> HsNomenclature:
    return reference.hs


def _rule(code: str, text: str, kind: str, *, verified: bool = True) -> PsrRule:
    return PsrRule(
        hs_code=code,
        level=level_of(code),
        hs_version="2022",
        rule_text=text,
        rule=parse_rule(text),
        kind=kind,
        source=f"{kind} source",
        source_date="",
        hs2012_code="",
        verified=verified,
    )


@pytest.fixture
def table(store: DataStore, hs: HsNomenclature) -> PsrTable:
    embedded = [_rule("850760", "CTSH", EMBEDDED, verified=False), _rule("85", "CC", EMBEDDED)]
    return PsrTable(store.db, hs=hs, embedded=embedded)


def _shared_rows(shared: Path) -> Iterator[dict[str, str]]:
    with (shared / SHARED_PSR).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


# -- the bundled table ---------------------------------------------------------------------------


def test_the_committed_table_is_what_the_script_builds(
    shared_data: Path, hs: HsNomenclature
) -> None:
    built = build_psr_table.build(shared_data / SHARED_PSR, hs)
    on_disk = embedded_file().read_text(encoding="utf-8")
    assert build_psr_table._body(on_disk) == built.body
    assert built.kept == len(embedded_rules()) == 43
    assert built.kept + len(built.left_out) == len(list(_shared_rows(shared_data))) == 59
    assert embedded_metadata()["derived"]


def test_bundled_rows_checked_by_hand(store: DataStore) -> None:
    table = PsrTable(store.db)
    # heading 05.04, sole subheading 0504.00: "CC except from Chapter 01", unchanged in HS 2022
    bladders = table.rule_for("0504.00")
    assert bladders is not None
    assert (bladders.hs_code, bladders.level, bladders.kind) == ("0504", "heading", EMBEDDED)
    assert bladders.rule_text == "CC except from Chapter 01"
    assert bladders.rule.alternatives[0].exclusions == ("01",)
    assert bladders.hs2012_code == "0504"
    assert bladders.source_date == "2020-11-15"
    assert "page67" in bladders.source
    # subheading 2801.20 (iodine): "CTSH or RVC40"
    iodine = table.rule_for("280120")
    assert iodine is not None
    assert (iodine.level, iodine.rule_text, iodine.hs2012_code) == (
        "subheading",
        "CTSH or RVC40",
        "280120",
    )
    # fresh onions (0703.10) fall under the heading-level rule WO
    onions = table.rule_for("0703.10.20")
    assert onions is not None
    assert (onions.hs_code, onions.rule_text) == ("0703", "WO")


def test_every_bundled_rule_carries_the_unverified_mark() -> None:
    rules = embedded_rules()
    assert rules
    for rule in rules:
        assert rule.kind == EMBEDDED
        assert rule.verified is False
        assert rule.note.startswith("unverified transcription — check GACC 2022 No.129 annex 1")
        assert rule.warning is not None
        assert "GACC Announcement 2022 No.129" in rule.warning
        assert rule.hs_version == "2022"
        assert rule.hs2012_code


def test_codes_changed_between_hs2012_and_hs2022_are_left_out(
    shared_data: Path, hs: HsNomenclature, store: DataStore
) -> None:
    built = build_psr_table.build(shared_data / SHARED_PSR, hs)
    reasons = {item.hs2012: item.reason for item in built.left_out}
    # 1302.19 "CC except from subheading 1211.20": HS 2022 carved 1302.14 (ephedra) out of it
    row = next(r for r in _shared_rows(shared_data) if r["hs_code"] == "130219")
    assert row["rule_text"] == "CC except from subheading 1211.20"
    assert "1302.14" in reasons["130219"]
    # a chapter-level rule: part of chapter 14 (1404.90) went to 1211 in HS 2022
    assert "1211.30" in reasons["14"]
    assert reasons["94"] == "Part of HS 2012 Chapter 94 went to 8539.51, 8539.90 in HS 2022."
    # merged: HS 2022 0304.93 also takes in part of HS 2012 0304.99
    assert "0304.99" in reasons["030493"]
    assert set(reasons) == {
        "030493", "030499", "130219", "14", "851711", "851712", "851718", "851761",
        "851840", "851850", "851890", "8538", "92", "93", "94", "95",
    }  # fmt: skip
    table = PsrTable(store.db)
    assert table.rule_for("130219") is None  # rule unknown, never a default
    assert table.rule_for("130211") is not None  # its unchanged neighbour is kept
    assert table.rule_for("950300") is None
    assert table.rule_for("940510") is None


def test_the_shared_1302_19_rule_is_still_explained() -> None:
    lines = explain_rule(parse_rule("CC except from subheading 1211.20"))
    assert any("subheading 1211.20" in line for line in lines)


# -- HS 2012 → HS 2022 -------------------------------------------------------------------------


def test_transposition_rules(hs: HsNomenclature) -> None:
    assert hs2022_code("850760", hs) == "850760"  # same code, 1:1
    assert hs2022_code("030290", hs) == "030291"  # renumbered, still 1:1
    assert hs2022_code("0304", hs) == "0304"  # changes inside the heading do not matter
    assert hs2022_code("01", hs) == "01"  # a chapter nothing moved out of or into
    with pytest.raises(ValidationError, match=re.escape("split in HS 2022 into 1302.14, 1302.19")):
        hs2022_code("130219", hs)
    with pytest.raises(ValidationError, match=re.escape("also takes in HS 2012 0304.99")):
        hs2022_code("030493", hs)
    with pytest.raises(ValidationError, match="Chapter 85 went to"):
        hs2022_code("85", hs)
    with pytest.raises(ValidationError, match=re.escape("85.49")):
        hs2022_code("854911", hs)
    with pytest.raises(ValidationError, match=re.escape("HS 2022 has no heading 99.99")):
        hs2022_code("9999", hs)
    with pytest.raises(ValidationError) as caught:
        hs2022_code("12345", hs)
    assert caught.value.code == "not_one_to_one"


def test_exclusions_must_be_unchanged() -> None:
    check_exclusions(parse_rule("CC except from Chapter 01"))
    check_exclusions(parse_rule("CTH or RVC40"))
    with pytest.raises(ValidationError, match=re.escape("subheading 1211.20")):
        check_exclusions(parse_rule("CC except from subheading 1211.20"))  # takes in 2008.99
    with pytest.raises(ValidationError, match="Chapter 85"):
        check_exclusions(parse_rule("CTH except from chapter 85"))


# -- precedence ------------------------------------------------------------------------------------


def test_most_specific_level_first_then_user_imported_embedded(table: PsrTable) -> None:
    battery = table.rule_for("8507.60.00.90")
    assert battery is not None
    assert (battery.hs_code, battery.kind) == ("850760", EMBEDDED)
    assert battery.warning is not None
    other = table.rule_for("850710")
    assert other is not None
    assert (other.hs_code, other.kind, other.rule_text) == ("85", EMBEDDED, "CC")
    assert table.rule_for("840110") is None

    table.replace_imported([_rule("8507", "CTH", IMPORTED), _rule("850760", "CC", IMPORTED)])
    imported = table.rule_for("850760")
    assert imported is not None
    assert (imported.kind, imported.rule_text, imported.verified) == (IMPORTED, "CC", True)
    heading = table.rule_for("850710")
    assert heading is not None
    assert (heading.hs_code, heading.kind) == ("8507", IMPORTED)  # heading before chapter

    table.save_user_rule("8507", "CTSH or RVC40", source="GACC 2022 No.129")
    assert table.rule_for("850760") == imported  # a subheading rule beats a user heading rule
    by_user = table.rule_for("850710")
    assert by_user is not None
    assert (by_user.kind, by_user.rule_text) == (USER, "CTSH or RVC40")
    table.save_user_rule("850760", "WO", source="GACC 2022 No.129")
    top = table.rule_for("850760")
    assert top is not None
    assert (top.kind, top.rule_text) == (USER, "WO")
    table.delete_user_rule("850760")
    assert table.rule_for("850760") == imported

    kinds = [(r.hs_code, r.kind) for r in table.rules()]
    assert kinds == [
        ("85", EMBEDDED), ("8507", USER), ("8507", IMPORTED),
        ("850760", IMPORTED), ("850760", EMBEDDED),
    ]  # fmt: skip
    assert [r.hs_code for r in table.rules(USER)] == ["8507"]
    with pytest.raises(ValidationError):
        table.rules("official")


@pytest.mark.parametrize("code", ["", "85x760", "850", "85076", "8507600000000"])
def test_lookup_needs_a_product_code(table: PsrTable, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        table.rule_for(code)
    assert caught.value.field == "hs"


# -- user rules ----------------------------------------------------------------------------------


def test_user_rules_are_validated_before_anything_is_saved(table: PsrTable) -> None:
    with pytest.raises(ValidationError) as caught:
        table.save_user_rule("8507.61", "CTH plus", source=" ")
    assert {e.field for e in caught.value.errors} == {"hs", "rule", "source"}
    with pytest.raises(ValidationError) as bad_rule:
        table.save_user_rule("8507.60", "RVC35", source="GACC")
    assert bad_rule.value.code == "bad_rule"
    with pytest.raises(ValidationError, match="chapter"):
        table.save_user_rule("85076", "CTH", source="GACC")
    with pytest.raises(ValidationError, match=re.escape("heading 99.99")):
        table.save_user_rule("9999", "CTH", source="GACC")
    with pytest.raises(ValidationError) as bad_date:
        table.save_user_rule("8507.60", "CTH", source="GACC", source_date="2022-13-01")
    assert bad_date.value.field == "source_date"
    assert table.rules(USER) == []


def test_a_user_rule_is_saved_with_its_source_and_replaced(table: PsrTable) -> None:
    saved = table.save_user_rule(
        "8507.60",
        "子目改变，但从品目85.06改变至此的除外；或区域价值成分40％",
        source="  GACC Announcement 2022 No.129, annex 1 ",
        note="checked 2026-11",
        source_date="2022-12-23",
    )
    assert saved.rule_text == "CTSH except from heading 85.06 or RVC40"
    assert saved.rule_text_zh.startswith("子目改变，但从品目85.06")
    assert (saved.kind, saved.level, saved.verified) == (USER, "subheading", True)
    assert saved.source == "GACC Announcement 2022 No.129, annex 1"
    assert table.rules(USER) == [saved]
    again = table.save_user_rule("850760", "cth   or rvc 40", source="GACC")
    assert again.rule_text == "CTH or RVC40"
    assert table.rules(USER) == [again]
    table.delete_user_rule("8507.60")
    assert table.rules(USER) == []
    with pytest.raises(NotFoundError):
        table.delete_user_rule("8507.60")


def test_json_of_a_rule_has_its_explanation(table: PsrTable) -> None:
    found = table.rule_for("850760")
    assert found is not None
    data = found.to_json(explain=True)
    assert data["hs_code_dotted"] == "8507.60"
    assert data["verified"] is False
    assert data["warning"]
    assert data["alternatives"] == ["CTSH"]
    assert data["explanation"] == explain_rule(found.rule)


# -- explanation ---------------------------------------------------------------------------------


def test_explanation_of_alternatives() -> None:
    lines = explain_rule(parse_rule("CTH or RVC40"))
    assert "2 alternatives" in lines[0]
    assert "any one of them is enough" in lines[0]
    assert lines[1].startswith("CTH")
    assert "4 digits" in lines[1]
    assert lines[2].startswith("RVC40")
    assert "40%" in lines[2]
    assert "build-down" in lines[2]
    assert "build-up" in lines[2]
    assert any("only to non-originating materials" in line for line in lines)
    assert any("de minimis" in line for line in lines)
    assert "headnote 2" in lines[-1]


def test_explanation_without_change_rules() -> None:
    lines = explain_rule(parse_rule("WO"))
    assert lines[0].startswith("WO, wholly obtained")
    assert not any("alternatives" in line for line in lines)
    assert not any("non-originating materials, including" in line for line in lines)
    cr = explain_rule(parse_rule("CR or CTSH except from heading 12.01, subheading 1211.20"))
    assert any("chemical reaction" in line for line in cr)
    assert any(line.startswith("Except from heading 12.01, subheading 1211.20") for line in cr)


# -- Chinese wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("完全获得", "WO"),
        ("化学反应", "CR"),
        ("章改变", "CC"),
        ("品目改变或区域价值成分40", "CTH or RVC40"),
        ("子目改变；或者区域价值成分40%", "CTSH or RVC40"),
        ("子目改变 或 区域价值成分不少于40％", "CTSH or RVC40"),
        ("章改变，从第一章改变至此除外", "CC except from Chapter 01"),
        ("章改变，但从第1章改变至此的除外", "CC except from Chapter 01"),
        ("章改变，从第四章、第十一章改变至此除外", "CC except from Chapter 04, 11"),
        (
            "品目改变，从品目5106、5107或5108改变至此除外",
            "CTH except from heading 51.06, 51.07, 51.08",
        ),
        ("子目改变，但从子目1211.20改变至此的除外", "CTSH except from subheading 1211.20"),
        ("品目改变或RVC40", "CTH or RVC40"),
        ("CTH or RVC40", "CTH or RVC40"),
    ],
)
def test_chinese_rule_wording(chinese: str, english: str) -> None:
    rule, text_zh = read_rule_text(chinese)
    assert str(rule) == english
    assert text_zh == ("" if chinese.isascii() else " ".join(chinese.split()))


@pytest.mark.parametrize(
    "text",
    [
        "区域价值成分35",  # only RVC40 exists
        "章改变，第一章除外",  # not the known exclusion wording
        "章改变，从第一百章改变至此除外",
        "品目改变，从第01章至第05章改变至此除外",  # ranges are not understood
        "品目改变且区域价值成分40",  # "and" does not exist in Annex 3A
        "税则归类改变",
        "品目改变或",
        "",
    ],
)
def test_chinese_wording_not_understood_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_rule_text(text)
    assert caught.value.code == "bad_rule"


_PIECES = st.sampled_from(
    ["章改变", "品目改变", "子目改变", "区域价值成分", "40", "或", "，", "从", "第一章", "品目",
     "1211.20", "改变至此", "除外", "的", "、", "完全获得", "化学反应", " ", "%", "十", "CTH"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=12))
def test_chinese_reader_never_crashes(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        rule, _zh = read_rule_text(text)
    except ValidationError as error:
        code = error.code
    else:
        code = "read"
        assert isinstance(rule, Rule)
        assert parse_rule(str(rule)) == rule
    assert code in ("bad_rule", "read")
