"""The demo portal's data (demo/data/*.yaml) and its loader (demo/load.py),
for every test that reads the portal a visitor of `make demo` sees.
Registered by tests/conftest.py (``pytest_plugins``), so ``demo_portal`` is
one fixture for the whole suite."""
import importlib.util
from pathlib import Path

import pytest

_LOADER = Path(__file__).resolve().parents[1] / "demo" / "load.py"
_spec = importlib.util.spec_from_file_location("demo_load", _LOADER)
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

PORTAL = load.read_portal()


def load_demo_portal():
    return load.sync(PORTAL)


@pytest.fixture
def demo_portal(shared_data):
    """The demo portal loaded, once for consecutive tests that only read
    it under the same plugins (``shared_data``); a test that changes it
    loads its own on ``clean_db``."""
    return shared_data(load_demo_portal)


@pytest.fixture
def writable_demo_portal(clean_db, clean_index):
    """The demo portal loaded for a test that changes it."""
    return load_demo_portal()
