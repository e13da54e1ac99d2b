"""Write static/css/bootstrap-subset.css: the rules of Bootstrap that our pages can use, and nothing else.

Bootstrap's full stylesheet is 31 KB compressed, render-blocking, and almost all of it unused here. This
keeps a rule when one of its selectors names only classes and attributes that occur as words somewhere in
what can put them on a page: our templates, crispy-forms' Bootstrap 5 templates, our Python (form widgets,
charts) and our scripts. Element selectors (the reboot) are kept. Keeping a rule too many is harmless; one
too few would change a page, which tests/web/test_css_subset.py guards against. Run after changing templates:

    make css        # or: .venv/bin/python -m tools.bootstrap_subset
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
TARGET = ROOT / "static" / "css" / "bootstrap-subset.css"
HEADER = (
    "/*! Bootstrap v5.3 subset for HSCT Screen, written by tools/bootstrap_subset.py from "
    "static/vendor/bootstrap/bootstrap.min.css | MIT License, (c) The Bootstrap Authors */\n"
)
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_][A-Za-z0-9_-]*)")


def _crispy_templates() -> list[Path]:
    import crispy_bootstrap5

    return sorted((Path(crispy_bootstrap5.__file__).parent / "templates").rglob("*.html"))


def scanned_files() -> list[Path]:
    files = sorted((ROOT / "templates").rglob("*.html"))
    files += sorted(path for path in (ROOT / "hsct_screen").rglob("*.html"))
    files += sorted(path for path in (ROOT / "hsct_screen").rglob("*.py") if "migrations" not in path.parts)
    files += sorted((ROOT / "static" / "js").rglob("*.js"))
    return files + _crispy_templates()


def used_words(files: list[Path] | None = None) -> set[str]:
    words: set[str] = set()
    for path in files if files is not None else scanned_files():
        words.update(WORD.findall(path.read_text(encoding="utf-8")))
    return words


def _blocks(css: str):
    """Top-level (prelude, body) pairs of a stylesheet; body None for a statement like @charset."""
    index, length = 0, len(css)
    while index < length:
        start = index
        while index < length and css[index] not in "{;":
            index += 1
        if index >= length:
            break
        if css[index] == ";":
            yield css[start:index].strip(), None
            index += 1
            continue
        depth, body_start = 1, index + 1
        index += 1
        while depth:
            if css[index] == "{":
                depth += 1
            elif css[index] == "}":
                depth -= 1
            index += 1
        yield css[start : body_start - 1].strip(), css[body_start : index - 1]


def _selector_used(selector: str, words: set[str]) -> bool:
    # Pseudo-classes and functions (:not(.x), ::before) do not add requirements: only what must be present.
    bare = re.sub(r":not\([^)]*\)", "", selector)
    needed = CLASS.findall(bare) + ATTRIBUTE.findall(bare)
    return all(name in words for name in needed)


def subset(css: str, words: set[str]) -> str:
    out: list[str] = []
    for prelude, body in _blocks(css):
        prelude = re.sub(r"/\*.*?\*/", "", prelude, flags=re.S).strip()
        if body is None:
            continue  # @charset: the subset is plain ASCII
        if prelude.startswith(("@keyframes", "@-webkit-keyframes")):
            out.append(f"{prelude}{{{body}}}")  # a few hundred bytes; kept whole rather than traced
            continue
        if prelude.startswith("@"):
            inner = subset(body, words)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
            continue
        kept = [selector for selector in prelude.split(",") if _selector_used(selector, words)]
        if kept:
            out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def build() -> str:
    css = SOURCE.read_text(encoding="utf-8")
    css = re.sub(r"/\*#\s*sourceMappingURL=.*?\*/", "", css)
    return HEADER + subset(css, used_words()) + "\n"


def main() -> int:
    text = build()
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(text.encode()):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
