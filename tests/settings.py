"""Settings for the test suite: production settings (DEBUG off) with a fixed secret and
plain HTTP, so the tests exercise what production runs."""

import os
import tempfile

os.environ.setdefault(
    "SECRET_KEY", "tests-only-secret-key-that-is-long-and-random-enough-0123456789"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")


def _redis_of_this_worker(url: str, worker: str) -> str:
    """pytest-xdist runs the suite in several processes, each on its own test database
    (pytest-django adds the worker's name). Each gets its own Redis database too, or one
    worker's Celery worker would take another's tasks and run them against the wrong
    database. gw0 keeps the given database; gwN moves N up (modulo Redis's 16)."""
    from urllib.parse import urlsplit, urlunsplit

    number = int(worker.removeprefix("gw") or 0)
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + number) % 16}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    # In os.environ, so that the Celery and beat processes the tests start inherit it.
    os.environ["REDIS_URL"] = _redis_of_this_worker(
        os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"]
    )

from kzsafety.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="kzsafety-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="kzsafety-static-")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process in tests so their effects can be asserted in the same transaction;
# tests of the queue itself (tests/kzsafety/test_background_tasks.py) switch to the real
# broker and a real worker when REDIS_URL is set.
CELERY_TASK_ALWAYS_EAGER = True

# A second alias on the same test database, for the replica router's tests: they switch
# DATABASE_REPLICA on (it is off here, so every other test reads the primary as before).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_REPLICA = None

# The suite sends thousands of API requests a minute (the URL × role matrix); the throttling
# tests (tests/api/test_api_limits.py) set low rates of their own.
API_THROTTLE_RATES = {"token": "100000/min", "user": "100000/min", "anon": "100000/min"}

# The scope cache (kzsafety/scope_cache.py) moves its counters when a transaction commits,
# and a test's transaction never does: off here, so a test that writes and reads again
# sees its write; tests/kzsafety/test_scope_cache.py switches it on and runs the commit
# callbacks itself.
SCOPE_CACHE_SECONDS = 0

# The reference lists' options in filter forms are kept a minute per process
# (kzsafety/reference_choices.py); a test's rolled-back records must not outlive it, so the
# suite reads them every time; tests/kzsafety/test_reference_choices.py switches it on.
REFERENCE_CHOICES_SECONDS = 0

# Rendered fragments (the menu, the offline app's settings, unfiltered filter forms) are kept
# in each process's memory; a test's rolled-back records must not show in the next test's
# page, so the suite keeps none; tests/kzsafety/test_fragment_cache.py switches it on.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
