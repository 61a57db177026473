"""Companies for the report tests and benchmark: a rich one (products, contacts, three sessions
with a growing share of answers, an edited action plan) and a minimal one (only a profile).

Used by tests/test_services/test_reports and scripts/bench_reports.py; writes through the
ordinary repositories, so everything is validated as in the app.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from services.companies.models import CompanyDraft, Contact, Product
from services.companies.repository import CompanyRepository
from services.readiness.scoring import Answer
from services.readiness.sessions import SessionRepository
from services.refdata.hs import HsNomenclature
from services.warehouse.sample import sample_plan

PRODUCTS = (
    ("锂离子蓄电池组", "850760"),
    ("光伏组件", "854143"),
    ("储能逆变器", "850440"),
    ("棉制T恤衫", "610910"),
    ("木制家具", "940360"),
    ("塑料制品", "392690"),
    ("便携式电脑", "847130"),
    ("通信设备", "851762"),
    ("油漆刷", "960340"),
    ("旅行箱包", "420292"),
)


def add_company(
    db: Database,
    hs: HsNomenclature,
    *,
    name_zh: str = "葛店示范外贸科技有限公司",
    name_en: str = "Gedian Demo Trading Tech Co., Ltd.",
    products: int = 10,
    notes: str = "首次参加孵化辅导；计划通过跨境电商进入日本和东盟市场。",
    markets: tuple[str, ...] = ("JP", "AUNZ", "ASEAN", "EU"),
) -> str:
    draft = CompanyDraft(
        name_zh=name_zh,
        name_en=name_en,
        industry="new_energy",
        company_type="manufacturer",
        stage="occasional",
        markets=markets,
        channels=("b2b_platform", "marketplace"),
        contacts=(
            Contact("boss", "张伟", "13871234567", "boss@example.com"),
            Contact("trade_lead", "李娜", "027-60001234", "trade@example.com"),
        ),
        products=tuple(Product(n, code, "") for n, code in PRODUCTS[:products]),
        notes=notes,
    )
    return CompanyRepository(db).save(draft, hs).id


def add_minimal_company(db: Database, hs: HsNomenclature, name_zh: str = "极简贸易有限公司") -> str:
    return CompanyRepository(db).save(CompanyDraft(name_zh=name_zh), hs).id


def add_sessions(
    db: Database,
    company_id: str,
    *,
    count: int = 3,
    first: date = date(2026, 3, 2),
    advisor: str = "王顾问",
) -> list[str]:
    """``count`` sessions a month apart, each answering more items well than the last."""
    repo = SessionRepository(db)
    ids = []
    for n in range(count):
        session = repo.create(
            company_id,
            held_on=first + timedelta(days=30 * n),
            advisor=advisor,
            notes=f"第{n + 1}次辅导：梳理出口资质与单证。",
        )
        q = repo.questionnaire(session.questionnaire_version)
        items = q.applicable_items(session.profile)
        share = (n + 1) / (count + 1)
        for index, item in enumerate(items):
            good = (index * 7 + n * 3) % 10 < share * 10
            if item.type == "number":
                value: object = item.target or 0 if good else 0
            else:
                options = q.options(item)
                value = options[-1] if good else options[0]
            repo.save_answer(session.id, item.id, Answer(value, "seen" if good else "none", ""))
        ids.append(session.id)
    last = repo.get(ids[-1])
    if last.actions:
        edited = [replace(last.actions[0], status="doing", note="已联系报关行")]
        repo.save_actions(last.id, [*edited, *last.actions[1:]])
    return ids


def warehouse_plan_document(skus: int = 2) -> dict[str, Any]:
    """A planner scenario (services.warehouse.sample): power banks to Japan and the US."""
    return sample_plan("海运日本 95%", [f"储能电源 {n + 1}" for n in range(skus)])


def add_warehouse_plan(db: Database, company_id: str) -> str:
    from services.warehouse.repository import PlanRepository

    return PlanRepository(db).save(company_id, warehouse_plan_document()).id
