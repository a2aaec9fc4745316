"""The reminders read the apps below them; no app reads the reminders (STYLE.md: dependencies
point one way, the top layer is read by nobody)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("kzsafety", "inspections", "councils")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_app_module_imports_the_reminders():
    readers = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "reminders" not in path.relative_to(ROOT).parts
        and any(name.startswith("kzsafety.reminders") for name in imported_modules(path))
    ]
    assert readers == []
