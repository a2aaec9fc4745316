"""Real Chromium through Playwright. The browser is the system's (/usr/bin/chromium or
CHROMIUM_PATH), never a downloaded one. Missing browser: skipped with the reason, or a
failure when REQUIRE_BROWSER=1 (CI)."""

import os
import shutil
import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).is_file():
        return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium():
    path = find_chromium()
    if path is None:
        message = "no Chromium at /usr/bin/chromium or CHROMIUM_PATH"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests run in transactions that end with the tables emptied, which also
    removes the reference lists the migrations loaded; put them back first. (Django's
    serialized rollback does not help here: Playwright's event loop gives the test a
    different connection object than the one the test database was serialized on.)"""
    from django.apps import apps

    from kzsafety.directories import reference_data as lists

    lists.load(apps)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        viewport={"width": 360, "height": 780}, device_scale_factor=2, locale="kk-KZ"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_390(chromium):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        locale="kk-KZ",
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def desk(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 860}, locale="kk-KZ")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page, base_url: str, username: str, password: str = "correct-horse-battery") -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=dashboard-title]")


def sign_in(context, base_url: str, user) -> None:
    """Signed in through a session cookie made on the server, without the login page: for
    tests that go through many users quickly."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def no_sideways_scroll(page, width: int | None = None, seconds: float = 5) -> bool:
    """The page is no wider than `width` (else its viewport) once it has settled: a dropdown
    just opened is placed by Popper a moment later, and a busy machine may measure a page
    before its layout is done. Polled from here: wait_for_function evaluates a string,
    which the CSP forbids."""
    limit = "document.documentElement.clientWidth" if width is None else str(int(width))
    deadline = time.monotonic() + seconds
    while True:
        if page.evaluate(f"document.documentElement.scrollWidth <= {limit}"):
            return True
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
