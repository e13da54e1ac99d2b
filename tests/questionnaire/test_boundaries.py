"""The patient side never imports the staff side: contact events and notifications are its own code and data."""

import ast
from pathlib import Path

import hsct_screen.questionnaire

PATIENT_SIDE = Path(hsct_screen.questionnaire.__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_questionnaire_module_imports_the_staff_app():
    offenders = {
        str(path.relative_to(PATIENT_SIDE)): sorted(name for name in _imported_modules(path) if "staff" in name)
        for path in PATIENT_SIDE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
    assert len(offenders) > 10  # the walk really saw the app's modules
