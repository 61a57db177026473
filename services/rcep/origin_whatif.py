"""What would make the product qualify, and how much room is left (the advisor's what-if).

For a product that is not originating:

- conditions: shipped directly (Art 3.15) and more than minimal operations (Art 3.6), when one
  of them vetoes the result; every other suggestion then assumes them too (``assumes``);
- RVC40 alternative: the largest non-originating material whose sourcing as RCEP-originating
  alone lifts the RVC to 40 (and the smallest such one, when it differs); else the materials of
  least total value that do (exact up to 24 candidates, else the fewest materials), and the
  fewest materials when that is fewer; and the most the non-originating materials may be worth
  (build-down);
- change rules: the materials that break the rule, the value de minimis allows (10 % of FOB,
  Art 3.7) and whether sourcing those materials as originating meets the rule;
- failing all of that, sourcing every material as originating (PE, Art 3.2(b)).

For an originating product: the non-originating value that may still be added before the
build-down RVC falls under 40, and the de minimis headroom of a change rule met through DMI.

Every suggestion is checked by running :func:`services.rcep.origin.assess` on the changed
request; one that does not hold is not offered. Limits and headroom are found on a grid of
0.01 currency units by asking the engine itself, so they are the engine's exact boundaries: the
figure passes and 0.01 more does not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from services.core.i18n import _, format_decimal, format_money, format_percent
from services.rcep.origin import Assessment, Material, OriginRequest, assess
from services.rcep.psr import RVC_THRESHOLD, Alternative, Rule
from services.refdata.countries import country_name

STEP = Decimal("0.01")
DE_MINIMIS = Decimal("0.10")  # Art 3.7(a): 10 % of FOB
_RVC_SHARE = Decimal(100 - RVC_THRESHOLD) / 100  # build-down: VNM ≤ 60 % of FOB
_SEARCH_LIMIT = Decimal("1e15")
EXACT_SET_LIMIT = 24  # candidates up to which the least-value set is searched exactly

CONDITIONS = "conditions"
SWITCH_MATERIAL = "switch_material"
SWITCH_MATERIALS = "switch_materials"
SWITCH_FEWEST_MATERIALS = "switch_fewest_materials"
MAX_NON_ORIGINATING = "max_non_originating"
DE_MINIMIS_GAP = "de_minimis_gap"
SOURCE_FAILING = "source_failing_as_originating"
ALL_ORIGINATING = "all_originating"
RVC_HEADROOM = "rvc_headroom"
DE_MINIMIS_HEADROOM = "de_minimis_headroom"

ASSUME_DIRECT = "direct_consignment"
ASSUME_SUBSTANTIAL = "substantial_operations"

ADDED_MATERIAL = "(what-if)"  # name of the material added or merged by the checks


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One verified change. ``material_indexes`` point into the request's materials (to be
    sourced as originating, or, for the limits, the materials the figure is about);
    ``assumes`` lists conditions also needed (``direct_consignment``,
    ``substantial_operations``). ``figures`` are in the request's currency (RVC in percent)."""

    kind: str
    message: str
    material: str | None = None
    material_indexes: tuple[int, ...] = ()
    figures: Mapping[str, float] = field(default_factory=dict)
    assumes: tuple[str, ...] = ()
    rule: str | None = None  # the change rule (alternative) a de minimis figure is about

    def to_json(self, request: OriginRequest | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "material": self.material,
            "material_indexes": list(self.material_indexes),
            "figures": dict(self.figures),
            "assumes": list(self.assumes),
            "rule": self.rule,
            "message": self.message,
        }
        if request is not None:
            data["materials"] = [request.materials[i].name for i in self.material_indexes]
        return data


# --- changing a request ------------------------------------------------------------------------


def _dec(value: float) -> Decimal:
    return Decimal(repr(value))


def _passes(req: OriginRequest) -> bool:
    return assess(req).originating


def sourced_as_originating(req: OriginRequest, indexes: Sequence[int]) -> OriginRequest:
    """The request with those materials originating (bought from a supplier in the exporting
    Party with proof of origin)."""
    materials = list(req.materials)
    for i in indexes:
        materials[i] = replace(materials[i], originating=True, origin=req.exporting_party)
    return replace(req, materials=tuple(materials))


def with_assumptions(req: OriginRequest, assumes: Sequence[str]) -> OriginRequest:
    if ASSUME_DIRECT in assumes:
        req = replace(req, direct_consignment=True)
    if ASSUME_SUBSTANTIAL in assumes:
        req = replace(req, minimal_operations=False)
    return req


def merged(
    req: OriginRequest, indexes: Sequence[int], value: Decimal, hs: str | None
) -> OriginRequest:
    """The request with those materials replaced by one non-originating material of ``value``
    and HS ``hs`` (put last)."""
    drop = set(indexes)
    keep = tuple(m for i, m in enumerate(req.materials) if i not in drop)
    added = Material(name=ADDED_MATERIAL, hs=hs, value=float(value), origin=None, originating=False)
    return replace(req, materials=(*keep, added))


def _merged_passes(
    req: OriginRequest, indexes: Sequence[int], hs: str | None, *, offset: Decimal = Decimal(0)
) -> Callable[[Decimal], bool]:
    """``value`` → whether the request passes with those materials merged into one of
    ``offset + value``."""

    def passes(value: Decimal) -> bool:
        return _passes(merged(req, indexes, offset + value, hs))

    return passes


def _boundary(passes: Callable[[Decimal], bool], estimate: Decimal) -> Decimal | None:
    """The largest multiple of STEP (≥ 0) for which ``passes`` holds, ``passes`` being true up
    to some limit and false beyond it; None when it fails at 0 or holds without a limit."""
    if not passes(Decimal(0)):
        return None
    lo, hi = 0, None
    guess = int((estimate / STEP).to_integral_value(ROUND_FLOOR)) if estimate > 0 else 0
    if guess > 0:
        if passes(guess * STEP):
            lo = guess
        else:
            hi = guess
    width = 1
    while hi is None:
        candidate = lo + width
        if candidate * STEP > _SEARCH_LIMIT:
            return None
        if passes(candidate * STEP):
            lo, width = candidate, width * 2
        else:
            hi = candidate
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if passes(middle * STEP):
            lo = middle
        else:
            hi = middle
    return lo * STEP


# --- wording -----------------------------------------------------------------------------------


def _money(value: Decimal, currency: str | None) -> str:
    if currency:
        try:
            return format_money(value, currency)
        except (ValueError, KeyError):  # not a currency Babel knows: show the number
            pass
    return format_decimal(value, 2)


def _percent(value: float | Decimal, digits: int = 2) -> str:
    return format_percent(value, digits)


def _names(req: OriginRequest, indexes: Sequence[int]) -> str:
    return ", ".join(req.materials[i].name for i in indexes)


def _condition_text(assumes: Sequence[str], exporter: str) -> str:
    parts = []
    if ASSUME_DIRECT in assumes:
        parts.append(
            _(
                "ship the goods directly to the importing Party, or keep them under customs "
                "control in any transit country (Art 3.15)"
            )
        )
    if ASSUME_SUBSTANTIAL in assumes:
        parts.append(
            _(
                "carry out more than the minimal operations of Art 3.6 in {party} (real "
                "production, not only packing, sorting or mixing)"
            ).format(party=country_name(exporter))
        )
    return "; ".join(parts)


def _with_conditions(message: str, assumes: Sequence[str], exporter: str) -> str:
    if not assumes:
        return message
    return (
        message
        + " "
        + _("This also needs: {conditions}.").format(conditions=_condition_text(assumes, exporter))
    )


def _fix(
    kind: str, message: str, base: OriginRequest, assumes: tuple[str, ...], **fields: Any
) -> Suggestion:
    """A suggestion for a product that is not originating, saying the conditions it assumes."""
    return Suggestion(
        kind,
        _with_conditions(message, assumes, base.exporting_party),
        assumes=assumes,
        **fields,
    )


def _value_of(req: OriginRequest, indexes: Sequence[int]) -> Decimal:
    return sum((_dec(req.materials[i].value) for i in indexes), Decimal(0))


# --- the product is not originating -----------------------------------------------------------


def what_if(request: OriginRequest, result: Assessment) -> list[Suggestion]:
    """Verified suggestions for ``request``, whose assessment is ``result``."""
    if result.originating:
        return _headroom(request, result)
    return _fixes(request)


def _non_originating(req: OriginRequest) -> list[int]:
    return [i for i, m in enumerate(req.materials) if not m.originating]


def _fixes(req: OriginRequest) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    assumes: list[str] = []
    base = req
    exporter = req.exporting_party
    if not base.direct_consignment:
        assumes.append(ASSUME_DIRECT)
        base = with_assumptions(base, assumes)
    non_originating = _non_originating(base)
    if base.minimal_operations and non_originating:
        suggestions += _all_originating(base, tuple(assumes))
        assumes.append(ASSUME_SUBSTANTIAL)
        base = with_assumptions(base, assumes)
    if assumes and _passes(base):
        message = _("The product would be originating if you {conditions}.").format(
            conditions=_condition_text(assumes, exporter)
        )
        return [Suggestion(CONDITIONS, message, assumes=tuple(assumes)), *suggestions]
    found = _rvc_fixes(base, tuple(assumes)) + _change_fixes(base, tuple(assumes))
    if not found and not suggestions:
        found = _all_originating(base, tuple(assumes))
    return suggestions + found


def _all_originating(base: OriginRequest, assumes: tuple[str, ...]) -> list[Suggestion]:
    indexes = tuple(_non_originating(base))
    if not indexes or not _passes(sourced_as_originating(base, indexes)):
        return []
    message = _(
        "With every material sourced as RCEP-originating, with the suppliers' proof of origin, "
        "the product would be originating as produced exclusively from originating materials "
        "(PE, Art 3.2(b))."
    )
    return [_fix(ALL_ORIGINATING, message, base, assumes, material_indexes=indexes)]


def _rvc_alternative(req: OriginRequest) -> Alternative | None:
    return next((a for a in req.rule.alternatives if a.kind == "RVC"), None)


def _rvc(assessment: Assessment) -> float:
    return max(assessment.build_down, assessment.build_up or assessment.build_down)


def _rvc_fixes(base: OriginRequest, assumes: tuple[str, ...]) -> list[Suggestion]:
    alt = _rvc_alternative(base)
    if alt is None:
        return []
    rvc_only = replace(base, rule=Rule((alt,)))
    candidates = sorted(
        (i for i in _non_originating(base) if base.materials[i].value > 0),
        key=lambda i: (-base.materials[i].value, i),
    )
    suggestions: list[Suggestion] = []
    currency = base.currency

    def check(indexes: Sequence[int]) -> Assessment | None:
        outcome = assess(sourced_as_originating(rvc_only, indexes))
        return outcome if outcome.originating else None

    def switch_one(i: int, outcome: Assessment) -> Suggestion:
        m = base.materials[i]
        message = _(
            "Sourcing {material} ({value}) as RCEP-originating, with the supplier's proof of "
            "origin, would lift the regional value content to {rvc}, at least {threshold} "
            "(Art 3.5)."
        ).format(
            material=m.name,
            value=_money(_dec(m.value), currency),
            rvc=_percent(_rvc(outcome)),
            threshold=_percent(RVC_THRESHOLD, 0),
        )
        return _fix(
            SWITCH_MATERIAL,
            message,
            base,
            assumes,
            material=m.name,
            material_indexes=(i,),
            figures={"value": m.value, "new_rvc": _rvc(outcome)},
        )

    if candidates and (largest := check(candidates[:1])) is not None:
        suggestions.append(switch_one(candidates[0], largest))
        # the smallest single material that is still enough (values fall along the list)
        lo, hi = 0, len(candidates)
        while hi - lo > 1:
            middle = (lo + hi) // 2
            if check([candidates[middle]]) is not None:
                lo = middle
            else:
                hi = middle
        smallest = candidates[lo]
        if base.materials[smallest].value < base.materials[candidates[0]].value:
            outcome = check([smallest])
            if outcome is not None:
                suggestions.append(switch_one(smallest, outcome))
    elif candidates and check(candidates) is not None:
        fewest = _fewest_set(candidates, check)
        least = _least_value_set(base, candidates)
        if least is not None and check(least) is None:
            least = None  # the engine's rounding disagrees at the boundary: not offered
        chosen_sets = [(SWITCH_MATERIALS, least or fewest)]
        if least is not None and len(fewest) < len(least):
            chosen_sets.append((SWITCH_FEWEST_MATERIALS, fewest))
        for kind, chosen in chosen_sets:
            outcome = check(chosen)
            if outcome is None:
                continue
            total = _value_of(base, chosen)
            message = _(
                "Sourcing these materials as RCEP-originating, with the suppliers' proof of "
                "origin, would lift the regional value content to {rvc}, at least {threshold} "
                "(Art 3.5): {materials} ({value} in all)."
            ).format(
                rvc=_percent(_rvc(outcome)),
                threshold=_percent(RVC_THRESHOLD, 0),
                materials=_names(base, chosen),
                value=_money(total, currency),
            )
            suggestions.append(
                _fix(
                    kind,
                    message,
                    base,
                    assumes,
                    material_indexes=chosen,
                    figures={"value": float(total), "new_rvc": _rvc(outcome)},
                )
            )
    suggestions += _max_non_originating(base, rvc_only, assumes)
    return suggestions


def _fewest_set(
    candidates: Sequence[int], check: Callable[[Sequence[int]], Assessment | None]
) -> tuple[int, ...]:
    """The fewest materials that are enough: the largest ones, the last one as small as still
    enough (``candidates`` by falling value; all of them together are enough)."""
    lo, hi = 1, len(candidates)
    while hi > lo:
        middle = (lo + hi) // 2
        if check(candidates[:middle]) is not None:
            hi = middle
        else:
            lo = middle + 1
    prefix = list(candidates[: lo - 1])
    first, last = lo - 1, len(candidates) - 1
    while last > first:
        middle = (first + last + 1) // 2
        if check([*prefix, candidates[middle]]) is not None:
            first = middle
        else:
            last = middle - 1
    return tuple(sorted([*prefix, candidates[first]]))


def _least_value_set(base: OriginRequest, candidates: Sequence[int]) -> tuple[int, ...] | None:
    """The materials of least total value whose sourcing as originating lifts the RVC to the
    threshold by either method, found exactly (meet in the middle); None with more than
    EXACT_SET_LIMIT candidates."""
    if len(candidates) > EXACT_SET_LIMIT:
        return None
    fob = _dec(base.fob_value)
    share = Decimal(RVC_THRESHOLD) / 100
    vnm = sum((_dec(m.value) for m in base.materials if not m.originating), Decimal(0))
    vom = sum((_dec(m.value) for m in base.materials if m.originating), Decimal(0))
    need = vnm - fob * (1 - share)  # build-down: VNM may be at most 60 % of FOB
    if base.costs is not None:
        need = min(need, fob * share - _dec(base.costs.total) - vom)  # build-up

    def subsets(part: Sequence[int]) -> list[tuple[Decimal, tuple[int, ...]]]:
        found: list[tuple[Decimal, tuple[int, ...]]] = [(Decimal(0), ())]
        for i in part:
            value = _dec(base.materials[i].value)
            found += [(total + value, (*chosen, i)) for total, chosen in found]
        return found

    half = len(candidates) // 2
    right = sorted(subsets(candidates[half:]), key=lambda item: (item[0], len(item[1])))
    sums = [total for total, _chosen in right]
    best: tuple[Decimal, int, tuple[int, ...]] | None = None
    for total, chosen in subsets(candidates[:half]):
        j = bisect_left(sums, need - total)
        if j < len(right):
            both = tuple(sorted((*chosen, *right[j][1])))
            option = (total + right[j][0], len(both), both)
            if best is None or option < best:
                best = option
    return best[2] if best is not None and best[2] else None


def _max_non_originating(
    base: OriginRequest, rvc_only: OriginRequest, assumes: tuple[str, ...]
) -> list[Suggestion]:
    indexes = tuple(_non_originating(base))
    build_down = replace(rvc_only, costs=None)
    fob = _dec(base.fob_value)
    limit = _boundary(_merged_passes(build_down, indexes, None), fob * _RVC_SHARE)
    current = _value_of(base, indexes)
    if limit is None or current <= limit:
        return []
    if not _passes(merged(base, indexes, limit, None)):
        return []
    message = _(
        "For RVC40 by the build-down method the non-originating materials may be worth at most "
        "{limit}; they are worth {value} now, {gap} too much (Art 3.5)."
    ).format(
        limit=_money(limit, base.currency),
        value=_money(current, base.currency),
        gap=_money(current - limit, base.currency),
    )
    return [
        _fix(
            MAX_NON_ORIGINATING,
            message,
            base,
            assumes,
            material_indexes=indexes,
            figures={
                "max_value": float(limit),
                "current_value": float(current),
                "reduce_by": float(current - limit),
            },
        )
    ]


def _failing(req: OriginRequest, alt: Alternative) -> tuple[int, ...]:
    level = alt.level or 0
    return tuple(
        i
        for i, m in enumerate(req.materials)
        if not m.originating
        and m.hs is not None
        and (m.hs[:level] == req.hs[:level] or alt.excludes(m.hs))
    )


def _change_fixes(base: OriginRequest, assumes: tuple[str, ...]) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    seen: set[tuple[int, ...]] = set()
    fob = _dec(base.fob_value)
    currency = base.currency
    for alt in base.rule.alternatives:
        if not alt.is_change:
            continue
        failing = _failing(base, alt)
        if not failing:
            continue
        alt_only = replace(base, rule=Rule((alt,)))
        value = _value_of(base, failing)
        limit = _boundary(_merged_passes(alt_only, failing, alt_only.hs), fob * DE_MINIMIS)
        if limit is not None and value > limit and _passes(merged(base, failing, limit, base.hs)):
            message = _(
                "{rule} is not met because of {materials} ({value}). De minimis allows such "
                "materials up to {limit}, {share} of the FOB value: {gap} less would be needed "
                "(Art 3.7)."
            ).format(
                rule=str(alt),
                materials=_names(base, failing),
                value=_money(value, currency),
                limit=_money(limit, currency),
                share=_percent(DE_MINIMIS * 100, 0),
                gap=_money(value - limit, currency),
            )
            suggestions.append(
                _fix(
                    DE_MINIMIS_GAP,
                    message,
                    base,
                    assumes,
                    material_indexes=failing,
                    figures={
                        "failing_value": float(value),
                        "limit": float(limit),
                        "reduce_by": float(value - limit),
                    },
                    rule=str(alt),
                )
            )
        if failing not in seen and _passes(sourced_as_originating(base, failing)):
            seen.add(failing)
            message = _(
                "Sourcing {materials} as RCEP-originating, with the suppliers' proof of origin, "
                "would meet {rule}."
            ).format(materials=_names(base, failing), rule=str(alt))
            suggestions.append(
                _fix(
                    SOURCE_FAILING,
                    message,
                    base,
                    assumes,
                    material=base.materials[failing[0]].name if len(failing) == 1 else None,
                    material_indexes=failing,
                    figures={"value": float(value)},
                    rule=str(alt),
                )
            )
    return suggestions


# --- the product is originating ---------------------------------------------------------------


def _headroom(req: OriginRequest, result: Assessment) -> list[Suggestion]:
    if req.wholly_obtained or req.minimal_operations or not req.direct_consignment:
        return []  # any non-originating material would break the result
    suggestions: list[Suggestion] = []
    fob = _dec(req.fob_value)
    currency = req.currency
    alt = _rvc_alternative(req)
    if alt is not None:
        build_down = replace(req, rule=Rule((alt,)), costs=None)
        vnm = _value_of(req, _non_originating(req))
        room = _boundary(_merged_passes(build_down, (), None), fob * _RVC_SHARE - vnm)
        if room is not None:
            message = _(
                "Headroom: non-originating materials worth {headroom} more could be used before "
                "the regional value content (build-down) falls below {threshold}; it is {rvc} "
                "now."
            ).format(
                headroom=_money(room, currency),
                threshold=_percent(RVC_THRESHOLD, 0),
                rvc=_percent(result.build_down),
            )
            suggestions.append(
                Suggestion(
                    RVC_HEADROOM,
                    message,
                    figures={"headroom": float(room), "build_down": result.build_down},
                )
            )
    for change in req.rule.alternatives:
        if not change.is_change or str(change) not in result.alternatives_met:
            continue
        failing = _failing(req, change)
        if not failing:
            continue  # de minimis not used for this rule
        alt_only = replace(req, rule=Rule((change,)))
        used = _value_of(req, failing)
        room = _boundary(
            _merged_passes(alt_only, failing, alt_only.hs, offset=used), fob * DE_MINIMIS - used
        )
        if room is None:
            continue
        message = _(
            "De minimis headroom for {rule}: materials without the required change worth "
            "{headroom} more could be used before they exceed {share} of the FOB value "
            "(Art 3.7)."
        ).format(rule=str(change), headroom=_money(room, currency), share=_percent(10, 0))
        suggestions.append(
            Suggestion(
                DE_MINIMIS_HEADROOM,
                message,
                material_indexes=failing,
                figures={"headroom": float(room), "used": float(used)},
                rule=str(change),
            )
        )
    return suggestions
