"""Product-specific rules in plain language (Annex 3A headnotes, Arts 3.3, 3.5, 3.7).

``explain_rule`` turns a parsed :class:`~services.rcep.psr.Rule` into translated sentences for
the window and the command line: what each alternative asks for, what an "except from" means,
that one alternative is enough, that change rules look only at non-originating materials, that
RVC40 may be computed either way, and where de minimis can still help.
"""

from __future__ import annotations

from services.core.i18n import _, format_percent
from services.rcep.psr import Alternative, Rule

DE_MINIMIS_PERCENT = 10  # Art 3.7


def dotted(code: str) -> str:
    """``1201`` → ``12.01``; ``121120`` → ``1211.20``; a chapter stays as it is."""
    if len(code) == 4:
        return f"{code[:2]}.{code[2:]}"
    if len(code) == 6:
        return f"{code[:4]}.{code[4:]}"
    return code


def describe_code(code: str) -> str:
    """``01`` → "Chapter 01", ``1201`` → "heading 12.01", ``121120`` → "subheading 1211.20"."""
    if len(code) == 2:
        return _("Chapter {code}").format(code=code)
    if len(code) == 4:
        return _("heading {code}").format(code=dotted(code))
    return _("subheading {code}").format(code=dotted(code))


def level_name(code: str) -> str:
    """The level of a rule keyed by ``code``: chapter, heading or subheading (translated)."""
    return {2: _("chapter"), 4: _("heading")}.get(len(code), _("subheading"))


def explain_rule(rule: Rule) -> list[str]:
    """Sentences explaining ``rule``, in the current language, in reading order."""
    lines: list[str] = []
    count = len(rule.alternatives)
    if count > 1:
        lines.append(
            _(
                "The rule has {count} alternatives: meeting any one of them is enough, and the "
                "exporter chooses which one to use (Annex 3A headnotes 4 and 8)."
            ).format(count=count)
        )
    for alternative in rule.alternatives:
        lines.append(_alternative(alternative))
        if alternative.exclusions:
            lines.append(
                _(
                    "Except from {codes}: a non-originating material classified there does not "
                    "count as changed, even though its code differs from the product's."
                ).format(codes=", ".join(describe_code(c) for c in alternative.exclusions))
            )
    if any(a.is_change for a in rule.alternatives):
        lines.append(
            _(
                "Change rules and their exclusions apply only to non-originating materials: "
                "originating materials, including those of other RCEP Parties, may come from "
                "any code (Annex 3A headnotes 5 and 6)."
            )
        )
        share = format_percent(DE_MINIMIS_PERCENT, 0)
        lines.append(
            _(
                "If some non-originating materials do not make the change, the change rule is "
                "still met when their value is at most {share} of the FOB value, or, for goods "
                "of Chapters 50 to 63, their weight is at most {share} of the good's weight "
                "(de minimis, Art 3.7)."
            ).format(share=share)
        )
    lines.append(
        _(
            "Whatever the rule, a good wholly obtained in a Party (WO) or produced there only "
            "from originating materials (PE) is originating as well (Annex 3A headnote 2)."
        )
    )
    return lines


def _alternative(alternative: Alternative) -> str:
    kind = alternative.kind
    if kind == "WO":
        return _(
            "WO, wholly obtained: the good must be wholly obtained or produced in the exporting "
            "Party, e.g. plants grown and harvested, animals born and raised, minerals "
            "extracted or fish caught there (Art 3.3)."
        )
    if kind == "CR":
        return _(
            "CR, chemical reaction: a reaction that gives a new molecular structure must take "
            "place in a Party. Dissolving, removing solvents (including water) and adding or "
            "removing water of crystallisation are not chemical reactions (Annex 3A "
            "headnote 7)."
        )
    if kind == "RVC":
        return _(
            "RVC40, regional value content: at least {threshold} of the FOB value. Either "
            "formula may be used: build-down, (FOB minus the value of non-originating "
            "materials) divided by FOB; or build-up, (originating materials + direct labour + "
            "direct overhead + profit + other costs) divided by FOB (Art 3.5)."
        ).format(threshold=format_percent(alternative.threshold or 40, 0))
    if kind == "CC":
        return _(
            "CC, change of chapter: every non-originating material must be classified in "
            "another chapter (the first 2 digits of the HS code) than the product."
        )
    if kind == "CTH":
        return _(
            "CTH, change of tariff heading: every non-originating material must be classified "
            "in another heading (the first 4 digits of the HS code) than the product."
        )
    return _(
        "CTSH, change of tariff subheading: every non-originating material must be classified "
        "in another subheading (the first 6 digits of the HS code) than the product."
    )
