"""The Spanish catalogue (locale/es/LC_MESSAGES/django.po) is complete, keeps every placeholder, tag and edge
space of the English, and holds every string the project marks for translation today."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the app and its templates; never the virtualenv, tests, the bench or the tools.
SOURCES = ("hsct_screen", "templates", "manage.py")
NPLURALS = 3

# %(name)s, %s, %d, %%, {name}, {0}, {} and a template's {{ name }}.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfir]|%[sdfir%]|\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE), wrapwidth=0) if not entry.obsolete]


def describe(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return context + (entry.msgid if len(entry.msgid) <= 90 else entry.msgid[:87] + "...")


def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, Spanish) for each form of an entry that has Spanish: singular, or every plural form."""
    if entry.msgid_plural:
        forms = [entry.msgid] + [entry.msgid_plural] * (NPLURALS - 1)
        return [(forms[n], entry.msgstr_plural.get(n, "")) for n in range(NPLURALS) if entry.msgstr_plural.get(n)]
    return [(entry.msgid, entry.msgstr)] if entry.msgstr else []


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.get(n) for n in range(NPLURALS))
    return bool(entry.msgstr)


def edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def listing(problems: list[str]) -> str:
    shown = "\n  ".join(problems[:25])
    more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
    return f"{len(problems)} messages:\n  {shown}{more}"


def test_the_spanish_catalogue_has_no_untranslated_message():
    untranslated = [describe(entry) for entry in entries() if not is_translated(entry)]

    assert not untranslated, "untranslated in locale/es: " + listing(untranslated)


def test_the_spanish_catalogue_has_no_fuzzy_message():
    fuzzy = [describe(entry) for entry in entries() if "fuzzy" in entry.flags]

    assert not fuzzy, "fuzzy (needs review, and left out when compiled) in locale/es: " + listing(fuzzy)


@pytest.mark.parametrize("what, pattern", [("placeholders", PLACEHOLDER), ("HTML tags", TAG)])
def test_spanish_translations_keep_every_placeholder_and_html_tag_of_the_english(what, pattern):
    problems = [
        f"{describe(entry)}: {sorted(pattern.findall(english))} != {sorted(pattern.findall(spanish))}"
        for entry in entries()
        for english, spanish in pairs(entry)
        if sorted(pattern.findall(english)) != sorted(pattern.findall(spanish))
    ]

    assert not problems, f"{what} differ: " + listing(problems)


def test_spanish_translations_keep_the_leading_and_trailing_spaces_and_newlines_of_the_english():
    problems = [
        f"{describe(entry)}: {edges(english)!r} != {edges(spanish)!r}"
        for entry in entries()
        for english, spanish in pairs(entry)
        if edges(english) != edges(spanish)
    ]

    assert not problems, "leading or trailing whitespace differs: " + listing(problems)


def test_the_checker_finds_a_lost_placeholder_tag_and_space():
    # The three checks above, on a made-up entry that gets each of them wrong.
    entry = polib.POEntry(msgid=" %(count)s <strong>{name}</strong>\n", msgstr="%(cuenta)s <em>{name}</em>")

    (english, spanish) = pairs(entry)[0]
    assert sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(spanish))
    assert sorted(TAG.findall(english)) != sorted(TAG.findall(spanish))
    assert edges(english) != edges(spanish)


def test_gnu_msgfmt_finds_no_error_and_no_untranslated_or_fuzzy_message():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if in_ci():
            pytest.fail("CI is set but GNU msgfmt is missing: apt-get install gettext")
        pytest.skip("GNU msgfmt is missing (apt-get install gettext); the checks above still ran")

    result = subprocess.run(  # noqa: S603 (GNU msgfmt on our own catalogue)
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )

    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report
    assert "untranslated" not in report and "fuzzy" not in report, report


# makemessages leaves nothing to translate ------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> list[polib.POEntry]:
    """Every message Django's makemessages extracts from the project as it is now, in a copy of its sources."""
    if shutil.which("xgettext") is None:
        if in_ci():
            pytest.fail("CI is set but GNU gettext (xgettext) is missing: apt-get install gettext")
        pytest.skip("GNU gettext is missing (apt-get install gettext): makemessages needs xgettext")
    copy = tmp_path_factory.mktemp("makemessages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, copy / name)
    # The copy's settings put LOCALE_PATHS here, so the committed catalogue is never touched.
    (copy / "locale").mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "es", "--no-location", "--no-wrap"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [entry for entry in polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")) if entry.msgid]


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def test_makemessages_finds_no_string_missing_from_the_spanish_catalogue(extracted):
    committed = {_key(entry) for entry in entries()}

    missing = [describe(entry) for entry in extracted if _key(entry) not in committed]

    assert extracted, "makemessages found no string at all"
    assert not missing, (
        "marked for translation but not in locale/es/LC_MESSAGES/django.po (add each with its Spanish): "
        + listing(missing)
    )


def test_every_string_makemessages_finds_is_translated_in_spanish(extracted):
    translated = {_key(entry) for entry in entries() if is_translated(entry) and "fuzzy" not in entry.flags}

    untranslated = [describe(entry) for entry in extracted if _key(entry) not in translated]

    assert not untranslated, "marked for translation but without Spanish: " + listing(untranslated)
