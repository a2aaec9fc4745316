"""The files the service worker keeps are named as the pages name them (their hashed
addresses in production), so a deployment makes a new worker that keeps the new ones and
prunes the old; the worker loads the outbox's sender for Background Sync."""

import json
import re

from django.templatetags.static import static

from kzsafety.field.views import SHELL_FILES


def config_of(client) -> dict:
    body = client.get("/sw.js").content.decode()
    return json.loads(re.search(r"var CONFIG = (\{.*?\});\n", body).group(1))


def test_the_worker_keeps_our_shell_files_by_the_addresses_the_pages_use(client):
    config = config_of(client)

    assert config["files"] == [static(name) for name in SHELL_FILES]
    assert static("js/field/store.js") in config["files"]
    assert config["store"] == static("js/field/store.js")


def test_the_worker_prunes_old_versions_and_listens_for_background_sync(client):
    body = client.get("/sw.js").content.decode()

    assert 'addEventListener("activate"' in body and "prune()" in body
    assert 'addEventListener("sync"' in body and '"kzsafety-outbox"' in body
