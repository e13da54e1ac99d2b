"""Checking a kind's settings against its own declaration: one checker per setting type, no kind special-cased.

A kind's `settings_schema` maps each setting name to plain data:

- "type": "choices" (a list of "values"), "int" (between "min" and "max"), "bool", or "messages"
  (a text for each of some "values");
- "label" and optionally "help": what an editor reads, marked with `gettext_noop`;
- optionally "default" (files written before the setting existed still load), "allow_empty"
  (choices), "disjoint_from" (choices that may not share a value with another setting) and
  "too_high" (int: the message when the value is above "max", with %(value)s and %(max)s).

`check_settings` returns the clean settings and a list of `Problem`s. A problem's message is an
English message id with %(name)s parameters, so the Django side translates it and then fills it in.
Each kind's own cross-field rule (say, youngest age not above oldest) is its `check()` method.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hsct_screen.rules.i18n import gettext_noop

MESSAGE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class Problem:
    """What is wrong with one setting ("" = the settings as a whole); `message` % `params` once translated."""

    setting: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # Parameters whose values are themselves marked texts (setting labels), to translate before filling in.
    translate: tuple[str, ...] = ()


def _is_int(value) -> bool:
    # bool is an int in Python, but true/false is never a number of years.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_choices(name, value, spec, problems):
    values = ", ".join(spec["values"])
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        problems.append(
            Problem(name, gettext_noop("Must be a list of values chosen from: %(values)s."), {"values": values})
        )
        return None
    unknown = [item for item in value if item not in spec["values"]]
    if unknown:
        problems.append(
            Problem(
                name,
                gettext_noop("“%(value)s” is not one of the allowed values: %(values)s."),
                {"value": str(unknown[0])[:40], "values": values},
            )
        )
        return None
    if len(set(value)) != len(value):
        problems.append(Problem(name, gettext_noop("Each value may be listed only once.")))
        return None
    if not value and not spec.get("allow_empty", False):
        problems.append(
            Problem(name, gettext_noop("Choose at least one value; with none, nobody could ever meet this criterion."))
        )
        return None
    # Keep the declared order so that exports and history diffs stay stable.
    return [item for item in spec["values"] if item in value]


def _check_int(name, value, spec, problems):
    if not _is_int(value):
        problems.append(Problem(name, gettext_noop("Must be a whole number.")))
        return None
    if value < spec["min"]:
        problems.append(Problem(name, gettext_noop("Must be %(min)s or more."), {"min": spec["min"]}))
        return None
    if value > spec["max"]:
        message = spec.get("too_high", gettext_noop("Must be %(max)s or less."))
        problems.append(Problem(name, message, {"value": value, "max": spec["max"]}))
        return None
    return value


def _check_bool(name, value, spec, problems):
    if not isinstance(value, bool):
        problems.append(Problem(name, gettext_noop("Must be true or false.")))
        return None
    return value


def _check_messages(name, value, spec, problems):
    if not isinstance(value, Mapping):
        problems.append(Problem(name, gettext_noop("Must be an object that maps each condition to its advice text.")))
        return None
    clean = {}
    for key, message in value.items():
        where = f"{name}.{key}"
        if key not in spec["values"]:
            problems.append(
                Problem(
                    where,
                    gettext_noop("“%(value)s” is not a known condition. Use one of: %(values)s."),
                    {"value": str(key)[:40], "values": ", ".join(spec["values"])},
                )
            )
        elif not isinstance(message, str) or not message.strip():
            problems.append(Problem(where, gettext_noop("Write the advice to show, or leave the condition out.")))
        elif len(message) > MESSAGE_MAX_LENGTH:
            problems.append(
                Problem(where, gettext_noop("Keep the advice under %(max)s characters."), {"max": MESSAGE_MAX_LENGTH})
            )
        else:
            clean[key] = message.strip()
    return {key: clean[key] for key in spec["values"] if key in clean}


CHECKERS = {"choices": _check_choices, "int": _check_int, "bool": _check_bool, "messages": _check_messages}


def check_settings(kind, settings) -> tuple[dict[str, Any], list[Problem]]:
    """The clean settings of `kind` and everything wrong with them (an empty list when nothing is)."""
    schema = kind.settings_schema
    names = ", ".join(schema)
    if not isinstance(settings, Mapping):
        return {}, [Problem("", gettext_noop("Must be an object with the settings: %(names)s."), {"names": names})]
    problems: list[Problem] = [
        Problem(
            str(name),
            gettext_noop("“%(name)s” is not a setting of this kind. Its settings are: %(names)s."),
            {"name": str(name)[:40], "names": names},
        )
        for name in settings
        if name not in schema
    ]
    clean: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in settings:
            if "default" in spec:
                clean[name] = spec["default"]
            else:
                problems.append(Problem(name, gettext_noop("This setting is missing.")))
            continue
        checked = CHECKERS[spec["type"]](name, settings[name], spec, problems)
        if checked is not None:
            clean[name] = checked
    for name, spec in schema.items():
        other = spec.get("disjoint_from")
        if other and {name, other} <= clean.keys() and set(clean[name]) & set(clean[other]):
            problems.append(
                Problem(
                    name,
                    gettext_noop("“%(value)s” is chosen in both “%(name)s” and “%(other)s”; choose it in one only."),
                    {
                        "value": sorted(set(clean[name]) & set(clean[other]))[0],
                        "name": spec["label"],
                        "other": schema[other]["label"],
                    },
                    translate=("name", "other"),
                )
            )
    # A kind's own rule spans several settings, so it only makes sense once each of them is fine.
    if set(schema) <= clean.keys():
        problems.extend(kind.check(clean))
    return clean, problems
