"""Message catalogs: extract strings from the code, merge them into the zh_CN catalog, compile.

    python scripts/i18n.py extract   # code -> resources/locale/messages.pot
    python scripts/i18n.py update    # .pot -> resources/locale/zh_CN/LC_MESSAGES/messages.po
    python scripts/i18n.py compile   # .po -> .mo (the app reads the .mo)

Translate new entries in the .po (Poedit or any editor); tests/test_catalogs.py fails while an
entry is missing, fuzzy, or has placeholders that differ from the English.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "resources" / "locale"
POT = LOCALE_DIR / "messages.pot"
SOURCES = ["main.py", "gui", "services"]


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(target: Path = POT) -> None:
    pybabel(
        "extract",
        "--no-location",
        "--omit-header",
        "--sort-output",
        "-k",
        "N_",
        "-o",
        str(target),
        *(str(ROOT / s) for s in SOURCES),
    )


def update() -> None:
    pybabel(
        "update",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        "--omit-header",
        "-i",
        str(POT),
        "-d",
        str(LOCALE_DIR),
        "-l",
        "zh_CN",
    )


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(LOCALE_DIR), "-l", "zh_CN")


def main(argv: list[str]) -> int:
    actions = {"extract": extract, "update": update, "compile": compile_catalogs}
    if not argv or argv[0] not in actions:
        print(__doc__)
        return 2
    actions[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
