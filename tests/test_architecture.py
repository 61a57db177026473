"""Layering: services/ never imports Qt (or gui/), checked in a clean interpreter."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT


def _service_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
        for path in (REPO_ROOT / "services").rglob("*.py")
        if path.name != "__init__.py"
    )


def test_there_are_service_modules_to_check() -> None:
    assert "services.core.store" in _service_modules()
    assert "services.companies.repository" in _service_modules()


def test_services_never_import_qt_or_gui() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {_service_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'gui'))\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_main_imports_qt_only_for_the_window() -> None:
    code = "import sys, main\nassert 'PySide6' not in sys.modules\nprint('ok')\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
