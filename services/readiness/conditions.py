"""Conditions of the questionnaire (domain/readiness.md §3.2): a whitelist evaluator.

A condition is ``true``/``false``; a derived flag name (``self_declare``); a map
``{any: [...]}``, ``{all: [...]}`` or ``{not: x}``; ``<field>_any: [...]`` (the profile's list
field shares a value with the list); ``<field>_in: [...]`` (the profile's value is in the list);
or ``{<field>: value}`` (equality). Never ``eval``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Condition = Any  # bool | str | dict[str, Any], as read from YAML


def holds(cond: Condition, profile: Mapping[str, Any], derived: Mapping[str, Condition]) -> bool:
    if isinstance(cond, bool):
        return cond
    if isinstance(cond, str):
        return holds(derived[cond], profile, derived)
    ((key, value),) = cond.items()
    if key == "any":
        return any(holds(c, profile, derived) for c in value)
    if key == "all":
        return all(holds(c, profile, derived) for c in value)
    if key == "not":
        return not holds(value, profile, derived)
    if key.endswith("_any"):
        return bool(set(profile.get(key[:-4]) or []) & set(value))
    if key.endswith("_in"):
        return profile.get(key[:-3]) in value
    return bool(profile.get(key) == value)


def derive_flags(derived: Mapping[str, Condition], profile: Mapping[str, Any]) -> dict[str, bool]:
    return {name: holds(name, profile, derived) for name in derived}


def condition_problems(
    cond: Condition,
    fields: Mapping[str, str],
    derived_names: set[str],
    *,
    _seen: frozenset[str] = frozenset(),
    derived: Mapping[str, Condition] | None = None,
) -> list[str]:
    """What is wrong with ``cond`` (empty when fine). ``fields`` maps profile field → type."""
    if isinstance(cond, bool):
        return []
    if isinstance(cond, str):
        if cond not in derived_names:
            return [f"unknown flag {cond!r}"]
        if cond in _seen:
            return [f"flag {cond!r} refers to itself"]
        if derived is not None:
            return condition_problems(
                derived[cond], fields, derived_names, _seen=_seen | {cond}, derived=derived
            )
        return []
    if not isinstance(cond, dict) or len(cond) != 1:
        return [f"a condition must be true/false, a flag name or a one-key map, not {cond!r}"]
    ((key, value),) = cond.items()
    if key in ("any", "all"):
        if not isinstance(value, list) or not value:
            return [f"{key!r} needs a non-empty list"]
        return [
            p
            for c in value
            for p in condition_problems(c, fields, derived_names, _seen=_seen, derived=derived)
        ]
    if key == "not":
        return condition_problems(value, fields, derived_names, _seen=_seen, derived=derived)
    for suffix, kinds in (("_any", ("multi", "text_list")), ("_in", ("choice",))):
        if key.endswith(suffix):
            name = key[: -len(suffix)]
            if fields.get(name) not in kinds:
                return [f"{key!r}: {name!r} is not a profile field of type {'/'.join(kinds)}"]
            if not isinstance(value, list):
                return [f"{key!r} needs a list"]
            return []
    if key not in fields:
        return [f"unknown profile field {key!r}"]
    return []
