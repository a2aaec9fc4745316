"""The API reads the apps below it through their scoping and write functions; no app reads
the API (STYLE.md: dependencies point one way, the top layer is read by nobody). The
project's URLconf and settings name it by dotted path only."""

from pathlib import Path

from tests.reminders.test_reminders_sit_at_the_top import APPS, ROOT, imported_modules

# The offline field app is the API's client: its outbox sends through the API's writes, so
# the device keeps the user's reports in the API's shape (docs/offline.md). It sits above
# the API, and nothing imports it (tests/field/test_field_sits_at_the_top.py).
ABOVE_THE_API = {("kzsafety", "api"), ("kzsafety", "field")}


def test_no_app_module_imports_the_api():
    readers = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if path.relative_to(ROOT).parts[:2] not in ABOVE_THE_API
        and any(name.startswith("kzsafety.api") for name in imported_modules(path))
    ]
    assert readers == []


def test_the_api_reads_through_the_scoping_functions():
    """Every read viewset's records come from a `*_visible_to` function."""
    from kzsafety.api.reads import views

    viewsets = [
        value
        for value in vars(views).values()
        if isinstance(value, type)
        and issubclass(value, views.ScopedReadViewSet)
        and value is not views.ScopedReadViewSet
    ]
    assert len(viewsets) == 9
    for viewset in viewsets:
        assert viewset.visible_to.__name__.endswith("_visible_to"), viewset
    assert Path(views.__file__).read_text().count(".objects.") == 1  # Meeting's prefetch only
