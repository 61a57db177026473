"""The three test profiles of domain/readiness.md §3.6."""

from __future__ import annotations

from typing import Any

import pytest

from services.readiness.questionnaire import Questionnaire, current_questionnaire

PROFILE_A: dict[str, Any] = {
    "company_type": "trader", "stage": "never", "taxpayer": "general",
    "product_flags": ["textiles", "consumer_product"], "markets": ["EU"],
    "channels": ["fairs_agents", "b2b_platform"], "export_mode": "agent_wzf", "own_brand": False,
    "payment_terms_planned": ["prepaid"], "order_horizon": "m12",
}  # fmt: skip
PROFILE_B: dict[str, Any] = {
    "company_type": "manufacturer", "stage": "never", "taxpayer": "general",
    "product_flags": ["electrical", "radio", "battery"], "markets": ["EU", "US", "JP"],
    "channels": ["marketplace"], "export_mode": "9810", "own_brand": True,
    "payment_terms_planned": ["prepaid"], "order_horizon": "confirmed",
}  # fmt: skip
PROFILE_C: dict[str, Any] = {
    "company_type": "manufacturer", "stage": "occasional", "taxpayer": "general",
    "product_flags": ["machinery"], "markets": ["ASEAN", "GCC"],
    "channels": ["fairs_agents", "oem", "b2b_platform"], "export_mode": "0110",
    "own_brand": False, "payment_terms_planned": ["lc", "oa"], "order_horizon": "m3",
}  # fmt: skip


@pytest.fixture
def q() -> Questionnaire:
    return current_questionnaire()
