import pytest

from apoia.territory.reference import load_territory


@pytest.fixture
def ms_mt(db):
    """The states MS and MT with all their municipalities (79 + 142)."""
    load_territory({"MS", "MT"})
