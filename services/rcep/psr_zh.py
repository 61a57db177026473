"""Product-specific rules as Chinese lists write them, read into the Annex 3A notation.

``read_rule_text`` accepts the English notation of :func:`services.rcep.psr.parse_rule` as it is,
and this Chinese wording (anything else is refused with the code ``bad_rule``, never guessed):

- 完全获得 = WO; 化学反应 = CR; 区域价值成分40 (also written 区域价值成分40% or
  区域价值成分不少于40%) = RVC40; 章改变 = CC; 品目改变 = CTH; 子目改变 = CTSH;
- alternatives joined by 或 or 或者 (after an optional comma or semicolon);
- an exclusion after a change rule: ``章改变，从第一章改变至此除外``,
  ``子目改变，但从子目1211.20改变至此的除外``; it lists 第N章 (Chinese or Arabic numerals),
  品目 NN.NN or NNNN, 子目 NNNN.NN or NNNNNN, joined by 、 , 和 及 或.

The terms are those of the RCEP Chinese text. The exclusion wording is the one GACC uses in its
other product-specific rule lists (e.g. the China–Switzerland list): the exact wording of GACC
Announcement 2022 No.129 annex 1 could not be checked **(unverified — check the official text
before release)**; a different wording is rejected, not misread.
"""

from __future__ import annotations

import re
import unicodedata

from services.core.errors import ValidationError
from services.core.i18n import _
from services.rcep.psr import Rule, parse_rule

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_STARTS = (
    r"(?:完全获得|化学反应|区域价值成分|章改变|品目改变|子目改变"
    r"|(?i:wo|cr|rvc|cc|cth|ctsh)(?![a-z]))"
)
_OR = re.compile(rf"\s*[,;]?\s*或者?\s*(?={_STARTS})")
_CHANGES = {"章改变": "CC", "品目改变": "CTH", "子目改变": "CTSH"}
_CHANGE = re.compile(
    r"^(章改变|品目改变|子目改变)(?:\s*[,;]?\s*(?:但\s*)?从(.+?)改变至此的?除外)?$"
)
_RVC = re.compile(r"^区域价值成分\s*(?:不少于|不低于)?\s*(\d+)\s*%?$")
_CHAPTER = re.compile(r"^第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*章$")
_UNIT = re.compile(r"^(品目|子目)\s*(.+)$")
_CODE = re.compile(r"^\d{2}\.?\d{2}(?:\.?\d{2})?$")
_SEPARATORS = re.compile(r"\s*(?:、|,|和|及|或者|或)\s*")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff]")


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC), spaces collapsed, trailing punctuation dropped."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).rstrip(" ;,.。")


def read_rule_text(text: str) -> tuple[Rule, str]:
    """(the rule, the Chinese text with its spaces tidied, or "" for a rule in English).

    Raises :class:`ValidationError` with the code ``bad_rule`` for anything not understood.
    """
    if not isinstance(text, str) or not has_chinese(text):
        return parse_rule(text), ""
    chinese = normalise(text)
    try:
        english = " or ".join(_alternative(part, text) for part in _OR.split(chinese))
        return parse_rule(english), " ".join(text.split())
    except ValidationError as error:
        raise _bad(text) from error


def _bad(text: str) -> ValidationError:
    return ValidationError(
        _(
            'The rule "{rule}" cannot be read. In Chinese write alternatives joined by 或: '
            "完全获得, 章改变, 品目改变, 子目改变, 区域价值成分40 or 化学反应; a change rule "
            "may end with an exclusion such as ，从第一章改变至此除外."
        ).format(rule=text),
        field="rule",
        code="bad_rule",
    )


def _alternative(part: str, text: str) -> str:
    part = part.strip(" ;,")
    if not has_chinese(part):
        return part  # English notation: parse_rule decides
    if part == "完全获得":
        return "WO"
    if part == "化学反应":
        return "CR"
    rvc = _RVC.match(part)
    if rvc:
        return f"RVC{rvc.group(1)}"  # parse_rule refuses any threshold but 40
    change = _CHANGE.match(part)
    if change is None:
        raise _bad(text)
    kind = _CHANGES[change.group(1)]
    if change.group(2) is None:
        return kind
    return f"{kind} except from " + ", ".join(_exclusions(change.group(2), text))


def _exclusions(body: str, text: str) -> list[str]:
    items: list[str] = []
    unit: str | None = None
    for token in _SEPARATORS.split(body.strip()):
        chapter = _CHAPTER.match(token)
        if chapter:
            number = chapter_number(chapter.group(1))
            if not 1 <= number <= 99:
                raise _bad(text)
            items.append(f"chapter {number:02d}")
            unit = None
            continue
        named = _UNIT.match(token)
        if named:
            unit = "heading" if named.group(1) == "品目" else "subheading"
            token = named.group(2).strip()
        if unit is None or not _CODE.match(token):
            raise _bad(text)
        items.append(f"{unit} {token}")
    return items


def chapter_number(numeral: str) -> int:
    """``7`` / ``07`` / ``七`` → 7, ``九十七`` → 97; 0 for a numeral it cannot read."""
    if numeral.isdigit():
        return int(numeral)
    tens, ten, units = numeral.partition("十")
    if not ten:
        return _CN_DIGITS.get(numeral, 0)
    if (tens and tens not in _CN_DIGITS) or (units and units not in _CN_DIGITS):
        return 0
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
