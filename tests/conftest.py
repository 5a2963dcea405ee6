"""Shared fixtures: every test runs with the suite's plugins loaded (from
test.ini's ckan.plugins, or a test's own ``ckan_config`` mark), against the
real PostgreSQL and Redis, with the plugins' migrations applied.

What is set up once and reused, and what each test still gets fresh, is
described in docs/testing.md."""
import collections
import copy
import itertools
import logging
import sys

import faker
import pytest
import sqlalchemy as sa

import ckan.plugins as p
from ckan import model
from ckan.common import config
from ckan.lib.app_globals import app_globals
from ckan.plugins import core as plugins_core
from ckan.tests import factories

# CKAN served on a free port and Debian's Chromium, for the browser tests.
pytest_plugins = ["tests.browser", "tests.demo_portal"]

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


# --- Plugins: loaded once per distinct configuration ----------------------

_STATS = collections.Counter()


def pytest_terminal_summary(terminalreporter):
    if _STATS:
        terminalreporter.write_line(
            "set-up reused: " + ", ".join(
                f"{what} {count}" for what, count in sorted(_STATS.items())))


class _Loaded:
    """What with_plugins last loaded: the configuration it loaded from, the
    configuration the plugins' update_config made of it, and the plugin
    objects themselves (so a reload by anyone else, make_app's included,
    is noticed)."""
    before = None
    after = None
    services = None

    @classmethod
    def forget(cls):
        cls.before = cls.after = cls.services = None

    @staticmethod
    def current_services():
        # The objects themselves, compared by identity: an id() alone could
        # be reused by a new object once an unloaded plugin is freed.
        return [(name, plugins_core._PLUGINS_SERVICE.get(name))
                for name in plugins_core._PLUGINS]

    @staticmethod
    def same_services(one, other):
        return one is not None and other is not None and \
            len(one) == len(other) and all(
                a[0] == b[0] and a[1] is b[1] for a, b in zip(one, other))

    @classmethod
    def matches(cls, wanted):
        return (cls.before is not None and wanted == cls.before
                and cls.same_services(cls.current_services(), cls.services))


def _marked_plugins(request):
    """The plugin names of a test's ``with_plugins`` marks (CKAN 2.12's
    rules: a dict argument provides a fake plugin class), and whether any
    is fake."""
    names, fake = [], False
    marks = request.node.iter_markers("with_plugins")
    for plugin in itertools.chain.from_iterable(m.args for m in marks):
        if isinstance(plugin, str):
            names.append(plugin)
        elif isinstance(plugin, dict):
            provide = request.getfixturevalue("provide_plugin")
            for name, impl in plugin.items():
                provide(name, impl)
                names.append(name)
            fake = True
        else:
            raise AssertionError(f"Unexpected with_plugins argument {plugin}")
    return names, fake


@pytest.fixture
def with_plugins(ckan_config, monkeypatch, request):
    """CKAN's with_plugins (the plugins of ``ckan.plugins``, plus those of
    ``with_plugins`` marks on CKAN 2.12, and no others), without the reload
    when nothing changed: the plugins stay loaded after a test, and the
    next test whose configuration is the one they were loaded from reuses
    them, with the configuration their update_config made of it. Another
    configuration, a fake plugin, or a reload by the test itself (make_app
    reloads) means a full unload and load, as CKAN's fixture does."""
    names, fake = _marked_plugins(request)
    if names:
        current = ckan_config["ckan.plugins"]
        if isinstance(current, str):
            current = current.split()
        monkeypatch.setitem(ckan_config, "ckan.plugins",
                            list(current) + names)
    wanted = dict(config)
    if not fake and _Loaded.matches(wanted):
        config.clear()
        config.update(copy.deepcopy(_Loaded.after))
        app_globals._init()
        _ensure_site_user()
        _STATS["plugins reused"] += 1
    else:
        _STATS["plugins loaded"] += 1
        _Loaded.forget()
        p.load_all()
        _Loaded.before = copy.deepcopy(wanted)
        _Loaded.after = copy.deepcopy(dict(config))
        _Loaded.services = _Loaded.current_services()
    yield
    if fake:
        # The fake plugin's class is provided only during this test.
        p.unload_all()
        _Loaded.forget()


def _ensure_site_user():
    """What CKAN's update_config does last: create the site user (the
    database of a test may have been emptied since the plugins loaded)."""
    from ckan import logic
    if sa.inspect(model.meta.engine).has_table("user"):
        logic.get_action("get_site_user")({"ignore_auth": True}, {})


class _Apps:
    """The CKAN app make_app last built: the configuration and plugin
    objects it was built with, and the configuration it left."""
    key = None
    wsgi = None
    after = None


@pytest.fixture
def make_app(make_app):
    """CKAN's make_app, reusing the app the last call built when the
    configuration and the loaded plugin objects are the same as then
    (building one loads all plugins again and takes seconds). Each call
    still gets its own test client (no cookies carried over), app globals
    read again from the database, and the site user."""
    from ckan.config.middleware import make_app as build
    from ckan.lib import app_globals as globals_module
    from ckan.tests.helpers import CKANTestApp

    def make():
        config["testing"] = True
        before = dict(config)
        if _Apps.key is not None and before == _Apps.key[0] and \
                _Loaded.same_services(_Loaded.current_services(),
                                      _Apps.key[1]):
            config.clear()
            config.update(copy.deepcopy(_Apps.after))
            _ensure_site_user()
            globals_module.reset()
            _STATS["apps reused"] += 1
            return CKANTestApp(_Apps.wsgi)
        _STATS["apps built"] += 1
        _Apps.key = None
        wsgi = build(config)
        services = _Loaded.current_services()
        if before == _Loaded.after:
            # The plugins were reloaded from with_plugins' configuration:
            # the next test with it can keep them.
            _Loaded.services = services
        _Apps.key = (copy.deepcopy(before), services)
        _Apps.wsgi = wsgi
        _Apps.after = copy.deepcopy(dict(config))
        return CKANTestApp(wsgi)
    return make


@pytest.fixture(autouse=True, scope="session")
def _unload_plugins_at_the_end():
    yield
    p.unload_all()
    _Loaded.forget()


@pytest.fixture(autouse=True)
def _suite_plugins(with_plugins):
    """Load the configured plugins for every test (CKAN's pytest plugin
    unloads all plugins before the run)."""


@pytest.fixture
def no_plugins():
    """For tests of pure code: no CKAN plugin loaded (overrides
    ``_suite_plugins`` where a conftest.py or a test asks for it)."""
    if plugins_core._PLUGINS:
        p.unload_all()
        _Loaded.forget()


# --- Database: migrated once, emptied per test -----------------------------

_heads = {}


def _head(plugin):
    """The newest migration of a plugin (from its alembic scripts)."""
    if plugin not in _heads:
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from ckan.cli.db import _resolve_alembic_config
        script = ScriptDirectory.from_config(
            Config(_resolve_alembic_config(plugin)))
        _heads[plugin] = script.get_current_head()
    return _heads[plugin]


class _LoggersKept:
    """Alembic's env.py of each plugin reads the logging sections of the
    ini with ``fileConfig``, which disables every logger that exists
    already: after a migration in the middle of a run, a module's log
    lines (and the tests that read them) went nowhere. Loggers enabled
    before a migration are enabled again after it."""

    def __enter__(self):
        self.enabled = [logger for logger in
                        logging.Logger.manager.loggerDict.values()
                        if isinstance(logger, logging.Logger)
                        and not logger.disabled]

    def __exit__(self, *exc):
        for logger in self.enabled:
            logger.disabled = False


def _migrate(migrate_db_for, plugins):
    with _LoggersKept():
        for plugin in plugins:
            migrate_db_for(plugin)
    _pooled_engine()


# Extensions whose model, once a test imported it, maps itself onto CKAN's
# (ckanext-harvest gives Package its harvest_objects): from then on a
# dataset_purge in any test reads their tables, plugin loaded or not. Their
# tables are kept while the model is imported: module -> (plugin, table).
MAPPED_EXTENSIONS = {"ckanext.harvest.model": ("harvest", "harvest_object")}


def _tables_of_mapped_extensions():
    """Migrate the tables of the extensions above whose model is imported
    and whose tables are missing (after a reset that dropped every
    table), with the extension's own alembic scripts, loaded or not."""
    import importlib
    import os
    for module, (plugin, table) in MAPPED_EXTENSIONS.items():
        if module not in sys.modules or sa.inspect(
                model.meta.engine).has_table(table):
            continue
        package = importlib.import_module(module.rsplit(".", 1)[0])
        ini = os.path.join(os.path.dirname(package.__file__), "migration",
                           plugin, "alembic.ini")
        original = model.repo._alembic_ini
        model.repo._alembic_ini = ini
        try:
            with _LoggersKept():
                model.repo.upgrade_db("head")
        finally:
            model.repo._alembic_ini = original
        _pooled_engine()


def migrate_behind_head(migrate_db_for, plugins):
    """Migrate those of ``plugins`` (loaded ones, of any extension) whose
    tables are not at their newest revision, then give CKAN back its
    pooled engine (see ``_pooled_engine``)."""
    with model.meta.engine.connect() as connection:
        behind = [name for name in plugins
                  if _migrated_version(connection, name) != _head(name)]
    _migrate(migrate_db_for, behind)


def _migrated_version(connection, plugin):
    table = f"{plugin}_alembic_version"
    if connection.execute(sa.text("SELECT to_regclass(:t)"),
                          {"t": table}).scalar() is None:
        return None
    return connection.execute(
        sa.text(f'SELECT version_num FROM "{table}"')).scalar()


def _plugins_behind_head(connection):
    """The loaded plugins whose tables are not at their newest migration:
    after CKAN's first reset in a session (it drops every table), after a
    test that migrated down or dropped tables, or in a new database. Two
    queries, whatever the number of plugins: this runs for every test."""
    loaded = [name for name in MIGRATED_PLUGINS if p.plugin_loaded(name)]
    if not loaded:
        return []
    tables = {name: f"{name}_alembic_version" for name in loaded}
    present = set(connection.execute(
        sa.text("SELECT relname FROM pg_class WHERE relkind = 'r' "
                "AND relname = ANY(:names) AND pg_table_is_visible(oid)"),
        {"names": list(tables.values())}).scalars())
    versions = {}
    if present:
        versions = dict(connection.execute(sa.text(" UNION ALL ".join(
            f"SELECT '{name}', version_num FROM \"{table}\""
            for name, table in tables.items() if table in present))).all())
    return [name for name in loaded if versions.get(name) != _head(name)]


def _delete_all_rows():
    """CKAN's ``reset_db`` once the tables exist (``model.repo.delete_all``:
    a DELETE of every table of CKAN's metadata but ``alembic_version``,
    the plugins' tables included), sent as one statement instead of one
    table inspection and one DELETE per table. Returns False, having
    changed nothing, when a table is missing (a test dropped it, or the
    database is new): CKAN's own reset then rebuilds them."""
    from sqlalchemy.orm import close_all_sessions
    if not model.repo.tables_created_and_initialised:
        return False
    close_all_sessions()
    tables = [table for table in reversed(model.repo.metadata.sorted_tables)
              if table.name != "alembic_version"]
    statement = "; ".join(f'DELETE FROM "{table.name}"' for table in tables)
    try:
        with model.meta.engine.begin() as connection:
            connection.exec_driver_sql(statement)
    except sa.exc.ProgrammingError:
        return False
    model.Session.remove()
    return True


def _pooled_engine():
    """Give CKAN back a pooled engine after its migrations.

    CKAN's alembic environment (ckan/migration/env.py) points the model at
    its own engine, with NullPool, and leaves it there: every test after
    the first reset of a run then opened a new PostgreSQL connection for
    each transaction (about 6 ms each). A portal's engine, which
    ``update_config`` builds from ``sqlalchemy.*``, pools them."""
    from sqlalchemy.pool import NullPool
    if isinstance(model.meta.engine.pool, NullPool):
        model.init_model(sa.engine_from_config(
            dict(config), prefix="sqlalchemy.", pool_pre_ping=True))


@pytest.fixture
def clean_db(reset_db, migrate_db_for, _suite_plugins):
    """CKAN's clean_db (every table emptied), plus the migrations of the
    suite's loaded plugins (alembic refuses to migrate a plugin that is not
    loaded). The migrations run only when a plugin's tables are not at its
    newest version, which is checked for every test."""
    _Shared.forget()
    if not _delete_all_rows():
        with _LoggersKept():
            reset_db()
        _tables_of_mapped_extensions()
    with model.meta.engine.connect() as connection:
        behind = _plugins_behind_head(connection)
    _migrate(migrate_db_for, behind)


@pytest.fixture
def clean_index(reset_index, _suite_plugins):
    """Empty the search index with the search plugin already loaded."""
    reset_index()


@pytest.fixture
def search_ready(clean_db, clean_index):
    """An empty database and an empty search index."""
    assert p.plugin_loaded("postgres_search")


# --- Data built once for a run of read-only tests --------------------------

class _Shared:
    """The data ``shared_data`` last built, for which builder and
    configuration, and the number of the test that last read it."""
    key = None
    value = None
    test_number = None
    tests_started = 0

    @classmethod
    def forget(cls):
        cls.key = cls.value = cls.test_number = None


def pytest_runtest_setup(item):
    _Shared.tests_started += 1


def _configuration_marks(node):
    return [(mark.name, mark.args) for mark in node.iter_markers()
            if mark.name in ("ckan_config", "with_plugins")]


@pytest.fixture
def shared_data(request, _suite_plugins):
    """Build a test's data once for the tests that only read it.

    ``shared_data(build)`` empties the database and the search index and
    calls ``build()`` (the way ``clean_db`` and ``clean_index`` would), or
    returns a deep copy of what the same ``build`` returned for the test
    run just before this one, when that test read it through
    ``shared_data`` under the same ``ckan_config``/``with_plugins`` marks.
    Any other test in between, or any ``clean_db``, means a rebuild. Only
    for tests that write nothing (the database, the index, files); a test
    that writes takes ``clean_db`` and builds its own data.
    """
    if "clean_db" in request.fixturenames:
        raise pytest.UsageError(
            f"{request.node.nodeid}: shared_data empties the database "
            "itself; a test that takes clean_db builds its own data")

    def get(build):
        key = (build.__module__, build.__qualname__,
               repr(_configuration_marks(request.node)))
        number = _Shared.tests_started
        if _Shared.key != key or _Shared.test_number != number - 1:
            _Shared.forget()
            request.getfixturevalue("clean_db")
            request.getfixturevalue("clean_index")
            value = build()
            _Shared.key, _Shared.value = key, value
            _STATS["shared data built"] += 1
        else:
            _STATS["shared data reused"] += 1
        _Shared.test_number = number
        return copy.deepcopy(_Shared.value)
    return get
