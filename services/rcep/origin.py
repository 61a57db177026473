"""RCEP origin self-assessment (domain/rcep.md §3–§8, §10; contract: cli.md "origin assess").

Order of evaluation: direct consignment (Art 3.15), wholly obtained (Art 3.2(a)), produced
exclusively from originating materials (Art 3.2(b)), then the product-specific rule of Annex 3A
(Art 3.2(c)), where only minimal operations (Art 3.6) on non-originating materials veto every
alternative. Change rules may be rescued by de minimis (Art 3.7); materials originating in other
Parties count as originating (accumulation, Art 3.4).

The rule comes from the request; callers fill it from the local PSR table
(services/rcep/psr_table.py) when the user gave none. A request without ``rule`` here is an
error with the code ``no_rule`` ("rule unknown": never a default rule).

RCEP country of origin (Art 2.6, box 11): services.rcep.country_of_origin decides it from the
facts of the assessment, the importing Party's Appendix (2.6.3, DV20; the bundled table unless
one is passed) and its RCEP year (the period of an Appendix line; not checked when unknown).
The importer's alternative claims (2.6.6) are offered there too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from services.core.errors import FieldError, NotFoundError, ValidationError
from services.core.i18n import _
from services.rcep.appendix import Appendix
from services.rcep.bom import currency_mismatch
from services.rcep.country_of_origin import CountryOfOrigin, MaterialFacts, OriginFacts, decide
from services.rcep.parties import PARTIES, party
from services.rcep.psr import Alternative, Rule, parse_rule

DE_MINIMIS_SHARE = 10.0  # percent, Art 3.7
TEXTILE_CHAPTERS = range(50, 64)  # Art 3.7(b)


@dataclass(frozen=True, slots=True)
class Material:
    name: str
    hs: str | None  # digits only
    value: float
    origin: str | None
    originating: bool
    weight_kg: float | None = None


@dataclass(frozen=True, slots=True)
class Costs:
    direct_labour: float = 0.0
    direct_overhead: float = 0.0
    profit: float = 0.0
    other: float = 0.0

    @property
    def total(self) -> float:
        return self.direct_labour + self.direct_overhead + self.profit + self.other


@dataclass(frozen=True, slots=True)
class OriginRequest:
    hs: str  # digits only, at least 6
    fob_value: float
    exporting_party: str
    rule_text: str
    rule: Rule
    materials: tuple[Material, ...] = ()
    description: str = ""
    currency: str | None = None
    weight_kg: float | None = None
    importing_party: str | None = None
    wholly_obtained: bool = False
    chemical_reaction: bool = False
    minimal_operations: bool = False
    direct_consignment: bool = True
    costs: Costs | None = None

    @property
    def chapter(self) -> int:
        return int(self.hs[:2])


@dataclass
class Assessment:
    originating: bool
    criterion: str | None
    basis: str | None
    rule: str
    alternatives_met: list[str]
    build_down: float
    build_up: float | None
    threshold: int
    de_minimis_applied: bool
    value_share: float | None
    weight_share: float | None
    accumulation_applied: bool
    accumulation_materials: list[str]
    rcep_country_of_origin: str | None
    box12_fob: float | None
    reasons: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    box11: CountryOfOrigin | None = None  # the Art 2.6 decision behind rcep_country_of_origin

    def to_json(self) -> dict[str, Any]:
        return {
            "originating": self.originating,
            "criterion": self.criterion,
            "basis": self.basis,
            "rule": self.rule,
            "alternatives_met": list(self.alternatives_met),
            "rvc": {
                "build_down": self.build_down,
                "build_up": self.build_up,
                "threshold": self.threshold,
            },
            "de_minimis": {
                "applied": self.de_minimis_applied,
                "value_share": self.value_share,
                "weight_share": self.weight_share,
            },
            "accumulation": {
                "applied": self.accumulation_applied,
                "materials": list(self.accumulation_materials),
            },
            "rcep_country_of_origin": self.rcep_country_of_origin,
            "box12_fob": self.box12_fob,
            "reasons": list(self.reasons),
            "articles": list(self.articles),
            "box11": self.box11.to_json() if self.box11 else None,
        }


# --- reading and validating the request -----------------------------------------------------

_HS_SEPARATORS = re.compile(r"[\s.]")


class _Reader:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    def number(self, data: Mapping[str, Any], key: str, path: str, *, required: bool) -> float:
        raw = data.get(key)
        if raw is None:
            if required:
                self.fail(path, _("Enter a number of 0 or more."))
            return 0.0
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
            self.fail(path, _("Enter a number of 0 or more."))
            return 0.0
        if raw < 0:
            self.fail(path, _("Enter a number of 0 or more."))
        return float(raw)

    def optional_number(self, data: Mapping[str, Any], key: str, path: str) -> float | None:
        return None if data.get(key) is None else self.number(data, key, path, required=True)

    def flag(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        raw = data.get(key)
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.fail(key, _("Enter true or false."))
            return default
        return raw

    def hs(self, raw: Any, path: str) -> str | None:
        if raw is None or raw == "":
            return None
        text = _HS_SEPARATORS.sub("", str(raw)) if isinstance(raw, str) else ""
        if not text.isdigit() or not 2 <= len(text) <= 12:
            self.fail(path, _("Enter an HS code of digits, with or without dots and spaces."))
            return None
        return text

    def material_currency(self, raw: Any, product_currency: str | None, path: str) -> None:
        """A material's optional currency must be the product's (values are not converted)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return
        code = _currency_code(raw)
        if code is None:
            self.fail(path, _("Enter the currency as a code such as USD, or leave it out."))
        elif code != product_currency:
            self.fail(path, currency_mismatch(code, product_currency))

    def mapping(self, raw: Any, path: str) -> Mapping[str, Any]:
        if isinstance(raw, Mapping):
            return raw
        self.fail(path, _("Expected a JSON object here."))
        return {}


def _currency_code(raw: Any) -> str | None:
    return (raw.strip().upper() or None) if isinstance(raw, str) else None


def request_from_json(data: Any) -> OriginRequest:
    """Validate the JSON input of ``origin assess``; every problem is reported with its path."""
    if not isinstance(data, Mapping):
        raise ValidationError(_("Expected a JSON object here."), field="")
    r = _Reader()
    product = r.mapping(data.get("product"), "product")
    hs = r.hs(product.get("hs"), "product.hs")
    hs_unread = hs is None and not any(e.field == "product.hs" for e in r.errors)
    if (hs is not None and len(hs) < 6) or hs_unread:
        r.fail("product.hs", _("Enter the product's HS code with at least 6 digits."))
    fob_raw = product.get("fob_value")
    fob = 0.0
    if isinstance(fob_raw, int | float) and not isinstance(fob_raw, bool) and fob_raw > 0:
        fob = float(fob_raw)
    else:
        r.fail("product.fob_value", _("Enter the FOB value as a number greater than 0."))
    weight = r.optional_number(product, "weight_kg", "product.weight_kg")
    product_currency = _currency_code(product.get("currency"))

    exporting = data.get("exporting_party")
    try:
        exporting_code = party(
            exporting if isinstance(exporting, str) else "", field="exporting_party"
        ).code
    except ValidationError as exc:
        r.errors.extend(exc.errors)
        exporting_code = ""
    importing = data.get("importing_party")
    importing_code: str | None = None
    if importing is not None:
        try:
            importing_code = party(
                importing if isinstance(importing, str) else "", field="importing_party"
            ).code
        except ValidationError as exc:
            r.errors.extend(exc.errors)

    operations = data.get("operations", "substantial")
    if operations is None:
        operations = "substantial"
    if operations not in ("minimal", "substantial"):
        r.fail("operations", _("Enter minimal or substantial."))

    materials_raw = data.get("materials", [])
    if materials_raw is None:
        materials_raw = []
    if not isinstance(materials_raw, list):
        r.fail("materials", _("Expected a JSON list here."))
        materials_raw = []
    materials: list[Material] = []
    for i, raw in enumerate(materials_raw):
        path = f"materials[{i}]"
        m = r.mapping(raw, path)
        name = m.get("name")
        if not isinstance(name, str) or not name.strip():
            r.fail(f"{path}.name", _("Enter the material's name."))
            name = f"#{i + 1}"
        value = r.number(m, "value", f"{path}.value", required=True)
        m_weight = r.optional_number(m, "weight_kg", f"{path}.weight_kg")
        m_hs = r.hs(m.get("hs"), f"{path}.hs")
        origin_raw = m.get("origin")
        origin = (
            origin_raw.strip().upper()
            if isinstance(origin_raw, str) and origin_raw.strip()
            else None
        )
        originating = m.get("originating", False)
        if originating is None:
            originating = False
        if not isinstance(originating, bool):
            r.fail(f"{path}.originating", _("Enter true or false."))
            originating = False
        if originating and origin is None:
            r.fail(
                f"{path}.origin",
                _("An originating material needs the RCEP Party it originates in."),
            )
        elif originating and origin not in PARTIES:
            r.fail(
                f"{path}.origin",
                _("{code} is not an RCEP Party, so the material cannot be originating.").format(
                    code=origin
                ),
            )
        r.material_currency(m.get("currency"), product_currency, f"{path}.currency")
        materials.append(Material(name.strip(), m_hs, value, origin, originating, m_weight))

    costs: Costs | None = None
    if data.get("costs") is not None:
        c = r.mapping(data.get("costs"), "costs")
        costs = Costs(
            *(
                r.number(c, key, f"costs.{key}", required=False)
                for key in ("direct_labour", "direct_overhead", "profit", "other")
            )
        )

    wholly = r.flag(data, "wholly_obtained", False)
    if wholly and any(not m.originating for m in materials):
        r.fail(
            "wholly_obtained",
            _("A wholly obtained product cannot contain non-originating materials."),
        )
    chemical = r.flag(data, "chemical_reaction", False)
    direct = r.flag(data, "direct_consignment", True)

    rule_raw = data.get("rule")
    rule: Rule | None = None
    rule_text = ""
    if rule_raw is None or (isinstance(rule_raw, str) and not rule_raw.strip()):
        if r.errors:
            raise ValidationError(r.errors)
        raise NotFoundError(
            _("No product-specific rule is stored for HS {hs}; enter the rule of Annex 3A.").format(
                hs=hs
            ),
            field="rule",
            code="no_rule",
        )
    if not isinstance(rule_raw, str):
        r.fail("rule", _("Enter the rule as text, e.g. CTH or RVC40."))
    else:
        try:
            rule = parse_rule(rule_raw)
            rule_text = rule_raw.strip()
        except ValidationError as exc:
            if r.errors:
                r.errors.extend(exc.errors)
            else:
                raise
    if rule is not None:
        needed = max(a.digits_needed for a in rule.alternatives)
        if needed:
            for i, mat in enumerate(materials):
                hs_path = f"materials[{i}].hs"
                if mat.originating or any(e.field == hs_path for e in r.errors):
                    continue
                if mat.hs is None or len(mat.hs) < needed:
                    r.fail(
                        f"materials[{i}].hs",
                        _(
                            "Enter this material's HS code with at least {digits} digits: the rule "
                            "{rule} needs them."
                        ).format(digits=needed, rule=rule_text),
                    )
    if r.errors or rule is None or hs is None:
        raise ValidationError(
            r.errors or [FieldError("rule", _("Enter the rule as text, e.g. CTH or RVC40."))]
        )
    return OriginRequest(
        hs=hs,
        fob_value=fob,
        exporting_party=exporting_code,
        rule_text=rule_text,
        rule=rule,
        materials=tuple(materials),
        description=str(product.get("description") or ""),
        currency=product.get("currency") if isinstance(product.get("currency"), str) else None,
        weight_kg=weight,
        importing_party=importing_code,
        wholly_obtained=wholly,
        chemical_reaction=chemical,
        minimal_operations=operations == "minimal",
        direct_consignment=direct,
        costs=costs,
    )


# --- evaluation -----------------------------------------------------------------------------


def _pct(part: float, whole: float) -> float:
    return round(part / whole * 100, 6)


def _show(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class _Result:
    met: bool
    dmi: bool = False
    value_share: float | None = None
    weight_share: float | None = None
    failing: tuple[str, ...] = ()


class _Evaluator:
    def __init__(self, req: OriginRequest) -> None:
        self.req = req
        self.foreign = [
            m for m in req.materials if m.originating and m.origin != req.exporting_party
        ]

    def non_originating(self, *, accumulate: bool) -> list[Material]:
        return [
            m
            for m in self.req.materials
            if not m.originating or (not accumulate and m.origin != self.req.exporting_party)
        ]

    def rvc(self, *, accumulate: bool) -> tuple[float, float | None]:
        req = self.req
        vnm = sum(m.value for m in self.non_originating(accumulate=accumulate))
        vom = sum(m.value for m in req.materials) - vnm
        down = _pct(req.fob_value - vnm, req.fob_value)
        up = None if req.costs is None else _pct(vom + req.costs.total, req.fob_value)
        return down, up

    def change(self, alt: Alternative, *, accumulate: bool) -> _Result:
        req = self.req
        level = alt.level or 0
        failing = [
            m
            for m in self.non_originating(accumulate=accumulate)
            if m.hs is not None and (m.hs[:level] == req.hs[:level] or alt.excludes(m.hs))
        ]
        value_share = _pct(sum(m.value for m in failing), req.fob_value)
        weight_share: float | None = None
        if (
            req.chapter in TEXTILE_CHAPTERS
            and req.weight_kg
            and all(m.weight_kg is not None for m in failing)
        ):
            weight_share = _pct(sum(m.weight_kg or 0.0 for m in failing), req.weight_kg)
        names = tuple(m.name for m in failing)
        if not failing:
            return _Result(True, False, value_share, weight_share)
        rescued = value_share <= DE_MINIMIS_SHARE or (
            weight_share is not None and weight_share <= DE_MINIMIS_SHARE
        )
        return _Result(rescued, rescued, value_share, weight_share, names)

    def alternative(self, alt: Alternative, *, accumulate: bool) -> _Result:
        if alt.kind == "WO":
            return _Result(self.req.wholly_obtained)
        if alt.kind == "CR":
            return _Result(self.req.chemical_reaction)
        if alt.kind == "RVC":
            down, up = self.rvc(accumulate=accumulate)
            threshold = float(alt.threshold or 0)
            return _Result(down >= threshold or (up is not None and up >= threshold))
        return self.change(alt, accumulate=accumulate)


def _criterion_code(alt: Alternative) -> str:
    if alt.is_change:
        return "CTC"
    return "RVC" if alt.kind == "RVC" else alt.kind


def _article_key(article: str) -> tuple[int, list[int]]:
    return (1 if article.startswith("Annex") else 0, [int(n) for n in re.findall(r"\d+", article)])


def origin_facts(req: OriginRequest, basis: str, year: int | None) -> OriginFacts:
    """What the box 11 decision (services.rcep.country_of_origin) needs from a request."""
    return OriginFacts(
        hs=req.hs,
        basis=basis,
        exporting_party=req.exporting_party,
        importing_party=req.importing_party,
        fob_value=Decimal(str(req.fob_value)),
        materials=tuple(
            MaterialFacts(m.name, Decimal(str(m.value)), m.origin, m.originating)
            for m in req.materials
        ),
        minimal_operations=req.minimal_operations,
        year=year,
        added_costs=None if req.costs is None else Decimal(str(req.costs.total)),
    )


def assess(
    request: OriginRequest | Mapping[str, Any],
    *,
    year: int | None = None,
    appendix: Appendix | None = None,
) -> Assessment:
    """Assess RCEP originating status. A mapping is validated first (:func:`request_from_json`).

    ``year`` is the importing Party's RCEP year at importation (None: Appendix periods are not
    checked); ``appendix`` defaults to the bundled Appendix table.
    """
    req = request if isinstance(request, OriginRequest) else request_from_json(request)
    ev = _Evaluator(req)
    build_down, build_up = ev.rvc(accumulate=True)
    foreign_names = [m.name for m in ev.foreign]
    exporter = req.exporting_party
    reasons: list[str] = []
    articles: list[str] = []
    met: list[tuple[int, Alternative, _Result, bool]] = []  # (index, alt, result, needs ACU)
    for index, alt in enumerate(req.rule.alternatives):
        result = ev.alternative(alt, accumulate=True)
        if result.met:
            acu = bool(ev.foreign) and not ev.alternative(alt, accumulate=False).met
            met.append((index, alt, result, acu))
    alternatives_met = [str(alt) for _i, alt, _r, _a in met]
    first_change = next((a for a in req.rule.alternatives if a.is_change), None)

    def outcome(
        originating: bool,
        criterion: str | None,
        basis: str | None,
        *,
        dmi: _Result | None = None,
        acu: bool = False,
        shares: _Result | None = None,
    ) -> Assessment:
        if shares is None and first_change is not None:
            shares = ev.change(first_change, accumulate=True)
        box11 = decide(origin_facts(req, basis, year), appendix) if originating and basis else None
        if box11 is not None and not box11.plain:
            reasons.extend(box11.reasons)
            articles.append("2.6")
        if acu:
            reasons.append(
                _(
                    "The result relies on accumulation: originating materials from other "
                    "Parties ({materials}) count as originating (Art 3.4)."
                ).format(materials=", ".join(foreign_names))
            )
            articles.append("3.4")
        if dmi is not None and dmi.dmi:
            articles.append("3.7")
        if criterion is not None:
            criterion = " ".join(
                [criterion, *(["ACU"] if acu else []), *(["DMI"] if dmi and dmi.dmi else [])]
            )
        return Assessment(
            originating=originating,
            criterion=criterion,
            basis=basis,
            rule=req.rule_text,
            alternatives_met=alternatives_met,
            build_down=build_down,
            build_up=build_up,
            threshold=40,
            de_minimis_applied=bool(dmi and dmi.dmi),
            value_share=shares.value_share if shares else None,
            weight_share=shares.weight_share if shares else None,
            accumulation_applied=acu,
            accumulation_materials=foreign_names if acu else [],
            rcep_country_of_origin=box11.party if box11 else None,
            box12_fob=req.fob_value if criterion and criterion.startswith("RVC") else None,
            reasons=reasons,
            articles=sorted(dict.fromkeys(articles), key=_article_key),
            box11=box11,
        )

    if not req.direct_consignment:
        reasons.append(
            _(
                "Not originating: the goods were not consigned directly from the exporting "
                "Party (Art 3.15)."
            )
        )
        articles.append("3.15")
        return outcome(False, None, None)
    if req.wholly_obtained:
        reasons.append(
            _("Originating: wholly obtained or produced in {party} (Art 3.2(a), Art 3.3).").format(
                party=exporter
            )
        )
        articles += ["3.2(a)", "3.3"]
        return outcome(True, "WO", "WO")
    if all(m.originating for m in req.materials):
        reasons.append(
            _("Originating: produced exclusively from originating materials (Art 3.2(b)).")
        )
        articles.append("3.2(b)")
        return outcome(True, "PE", "PE", acu=bool(ev.foreign))
    if req.minimal_operations:
        reasons.append(
            _(
                "Not originating: only minimal operations (Art 3.6) were carried out on "
                "non-originating materials, whatever the product-specific rule says."
            )
        )
        articles.append("3.6")
        return outcome(False, None, None)

    articles += ["3.2(c)", "Annex 3A"]
    for alt in req.rule.alternatives:
        reasons.append(_alternative_reason(alt, ev))
    if not met:
        reasons.append(
            _("Not originating: no alternative of the rule {rule} is met (Art 3.2(c)).").format(
                rule=req.rule_text
            )
        )
        return outcome(False, None, None)

    def rank(item: tuple[int, Alternative, _Result, bool]) -> tuple[int, int, int]:
        index, alt, result, acu = item
        return (1 if alt.kind == "RVC" else 0, int(acu or result.dmi), index)

    _index, chosen, result, acu = min(met, key=rank)
    if chosen.kind == "RVC":
        articles.append("3.5")
    return outcome(
        True,
        _criterion_code(chosen),
        "PSR",
        dmi=result,
        acu=acu,
        shares=result if chosen.is_change else None,
    )


def _alternative_reason(alt: Alternative, ev: _Evaluator) -> str:
    name = str(alt)
    if alt.kind == "WO":
        return _("{rule} is not met: the product is not wholly obtained (Art 3.3).").format(
            rule=name
        )
    if alt.kind == "CR":
        if ev.req.chemical_reaction:
            return _(
                "{rule} is met: a chemical reaction took place in the exporting Party (Annex 3A)."
            ).format(rule=name)
        return _(
            "{rule} is not met: no chemical reaction in the exporting Party is declared (Annex 3A)."
        ).format(rule=name)
    if alt.kind == "RVC":
        down, up = ev.rvc(accumulate=True)
        best = max(down, up if up is not None else down)
        if best >= (alt.threshold or 0):
            return _(
                "{rule} is met: the regional value content is {rvc}%, at least {threshold}% "
                "(Art 3.5)."
            ).format(rule=name, rvc=_show(best), threshold=alt.threshold)
        return _(
            "{rule} is not met: the regional value content is {rvc}%, below {threshold}% (Art 3.5)."
        ).format(rule=name, rvc=_show(best), threshold=alt.threshold)
    result = ev.change(alt, accumulate=True)
    if result.met and not result.dmi:
        return _(
            "{rule} is met: every non-originating material undergoes the required change of "
            "tariff classification (Annex 3A)."
        ).format(rule=name)
    if result.met and result.value_share is not None and result.value_share <= DE_MINIMIS_SHARE:
        return _(
            "{rule} is met through de minimis: the non-originating materials without the "
            "required change ({materials}) are {share} of the FOB value, at most {limit} "
            "(Art 3.7(a))."
        ).format(rule=name, materials=", ".join(result.failing),
                 share=_show(result.value_share) + "%", limit="10%")  # fmt: skip
    if result.met:
        return _(
            "{rule} is met through de minimis: the non-originating materials without the "
            "required change ({materials}) weigh {share} of the product's weight, at most {limit} "
            "(Art 3.7(b))."
        ).format(rule=name, materials=", ".join(result.failing),
                 share=_show(result.weight_share or 0.0) + "%", limit="10%")  # fmt: skip
    return _(
        "{rule} is not met: {materials} do not undergo the required change of tariff "
        "classification, and de minimis does not apply (Annex 3A, Art 3.7)."
    ).format(rule=name, materials=", ".join(result.failing))
