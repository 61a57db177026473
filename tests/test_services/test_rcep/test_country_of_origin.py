"""The RCEP country of origin, box 11 (Art 2.6): every row of the decision table of
domain/rcep.md §10, worked by hand, the DV20 arithmetic, and the alternative claims of 2.6.6."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import main
from services.core.clock import local_today
from services.core.i18n import set_locale
from services.rcep.appendix import Appendix, AppendixLine, AppendixStatus
from services.rcep.country_of_origin import (
    Box11Rule,
    MaterialFacts,
    OriginFacts,
    alternative_claims,
    decide,
    dv20,
)
from services.rcep.origin import assess
from services.rcep.parties import PARTIES, rcep_year

BEEF = "020130"  # on China's Appendix from year 1 onwards
YARN = "520511"  # on China's Appendix from year 1 to year 15


@pytest.fixture(autouse=True)
def _english() -> None:
    set_locale("en")  # the assertions read English messages; conftest resets the locale


def m(value: str, origin: str | None = None, originating: bool = False, name: str = "x") -> Any:
    return MaterialFacts(name, Decimal(value), origin, originating)


def facts(*materials: MaterialFacts, **changes: Any) -> OriginFacts:
    base: dict[str, Any] = {
        "hs": BEEF, "basis": "PSR", "exporting_party": "AU", "importing_party": "CN",
        "fob_value": Decimal(100), "materials": materials, "year": 5,
    }  # fmt: skip
    base.update(changes)
    return OriginFacts(**base)


def has(texts: tuple[str, ...], fragment: str) -> bool:
    return any(fragment in text for text in texts)


# --- row 1: Appendix good, DV20 not met → top contributor (2.6.4) ---------------------------


def test_appendix_good_without_dv20_goes_to_the_top_contributor() -> None:
    # FOB 100; NZ cattle 85 (originating) and salt 5 (non-originating): 100 − 90 = 10 % added.
    result = decide(facts(m("85", "NZ", True, "cattle"), m("5", None, False, "salt")))
    assert result.party == "NZ"
    assert result.rule is Box11Rule.DV20_NOT_MET
    assert result.articles == ("2.6.3", "2.6.4")
    assert result.appendix_line is not None
    assert result.appendix_line.tariff_line == "0201.30.00"
    assert result.appendix_status is AppendixStatus.PARTIAL
    assert result.dv20 is not None
    assert (result.dv20.build_down, result.dv20.not_from_exporter) == (Decimal(10), Decimal(90))
    assert not result.dv20.met
    assert result.dv20.unverified
    assert "unverified" in result.dv20.method
    assert has(result.checks, "DV20 arithmetic is unverified")
    assert has(result.reasons, "Art 2.6.3")
    assert has(result.reasons, "Art 2.6.4")
    assert [(c.party, c.value) for c in result.contributions] == [("NZ", Decimal(85))]


def test_dv20_at_exactly_20_is_met_and_just_below_is_not() -> None:
    exactly = decide(facts(m("80", "NZ", True)))  # (100 − 80) / 100 = 20 %
    assert exactly.dv20 is not None
    assert exactly.dv20.build_down == Decimal(20)
    assert (exactly.party, exactly.rule) == ("AU", Box11Rule.DV20_MET)
    assert exactly.articles == ("2.6.3",)
    below = decide(facts(m("80.01", "NZ", True)))
    assert below.dv20 is not None
    assert below.dv20.build_down == Decimal("19.99")
    assert (below.party, below.rule) == ("NZ", Box11Rule.DV20_NOT_MET)
    tiny = decide(facts(m("8", "NZ", True), fob_value=Decimal(10)))  # 2 of 10: 20 % again
    assert tiny.rule is Box11Rule.DV20_MET


def test_dv20_counts_only_materials_originating_in_the_exporting_party() -> None:
    # Own originating beef trimmings 15 count as added in AU; AU-bought salt without origin
    # status (10) and NZ materials (70) do not: 100 − 80 = 20 %.
    result = dv20(facts(m("15", "AU", True), m("10", "AU", False), m("70", "NZ", True)))
    assert (result.build_down, result.not_from_exporter, result.met) == (
        Decimal(20), Decimal(80), True)  # fmt: skip
    assert result.build_up is None


def test_dv20_build_up_with_costs() -> None:
    # Own 5 (originating in AU), NZ 80, non-originating 5: build-down (100 − 85) = 15 %;
    # build-up (own 5 + costs 15) / 100 = 20 %: met.
    goods = (m("5", "AU", True), m("80", "NZ", True), m("5"))
    result = dv20(facts(*goods, added_costs=Decimal(15)))
    assert (result.build_down, result.build_up, result.met) == (Decimal(15), Decimal(20), True)
    assert decide(facts(*goods, added_costs=Decimal(15))).party == "AU"
    assert decide(facts(*goods, added_costs=Decimal("14.99"))).party == "NZ"


def test_top_contributor_ties_prefer_the_exporting_party_then_codes() -> None:
    # DV20 not met; NZ and JP both 40 → JP (alphabetical), flagged.
    tie = decide(facts(m("40", "NZ", True), m("40", "JP", True), m("10")))
    assert tie.party == "JP"
    assert has(tie.checks, "the same highest value")
    # The exporting Party among the tied wins: own 9 and NZ 9, non-originating 82:
    # 100 − (9 + 82) = 9 % added, so DV20 is not met and 2.6.4 picks between AU and NZ.
    with_exporter = decide(facts(m("9", "AU", True), m("9", "NZ", True), m("82")))
    assert with_exporter.dv20 is not None
    assert with_exporter.dv20.build_down == 9
    assert (with_exporter.party, with_exporter.rule) == ("AU", Box11Rule.DV20_NOT_MET)


def test_no_originating_material_falls_back_to_the_exporting_party_flagged() -> None:
    result = decide(facts(m("90")))
    assert (result.party, result.rule) == ("AU", Box11Rule.DV20_NOT_MET)
    assert has(result.checks, "cannot name the Party")


# --- row 2: non-Appendix PE good, only minimal operations → top contributor ----------------


def test_pe_good_with_minimal_operations_goes_to_the_top_contributor() -> None:
    result = decide(
        facts(m("30", "KR", True), m("10", "CN", True), hs="850760", basis="PE",
              exporting_party="CN", importing_party="JP", minimal_operations=True)
    )  # fmt: skip
    assert (result.party, result.rule) == ("KR", Box11Rule.PE_MINIMAL_OPERATIONS)
    assert result.articles == ("2.6.2", "2.6.5", "2.6.4")
    assert result.dv20 is None
    assert has(result.reasons, "only minimal operations")
    assert has(result.checks, "The Appendix of Japan is not on file")


def test_pe_good_beyond_minimal_operations_stays_with_the_exporting_party() -> None:
    result = decide(facts(m("30", "KR", True), hs="850760", basis="PE", exporting_party="CN",
                          importing_party="AU"))  # fmt: skip
    assert (result.party, result.rule) == ("CN", Box11Rule.EXPORTING_PARTY)
    assert result.plain
    assert result.checks == ()  # Australia has no Appendix (one schedule for every Party)
    assert result.appendix_status is AppendixStatus.NONE


# --- row 3: everything else → exporting Party (2.6.2) --------------------------------------


@pytest.mark.parametrize("basis", ["WO", "PSR"])
def test_wo_and_psr_goods_go_to_the_exporting_party(basis: str) -> None:
    result = decide(facts(m("60", "KR", True), hs="850760", basis=basis, exporting_party="CN",
                          importing_party="JP", minimal_operations=True))  # fmt: skip
    assert (result.party, result.rule, result.articles) == ("CN", Box11Rule.EXPORTING_PARTY,
                                                            ("2.6.2",))  # fmt: skip
    assert has(result.reasons, "Art 2.6.2")


def test_wholly_obtained_beef_meets_dv20() -> None:
    result = decide(facts(basis="WO"))
    assert (result.party, result.rule) == ("AU", Box11Rule.DV20_MET)
    assert result.dv20 is not None
    assert result.dv20.build_down == 100


# --- Appendix periods and what is on file ---------------------------------------------------


def test_cotton_yarn_period_boundary() -> None:
    goods = (m("90", "VN", True),)  # 10 % added in the exporter: DV20 not met while listed
    in_year_15 = decide(facts(*goods, hs=YARN, exporting_party="TH", year=15))
    assert (in_year_15.party, in_year_15.rule) == ("VN", Box11Rule.DV20_NOT_MET)
    in_year_16 = decide(facts(*goods, hs=YARN, exporting_party="TH", year=16))
    assert (in_year_16.party, in_year_16.rule) == ("TH", Box11Rule.EXPORTING_PARTY)
    assert in_year_16.appendix_line is None
    assert not in_year_16.plain
    assert has(in_year_16.reasons, "from year 1 to year 15")
    unknown_year = decide(facts(*goods, hs=YARN, exporting_party="TH", year=None))
    assert unknown_year.rule is Box11Rule.DV20_NOT_MET
    assert has(unknown_year.checks, "No importation date given")


def test_messages_for_partial_unknown_and_covering_codes() -> None:
    partial = decide(facts(hs="850760", exporting_party="VN"))
    assert partial.rule is Box11Rule.EXPORTING_PARTY
    assert has(partial.checks, "Only part of the Appendix of China is on file")
    assert has(partial.checks, "box 11 assumes no Appendix line applies")
    not_on_file = decide(facts(hs=BEEF, importing_party="KR"))
    assert has(not_on_file.checks, "The Appendix of South Korea is not on file")
    no_importer = decide(facts(importing_party=None))
    assert no_importer.appendix_status is None
    assert has(no_importer.checks, "No importing Party given")
    unknown_period = decide(facts(hs="52051400", year=30))
    assert unknown_period.appendix_line is not None
    assert has(unknown_period.checks, "period of Appendix line 5205.14.00 is not on file")
    covering = decide(facts(hs="390190"))
    assert has(covering.checks, "HS 3901.90 covers Appendix line 3901.90.20")
    exact = decide(facts(hs="39019020"))
    assert not has(exact.checks, "covers")


def test_a_given_appendix_is_used() -> None:
    line = AppendixLine("JP", "850760", "8507.60", "From year 1 onwards", 1, None, "DV20", "u")
    appendix = Appendix([line], {"JP": "complete"})
    result = decide(facts(m("90", "KR", True), hs="85076000", exporting_party="CN",
                          importing_party="JP"), appendix)  # fmt: skip
    assert (result.party, result.rule) == ("KR", Box11Rule.DV20_NOT_MET)
    assert result.appendix_status is AppendixStatus.COMPLETE


# --- 2.6.6 alternative claims ---------------------------------------------------------------


def rates(**known: str) -> Any:
    return lambda party: Decimal(known[party]) if party in known else None


def test_alternative_claims_a_and_b() -> None:
    good = facts(m("40", "NZ", True), m("30", "JP", True), m("10", "AU", True))
    claims = alternative_claims(good, rates(NZ="12", JP="14", AU="10", VN="16"))
    assert claims.contributors is not None
    assert (claims.contributors.party, claims.contributors.rate) == ("JP", Decimal(14))
    assert claims.contributors.box11 == "JP *"
    assert claims.contributors.article == "2.6.6(a)"
    assert claims.contributors.complete
    assert claims.any_party is not None
    assert (claims.any_party.party, claims.any_party.box11) == ("VN", "VN **")
    assert not claims.any_party.complete  # most Parties' rates are unknown
    assert has(claims.notes, "Claim (b): no rate of China is on file for")
    assert has(claims.notes, "needs proof that Japan contributed")


def test_alternative_claims_with_every_rate_and_ties() -> None:
    everyone = {code: "5" for code in PARTIES if code != "CN"}
    claims = alternative_claims(facts(m("40", "NZ", True), m("40", "KR", True)), rates(**everyone))
    assert claims.any_party is not None
    assert claims.any_party.complete
    assert claims.any_party.party == "AU"  # all equal: the exporting Party first
    assert claims.contributors is not None
    assert claims.contributors.party == "KR"
    assert not has(claims.notes, "higher rate may exist")


def test_alternative_claims_without_data() -> None:
    none = alternative_claims(facts(m("40", "NZ", True)), rates())
    assert (none.contributors, none.any_party) == (None, None)
    assert has(none.notes, "Claim (a): no rate of China is on file for the contributing")
    assert has(none.notes, "Claim (b): no rate of China is on file for this good")
    no_contributor = alternative_claims(facts(m("40")), rates(VN="3"))
    assert no_contributor.contributors is None
    assert has(no_contributor.notes, "Claim (a) does not apply")
    assert no_contributor.any_party is not None
    assert no_contributor.any_party.party == "VN"
    no_importer = alternative_claims(facts(importing_party=None), rates(VN="3"))
    assert (no_importer.contributors, no_importer.any_party) == (None, None)
    assert has(no_importer.notes, "No importing Party given")


# --- wired into the origin engine -----------------------------------------------------------


def test_assess_fills_box_11_from_the_decision() -> None:
    data: dict[str, Any] = {
        "product": {"hs": "0201.30", "fob_value": 100.0},
        "exporting_party": "AU", "importing_party": "CN", "rule": "CC",
        "materials": [
            {"name": "cattle", "hs": "0102.29", "value": 85.0, "origin": "NZ", "originating": True},
            {"name": "salt", "hs": "2501.00", "value": 5.0, "origin": None, "originating": False},
        ],
    }  # fmt: skip
    result = assess(data, year=5)
    assert (result.criterion, result.rcep_country_of_origin) == ("CTC", "NZ")
    assert result.box11 is not None
    assert result.box11.rule is Box11Rule.DV20_NOT_MET
    assert "2.6" in result.articles
    assert has(tuple(result.reasons), "Art 2.6.4")
    box11 = result.to_json()["box11"]
    assert box11["rule"] == "dv20_not_met"
    assert box11["dv20"]["build_down"] == 10.0
    assert box11["appendix"]["line"] == "0201.30.00"
    empty = Appendix([], {"CN": "complete"})
    assert assess(data, year=5, appendix=empty).rcep_country_of_origin == "AU"
    data["materials"][0]["value"] = 80.0  # 100 − 85 = 15 % added… still below 20 %
    assert assess(data, year=5).rcep_country_of_origin == "NZ"
    data["materials"][1]["value"] = 0.0  # 100 − 80 = 20 %: met
    assert assess(data, year=5).rcep_country_of_origin == "AU"
    assert assess({**data, "direct_consignment": False}).box11 is None  # not originating


# --- properties -----------------------------------------------------------------------------

_CODES = sorted(PARTIES)


@st.composite
def any_facts(draw: st.DrawFn) -> OriginFacts:
    exporter = draw(st.sampled_from(_CODES))
    importer = draw(st.one_of(st.none(), st.sampled_from([c for c in _CODES if c != exporter])))
    materials = draw(
        st.lists(
            st.builds(
                MaterialFacts,
                name=st.just("m"),
                value=st.decimals(0, 1000, places=2),
                origin=st.one_of(st.none(), st.sampled_from(_CODES)),
                originating=st.booleans(),
            ).filter(lambda mat: not (mat.originating and mat.origin is None)),
            max_size=6,
        )
    )
    return OriginFacts(
        hs=draw(st.sampled_from([BEEF, YARN, "52051400", "350691", "850760", "390190"])),
        basis=draw(st.sampled_from(["WO", "PE", "PSR"])),
        exporting_party=exporter,
        importing_party=importer,
        fob_value=draw(st.decimals("0.01", 5000, places=2)),
        materials=tuple(materials),
        minimal_operations=draw(st.booleans()),
        year=draw(st.one_of(st.none(), st.integers(1, 30))),
        added_costs=draw(st.one_of(st.none(), st.decimals(0, 500, places=2))),
    )


@given(any_facts())
def test_box_11_is_always_a_party(good: OriginFacts) -> None:
    result = decide(good)
    assert result.party in PARTIES
    if result.rule in (Box11Rule.EXPORTING_PARTY, Box11Rule.DV20_MET):
        assert result.party == good.exporting_party
    positive = [c for c in result.contributions if c.value > 0]
    if result.rule in (Box11Rule.DV20_NOT_MET, Box11Rule.PE_MINIMAL_OPERATIONS) and positive:
        assert result.party == positive[0].party
        assert positive[0].value == max(c.value for c in result.contributions)
    if result.dv20 is not None:
        assert result.dv20.met is (result.rule is Box11Rule.DV20_MET)
        assert result.appendix_line is not None
    assert all("Art" in reason for reason in result.reasons)


def test_origin_assess_command_checks_the_period_on_the_importation_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yarn: dict[str, Any] = {
        "product": {"hs": "5205.11", "fob_value": 100.0},
        "exporting_party": "TH", "importing_party": "CN", "rule": "CC",
        "materials": [
            {"name": "cotton", "hs": "5201.00", "value": 90.0, "origin": "VN", "originating": True},
        ],
    }  # fmt: skip

    def run(data: dict[str, Any], status: int = 0) -> Any:
        path = tmp_path / "input.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        code = main.main(["--data-dir", str(tmp_path / "data"), "origin", "assess", str(path)])
        out = json.loads(capsys.readouterr().out)
        assert code == status, out
        return out

    in_year_15 = run({**yarn, "date": "2036-12-31"})
    assert (in_year_15["rcep_country_of_origin"], in_year_15["box11"]["rule"]) == (
        "VN", "dv20_not_met")  # fmt: skip
    after = run({**yarn, "date": "2037-01-01"})  # year 16: off the Appendix
    assert (after["rcep_country_of_origin"], after["box11"]["rule"]) == ("TH", "exporting_party")
    listed_today = rcep_year("CN", local_today()).number <= 15  # no date: today
    assert run(yarn)["box11"]["rule"] == ("dv20_not_met" if listed_today else "exporting_party")
    assert run({**yarn, "date": "2026-02-30"}, status=2)["error"]["field"] == "date"
    assert run({**yarn, "date": "2021-12-31"}, status=2)["error"]["field"] == "date"
