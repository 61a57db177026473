"""Product-specific rules of RCEP Annex 3A as text (domain/rcep.md §5, contract: cli.md).

Grammar (case and extra spaces do not matter)::

    rule        := alternative ("or" alternative)*
    alternative := "WO" | "CR" | "RVC40" | "RVC 40" | "RVC(40)"
                 | change ["except from" group ("," group)*]
    change      := "CC" | "CTH" | "CTSH"
    group       := ("chapter" | "heading" | "subheading")["s"] code ("," code | "and" code)*

Chapters are 1–2 digits (``Chapter 1`` = ``Chapter 01``), headings 4 digits (``12.01`` or
``1201``), subheadings 6 digits (``1211.20`` or ``121120``). Anything else is rejected with the
code ``bad_rule``: a misread rule would give a wrong origin verdict. Only RVC40 exists in
Annex 3A (headnote 7(a)), so other thresholds are rejected too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing_extensions import override

from services.core.errors import ValidationError
from services.core.i18n import _

CHANGE_LEVELS = {"CC": 2, "CTH": 4, "CTSH": 6}
RVC_THRESHOLD = 40
_UNIT_DIGITS = {"chapter": 2, "heading": 4, "subheading": 6}
_UNIT_NAMES = {2: "Chapter", 4: "heading", 6: "subheading"}

_OR = re.compile(r"\s+or\s+")
_RVC = re.compile(r"^rvc\s*(?:\(\s*(\d+)\s*\)|(\d+))$")
_CHANGE = re.compile(r"^(cc|cth|ctsh)(?:\s+except\s+from\s+(.+))?$")
_GROUP_START = re.compile(r"^(chapter|heading|subheading)s?\s+(.+)$")
_CODE = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Alternative:
    """One alternative of a rule. ``kind`` is WO, CR, RVC, CC, CTH or CTSH."""

    kind: str
    threshold: int | None = None  # RVC only
    # digit strings of 2, 4 or 6 digits, shortest first then in order; change rules only
    exclusions: tuple[str, ...] = ()

    @property
    def level(self) -> int | None:
        """Digits compared by a change rule (2, 4 or 6); None for WO, CR and RVC."""
        return CHANGE_LEVELS.get(self.kind)

    @property
    def is_change(self) -> bool:
        return self.kind in CHANGE_LEVELS

    @property
    def digits_needed(self) -> int:
        """How many digits a material's HS code needs for this alternative to be decided."""
        if not self.is_change:
            return 0
        return max([self.level or 0, *(len(code) for code in self.exclusions)])

    def excludes(self, hs: str) -> bool:
        return any(hs.startswith(code) for code in self.exclusions)

    @override
    def __str__(self) -> str:
        if self.kind == "RVC":
            return f"RVC{self.threshold}"
        if not self.exclusions:
            return self.kind
        groups: list[str] = []
        for digits in (2, 4, 6):
            codes = [_show(c) for c in self.exclusions if len(c) == digits]
            if codes:
                groups.append(f"{_UNIT_NAMES[digits]} " + ", ".join(codes))
        return f"{self.kind} except from " + ", ".join(groups)


@dataclass(frozen=True, slots=True)
class Rule:
    alternatives: tuple[Alternative, ...]

    @override
    def __str__(self) -> str:
        return " or ".join(str(a) for a in self.alternatives)


def _show(code: str) -> str:
    if len(code) == 4:
        return f"{code[:2]}.{code[2:]}"
    if len(code) == 6:
        return f"{code[:4]}.{code[4:]}"
    return code


def _bad(text: str) -> ValidationError:
    return ValidationError(
        _(
            'The rule "{rule}" cannot be read. Write alternatives joined by "or": WO, CC, CTH, '
            'CTSH, RVC40 or CR; a change rule may end with "except from" and chapters, headings '
            "or subheadings (e.g. CC except from Chapter 01)."
        ).format(rule=text),
        field="rule",
        code="bad_rule",
    )


def _code(raw: str, digits: int, text: str) -> str:
    if not _CODE.match(raw):
        raise _bad(text)
    code = raw.replace(".", "")
    if digits == 2 and len(code) == 1 and "." not in raw:
        code = "0" + code
    if len(code) != digits:
        raise _bad(text)
    if digits == 4 and "." in raw and raw.index(".") != 2:
        raise _bad(text)
    if digits == 6 and "." in raw and raw.index(".") != 4:
        raise _bad(text)
    return code


def _exclusions(part: str, text: str) -> tuple[str, ...]:
    codes: list[str] = []
    digits = 0
    for item in re.split(r"\s*,\s*|\s+and\s+", part):
        start = _GROUP_START.match(item)
        if start:
            digits = _UNIT_DIGITS[start.group(1)]
            item = start.group(2)
        if not digits:
            raise _bad(text)
        codes.append(_code(item.strip(), digits, text))
    return tuple(sorted(set(codes), key=lambda c: (len(c), c)))


def _alternative(part: str, text: str) -> Alternative:
    if part in ("wo", "cr"):
        return Alternative(part.upper())
    rvc = _RVC.match(part)
    if rvc:
        if int(rvc.group(1) or rvc.group(2)) != RVC_THRESHOLD:
            raise _bad(text)
        return Alternative("RVC", threshold=RVC_THRESHOLD)
    change = _CHANGE.match(part)
    if change:
        exclusions = _exclusions(change.group(2), text) if change.group(2) else ()
        return Alternative(change.group(1).upper(), exclusions=exclusions)
    raise _bad(text)


def parse_rule(text: str) -> Rule:
    """Parse an Annex 3A rule such as ``CTH or RVC40``; raises ValidationError ``bad_rule``."""
    if not isinstance(text, str):
        raise _bad(str(text))
    normal = " ".join(text.lower().split())
    if not normal:
        raise _bad(text)
    parts = _OR.split(f" {normal} ")
    parts = [p.strip() for p in parts]
    if any(not p for p in parts):
        raise _bad(text)
    alternatives = tuple(_alternative(p, text) for p in parts)
    if len(set(alternatives)) != len(alternatives):
        raise _bad(text)
    return Rule(alternatives)
