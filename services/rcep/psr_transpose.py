"""HS 2012 → HS 2022 for product-specific rules, only where the correspondence is one-to-one.

Annex 3A is written in HS 2012 (headnote 9); the app keys its rules by HS 2022. A rule is
carried over only where no judgement is needed, by the UN Statistics Division correlation that
the app ships (``services/refdata/hs_correlation.py``). "One-to-one" means:

- **subheading** X: X corresponds to exactly one HS 2022 subheading Y, and Y to X alone. Y may
  carry a new number (the rule is then keyed by Y and X is kept as ``hs2012_code``). A split
  (X → Y1, Y2) or a merge (X and X' → Y) is left out, even where each part came from X alone.
- **heading or chapter** P (a rule for everything under P): P exists in HS 2022 and no link
  crosses P's boundary either way: nothing under P in HS 2012 went outside P, nothing from
  outside P came in. Changes inside P (a subheading split within the heading) do not matter,
  because the rule covers all of P either way. The rule keeps the code P.
- **exclusions**: every code an "except from" names must itself be unchanged (same code, and
  nothing in or out as above), because the rule text is kept exactly as written.

Not counted: the n:n links of heading 8549 (electrical and electronic waste, new in HS 2022),
which the app's correlation table leaves out (they concern the waste of ~1,000 older codes).
No rule is ever mapped to heading 8549 itself.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from services.core.errors import ValidationError
from services.core.i18n import _
from services.rcep.psr import Rule
from services.rcep.psr_explain import describe_code, dotted
from services.refdata.hs import HsNomenclature
from services.refdata.hs_correlation import changed_links, hs2012_for, hs2022_for

EWASTE_HEADING = "8549"
SHOWN_CODES = 6  # codes listed in a reason before "…"

NOT_ONE_TO_ONE = "not_one_to_one"


def _left_out(message: str) -> ValidationError:
    return ValidationError(message, field="hs_code", code=NOT_ONE_TO_ONE)


def _codes(codes: list[str]) -> str:
    shown = ", ".join(dotted(c) for c in codes[:SHOWN_CODES])
    return shown + (" …" if len(codes) > SHOWN_CODES else "")


def hs2022_code(hs2012: str, hs: HsNomenclature) -> str:
    """The HS 2022 code that a rule for HS 2012 ``hs2012`` (2, 4 or 6 digits) carries over to.

    Raises :class:`ValidationError` (code ``not_one_to_one``) saying why it cannot.
    """
    if len(hs2012) not in (2, 4, 6) or not hs2012.isdigit():
        raise _left_out(_("{code} is not a chapter, heading or subheading.").format(code=hs2012))
    if hs2012.startswith(EWASTE_HEADING):
        raise _left_out(_("Heading 85.49 (electrical and electronic waste) is new in HS 2022."))
    if len(hs2012) == 6:
        return _subheading(hs2012, hs)
    _check_group(hs2012, hs)
    return hs2012


def check_exclusions(rule: Rule) -> None:
    """Every code named after "except from" is the same in HS 2012 and HS 2022."""
    for alternative in rule.alternatives:
        for code in alternative.exclusions:
            if not _unchanged(code):
                raise _left_out(
                    _(
                        "The rule names {code}, which changed between HS 2012 and HS 2022, so "
                        "its text cannot be kept as written."
                    ).format(code=describe_code(code))
                )


def _subheading(code: str, hs: HsNomenclature) -> str:
    targets = hs2022_for(code)
    if len(targets) != 1:
        raise _left_out(
            _("HS 2012 subheading {code} is split in HS 2022 into {codes}.").format(
                code=dotted(code), codes=_codes(targets)
            )
        )
    target = targets[0]
    others = [c for c in hs2012_for(target) if c != code]
    if others:
        raise _left_out(
            _("HS 2022 subheading {target} also takes in HS 2012 {codes}.").format(
                target=dotted(target), codes=_codes(others)
            )
        )
    entry = hs.get(target)
    if target.startswith(EWASTE_HEADING) or entry is None or entry.level != 6:
        raise _left_out(_("{code} is not a subheading of HS 2022.").format(code=dotted(target)))
    return target


def _crossing(prefix: str) -> tuple[list[str], list[str]]:
    """(HS 2022 codes outside ``prefix`` that took in part of it, HS 2012 codes outside
    ``prefix`` that went into it)."""
    moved_out, moved_in = _crossings()
    return sorted(moved_out.get(prefix, ())), sorted(moved_in.get(prefix, ()))


@functools.cache
def _crossings() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """For every chapter and heading: the links that leave it and the links that enter it."""
    moved_out: dict[str, set[str]] = defaultdict(set)
    moved_in: dict[str, set[str]] = defaultdict(set)
    for new, old in changed_links():
        for digits in (2, 4):
            if new[:digits] != old[:digits]:
                moved_out[old[:digits]].add(new)
                moved_in[new[:digits]].add(old)
    return dict(moved_out), dict(moved_in)


def _check_group(prefix: str, hs: HsNomenclature) -> None:
    entry = hs.get(prefix)
    if entry is None or entry.level != len(prefix):
        raise _left_out(_("HS 2022 has no {code}.").format(code=describe_code(prefix)))
    moved_out, moved_in = _crossing(prefix)
    if moved_out:
        raise _left_out(
            _("Part of HS 2012 {code} went to {codes} in HS 2022.").format(
                code=describe_code(prefix), codes=_codes(moved_out)
            )
        )
    if moved_in:
        raise _left_out(
            _("HS 2022 {code} also takes in HS 2012 {codes}.").format(
                code=describe_code(prefix), codes=_codes(moved_in)
            )
        )


def _unchanged(code: str) -> bool:
    if code.startswith(EWASTE_HEADING):
        return False
    if len(code) == 6:
        return hs2022_for(code) == [code] and hs2012_for(code) == [code]
    return _crossing(code) == ([], [])
