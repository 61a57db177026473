"""Batches: one PDF per company, safe file names, failures listed, date ranges, cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scripts.report_demo_data import add_company, add_sessions
from services.core.errors import ValidationError
from services.core.progress import CancelToken
from services.core.store import DataStore
from services.refdata.reference import ReferenceData
from services.reports.fonts import ReportFont
from services.reports.readiness import (
    ReportOptions,
    companies_with_sessions,
    generate_batch,
    safe_file_name,
)
from tests.test_services.test_reports.conftest import Folder

DAY = date(2026, 11, 30)


def test_one_pdf_per_company_and_a_summary_of_failures(
    folder: Folder, tmp_path: Path, font: ReportFont
) -> None:
    progress: list[tuple[int, int]] = []
    result = generate_batch(
        folder.store.db,
        folder.reference.hs,
        tmp_path / "out",
        company_ids=[folder.rich, "no-such-company", folder.minimal],
        options=ReportOptions(today=DAY),
        progress=lambda done, total: progress.append((done, total)),
    )
    assert [r.company_id for r in result.written] == [folder.rich, folder.minimal]
    assert all(r.path.is_file() and r.pages > 0 for r in result.written)
    (failure,) = result.failures
    assert failure.company_id == "no-such-company"
    assert failure.code == "not_found"
    assert failure.message
    assert not result.cancelled
    assert progress[0] == (0, 3)
    assert progress[-1] == (3, 3)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 2
    assert all(n.endswith("-2026-11-30.pdf") for n in names)


def test_companies_with_a_session_in_a_date_range(folder: Folder) -> None:
    ids = [cid for cid, _session in companies_with_sessions(folder.store.db, None, None)]
    assert ids == [folder.rich]
    in_march = companies_with_sessions(folder.store.db, date(2026, 3, 1), date(2026, 3, 31))
    assert in_march == [(folder.rich, folder.sessions[0])]  # the latest session in the range
    assert companies_with_sessions(folder.store.db, date(2027, 1, 1), None) == []


def test_batch_by_date_range(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    result = generate_batch(
        folder.store.db,
        folder.reference.hs,
        tmp_path,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 4, 15),
        options=ReportOptions(today=DAY),
    )
    assert [r.company_id for r in result.written] == [folder.rich]
    with pytest.raises(ValidationError):
        generate_batch(
            folder.store.db,
            folder.reference.hs,
            tmp_path,
            date_from=date(2026, 5, 1),
            date_to=date(2026, 4, 1),
        )


def test_same_names_do_not_overwrite_each_other(
    store: DataStore, reference: ReferenceData, tmp_path: Path, font: ReportFont
) -> None:
    a = add_company(store.db, reference.hs, name_zh="同名/公司:*?", products=1)
    b = add_company(store.db, reference.hs, name_zh="同名/公司:*?", products=1)
    add_sessions(store.db, a, count=1)
    result = generate_batch(store.db, reference.hs, tmp_path, company_ids=[a, b])
    paths = {r.path for r in result.written}
    assert len(paths) == 2
    assert all("/" not in p.name[:-4] and ":" not in p.name for p in paths)
    assert all(p.parent == tmp_path for p in paths)


def test_cancel_stops_the_batch(folder: Folder, tmp_path: Path, font: ReportFont) -> None:
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done == 1:
            token.cancel()

    result = generate_batch(
        folder.store.db,
        folder.reference.hs,
        tmp_path,
        company_ids=[folder.minimal, folder.rich, folder.minimal],
        progress=progress,
        cancel=token,
    )
    assert result.cancelled
    assert len(result.written) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("葛店/光电:公司*", "葛店_光电_公司"),
        ("   ", "company"),
        ("..", "company"),
        ("a" * 200, "a" * 60),
        ("CON<>|", "CON"),
    ],
)
def test_safe_file_names(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected
