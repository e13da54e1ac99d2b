"""tools/compile_messages.py turns each .po into the .mo gettext reads, without fuzzy messages, and runs before
the app is served, tested or built into an image."""

import gettext
import os
import re
from pathlib import Path

import polib

from tools import compile_messages

ROOT = Path(__file__).resolve().parents[2]


def _catalogue(folder: Path) -> Path:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    }
    po.append(polib.POEntry(msgid="Start now", msgstr="Empezar ahora"))
    po.append(polib.POEntry(msgid="Not checked yet", msgstr="Aún no revisado", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Left empty", msgstr=""))
    po.append(
        polib.POEntry(
            msgid="%(count)d request",
            msgid_plural="%(count)d requests",
            msgstr_plural={0: "%(count)d solicitud", 1: "%(count)d solicitudes", 2: "%(count)d solicitudes"},
        )
    )
    path = folder / "es" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def test_a_compiled_catalogue_is_read_by_gettext_without_its_fuzzy_or_empty_messages(tmp_path):
    po_path = _catalogue(tmp_path)

    mo_path = compile_messages.compile_catalogue(po_path)

    with mo_path.open("rb") as mo_file:
        spanish = gettext.GNUTranslations(mo_file)
    assert spanish.gettext("Start now") == "Empezar ahora"
    assert spanish.gettext("Not checked yet") == "Not checked yet"
    assert spanish.gettext("Left empty") == "Left empty"
    assert spanish.ngettext("%(count)d request", "%(count)d requests", 1) == "%(count)d solicitud"
    assert spanish.ngettext("%(count)d request", "%(count)d requests", 3) == "%(count)d solicitudes"


def test_a_catalogue_is_stale_until_compiled_and_again_once_edited(tmp_path):
    po_path = _catalogue(tmp_path)
    assert compile_messages.is_stale(po_path)

    compile_messages.compile_catalogue(po_path)
    assert not compile_messages.is_stale(po_path)

    later = po_path.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po_path, (later, later))
    assert compile_messages.is_stale(po_path)


def test_compiling_leaves_no_temporary_file_behind(tmp_path):
    po_path = _catalogue(tmp_path)

    compile_messages.compile_catalogue(po_path)

    assert sorted(path.name for path in po_path.parent.iterdir()) == ["django.mo", "django.po"]


def test_the_project_catalogues_are_found():
    assert ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po" in compile_messages.catalogues()


def test_make_run_make_test_and_the_docker_build_compile_the_catalogues():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^run: .*\bmessages\b", makefile, re.MULTILINE)
    assert re.search(r"^messages: .*\n\t\$\(PY\) -m tools\.compile_messages$", makefile, re.MULTILINE)
    check = re.search(r"^check: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE)[1]
    assert check.index("tools.compile_messages") < check.index("pytest")
    assert "RUN python -m tools.compile_messages" in dockerfile
    assert dockerfile.index("tools.compile_messages") > dockerfile.index("COPY . .")
