"""Which fulfilment mode to choose, with the reasons in words (translated), and why the order
quantity is what it is when the age cap (§2.6) changed it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from services.core.i18n import N_, _, format_date, format_decimal, format_money
from services.warehouse.break_even import VolumeBreakEven, WeightBreakEven
from services.warehouse.costs import ModeCost
from services.warehouse.models import MODE_LABELS
from services.warehouse.replenishment import (
    COVER_FBA,
    COVER_WAREHOUSE,
    ORDER_BASIS_LABELS,
    Corridor,
    CoverLimit,
    OrderPlan,
)

OWN_WAREHOUSE_RULE_ORDERS_PER_DAY = 400  # §1.5 rule of thumb (unverified)
COVER_REASONS = {
    COVER_WAREHOUSE: N_("the maximum cover set for a 3PL or own warehouse"),
    COVER_FBA: N_("FBA charges an aged-inventory surcharge from day 181"),
}


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
    order_notes: Sequence[str] = (),
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
    reasons.extend(order_notes)
    if uses_placeholders:
        reasons.append(
            _("Some rates are placeholders or assumptions; enter your quotes before deciding.")
        )
    return Recommendation(best, tuple(reasons))


def order_reasons(
    order: OrderPlan,
    cover: CoverLimit | None,
    *,
    main_mode: str,
    lcl_fallback: bool,
    rail_lcl_rate: bool,
) -> list[str]:
    """Why the age cap changed the order quantity or the freight, in words (nothing when it
    did not)."""
    if cover is None:
        return []
    notes = []
    limit = format_decimal(cover.days, 0)
    why = _(COVER_REASONS[cover.basis])
    beyond = order.beyond_cover
    if beyond is not None:
        notes.append(
            _(
                "The plan orders {quantity} units ({cover} days of stock): {what} ({units} units) "
                "would cost less a year but last {days} days, beyond the {limit}-day limit "
                "({why})."
            ).format(
                what=_(ORDER_BASIS_LABELS[beyond.key]),
                units=format_decimal(beyond.quantity, 0),
                days=format_decimal(beyond.cover_days, 0),
                limit=limit,
                why=why,
                quantity=format_decimal(order.quantity, 0),
                cover=format_decimal(order.cover_days, 0),
            )
        )
    elif cover.basis == COVER_FBA and order.chosen != "fixed":
        notes.append(
            _(
                "Planned for FBA: each shipment of {quantity} units lasts {cover} days, so no "
                "unit reaches the aged-inventory surcharge at day 181."
            ).format(
                quantity=format_decimal(order.quantity, 0),
                cover=format_decimal(order.cover_days, 0),
            )
        )
    if order.chosen == "fixed" and order.cover_days > cover.days:
        notes.append(
            _(
                "The quantity you entered lasts {days} days, beyond the {limit}-day limit ({why})."
            ).format(days=format_decimal(order.cover_days, 0), limit=limit, why=why)
        )
    elif order.max_cover_days is None and order.cover_days > cover.days:
        notes.append(
            _(
                "Even the smallest order ({units} units) lasts {days} days, beyond the {limit}-day "
                "limit ({why})."
            ).format(
                units=format_decimal(order.quantity, 0),
                days=format_decimal(order.cover_days, 0),
                limit=limit,
                why=why,
            )
        )
    if lcl_fallback and main_mode == "rail" and not rail_lcl_rate:
        notes.append(
            _(
                "A full 40 ft container holds more than {limit} days of stock, but there is no "
                "rail LCL rate: each shipment is priced as a full container. Enter a China–Europe "
                "rail LCL rate under Head haul."
            ).format(limit=limit)
        )
    elif lcl_fallback:
        notes.append(
            _(
                "A full container holds more than {limit} days of stock, so shipments go LCL "
                "(groupage) whenever that is cheaper than a container."
            ).format(limit=limit)
        )
    return notes
