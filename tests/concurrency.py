"""Two requests at the same moment, for real: each in its own thread with its own database
connection, both certainly in flight together (PostgreSQL only)."""

import threading
import time

from django.db import connection, connections, transaction
from django.test import Client

ON_POSTGRESQL = connection.vendor == "postgresql"


def _waiting(count: int, timeout: float = 10) -> bool:
    """Wait until `count` other sessions are blocked on a lock."""
    deadline = time.monotonic() + timeout
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(DISTINCT pid) FROM pg_locks"
                " WHERE NOT granted AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count:
                return True
            time.sleep(0.05)
    return False


def post_together(user, url: str, data: dict, held_table: str, times: int = 2) -> list:
    """POST the same data `times` times at once as `user`. Inserts into `held_table` (the
    table the create writes its record to) are held back until every request is blocked
    somewhere, so they overlap whatever the machine's speed; then let go. Returns the
    responses."""
    responses, errors = [], []

    def post():
        try:
            client = Client()
            client.force_login(user)
            responses.append(client.post(url, data))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(times)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{held_table}" IN EXCLUSIVE MODE')  # noqa: S608
        for thread in threads:
            thread.start()
        assert _waiting(times), "the requests never met"
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return responses
