import pytest


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure modules: no CKAN plugins to load."""
