"""Shared fixtures. Qt runs offscreen unless a developer exports another platform to watch."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.core.i18n import set_locale
from services.core.paths import AppPaths
from services.core.store import DataStore, open_store
from services.refdata.reference import ReferenceData
from tests.cli_support import Cli

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

_REFERENCE = ReferenceData()


@pytest.fixture(autouse=True)
def _default_locale() -> Iterator[None]:
    set_locale("zh_CN")
    yield
    set_locale("zh_CN")


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data")


@pytest.fixture
def store(paths: AppPaths) -> Iterator[DataStore]:
    opened = open_store(paths)
    yield opened
    opened.close()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command line on ``tmp_path / "data"`` (tests/cli_support.py)."""
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def reference() -> ReferenceData:
    """Loaded once per test session: HS data are read-only."""
    return _REFERENCE


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA
