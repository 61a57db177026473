"""The RCEP country of origin: the box 11 decision of Art 2.6 (domain/rcep.md §10).

Decision table (Form RCEP overleaf note 8), in this order:

1. The importing Party's Appendix lists the good and the line is in force in the RCEP year
   (Art 2.6.3): the exporting Party if DV20 is met, else the top contributor (Art 2.6.4).
2. A PE good (Art 3.2(b)) with only minimal operations (Art 2.6.5) in the exporting Party: the top
   contributor (Art 2.6.2 with 2.6.4).
3. Everything else — WO goods, PSR goods, PE goods processed beyond minimal operations: the
   exporting Party (Art 2.6.2).

Instead, the importer may claim the highest rate among the contributing Parties ("X *",
Art 2.6.6(a)) or among all Parties ("X **", 2.6.6(b)): :func:`alternative_claims`.

DV20, the reading used here — **(unverified — check the official text before release)**; the
Appendix footnote 1 defines it and is not on file. Art 3.5 applied mutatis mutandis, with the
exporting Party in place of "the Parties":

- build-down: (FOB − value of every material not originating in the exporting Party) / FOB × 100,
  where non-originating materials and materials originating in other Parties alike are deducted
  (no accumulation: the point is the value added in the exporting Party);
- build-up (when costs are given): (value of the materials originating in the exporting Party +
  direct labour + direct overhead + profit + other costs) / FOB × 100.

DV20 is met when either is at least 20, as the exporter may choose the formula for RVC.

Top contributor (Art 2.6.4): the Party whose originating materials have the highest total value,
the exporting Party's own originating materials included. Ties go to the exporting Party when it
is among them, else to the first Party code in alphabetical order, and are flagged for checking.
Without any originating material 2.6.4 names no Party: box 11 then shows the exporting Party,
flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.core.i18n import _, format_percent
from services.rcep.appendix import Appendix, AppendixLine, AppendixStatus, bundled_appendix
from services.rcep.parties import PARTIES
from services.refdata.hs import format_code

DV20_THRESHOLD = Decimal(20)
_HUNDRED = Decimal(100)


class Box11Rule(StrEnum):
    EXPORTING_PARTY = "exporting_party"  # Art 2.6.2
    DV20_MET = "dv20_met"  # Art 2.6.3
    DV20_NOT_MET = "dv20_not_met"  # Art 2.6.3 → 2.6.4
    PE_MINIMAL_OPERATIONS = "pe_minimal_operations"  # Art 2.6.2, 2.6.5 → 2.6.4


_ARTICLES: dict[Box11Rule, tuple[str, ...]] = {
    Box11Rule.EXPORTING_PARTY: ("2.6.2",),
    Box11Rule.DV20_MET: ("2.6.3",),
    Box11Rule.DV20_NOT_MET: ("2.6.3", "2.6.4"),
    Box11Rule.PE_MINIMAL_OPERATIONS: ("2.6.2", "2.6.5", "2.6.4"),
}


@dataclass(frozen=True, slots=True)
class MaterialFacts:
    name: str
    value: Decimal
    origin: str | None  # RCEP Party code for an originating material
    originating: bool


@dataclass(frozen=True, slots=True)
class OriginFacts:
    """What the decision needs from an origin assessment of an originating good."""

    hs: str  # digits, at least 6
    basis: str  # WO | PE | PSR (Art 3.2(a), (b), (c))
    exporting_party: str
    importing_party: str | None
    fob_value: Decimal
    materials: tuple[MaterialFacts, ...] = ()
    minimal_operations: bool = False  # only Art 2.6.5 / 3.6 operations in the exporting Party
    year: int | None = None  # the importing Party's RCEP year at importation; None: not known
    added_costs: Decimal | None = None  # labour + overhead + profit + other (build-up)


@dataclass(frozen=True, slots=True)
class Dv20:
    build_down: Decimal  # percent
    build_up: Decimal | None  # percent; None without costs
    not_from_exporter: Decimal  # value of the materials not originating in the exporting Party
    met: bool
    method: str  # translated: how it was computed, marked unverified
    threshold: Decimal = DV20_THRESHOLD
    unverified: bool = True

    @property
    def best(self) -> Decimal:
        return max(self.build_down, self.build_up if self.build_up is not None else self.build_down)

    def to_json(self) -> dict[str, Any]:
        return {
            "build_down": _number(self.build_down),
            "build_up": None if self.build_up is None else _number(self.build_up),
            "not_from_exporter": _number(self.not_from_exporter),
            "threshold": _number(self.threshold),
            "met": self.met,
            "method": self.method,
            "unverified": self.unverified,
        }


@dataclass(frozen=True, slots=True)
class Contribution:
    party: str
    value: Decimal  # total value of the originating materials from that Party


@dataclass(frozen=True, slots=True)
class CountryOfOrigin:
    party: str  # RCEP Party code for box 11
    rule: Box11Rule
    appendix_status: AppendixStatus | None  # None: no importing Party given
    appendix_line: AppendixLine | None  # the Appendix line applied (Art 2.6.3)
    dv20: Dv20 | None  # computed for Appendix goods only
    contributions: tuple[Contribution, ...]  # highest first, in the tie order used
    reasons: tuple[str, ...]  # translated, each citing its article
    checks: tuple[str, ...]  # translated: what the user must verify before relying on box 11

    @property
    def articles(self) -> tuple[str, ...]:
        return _ARTICLES[self.rule]

    @property
    def plain(self) -> bool:
        """Box 11 is simply the exporting Party (Art 2.6.2) and no Appendix line came up."""
        return self.rule is Box11Rule.EXPORTING_PARTY and len(self.reasons) == 1

    def to_json(self) -> dict[str, Any]:
        line = self.appendix_line
        return {
            "party": self.party,
            "rule": str(self.rule),
            "articles": list(self.articles),
            "appendix": {
                "status": None if self.appendix_status is None else str(self.appendix_status),
                "line": line.tariff_line if line else None,
                "period": _period_json(line) if line else None,
                "requirement": line.requirement if line else None,
            },
            "dv20": self.dv20.to_json() if self.dv20 else None,
            "contributions": [
                {"party": c.party, "value": _number(c.value)} for c in self.contributions
            ],
            "reasons": list(self.reasons),
            "checks": list(self.checks),
        }


def _number(value: Decimal) -> float:
    return float(round(value, 6))


def _period_json(line: AppendixLine) -> dict[str, Any]:
    return {"from_year": line.from_year, "to_year": line.to_year, "text": line.period_text}


def _name(code: str) -> str:
    return PARTIES[code].name() if code in PARTIES else code


def _pct(value: Decimal, digits: int = 2) -> str:
    return format_percent(value, digits)


def _tie_order(exporter: str) -> Callable[[tuple[str, Decimal]], tuple[Decimal, bool, str]]:
    """Highest value first; among equals the exporting Party, then Party codes A→Z."""
    return lambda item: (-item[1], item[0] != exporter, item[0])


def contributions(facts: OriginFacts) -> tuple[Contribution, ...]:
    """Originating material value per Party (Art 2.6.4), highest first, in the tie order."""
    totals: dict[str, Decimal] = {}
    for m in facts.materials:
        code = m.origin or facts.exporting_party
        if m.originating and code in PARTIES:
            totals[code] = totals.get(code, Decimal(0)) + m.value
    ordered = sorted(totals.items(), key=_tie_order(facts.exporting_party))
    return tuple(Contribution(code, value) for code, value in ordered)


def dv20(facts: OriginFacts) -> Dv20:
    """The value added in the exporting Party (see the module docstring: unverified reading)."""
    exporter = facts.exporting_party
    fob = facts.fob_value
    if fob <= 0:
        raise ValueError("the FOB value must be greater than 0")
    own = sum(
        (m.value for m in facts.materials if m.originating and m.origin in (exporter, None)),
        Decimal(0),
    )
    not_from_exporter = sum((m.value for m in facts.materials), Decimal(0)) - own
    build_down = (fob - not_from_exporter) / fob * _HUNDRED
    build_up = None
    if facts.added_costs is not None:
        build_up = (own + facts.added_costs) / fob * _HUNDRED
    met = build_down >= DV20_THRESHOLD or (build_up is not None and build_up >= DV20_THRESHOLD)
    method = _(
        "DV20 = (FOB − value of the materials not originating in {party}) / FOB × 100, or with "
        "costs (materials originating in {party} + direct labour + direct overhead + profit + "
        "other costs) / FOB × 100; materials from other Parties count as not originating. This "
        "reading of Art 3.5 mutatis mutandis is unverified: check the Appendix footnote."
    ).format(party=_name(exporter))
    return Dv20(build_down, build_up, not_from_exporter, met, method)


def decide(facts: OriginFacts, appendix: Appendix | None = None) -> CountryOfOrigin:
    """The RCEP country of origin of an originating good (box 11), with reasons and checks."""
    appendix = appendix if appendix is not None else bundled_appendix()
    exporter = facts.exporting_party
    importer = facts.importing_party
    reasons: list[str] = []
    checks: list[str] = []
    status: AppendixStatus | None = None
    line: AppendixLine | None = None
    if importer is None:
        checks.append(
            _(
                "No importing Party given: box 11 assumes no Appendix line applies — check "
                "(Art 2.6.3)."
            )
        )
    else:
        status = appendix.status(importer)
        line = appendix.line(importer, facts.hs, facts.year)
        if line is None:
            _explain_no_line(facts, importer, status, appendix, reasons, checks)
        else:
            _check_line(facts, importer, line, checks)
    contributed = contributions(facts)

    def top_contributor() -> str:
        if not contributed or contributed[0].value <= 0:
            checks.append(
                _(
                    "No originating material is listed, so Art 2.6.4 cannot name the Party that "
                    "contributed the highest value; box 11 shows the exporting Party {party} — "
                    "check."
                ).format(party=_name(exporter))
            )
            return exporter
        top = contributed[0]
        tied = [c.party for c in contributed if c.value == top.value]
        if len(tied) > 1:
            checks.append(
                _(
                    "{parties} contributed the same highest value of originating materials; box "
                    "11 shows {party} (the exporting Party first, then Party codes in alphabetical "
                    "order) — check (Art 2.6.4)."
                ).format(parties=", ".join(_name(c) for c in tied), party=_name(top.party))
            )
        return top.party

    value_added: Dv20 | None = None
    if line is not None:
        value_added = dv20(facts)
        reasons.append(
            _(
                "HS {hs} is on the Appendix of {importer} (line {line}, {period}): the exporting "
                "Party is the RCEP country of origin only if at least {threshold} of the value "
                "was added there (Art 2.6.3)."
            ).format(
                hs=format_code(facts.hs),
                importer=_name(line.party),
                line=line.tariff_line,
                period=line.period_label(),
                threshold=_pct(DV20_THRESHOLD, 0),
            )
        )
        checks.append(
            _(
                "The DV20 arithmetic is unverified: check the Appendix footnote before relying "
                "on it."
            )
        )
        if value_added.met:
            party, rule = exporter, Box11Rule.DV20_MET
            reasons.append(
                _(
                    "RCEP country of origin: {party}, where {dv20} of the value was added, at "
                    "least {threshold} (Art 2.6.3)."
                ).format(
                    party=_name(exporter),
                    dv20=_pct(value_added.best),
                    threshold=_pct(DV20_THRESHOLD, 0),
                )
            )
        else:
            rule = Box11Rule.DV20_NOT_MET
            reasons.append(
                _(
                    "The value added in {party} is {dv20}, below {threshold}: the additional "
                    "requirement of the Appendix is not met (Art 2.6.3)."
                ).format(
                    party=_name(exporter),
                    dv20=_pct(value_added.best),
                    threshold=_pct(DV20_THRESHOLD, 0),
                )
            )
            party = top_contributor()
            reasons.append(
                _(
                    "RCEP country of origin: {party}, the Party that contributed the highest "
                    "value of originating materials (Art 2.6.4)."
                ).format(party=_name(party))
            )
    elif facts.basis == "PE" and facts.minimal_operations:
        rule = Box11Rule.PE_MINIMAL_OPERATIONS
        party = top_contributor()
        reasons.append(
            _(
                "RCEP country of origin: {party}, the Party that contributed the highest value of "
                "originating materials, as only minimal operations took place in the exporting "
                "Party (Art 2.6.4)."
            ).format(party=_name(party))
        )
    else:
        party, rule = exporter, Box11Rule.EXPORTING_PARTY
        reasons.append(
            _(
                "RCEP country of origin: {party}, the exporting Party, where the good became "
                "originating (Art 2.6.2)."
            ).format(party=_name(exporter))
        )
    return CountryOfOrigin(
        party=party,
        rule=rule,
        appendix_status=status,
        appendix_line=line,
        dv20=value_added,
        contributions=contributed,
        reasons=tuple(reasons),
        checks=tuple(checks),
    )


def _explain_no_line(
    facts: OriginFacts,
    importer: str,
    status: AppendixStatus,
    appendix: Appendix,
    reasons: list[str],
    checks: list[str],
) -> None:
    listed = appendix.matching(importer, facts.hs)
    if listed:  # on the Appendix, but outside its period in this year
        first = listed[0]
        reasons.append(
            _(
                "HS {hs} is on the Appendix of {importer} (line {line}), but only {period}; in "
                "RCEP year {year} no additional requirement applies (Art 2.6.3)."
            ).format(
                hs=format_code(facts.hs),
                importer=_name(importer),
                line=first.tariff_line,
                period=first.period_label(),
                year=facts.year,
            )
        )
    elif status is AppendixStatus.NOT_ON_FILE:
        checks.append(
            _(
                "The Appendix of {party} is not on file: box 11 assumes no Appendix line applies "
                "— check (Art 2.6.3)."
            ).format(party=_name(importer))
        )
    elif status is AppendixStatus.PARTIAL:
        checks.append(
            _(
                "Only part of the Appendix of {party} is on file and HS {hs} is not in that part: "
                "box 11 assumes no Appendix line applies — check (Art 2.6.3)."
            ).format(party=_name(importer), hs=format_code(facts.hs))
        )


def _check_line(facts: OriginFacts, importer: str, line: AppendixLine, checks: list[str]) -> None:
    if not line.period_known:
        checks.append(
            _(
                "The period of Appendix line {line} is not on file: box 11 treats it as in force "
                "— check (Art 2.6.3)."
            ).format(line=line.tariff_line)
        )
    elif facts.year is None and line.to_year is not None:
        checks.append(
            _(
                "No importation date given: the period of Appendix line {line} ({period}) was not "
                "checked."
            ).format(line=line.tariff_line, period=line.period_label())
        )
    if len(facts.hs) < len(line.hs_code):
        checks.append(
            _(
                "HS {hs} covers Appendix line {line}: box 11 treats the good as listed; enter the "
                "full national tariff line of {party} to be sure."
            ).format(hs=format_code(facts.hs), line=line.tariff_line, party=_name(importer))
        )


# --- Art 2.6.6: the importer's alternative claims -------------------------------------------


@dataclass(frozen=True, slots=True)
class AlternativeClaim:
    option: str  # "a": highest rate among the contributing Parties; "b": among all Parties
    party: str
    rate: Decimal  # percent, as ``rate_for`` gave it
    complete: bool  # a rate was known for every Party considered

    @property
    def marker(self) -> str:
        return "*" if self.option == "a" else "**"

    @property
    def box11(self) -> str:
        """Box 11 text with the Party code, e.g. "AU *" (overleaf note 8)."""
        return f"{self.party} {self.marker}"

    @property
    def article(self) -> str:
        return f"2.6.6({self.option})"

    def to_json(self) -> dict[str, Any]:
        return {
            "option": self.option,
            "party": self.party,
            "rate": _number(self.rate),
            "box11": self.box11,
            "complete": self.complete,
            "article": self.article,
        }


@dataclass(frozen=True, slots=True)
class AlternativeClaims:
    contributors: AlternativeClaim | None  # 2.6.6(a)
    any_party: AlternativeClaim | None  # 2.6.6(b)
    notes: tuple[str, ...]  # translated: why an option is missing or may be incomplete

    def to_json(self) -> dict[str, Any]:
        return {
            "contributors": self.contributors.to_json() if self.contributors else None,
            "any_party": self.any_party.to_json() if self.any_party else None,
            "notes": list(self.notes),
        }


def alternative_claims(
    facts: OriginFacts, rate_for: Callable[[str], Decimal | None]
) -> AlternativeClaims:
    """The options of Art 2.6.6, from ``rate_for(party)``: the rate the importing Party applies
    to the good from ``party`` (percent), or None when it is not on file."""
    importer = facts.importing_party
    if importer is None:
        note = _("No importing Party given: the alternative claims of Art 2.6.6 need its rates.")
        return AlternativeClaims(None, None, (note,))
    notes: list[str] = []
    contributing = sorted(
        {c.party for c in contributions(facts) if c.value > 0} - {importer},
        key=lambda code: (code != facts.exporting_party, code),
    )
    everyone = sorted(
        set(PARTIES) - {importer}, key=lambda code: (code != facts.exporting_party, code)
    )
    rates = {code: rate_for(code) for code in everyone}

    def highest(option: str, parties: list[str]) -> AlternativeClaim | None:
        known = [(code, rate) for code in parties if (rate := rates.get(code)) is not None]
        if not known:
            return None
        code, rate = max(known, key=lambda item: item[1])  # max keeps the first among equals
        missing = [p for p in parties if rates.get(p) is None]
        if missing:
            notes.append(
                _(
                    "Claim ({option}): no rate of {importer} is on file for {missing}, so a "
                    "higher rate may exist — check (Art 2.6.6)."
                ).format(
                    option=option,
                    importer=_name(importer),
                    missing=", ".join(_name(p) for p in missing),
                )
            )
        return AlternativeClaim(option, code, rate, not missing)

    claim_a: AlternativeClaim | None = None
    if not contributing:
        notes.append(
            _(
                "Claim (a) does not apply: no material originating in an RCEP Party is listed "
                "(Art 2.6.6(a))."
            )
        )
    else:
        claim_a = highest("a", contributing)
        if claim_a is None:
            notes.append(
                _(
                    "Claim (a): no rate of {importer} is on file for the contributing Parties "
                    "({parties}) — no data (Art 2.6.6(a))."
                ).format(
                    importer=_name(importer), parties=", ".join(_name(p) for p in contributing)
                )
            )
        else:
            notes.append(
                _(
                    "Claim (a) needs proof that {party} contributed originating materials "
                    "(Art 2.6.6(a))."
                ).format(party=_name(claim_a.party))
            )
    claim_b = highest("b", everyone)
    if claim_b is None:
        notes.append(
            _(
                "Claim (b): no rate of {importer} is on file for this good — no data "
                "(Art 2.6.6(b))."
            ).format(importer=_name(importer))
        )
    return AlternativeClaims(claim_a, claim_b, tuple(notes))
