"""The command line as the tests drive it: ``main.main`` with a data folder, its JSON answer
read from stdout and the exit status checked (docs/cli.md). The ``cli`` fixture in
tests/conftest.py gives one on ``tmp_path / "data"``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


class Cli:
    def __init__(
        self, data_dir: Path, capsys: pytest.CaptureFixture[str], *, lang: str | None = None
    ) -> None:
        self.data_dir = data_dir
        self.capsys = capsys
        self.lang = lang  # None: the default language (Chinese)

    def __call__(self, *args: str, status: int = 0) -> Any:
        """The command's JSON answer; fails the test when it exits other than ``status``."""
        import main  # the entry point loads every command: only when a test runs one

        options = ["--data-dir", str(self.data_dir)]
        if self.lang:
            options += ["--lang", self.lang]
        code = main.main([*options, *args])
        out = self.capsys.readouterr().out
        assert code == status, out
        return json.loads(out)
