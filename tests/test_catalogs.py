"""The zh_CN catalog is complete, consistent with the code, and compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from scripts import i18n as i18n_script

PO = i18n_script.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _read(PO)


def _ids(cat: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}


def test_every_string_in_the_code_is_in_the_catalog(catalog: Catalog, tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    i18n_script.extract(fresh)
    missing = _ids(_read(fresh)) - _ids(catalog)
    assert not missing, "run scripts/i18n.py extract && update, then translate:\n" + "\n".join(
        sorted(missing)
    )


def test_every_entry_is_translated_and_not_fuzzy(catalog: Catalog) -> None:
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, untranslated


def test_placeholders_match(catalog: Catalog) -> None:
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
            wrong.append((source, target))
    assert not wrong, wrong


PROPER_NOUNS = {"Python", "Qt", "PySide6", "ExportPilot", "HS", "OK"}


def _needs_chinese(source: str) -> bool:
    """Whether a message has words to translate (not only placeholders and proper nouns)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]+", PLACEHOLDER.sub("", source))  # not A, B
    return any(word not in PROPER_NOUNS for word in words)


def _first(value: str | tuple[str, ...] | list[str]) -> str:
    return value if isinstance(value, str) else value[0]


def test_translations_are_chinese(catalog: Catalog) -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    not_chinese = [
        _first(m.id)
        for m in catalog
        if m.id and _needs_chinese(_first(m.id)) and not cjk.search(_first(m.string or ""))
    ]
    assert not not_chinese, not_chinese


def test_compiled_catalog_matches_the_po(catalog: Catalog) -> None:
    with MO.open("rb") as handle:
        compiled = read_mo(handle)

    def entries(cat: Catalog) -> dict[str, str]:
        return {_first(m.id): _first(m.string) for m in cat if m.id and m.string}

    assert entries(compiled) == entries(catalog), "run python scripts/i18n.py compile"
