"""Storage volume and pallet positions (domain/warehouse.md §2.7).

Units → cartons ⌈units/upc⌉ → cbm; cartons per pallet = best layer pattern ×
⌊(H_max − H_pallet)/H_c⌋; peak positions ⌈(SS + Q)/units per pallet⌉ (a shipment lands on top
of the safety stock); average (SS + Q/2)/units per pallet; both divided by the space
utilisation for racking loss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from services.warehouse.models import Carton, PalletSpec


@dataclass(frozen=True, slots=True)
class StoragePlan:
    unit_cbm: float
    cartons_per_layer: int
    layers: int
    cartons_per_pallet: int
    units_per_pallet: int
    pallet_cube_used: float  # share of the pallet's usable cube the cartons fill
    average_units: float
    peak_units: float
    average_cbm: float  # (SS + Q/2) · v: the ``storage_cbm`` of cli.md
    peak_cbm: float  # ⌈(SS + Q)/upc⌉ cartons
    average_positions: float  # pallet positions, after the utilisation factor
    peak_positions: int


def cartons_per_layer(carton: Carton, pallet: PalletSpec) -> int:
    straight = int(pallet.length_cm // carton.length_cm) * int(pallet.width_cm // carton.width_cm)
    turned = int(pallet.length_cm // carton.width_cm) * int(pallet.width_cm // carton.length_cm)
    return max(straight, turned)


def layers(carton: Carton, pallet: PalletSpec) -> int:
    return int((pallet.max_height_cm - pallet.pallet_height_cm) // carton.height_cm)


def cartons_for(units: float, carton: Carton) -> int:
    return math.ceil(units / carton.units - 1e-9)


def plan_storage(
    carton: Carton, pallet: PalletSpec, *, safety_stock: float, order_quantity: float
) -> StoragePlan:
    per_layer = cartons_per_layer(carton, pallet)
    n_layers = layers(carton, pallet)
    per_pallet = per_layer * n_layers
    units_per_pallet = per_pallet * carton.units
    usable = pallet.length_cm * pallet.width_cm * (pallet.max_height_cm - pallet.pallet_height_cm)
    cube = per_pallet * carton.length_cm * carton.width_cm * carton.height_cm / usable
    ss = max(safety_stock, 0.0)
    average_units = ss + order_quantity / 2
    peak_units = ss + order_quantity
    unit_cbm = carton.cbm / carton.units
    if units_per_pallet > 0:
        average_positions = average_units / units_per_pallet / pallet.utilisation
        peak_positions = math.ceil(peak_units / units_per_pallet / pallet.utilisation - 1e-9)
    else:  # the carton does not fit on the pallet
        average_positions = math.inf
        peak_positions = 0
    return StoragePlan(
        unit_cbm=unit_cbm,
        cartons_per_layer=per_layer,
        layers=n_layers,
        cartons_per_pallet=per_pallet,
        units_per_pallet=units_per_pallet,
        pallet_cube_used=cube,
        average_units=average_units,
        peak_units=peak_units,
        average_cbm=average_units * unit_cbm,
        peak_cbm=cartons_for(peak_units, carton) * carton.cbm,
        average_positions=average_positions,
        peak_positions=peak_positions,
    )
