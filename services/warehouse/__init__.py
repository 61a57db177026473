"""Overseas-warehouse planner (domain/warehouse.md): stock, space, cost per unit and break-even
per SKU and market. Entry points: :func:`services.warehouse.validation.validate_plan` and
:func:`services.warehouse.planner.compute_plan`."""
