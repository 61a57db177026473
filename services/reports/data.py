"""The readiness report's content (domain/readiness.md §3.11, issue 7): pure functions from
:class:`~services.reports.gather.ReportInputs` to a :class:`~services.reports.model.ReportData`.

Order: cover (company, date, advisor, service centre, session, questionnaire version, rules
date); company profile; overall result (level, score, what the level means, why it is capped,
evidence coverage); dimensions (chart now vs the previous session, table with the change);
progress across sessions; open blocking items; top gaps by dimension; the 一企一策 action plan;
documents to bring; policy notes for the profile (regulations with their date and source, item
notes; unverified ones marked); RCEP opportunities; origin self-assessments; the
overseas-warehouse plan (key figures; cost and stock charts of its first line); data sources
and their dates; the regulations-date note; sign-off. The readiness wording is shared with
the results view (services/readiness/results.py). A section without data is left out, so a
company with only a profile gets a short report.

Every text is translated here in the current language (call inside ``report_language``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

from services.companies.models import (
    CHANNELS,
    COMPANY_TYPES,
    CONTACT_ROLES,
    EXPORT_STAGES,
    INDUSTRIES,
    Company,
    choice_label,
)
from services.core.i18n import (
    N_,
    _,
    current_locale,
    format_date,
    format_decimal,
    format_integer,
    format_money,
    format_percent,
    is_chinese,
)
from services.rcep.opportunities import (
    MFN_UNKNOWN,
    NO_CHANGE,
    SAVES_NOW,
    WILL_SAVE,
    status_label,
)
from services.rcep.parties import PARTIES
from services.rcep.tariff_models import Rate
from services.readiness.action_plan import CUSTOM, VERIFY
from services.readiness.progress import days_to_ready
from services.readiness.questionnaire import Questionnaire
from services.readiness.results import (
    answer_text,
    dimension_label,
    dimension_list,
    level_meaning,
    open_blockers,
    policy_notes,
    top_gaps,
)
from services.readiness.sessions import ActionRecord
from services.refdata.countries import country_name, market_name
from services.refdata.hs import HS_EDITION, format_code
from services.reports.gather import ReportInputs
from services.reports.model import (
    BAR,
    LEAD,
    LINE,
    RADAR,
    SMALL,
    Badge,
    Block,
    Chart,
    Column,
    Cover,
    KeyValues,
    Notice,
    Paragraph,
    ReportData,
    Section,
    Series,
    Signatures,
    Table,
)
from services.reports.warehouse_charts import chart_blocks

SAMPLE_MARK = "示例 / SAMPLE"  # the same in both languages, so it is never missed
MAX_CELL = 1200  # characters of a note shown in a table cell (the rest is cut with “…”)
EMPTY = "—"

ACTION_STATUS_LABELS: dict[str, str] = {
    "todo": N_("To do"),
    "doing": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
    "blocked": N_("Blocked"),
}


def regulation_note(rules_as_of: str) -> str:
    return _(
        "Regulatory information as of {month}; the latest rules of the competent "
        "authorities prevail."
    ).format(month=rules_as_of or EMPTY)


def cut(text: str, limit: int = MAX_CELL) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_readiness_report(inputs: ReportInputs) -> ReportData:
    """The report of ``inputs`` in the current language."""
    as_of = inputs.rules_as_of
    company = inputs.company
    name = company_display_name(company)
    title = _("Export readiness report")
    sections = [
        s
        for s in (
            profile_section(inputs),
            result_section(inputs),
            dimensions_section(inputs),
            trend_section(inputs),
            blockers_section(inputs),
            gaps_section(inputs),
            plan_section(inputs),
            evidence_section(inputs),
            policy_section(inputs),
            rcep_section(inputs),
            origin_section(inputs),
            warehouse_section(inputs),
            sources_section(inputs, as_of),
            closing_section(inputs, as_of),
        )
        if s is not None
    ]
    header = f"{title} · {cut(name, 60)}"
    if company.is_sample:
        header = f"{header} · {SAMPLE_MARK}"
    return ReportData(
        language=current_locale(),
        title=title,
        cover=cover(inputs, as_of),
        sections=tuple(sections),
        header=header,
        footer=regulation_note(as_of),
        page_label="{page} / {pages}",
        subject=cut(name, 200),
        keywords=("ExportPilot", "RCEP", company.uscc or ""),
    )


def company_display_name(company: Company) -> str:
    if is_chinese() or not company.name_en.strip():
        return company.name_zh
    return company.name_en


def _other_name(company: Company) -> str:
    if is_chinese() or not company.name_en.strip():
        return company.name_en
    return company.name_zh


# ---- cover ---------------------------------------------------------------------------------


def cover(inputs: ReportInputs, as_of: str) -> Cover:
    company, session, q = inputs.company, inputs.session, inputs.questionnaire
    facts: list[tuple[str, str]] = [(_("Report date"), format_date(inputs.today, "long"))]
    if company.uscc:
        facts.append((_("USCC"), company.uscc))
    if session is not None:
        facts.append(
            (
                _("Session"),
                _("No. {number}, {date}").format(
                    number=format_integer(inputs.session_number),
                    date=format_date(session.held_on, "long"),
                ),
            )
        )
    facts.append((_("Advisor"), cut(session.advisor, 100) if session and session.advisor else ""))
    if inputs.service_centre:
        facts.append((_("Service centre"), inputs.service_centre))
    if q is not None:
        facts.append((_("Questionnaire version"), q.version))
    facts.append((_("Regulations as of"), as_of or EMPTY))
    return Cover(
        title=_("Export readiness report"),
        subtitle=_("一企一策 assessment, action plan and opportunities"),
        company=company_display_name(company),
        company_other_name=_other_name(company),
        facts=tuple(facts),
        sample_mark=SAMPLE_MARK if company.is_sample else "",
    )


# ---- company profile -----------------------------------------------------------------------


def profile_section(inputs: ReportInputs) -> Section:
    c = inputs.company
    separator = "、" if is_chinese() else ", "
    rows = [(_("Chinese name"), c.name_zh)]
    if c.name_en:
        rows.append((_("English name"), c.name_en))
    if c.uscc:
        rows.append((_("USCC"), c.uscc))
    for label, choices, key in (
        (_("Industry"), INDUSTRIES, c.industry),
        (_("Company type"), COMPANY_TYPES, c.company_type),
        (_("Export stage"), EXPORT_STAGES, c.stage),
    ):
        if key:
            rows.append((label, choice_label(choices, key)))
    if c.markets:
        rows.append((_("Target markets"), separator.join(market_name(m) for m in c.markets)))
    if c.channels:
        rows.append(
            (_("Sales channels"), separator.join(choice_label(CHANNELS, ch) for ch in c.channels))
        )
    blocks: list[Block] = []
    if c.is_sample:
        blocks.append(
            Notice(
                _("This is the sample company shipped with ExportPilot; its data are made up."),
                tone="warning",
            )
        )
    blocks.append(KeyValues(tuple(rows)))
    if c.contacts:
        blocks.append(
            Table(
                columns=(
                    Column(_("Role"), 2),
                    Column(_("Name"), 2),
                    Column(_("Phone"), 2),
                    Column(_("E-mail"), 3),
                ),
                rows=tuple(
                    (choice_label(CONTACT_ROLES, p.role), cut(p.name, 200), p.phone, p.email)
                    for p in c.contacts
                ),
                caption=_("Contacts"),
            )
        )
    if c.products:
        with_notes = any(p.notes.strip() for p in c.products)
        columns = [Column(_("Product"), 3), Column(_("HS code"), 1.3)]
        columns.append(Column(_("HS description"), 3.2 if with_notes else 5.7))
        if with_notes:
            columns.append(Column(_("Notes"), 2.5))
        product_rows: list[tuple[str, ...]] = []
        for p in c.products:
            row = [
                cut(p.name, 300),
                format_code(p.hs_code) if p.hs_code else "",
                cut(inputs.hs_labels.get(p.hs_code, ""), 240),
            ]
            product_rows.append(tuple([*row, cut(p.notes, 600)] if with_notes else row))
        blocks.append(Table(tuple(columns), tuple(product_rows), caption=_("Products")))
    if c.notes.strip():
        blocks.append(Paragraph(_("Notes"), LEAD))
        blocks.append(Paragraph(c.notes.strip()))
    return Section("profile", _("Company profile"), tuple(blocks))


# ---- result --------------------------------------------------------------------------------


def result_section(inputs: ReportInputs) -> Section | None:
    result, q, session = inputs.result, inputs.questionnaire, inputs.session
    if result is None or q is None or session is None:
        return None
    blocks: list[Block] = [
        Badge(
            level_key=result.level.key,
            level=result.level.text.get(),
            score=_("{score} / 100").format(score=format_decimal(result.score, 0)),
            score_label=_("Readiness score"),
            meaning=level_meaning(result.level.key),
        )
    ]
    facts = [
        (
            _("Questions answered"),
            _("{answered} of {applicable}").format(
                answered=format_integer(result.answered),
                applicable=format_integer(len(result.applicable)),
            ),
        ),
        (_("Open blocking items"), format_integer(len(result.blocking_open))),
        (_("Evidence coverage"), format_percent(result.evidence_coverage, 0)),
    ]
    stage = session.profile.get("stage") or inputs.company.stage
    if stage:
        facts.insert(0, (_("Export stage"), choice_label(EXPORT_STAGES, str(stage))))
    blocks.append(KeyValues(tuple(facts)))
    if result.level_reasons:
        blocks.append(Paragraph(_("Why the level is capped"), LEAD))
        blocks.extend(Paragraph(f"• {reason}") for reason in result.level_reasons)
    blocks.append(
        Paragraph(
            _("Strengths (70 or more): {dims}").format(dims=dimension_list(q, result.strengths))
        )
    )
    blocks.append(
        Paragraph(_("Gaps (below 50): {dims}").format(dims=dimension_list(q, result.gaps)))
    )
    if session.notes.strip():
        blocks.append(Paragraph(_("Session notes"), LEAD))
        blocks.append(Paragraph(session.notes.strip()))
    return Section("result", _("Overall result"), tuple(blocks))


def dimensions_section(inputs: ReportInputs) -> Section | None:
    result, q = inputs.result, inputs.questionnaire
    if result is None or q is None or not result.dimensions:
        return None
    before = inputs.previous_result.dimensions if inputs.previous_result else {}
    dims = list(result.dimensions.values())
    categories = tuple(dimension_label(q, d.dim) for d in dims)
    series = [Series(_("This session"), tuple(d.score for d in dims))]
    if before:
        series.append(
            Series(
                _("Previous session"),
                tuple(before[d.dim].score if d.dim in before else None for d in dims),
            )
        )
    chart = Chart(
        kind=RADAR if len(dims) >= 3 else BAR,
        title=_("Score per dimension"),
        categories=categories,
        series=tuple(series),
        maximum=100.0,
    )
    rows = []
    for d in dims:
        change = EMPTY
        if d.dim in before:
            delta = d.score - before[d.dim].score
            change = ("+" if delta > 0 else "") + format_decimal(delta, 0)
        rows.append(
            (
                dimension_label(q, d.dim),
                format_decimal(d.score, 0),
                change,
                _("{answered} of {applicable}").format(
                    answered=format_integer(d.answered), applicable=format_integer(d.applicable)
                ),
                format_decimal(d.weight, 0),
            )
        )
    table = Table(
        columns=(
            Column(_("Dimension"), 4),
            Column(_("Score"), 1.2, "right"),
            Column(_("Change"), 1.2, "right"),
            Column(_("Answered / applicable"), 2, "right"),
            Column(_("Weight"), 1.2, "right"),
        ),
        rows=tuple(rows),
        footnote=_("Change: points since the previous session.") if before else "",
    )
    return Section("dimensions", _("Dimensions"), (chart, table))


def trend_section(inputs: ReportInputs) -> Section | None:
    timeline = inputs.timeline
    if len(timeline) < 2:
        return None
    labels = tuple(format_date(s.held_on, "short") for s in timeline)
    chart = Chart(
        kind=LINE,
        title=_("Readiness score over the sessions"),
        categories=labels,
        series=(Series(_("Readiness score"), tuple(s.score for s in timeline)),),
        maximum=100.0,
    )
    q = inputs.questionnaire
    rows = []
    for s in timeline:
        level = ""
        if q is not None and s.level:
            found = q.level(s.level)
            level = found.text.get() if found else s.level
        rows.append(
            (
                format_date(s.held_on),
                cut(s.advisor, 100),
                format_decimal(s.score, 0) if s.score is not None else EMPTY,
                level,
                format_integer(s.blocking_open),
                _("{done} of {total}").format(
                    done=format_integer(s.actions_done), total=format_integer(s.actions_total)
                ),
            )
        )
    blocks: list[Block] = [
        chart,
        Table(
            columns=(
                Column(_("Date"), 2),
                Column(_("Advisor"), 2.2),
                Column(_("Score"), 1, "right"),
                Column(_("Level"), 1.2),
                Column(_("Open blocking items"), 1.6, "right"),
                Column(_("Actions done"), 1.6, "right"),
            ),
            rows=tuple(rows),
        ),
    ]
    days = days_to_ready(list(timeline))
    if days is not None:
        blocks.append(
            Paragraph(
                _("Days from the first session to “ready”: {days}").format(
                    days=format_integer(days)
                )
            )
        )
    return Section("trend", _("Progress across sessions"), tuple(blocks))


# ---- blockers, plan, evidence --------------------------------------------------------------


def blockers_section(inputs: ReportInputs) -> Section | None:
    result, q, session = inputs.result, inputs.questionnaire, inputs.session
    if result is None or q is None or session is None or not result.blocking_open:
        return None
    rows = [
        (b.item.id, b.item.text.get(), b.missing_text)
        for b in open_blockers(q, result, session.answers)
    ]
    table = Table(
        columns=(Column(_("Item"), 1), Column(_("Question"), 5), Column(_("What is missing"), 3)),
        rows=tuple(rows),
        emphasis=tuple(range(len(rows))),
    )
    intro = Paragraph(
        _(
            "Blocking items are legal or practical must-haves for the chosen export route; "
            "each clears only when the evidence has been seen."
        ),
        SMALL,
    )
    return Section("blockers", _("Open blocking items"), (intro, table))


def gaps_section(inputs: ReportInputs) -> Section | None:
    """The items that cost each dimension the most points, weakest dimension first."""
    result, q, session = inputs.result, inputs.questionnaire, inputs.session
    if result is None or q is None or session is None:
        return None
    groups = top_gaps(q, result)
    if not groups:
        return None
    rows: list[tuple[str, ...]] = []
    emphasis: list[int] = []
    for group in groups:
        heading = _("{dimension} ({score})").format(
            dimension=dimension_label(q, group.dim.dim), score=format_decimal(group.dim.score, 0)
        )
        for index, gap in enumerate(group.gaps):
            if gap.blocker:
                emphasis.append(len(rows))
            rows.append(
                (
                    heading if index == 0 else "",
                    gap.item.id,
                    gap.item.text.get(),
                    answer_text(q, gap.item, session.answers.get(gap.item.id)),
                    "+" + format_decimal(gap.points, 0),
                )
            )
    table = Table(
        columns=(
            Column(_("Dimension"), 2.2),
            Column(_("Item"), 0.9),
            Column(_("Question"), 4.2),
            Column(_("Answer now"), 1.6),
            Column(_("Points to gain"), 1.2, "right"),
        ),
        rows=tuple(rows),
        emphasis=tuple(emphasis),
        footnote=_(
            "Points to gain: how much the dimension's score rises when the item reaches full "
            "marks. Highlighted: blocking items."
        ),
    )
    return Section("gaps", _("Top gaps by dimension"), (table,))


def action_text(q: Questionnaire | None, a: ActionRecord) -> str:
    if a.title:
        return a.title
    item = q.by_id.get(a.item_id) if q is not None and a.item_id else None
    if item is None:
        return ""
    text = item.action.get() if item.action else item.text.get()
    return _("Verify: {action}").format(action=text) if a.kind == VERIFY else text


def why_text(q: Questionnaire | None, a: ActionRecord) -> str:
    item = q.by_id.get(a.item_id) if q is not None and a.item_id else None
    if item is None:
        return _("Added by the advisor")
    why = f"{item.id} {item.text.get()}"
    blocker = _("Blocker")
    return f"{why} ({blocker})" if a.blocker else why


def owner_text(a: ActionRecord) -> str:
    role = choice_label(CONTACT_ROLES, a.owner_role)
    if a.owner_name and role:
        return _("{role}: {name}").format(role=role, name=a.owner_name)
    return a.owner_name or role


def plan_section(inputs: ReportInputs) -> Section | None:
    session, q = inputs.session, inputs.questionnaire
    if session is None:
        return None
    actions = [a for a in session.actions if a.status != "dropped"]
    if not actions:
        return None
    now = [a for a in actions if not a.later]
    later = [a for a in actions if a.later]
    columns = (
        Column(_("#"), 0.5, "right"),
        Column(_("Action"), 3.2),
        Column(_("Why (question)"), 3),
        Column(_("Owner"), 1.6),
        Column(_("Due"), 1.4),
        Column(_("Service unit / platform"), 2),
        Column(_("Status"), 1.1),
    )

    note_label = _("Note")

    def rows(items: Sequence[ActionRecord], start: int) -> tuple[tuple[str, ...], ...]:
        out = []
        for index, a in enumerate(items, start):
            text = cut(action_text(q, a), 600)
            if a.note.strip():
                text = f"{text}\n{note_label}: {cut(a.note, 600)}"
            out.append(
                (
                    format_integer(index),
                    text,
                    cut(why_text(q, a), 600),
                    cut(owner_text(a), 200),
                    format_date(a.due_on) if a.due_on else "",
                    _service_name(inputs, a.service_key),
                    choice_label(ACTION_STATUS_LABELS, a.status),
                )
            )
        return tuple(out)

    blocks: list[Block] = []
    if now:
        blocks.append(
            Table(
                columns,
                rows(now, 1),
                emphasis=tuple(i for i, a in enumerate(now) if a.blocker),
            )
        )
    if later:
        blocks.append(Paragraph(_("Later list (after the actions above)"), LEAD))
        blocks.append(Table(columns, rows(later, len(now) + 1)))
    return Section("plan", _("Action plan (一企一策)"), tuple(blocks))


def _service_name(inputs: ReportInputs, key: str | None) -> str:
    if not key:
        return ""
    unit = inputs.services.get(key)
    return cut(unit.name(), 200) if unit else key


def evidence_section(inputs: ReportInputs) -> Section | None:
    session, q = inputs.session, inputs.questionnaire
    if session is None or q is None:
        return None
    rows = []
    for a in session.actions:
        if a.status in ("done", "dropped") or a.kind == CUSTOM or a.later or not a.item_id:
            continue
        item = q.by_id.get(a.item_id)
        if item is None or not item.evidence:
            continue
        rows.append((item.id, item.text.get(), "、".join(item.evidence)))
    if not rows:
        return None
    table = Table(
        columns=(Column(_("Item"), 1), Column(_("Question"), 4.5), Column(_("Documents"), 3.5)),
        rows=tuple(rows),
    )
    return Section("evidence", _("Documents to bring to the next session"), (table,))


# ---- policy notes --------------------------------------------------------------------------


def _unverified_mark(text: str, unverified: bool) -> str:
    return _("[Unverified] {text}").format(text=text) if unverified else text


def policy_section(inputs: ReportInputs) -> Section | None:
    """The regulations behind the items that apply to the session's profile, each with the
    date it was checked and its source, then the notes of those items; unverified ones are
    marked and highlighted."""
    q, session = inputs.questionnaire, inputs.session
    if q is None or session is None:
        return None
    found = policy_notes(q, session.profile)
    if not found:
        return None
    blocks: list[Block] = [
        Paragraph(
            _(
                "Rules that apply to this company's profile, with the date they were last "
                "checked and the source. Rows marked “Unverified” must be confirmed with the "
                "competent authority before anyone relies on them."
            ),
            SMALL,
        )
    ]
    if found.references:
        blocks.append(
            Table(
                columns=(
                    Column(_("Rule and source"), 6),
                    Column(_("Items"), 1.6),
                    Column(_("As of"), 1.2),
                ),
                rows=tuple(
                    (
                        _unverified_mark(f"[{r.key}] {cut(unquote(r.text), 500)}", r.unverified),
                        ", ".join(r.items),
                        r.as_of or EMPTY,
                    )
                    for r in found.references
                ),
                emphasis=tuple(i for i, r in enumerate(found.references) if r.unverified),
            )
        )
    if found.notes:
        note_label = _("Note")
        rows = []
        for n in found.notes:
            text = n.item.text.get()
            if n.item.note:
                text = f"{text}\n{note_label}: {cut(n.item.note, 600)}"
            rows.append((n.item.id, _unverified_mark(text, n.unverified), n.as_of or EMPTY))
        blocks.append(
            Table(
                columns=(Column(_("Item"), 1), Column(_("Note"), 6.6), Column(_("As of"), 1.2)),
                rows=tuple(rows),
                caption=_("Notes on individual items"),
                emphasis=tuple(i for i, n in enumerate(found.notes) if n.unverified),
            )
        )
    return Section("policy", _("Policy notes"), tuple(blocks))


# ---- RCEP, origin, warehouse ---------------------------------------------------------------


_STATUS_ORDER = {SAVES_NOW: 0, WILL_SAVE: 1, MFN_UNKNOWN: 2, NO_CHANGE: 3}


def _rate(rate: Rate | None) -> str:
    if rate is None:
        return EMPTY
    if rate.excluded:
        return "U"
    if rate.percent is not None:
        return format_percent(rate.percent, 1)
    return rate.text or EMPTY


def _money(amount: Decimal | None, currency: str) -> str:
    return format_money(amount, currency) if amount is not None else EMPTY


def _party_name(code: str | None) -> str:
    if not code:
        return EMPTY
    return PARTIES[code].name() if code in PARTIES else country_name(code)


def rcep_section(inputs: ReportInputs) -> Section | None:
    if not inputs.rcep:
        return None
    currency = inputs.shipment_currency
    ranked = sorted(
        inputs.rcep, key=lambda r: (_STATUS_ORDER.get(r.status, 9), -(r.saving_now or 0))
    )
    rows = []
    for r in ranked:
        market = _party_name(r.party)
        if r.market != r.party:
            market = f"{market} ({market_name(r.market)})"
        rows.append(
            (
                cut(r.product_name, 200),
                format_code(r.hs_code),
                market,
                _rate(r.mfn),
                _rate(r.rcep_now),
                _rate(r.rcep_next) if r.next_known else EMPTY,
                _money(r.saving_now, currency),
                _money(r.saving_next, currency) if r.next_known else EMPTY,
                status_label(r.status),
            )
        )
    table = Table(
        columns=(
            Column(_("Product"), 2),
            Column(_("HS code"), 1.1),
            Column(_("Market"), 1.5),
            Column(_("MFN"), 0.9, "right"),
            Column(_("RCEP this year"), 1.1, "right"),
            Column(_("RCEP next year"), 1.1, "right"),
            Column(_("Saving this year"), 1.4, "right"),
            Column(_("Saving next year"), 1.4, "right"),
            Column(_("Status"), 1.7),
        ),
        rows=tuple(rows),
        emphasis=tuple(i for i, r in enumerate(ranked) if (r.saving_now or 0) > 0),
        footnote=_(
            "Savings: duty under MFN minus duty at the RCEP rate on a typical shipment worth "
            "{value} (customs value), for goods that qualify as RCEP originating. "
            "MFN is assumed to stay at today's rate; “—”: not known from the data on file."
        ).format(value=format_money(inputs.shipment_value, currency)),
    )
    return Section("rcep", _("RCEP opportunities"), (table,))


def origin_section(inputs: ReportInputs) -> Section | None:
    if not inputs.origin:
        return None
    rows = tuple(
        (
            cut(o.product_name, 200),
            format_code(o.hs_code) if o.hs_code else "",
            _party_name(o.importing_party),
            format_date(o.assessed_on) if o.assessed_on else "",
            _("Yes") if o.originating else _("No"),
            o.criterion or EMPTY,
            _party_name(o.country_of_origin) if o.country_of_origin else EMPTY,
        )
        for o in inputs.origin
    )
    table = Table(
        columns=(
            Column(_("Product"), 2.4),
            Column(_("HS code"), 1.1),
            Column(_("Importing party"), 1.5),
            Column(_("Date"), 1.4),
            Column(_("Originating"), 1.1),
            Column(_("Criterion (box 10)"), 1.4),
            Column(_("Country of origin (box 11)"), 1.6),
        ),
        rows=rows,
        footnote=_(
            "Self-assessments made with ExportPilot; the issuing authority or the exporter's "
            "declaration decides."
        ),
    )
    return Section("origin", _("Origin self-assessments (Form RCEP)"), (table,))


def warehouse_section(inputs: ReportInputs) -> Section | None:
    plan = inputs.warehouse
    if plan is None:
        return None
    blocks: list[Block] = [
        KeyValues(
            (
                (_("Plan"), plan.name),
                (_("Updated"), plan.updated),
                *((f.label, f.value) for f in plan.figures),
            )
        )
    ]
    if plan.rows and plan.columns:
        blocks.append(Table(_fitted_columns(plan.columns, plan.rows), plan.rows))
    if plan.recommendation:
        blocks.append(Paragraph(plan.recommendation))
    if plan.charts is not None:
        blocks.extend(chart_blocks(plan.charts))
    return Section("warehouse", _("Overseas-warehouse plan"), tuple(blocks))


def _fitted_columns(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[Column, ...]:
    """Columns as wide as their longest cell or title word (amounts on one line), within 4 to
    11 units."""

    def width(index: int, title: str) -> int:
        longest_cell = max((len(row[index]) for row in rows), default=0)
        longest_word = max((len(word) for word in title.split()), default=0)
        return min(max(longest_cell, longest_word, 4), 11)

    return tuple(Column(title, width(i, title)) for i, title in enumerate(titles))


# ---- sources, note, sign-off ---------------------------------------------------------------


def sources_section(inputs: ReportInputs, as_of: str) -> Section:
    rows: list[tuple[str, str, str]] = []
    q = inputs.questionnaire
    if q is not None:
        rows.append(
            (
                _("Readiness questionnaire"),
                _("Questionnaire {version} · rules as of {as_of}").format(
                    version=q.version, as_of=q.rules_as_of or EMPTY
                ),
                q.rules_as_of or EMPTY,
            )
        )
    for source in inputs.tariff_sources:
        rows.append(
            (
                _("Tariff rates: {party}").format(party=_party_name(source.importing_party)),
                cut(f"{source.title} — {source.attribution}".strip(" —"), 400),
                source.edition_date,
            )
        )
    if inputs.company.products:
        rows.append(
            (
                _("HS codes"),
                _("{edition} nomenclature (UN Comtrade / WCO)").format(edition=HS_EDITION),
                "2022",
            )
        )
    if inputs.warehouse is not None:
        label = _("Warehouse rate cards")
        rows.extend((label, what, when) for what, when in inputs.warehouse.sources)
    rows.append((_("Company data"), _("Company dossier in ExportPilot"), _updated(inputs.company)))
    table = Table(
        columns=(Column(_("Data"), 2), Column(_("Source"), 5), Column(_("Date"), 1.5)),
        rows=tuple(rows),
    )
    return Section("sources", _("Data sources and dates"), (table,))


def _updated(company: Company) -> str:
    try:
        return date.fromisoformat(company.updated_at[:10]).isoformat()
    except ValueError:
        return EMPTY


def closing_section(inputs: ReportInputs, as_of: str) -> Section:
    session = inputs.session
    advisor = cut(session.advisor, 100) if session and session.advisor else ""
    advisor_lines = (
        _("Name: {name}").format(name=advisor) if advisor else _("Name:"),
        _("Signature:"),
        _("Date:"),
    )
    company_lines = (_("Representative:"), _("Signature / company seal:"), _("Date:"))
    blocks: list[Block] = [
        Notice(regulation_note(as_of), tone="warning"),
        Paragraph(
            _(
                "This report supports the advisory sessions of the service centre. It is not "
                "legal advice and does not replace the decisions of customs, tax or other "
                "authorities."
            ),
            SMALL,
        ),
        Signatures(
            (
                (_("Advisor"), advisor_lines),
                (_("Company"), company_lines),
            )
        ),
    ]
    return Section("signoff", _("Note and sign-off"), tuple(blocks), keep_together=True)
