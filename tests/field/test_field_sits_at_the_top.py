"""The offline field app is the top of the house: it calls the apps' forms and write
functions and the API, and nothing imports it (STYLE.md: dependencies point one way)."""

from tests.reminders.test_reminders_sit_at_the_top import APPS, ROOT, imported_modules


def test_no_module_outside_the_field_app_imports_it():
    readers = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path.relative_to(ROOT).parts[:2] != ("kzsafety", "field")
        and any(name.startswith("kzsafety.field") for name in imported_modules(path))
    ]
    assert readers == []
