"""Compile every message catalogue under locale/ (locale/<language>/LC_MESSAGES/*.po) to its .mo file.

The .mo files are never committed (*.mo is git-ignored): `make messages` writes them, and `make run`, `make test`
and the Docker build run it first. polib (pinned in requirements.txt) does the work, so GNU gettext is not
needed. Fuzzy and untranslated messages are left out, as msgfmt does; such a message shows in English.

    make messages        # or: .venv/bin/python -m tools.compile_messages
"""

import os
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po; written to a temporary file first, so a reader never sees half a file."""
    mo_path = po_path.with_suffix(".mo")
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    descriptor, temporary = tempfile.mkstemp(dir=po_path.parent, prefix=".", suffix=".mo.tmp")
    os.close(descriptor)
    try:
        catalogue.save_as_mofile(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return mo_path


def is_stale(po_path: Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    only_stale = "--if-stale" in args
    for po_path in catalogues():
        if only_stale and not is_stale(po_path):
            continue
        catalogue = polib.pofile(str(po_path), wrapwidth=0)
        mo_path = compile_catalogue(po_path)
        untranslated = len(catalogue.untranslated_entries())
        fuzzy = len(catalogue.fuzzy_entries())
        print(
            f"{mo_path.relative_to(ROOT)}: {len(catalogue.translated_entries())} translated, "
            f"{untranslated} untranslated, {fuzzy} fuzzy"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
