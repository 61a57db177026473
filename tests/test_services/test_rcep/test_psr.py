"""Annex 3A rule notation (services/rcep/psr.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.core.errors import ValidationError
from services.rcep.psr import Alternative, Rule, parse_rule


def test_alternatives_and_levels() -> None:
    rule = parse_rule("CTH or RVC40")
    assert [a.kind for a in rule.alternatives] == ["CTH", "RVC"]
    assert rule.alternatives[0].level == 4
    assert rule.alternatives[1].level is None
    assert rule.alternatives[1].threshold == 40
    assert [parse_rule(t).alternatives[0].level for t in ("CC", "CTH", "CTSH")] == [2, 4, 6]
    assert str(rule) == "CTH or RVC40"


@pytest.mark.parametrize("text", ["RVC40", "RVC 40", "RVC(40)", "rvc ( 40 )", "  Rvc40  "])
def test_rvc_spellings(text: str) -> None:
    assert parse_rule(text) == Rule((Alternative("RVC", threshold=40),))


def test_case_and_spaces_do_not_matter() -> None:
    assert parse_rule("  ctsh   OR  rvc40 or   wo Or cr") == parse_rule("CTSH or RVC40 or WO or CR")


def test_exclusions() -> None:
    cc = parse_rule("CC except from Chapter 01").alternatives[0]
    assert cc.kind == "CC"
    assert cc.exclusions == ("01",)
    assert cc.excludes("010290")
    assert not cc.excludes("020110")
    assert cc.digits_needed == 2
    ctsh = parse_rule("CTSH except from subheading 1211.20").alternatives[0]
    assert ctsh.exclusions == ("121120",)
    assert parse_rule("CC except from subheading 1211.20").alternatives[0].digits_needed == 6
    several = parse_rule("CTH except from heading 12.01, 12.02 and chapter 3 or RVC40")
    assert several.alternatives[0].exclusions == ("03", "1201", "1202")
    assert str(several) == "CTH except from Chapter 03, heading 12.01, 12.02 or RVC40"
    assert parse_rule(str(several)) == several


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "CTH or",
        "or CTH",
        "CTH and RVC40",
        "RVC35",
        "RVC",
        "CTHS",
        "WO except from Chapter 01",
        "RVC40 except from Chapter 01",
        "CC except from",
        "CC except from 01",
        "CC except from Chapter 123",
        "CTH except from heading 121",
        "CTSH except from subheading 121.120",
        "CTH or CTH",
    ],
)
def test_bad_rules(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_rule(text)
    assert caught.value.code == "bad_rule"
    assert caught.value.field == "rule"


_codes = st.one_of(
    st.from_regex(r"\A[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9]{4}\Z"),
    st.from_regex(r"\A[0-9]{6}\Z"),
)
_alternatives = st.one_of(
    st.sampled_from([Alternative("WO"), Alternative("CR"), Alternative("RVC", threshold=40)]),
    st.builds(
        lambda kind, codes: Alternative(
            kind, exclusions=tuple(sorted(set(codes), key=lambda c: (len(c), c)))
        ),
        st.sampled_from(["CC", "CTH", "CTSH"]),
        st.lists(_codes, max_size=4),
    ),
)


@given(st.lists(_alternatives, min_size=1, max_size=4, unique=True))
def test_round_trip(alternatives: list[Alternative]) -> None:
    rule = Rule(tuple(alternatives))
    parsed = parse_rule(str(rule))
    assert parsed == rule
    assert str(parsed) == str(rule)
