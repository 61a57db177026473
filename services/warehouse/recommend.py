"""Which fulfilment mode to choose, with the reasons in words (translated)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from services.core.i18n import _, format_date, format_decimal, format_money
from services.warehouse.break_even import VolumeBreakEven, WeightBreakEven
from services.warehouse.costs import ModeCost
from services.warehouse.models import MODE_LABELS
from services.warehouse.replenishment import Corridor

OWN_WAREHOUSE_RULE_ORDERS_PER_DAY = 400  # §1.5 rule of thumb (unverified)


@dataclass(frozen=True, slots=True)
class Recommendation:
    mode: str | None
    reasons: tuple[str, ...]


def mode_label(mode: str) -> str:
    return _(MODE_LABELS[mode])


def recommend(
    costs: Mapping[str, ModeCost],
    per_unit: Mapping[str, float | None],
    *,
    monthly_units: float,
    currency: str,
    weight_kg: float,
    volume: Sequence[VolumeBreakEven],
    weight: Sequence[WeightBreakEven],
    corridor: Corridor,
    parcel_note: str,
    next_tax_change: date | None,
    market_name: str,
    uses_placeholders: bool,
) -> Recommendation:
    ranked = sorted(
        ((m, c) for m, c in per_unit.items() if c is not None), key=lambda item: item[1]
    )
    if not ranked:
        return Recommendation(None, (_("No fulfilment mode could be priced."),))
    best, best_cost = ranked[0]
    reasons = []
    units = format_decimal(monthly_units, 0)
    if len(ranked) > 1:
        second, second_cost = ranked[1]
        reasons.append(
            _(
                "{mode} costs {cost} per unit at {units} units a month, {saving} less than {other}."
            ).format(
                mode=mode_label(best),
                cost=format_money(best_cost, currency),
                units=units,
                saving=format_money(second_cost - best_cost, currency),
                other=mode_label(second),
            )
        )
    else:
        reasons.append(
            _("{mode} is the only mode that could be priced: {cost} per unit.").format(
                mode=mode_label(best), cost=format_money(best_cost, currency)
            )
        )
    for be in volume:
        if be.mode != "direct" or be.against not in ("3pl", "fba", "own"):
            continue
        if be.units_per_month is None:
            if costs[be.against].variable_per_unit >= costs["direct"].variable_per_unit:
                reasons.append(
                    _("On cost alone, {mode} never beats direct parcels for this item.").format(
                        mode=mode_label(be.against)
                    )
                )
            continue
        reasons.append(
            _(
                "{mode} becomes cheaper than direct parcels above {threshold} units a month; "
                "this plan sells {units}."
            ).format(
                mode=mode_label(be.against),
                threshold=format_decimal(be.units_per_month, 0),
                units=units,
            )
        )
        if be.with_uplift is not None:
            reasons.append(
                _(
                    "Counting the sales uplift from local delivery, {mode} pays off from "
                    "{threshold} units a month."
                ).format(mode=mode_label(be.against), threshold=format_decimal(be.with_uplift, 0))
            )
    for wb in weight:
        if wb.weight_kg is not None and wb.mode == "direct" and wb.against == "3pl":
            reasons.append(
                _(
                    "Per unit, the 3PL route and direct parcels cost the same at {weight} kg; "
                    "this item weighs {actual} kg (heavier items favour the warehouse)."
                ).format(
                    weight=format_decimal(wb.weight_kg, 2),
                    actual=format_decimal(weight_kg, 2),
                )
            )
    reasons.append(
        _("Direct parcels to {market}: {rule}").format(market=market_name, rule=parcel_note)
    )
    if next_tax_change is not None:
        reasons.append(
            _(
                "The import tax rules of {market} change on {date}; check the plan again then."
            ).format(market=market_name, date=format_date(next_tax_change))
        )
    if best == "own" and monthly_units < OWN_WAREHOUSE_RULE_ORDERS_PER_DAY * 365 / 12:
        reasons.append(
            _(
                "Below about {orders} orders a day a 3PL is usually the safer choice (a rule of "
                "thumb, unverified)."
            ).format(orders=OWN_WAREHOUSE_RULE_ORDERS_PER_DAY)
        )
    if best == "fba":
        if corridor.below_minimum:
            reasons.append(
                _("Stock would stay under 28 days of supply: FBA charges a low-inventory fee.")
            )
        if corridor.aged:
            reasons.append(
                _("The oldest units would reach 181 days: FBA charges an aged-inventory surcharge.")
            )
    if best == "direct":
        reasons.append(_("Direct parcels keep no stock abroad, but customers wait 7 to 20 days."))
    if uses_placeholders:
        reasons.append(
            _("Some rates are placeholders or assumptions; enter your quotes before deciding.")
        )
    return Recommendation(best, tuple(reasons))
