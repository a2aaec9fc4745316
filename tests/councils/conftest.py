import pytest

from tests.councils.factories import council_records


@pytest.fixture
def records(world):
    return council_records(world)


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """Council tests assert messages in English."""
