"""Shared fixtures: every test runs with the suite's plugins loaded (from
test.ini's ckan.plugins, or a test's own ``ckan_config`` mark), against the
real PostgreSQL and Redis, with the plugins' migrations applied."""
import faker
import pytest

import ckan.plugins as p
from ckan.tests import factories

# CKAN served on a free port and Debian's Chromium, for the browser tests.
pytest_plugins = ["tests.browser"]

# Plugins whose tables the database must have (alembic, `-p PLUGIN`).
MIGRATED_PLUGINS = ("postgres_search", "maturity", "prioritization",
                    "charter")


@pytest.fixture(autouse=True, scope="session")
def _latin_filler_text():
    """Fill what a test leaves out of a dataset in lorem ipsum Latin.

    CKAN's factories write a random English title and description
    (Faker's en_US words), and a free-text query can match them by chance:
    in CI, ``q=road`` found a dataset whose generated text said "road".
    Latin filler cannot match the English words the tests search for, so
    only what a test wrote can.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(factories, "fake", faker.Faker("la"))
        yield


@pytest.fixture(autouse=True)
def _suite_plugins(with_plugins):
    """Load the configured plugins for every test (CKAN's pytest plugin
    unloads all plugins before the run)."""


@pytest.fixture
def clean_db(reset_db, migrate_db_for, _suite_plugins):
    """CKAN's clean_db, plus the migrations of the suite's loaded plugins
    (alembic refuses to migrate a plugin that is not loaded)."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin):
            migrate_db_for(plugin)


@pytest.fixture
def clean_index(reset_index, _suite_plugins):
    """Empty the search index with the search plugin already loaded."""
    reset_index()


@pytest.fixture
def search_ready(clean_db, clean_index):
    """An empty database and an empty search index."""
    assert p.plugin_loaded("postgres_search")
