"""Everything a readiness report needs about one company, read from the database in one go.

Reads: ``CompanyRepository.get``; ``SessionRepository.list_for_company``/``get``/
``questionnaire`` and ``scoring.score`` (the chosen session and the one before it);
``ServiceCatalogue.all``; ``rcep.opportunities.company_opportunities`` with
``rcep.tariffs.lookup`` and ``rcep.savings.savings`` for the saving on a typical shipment;
``rcep.origin_store.OriginRepository.assessments_for_company`` (boxes 10 and 11); the most
recently changed ``warehouse.repository`` scenario through ``PlanRepository.compare`` (key
figures without the Monte-Carlo run) and ``reports.warehouse_charts.first_line_charts`` (its
first line again, with a short simulation for the stock chart). Language-dependent texts
(HS labels, market names, mode names) are read in the current language, so call this inside
:func:`services.reports.language.report_language`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlite_utils import Database

from services.companies.models import Company
from services.companies.repository import CompanyRepository
from services.core.errors import AppError, ValidationError
from services.core.i18n import _, format_decimal, format_money
from services.rcep.opportunities import (
    MFN_UNKNOWN,
    NO_CHANGE,
    SAVES_NOW,
    WILL_SAVE,
    company_opportunities,
)
from services.rcep.origin_store import OriginRepository
from services.rcep.savings import SavingsResult, savings
from services.rcep.tariff_models import Rate, TariffSource
from services.rcep.tariff_repository import TariffRepository
from services.rcep.tariffs import lookup
from services.readiness.catalogue import ServiceCatalogue, ServiceUnit
from services.readiness.questionnaire import Questionnaire, active_questionnaire
from services.readiness.scoring import ScoreResult, score
from services.readiness.sessions import Session, SessionRepository, SessionSummary
from services.refdata.countries import market_name
from services.refdata.hs import HsNomenclature, clean_code
from services.reports.warehouse_charts import WarehouseCharts, first_line_charts
from services.warehouse.models import MODE_LABELS
from services.warehouse.rate_cards import default_cards
from services.warehouse.recommend import mode_label
from services.warehouse.repository import FIGURES, PlanRepository

log = logging.getLogger(__name__)

DEFAULT_SHIPMENT_VALUE = Decimal(100_000)
DEFAULT_SHIPMENT_CURRENCY = "CNY"
SERVICE_CENTRE_KEY = "service_center"
_WITH_RATES = (SAVES_NOW, WILL_SAVE, NO_CHANGE, MFN_UNKNOWN)


@dataclass(frozen=True, slots=True)
class RcepRow:
    """One product × importing Party with tariff data on file."""

    product_name: str
    hs_code: str
    market: str
    party: str
    status: str
    line: str
    mfn: Rate | None
    rcep_now: Rate | None  # the applied rate this tariff year
    rcep_next: Rate | None  # next tariff year; None when unknown
    next_known: bool
    year: int
    saving_now: Decimal | None
    saving_next: Decimal | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class OriginRow:
    """A saved origin self-assessment (Form RCEP boxes 10 and 11)."""

    product_name: str
    hs_code: str
    importing_party: str | None
    assessed_on: date | None
    originating: bool
    criterion: str | None  # box 10
    country_of_origin: str | None  # box 11
    rule: str
    bom_version: int | None = None


@dataclass(frozen=True, slots=True)
class WarehouseFigure:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class WarehouseSummary:
    """The key figures of a company's overseas-warehouse plan (already formatted)."""

    name: str
    updated: str
    figures: tuple[WarehouseFigure, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[str, ...] = ()
    recommendation: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (what, date)
    charts: WarehouseCharts | None = None  # of the first SKU × market line


@dataclass(frozen=True)
class ReportInputs:
    company: Company
    today: date
    hs_labels: Mapping[str, str]  # product HS code -> label in the report language
    session: Session | None = None
    session_number: int = 0  # 1-based position in the company's timeline
    previous: Session | None = None
    timeline: tuple[SessionSummary, ...] = ()  # up to and including ``session``
    questionnaire: Questionnaire | None = None
    result: ScoreResult | None = None
    previous_result: ScoreResult | None = None
    services: Mapping[str, ServiceUnit] = field(default_factory=dict)
    service_centre: str = ""
    rules_as_of: str = ""  # the regulations date: the session's questionnaire, else the active
    shipment_value: Decimal = DEFAULT_SHIPMENT_VALUE
    shipment_currency: str = DEFAULT_SHIPMENT_CURRENCY
    rcep: tuple[RcepRow, ...] = ()
    tariff_sources: tuple[TariffSource, ...] = ()
    origin: tuple[OriginRow, ...] = ()
    warehouse: WarehouseSummary | None = None


def gather(
    db: Database,
    company_id: str,
    hs: HsNomenclature,
    *,
    today: date,
    session_id: str | None = None,
    shipment_value: Decimal = DEFAULT_SHIPMENT_VALUE,
) -> ReportInputs:
    company = CompanyRepository(db).get(company_id)
    sessions = SessionRepository(db)
    timeline = sessions.list_for_company(company_id)
    if session_id is not None and not any(s.id == session_id for s in timeline):
        raise ValidationError(
            _("The session {id} is not one of this company's sessions.").format(id=session_id),
            field="session",
        )
    chosen_index = (
        next(i for i, s in enumerate(timeline) if s.id == session_id)
        if session_id is not None
        else len(timeline) - 1
    )
    session = previous = None
    q = None
    result = previous_result = None
    if chosen_index >= 0:
        session = sessions.get(timeline[chosen_index].id)
        q = sessions.questionnaire(session.questionnaire_version)
        result = score(q, session.profile, session.answers, session.preset)
        if chosen_index > 0:
            previous = sessions.get(timeline[chosen_index - 1].id)
            previous_q = sessions.questionnaire(previous.questionnaire_version)
            previous_result = score(previous_q, previous.profile, previous.answers, previous.preset)
    units = {u.key: u for u in ServiceCatalogue(db).all()}
    in_use = q or active_questionnaire(db)  # without a session: the one new sessions get
    rows, tariff_sources = rcep_rows(db, company, today, shipment_value)
    return ReportInputs(
        company=company,
        today=today,
        hs_labels={p.hs_code: hs.describe(p.hs_code) for p in company.products if p.hs_code},
        session=session,
        session_number=chosen_index + 1,
        previous=previous,
        timeline=tuple(timeline[: chosen_index + 1]),
        questionnaire=q,
        result=result,
        previous_result=previous_result,
        services=units,
        service_centre=_service_centre(units, in_use),
        rules_as_of=in_use.rules_as_of,
        shipment_value=shipment_value,
        rcep=rows,
        tariff_sources=tariff_sources,
        origin=origin_rows(db, company),
        warehouse=warehouse_summary(db, company),
    )


def _service_centre(units: Mapping[str, ServiceUnit], q: Questionnaire) -> str:
    unit = units.get(SERVICE_CENTRE_KEY)
    if unit is not None:
        return unit.name()
    if SERVICE_CENTRE_KEY in q.services:
        return q.services[SERVICE_CENTRE_KEY].name.get()
    return ""


# ---- RCEP ----------------------------------------------------------------------------------


def rcep_rows(
    db: Database, company: Company, today: date, shipment_value: Decimal
) -> tuple[tuple[RcepRow, ...], tuple[TariffSource, ...]]:
    """The company's product × RCEP Party pairs that have tariff data, with the duty saved on
    a shipment of ``shipment_value`` CNY this tariff year and next."""
    repo = TariffRepository(db)
    if not repo.sources():
        return (), ()
    rows: list[RcepRow] = []
    used: dict[str, TariffSource] = {}
    for opp in company_opportunities(company, repo, today):
        if opp.party is None or opp.status not in _WITH_RATES or not opp.line:
            continue
        try:
            result = lookup(repo, opp.hs_code, opp.party, "CN", today)
        except AppError:
            continue
        line = next((ln for ln in result.lines if ln.line == opp.line), None)
        if line is None:
            continue
        for source in (line.source, line.mfn_source):
            if source is not None:
                used[source.id] = source
        try:
            saved: SavingsResult | None = savings(
                line, shipment_value, DEFAULT_SHIPMENT_CURRENCY, Decimal(1), result.year
            )
        except ValidationError:
            saved = None
        now = saved.years[0] if saved and saved.years else None
        nxt = saved.years[1] if saved and len(saved.years) > 1 else None
        next_known = nxt is not None or (
            saved is not None
            and not saved.this_year_only
            and (line.rcep is None or line.final_year is not None)
        )
        rcep_next = nxt.applied_rate if nxt else (line.applied if next_known else None)
        saving_next = nxt.saving if nxt else (now.saving if now and next_known else None)
        rows.append(
            RcepRow(
                product_name=opp.product_name,
                hs_code=opp.hs_code,
                market=opp.market,
                party=opp.party,
                status=opp.status,
                line=line.line,
                mfn=line.mfn,
                rcep_now=line.applied,
                rcep_next=rcep_next,
                next_known=next_known,
                year=result.year.number,
                saving_now=now.saving if now else None,
                saving_next=saving_next,
                note=(now.note if now else "") or (saved.note if saved else ""),
            )
        )
    return tuple(rows), tuple(sorted(used.values(), key=lambda s: s.id))


# ---- warehouse -----------------------------------------------------------------------------

_WAREHOUSE_FIGURES = (
    ("safety_stock", 0),
    ("reorder_point", 0),
    ("order_up_to", 0),
    ("storage_cbm", 1),
    ("cash_tied_up", 0),
)


def warehouse_summary(db: Database, company: Company) -> WarehouseSummary | None:
    """The key figures of the company's most recently changed warehouse scenario (computed
    without the Monte-Carlo run), or None when it has none or it cannot be computed."""
    repo = PlanRepository(db)
    plans = repo.list_for_company(company.id)
    if not plans:
        return None
    latest = plans[0]
    try:
        (compared,) = repo.compare([latest.id])
    except (AppError, ArithmeticError, ValueError) as exc:
        log.warning("warehouse plan %s left out of the report: %s", latest.id, exc)
        return None
    titles = dict(FIGURES)
    columns = (
        _("SKU"),
        _("Market"),
        *(_(titles[key]) for key, _digits in _WAREHOUSE_FIGURES),
        _(titles["recommended"]),
        _("Cost per unit"),
    )
    rows = []
    for line in compared.lines:
        f = line.figures
        mode = f.get("recommended")
        per_unit = f.get(f"per_unit_{mode}") if isinstance(mode, str) else None
        rows.append(
            (
                line.sku,
                market_name(line.market),
                *(_number(f.get(key), digits) for key, digits in _WAREHOUSE_FIGURES[:4]),
                _money(f.get("cash_tied_up"), compared.currency),
                mode_label(mode) if isinstance(mode, str) and mode in MODE_LABELS else "—",
                _money(per_unit, compared.currency),
            )
        )
    sources = []
    for market in latest.markets:
        cards = default_cards(market)
        dates = sorted({entry.as_of for _c, _k, entry in cards.entries() if entry.as_of})
        sources.append((f"{market_name(market)} · {cards.version}", dates[-1] if dates else "—"))
    return WarehouseSummary(
        name=latest.name,
        updated=latest.updated_at[:10],
        figures=(),
        rows=tuple(rows),
        columns=columns,
        sources=tuple(sources),
        charts=_warehouse_charts(repo, latest.id),
    )


def _warehouse_charts(repo: PlanRepository, plan_id: str) -> WarehouseCharts | None:
    try:
        return first_line_charts(repo.get(plan_id).plan)
    except (AppError, ArithmeticError, ValueError) as exc:
        log.warning("charts of warehouse plan %s left out of the report: %s", plan_id, exc)
        return None


def _number(value: object, digits: int) -> str:
    return format_decimal(float(value), digits) if isinstance(value, int | float) else "—"


def _money(value: object, currency: str) -> str:
    return format_money(float(value), currency) if isinstance(value, int | float) else "—"


# ---- origin --------------------------------------------------------------------------------


def origin_rows(db: Database, company: Company) -> tuple[OriginRow, ...]:
    """The company's saved origin self-assessments, by product, newest first."""
    products = {p.id: p for p in company.products}
    rows = []
    for a in OriginRepository(db).assessments_for_company(company.id):
        product = products.get(a.product_id)
        hs_code = product.hs_code if product else str(a.request.get("product", {}).get("hs", ""))
        box11 = a.result.get("rcep_country_of_origin")
        rows.append(
            OriginRow(
                product_name=product.name if product else _("(product removed)"),
                hs_code=clean_code(hs_code),
                importing_party=a.importing_party,
                assessed_on=a.assessed_on,
                originating=a.originating,
                criterion=a.criterion,
                country_of_origin=str(box11) if box11 else None,
                rule=a.rule_text,
                bom_version=a.bom_version,
            )
        )
    rows.sort(key=lambda r: r.assessed_on or date.min, reverse=True)
    rows.sort(key=lambda r: r.product_name)
    return tuple(rows)
