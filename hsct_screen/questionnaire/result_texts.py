"""A stored result in each language it was seen in: the texts of the other languages kept beside the English.

The stored result keeps the contract's English shape. At submit time the same answers are evaluated
again in every other language, and only the words of that evaluation are kept, under
`result["translations"][language]`:

    {"criteria": [{"key", "title", "explanation"}], "advisories": [{"key", "message"}],
     "comparisons": [{"key", "title", "countries", "criteria": [{"key", "title", "explanation"}]}]}

Outcomes, statuses and keys are never repeated there: they are the English result's. `in_language`
lays these words over the English result; a result stored before translations existed (or any
text missing from them) reads as stored.
"""

from typing import Any

TRANSLATIONS_KEY = "translations"


def _finding_texts(findings) -> list[dict[str, str]]:
    return [
        {"key": item.get("key", ""), "title": item.get("title", ""), "explanation": item.get("explanation", "")}
        for item in findings
    ]


def texts_of(result: dict[str, Any]) -> dict[str, Any]:
    """The words of a result dict (Result.as_dict()), without its outcomes, statuses or links."""
    return {
        "criteria": _finding_texts(result.get("criteria", [])),
        "advisories": [
            {"key": item.get("key", ""), "message": item.get("message", "")} for item in result.get("advisories", [])
        ],
        "comparisons": [
            {
                "key": item.get("key", ""),
                "title": item.get("title", ""),
                "countries": item.get("countries", ""),
                "criteria": _finding_texts(item.get("criteria", [])),
            }
            for item in result.get("comparisons", [])
        ],
    }


def _overlay(items: list, words: Any, names: tuple[str, ...]) -> list:
    """Each stored item with its words replaced by those at the same place, when they belong to the same key."""
    words = words if isinstance(words, list) else []
    merged = []
    for index, item in enumerate(items):
        own = words[index] if index < len(words) and isinstance(words[index], dict) else {}
        if not isinstance(item, dict) or own.get("key") != item.get("key"):
            merged.append(item)
            continue
        merged.append({**item, **{name: own[name] for name in names if isinstance(own.get(name), str) and own[name]}})
    return merged


def in_language(result: dict[str, Any] | None, language: str) -> dict[str, Any]:
    """The stored result with its words in `language` where they were stored, otherwise as stored."""
    result = dict(result or {})
    stored = result.pop(TRANSLATIONS_KEY, None)
    words = stored.get(language) if isinstance(stored, dict) else None
    if not isinstance(words, dict):
        return result
    result["criteria"] = _overlay(result.get("criteria", []), words.get("criteria"), ("title", "explanation"))
    result["advisories"] = _overlay(result.get("advisories", []), words.get("advisories"), ("message",))
    comparisons = _overlay(result.get("comparisons", []), words.get("comparisons"), ("title", "countries"))
    translated = words.get("comparisons") if isinstance(words.get("comparisons"), list) else []
    for index, item in enumerate(comparisons):
        own = translated[index] if index < len(translated) and isinstance(translated[index], dict) else {}
        if isinstance(item, dict) and own.get("key") == item.get("key"):
            comparisons[index] = {
                **item,
                "criteria": _overlay(item.get("criteria", []), own.get("criteria"), ("title", "explanation")),
            }
    result["comparisons"] = comparisons
    return result
