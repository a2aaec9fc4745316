import pytest

from tests.councils.factories import council_records


@pytest.fixture
def records(world):
    return council_records(world)
