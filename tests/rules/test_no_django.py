"""The rules engine stays pure Python: no Django and nothing else of the project."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import hsct_screen.rules

RULES_DIR = Path(hsct_screen.rules.__file__).parent
RULES_FILES = sorted(RULES_DIR.rglob("*.py"))


def imported_modules(path: Path) -> list[str]:
    """Every absolute module name a file imports, at any depth (inside functions too)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def forbidden(name: str) -> bool:
    top = name.split(".")[0]
    if top == "django":
        return True
    return top == "hsct_screen" and not (name == "hsct_screen.rules" or name.startswith("hsct_screen.rules."))


def test_the_scan_finds_every_rules_module():
    assert {path.name for path in RULES_FILES} >= {"__init__.py", "answers.py", "engine.py", "kinds.py", "result.py"}


def test_the_scan_would_catch_a_django_or_project_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import django.conf\nfrom hsct_screen.criteria import models\ndef f():\n    from django.db import models\n"
    )
    assert [name for name in imported_modules(bad) if forbidden(name)] == [
        "django.conf",
        "hsct_screen.criteria",
        "hsct_screen.criteria.models",
        "django.db",
        "django.db.models",
    ]


@pytest.mark.parametrize("path", RULES_FILES, ids=lambda path: path.name)
def test_rules_module_imports_no_django_and_nothing_else_of_the_project(path):
    bad = [name for name in imported_modules(path) if forbidden(name)]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", RULES_FILES, ids=lambda path: path.name)
def test_rules_module_uses_no_relative_import_that_could_escape_the_package(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level > 0]
    assert not relative, f"{path.name} uses relative imports {relative}"


def test_importing_the_rules_in_a_fresh_interpreter_loads_no_django():
    code = (
        "import sys\n"
        "import hsct_screen.rules, hsct_screen.rules.answers, hsct_screen.rules.engine\n"
        "import hsct_screen.rules.kinds, hsct_screen.rules.result\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "project = sorted(m for m in sys.modules if m.startswith('hsct_screen') and m != 'hsct_screen'"
        " and not m.startswith('hsct_screen.rules'))\n"
        "print(loaded, project)\n"
        "sys.exit(1 if loaded or project else 0)\n"
    )
    project_root = RULES_DIR.parent.parent
    done = subprocess.run(  # noqa: S603 - our own interpreter running a fixed snippet
        [sys.executable, "-c", code], cwd=project_root, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
