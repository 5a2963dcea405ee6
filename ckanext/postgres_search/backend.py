"""A search connection of pysolr's shape, answered by PostgreSQL.

CKAN builds every index document and every query itself (permission
labels, dataset types, drafts, facets) and hands them to the object that
``ckan.lib.search.common.make_connection`` returns. While the
``postgres_search`` plugin is loaded, that factory returns a
``PostgresSearchConnection`` instead of a ``pysolr.Solr``; when the plugin
is not loaded, CKAN's own factory runs and talks to Solr as usual.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import logging
import time
from typing import Any, Callable

import psycopg2.errors
import pysolr
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
# CKAN's own start-up error for a bad option (the toolkit does not export it).
from ckan.exceptions import CkanConfigurationException

from . import fields as index_fields
from . import textsearch
from .query import QuerySyntaxError, compile_delete, compile_search

log = logging.getLogger(__name__)

PLUGIN = "postgres_search"
TABLE = "postgres_search_index"

# Rows written with deferred commits (a bulk re-index) since the last
# commit; past this many, commit() vacuums the table.
VACUUM_AFTER_DEFERRED_ROWS = 500
_deferred_rows = 0

# Stands in for CKAN's required solr_url when the portal has no Solr.
NO_SOLR_URL = "postgres-search://no-solr"

_MISSING_TABLE = ("The PostgreSQL search index table is missing: run "
                  "`ckan db upgrade -p postgres_search`.")


TEXT_SEARCH_CONFIG_OPTION = "ckanext.postgres_search.text_search_config"


def text_search_config() -> str:
    configured = tk.config.get(TEXT_SEARCH_CONFIG_OPTION)
    if configured:
        return configured
    return textsearch.for_locale(tk.config.get("ckan.locale_default"))


def check_text_search_config() -> None:
    """Refuse to start with a text search configuration the database does
    not have: otherwise every search and every indexing would fail later.

    The plugin's own configurations pass before the migration created them
    (`ckan db upgrade -p postgres_search` must be able to start)."""
    name = tk.config.get(TEXT_SEARCH_CONFIG_OPTION)
    if not name or name in textsearch.CONFIGURATIONS:
        return
    try:
        # Closing the connection ends its read (no rollback() call: the
        # SQLAlchemy 1.4 of CKAN 2.11 has none on a Connection).
        with _engine().connect() as connection:
            # The cast resolves the name as every query will (search_path,
            # schema-qualified names); `SELECT cfgname` would not.
            connection.exec_driver_sql("SELECT %(name)s::regconfig",
                                       {"name": name})
    except DBAPIError as error:
        if error.connection_invalidated or isinstance(
                error.orig, psycopg2.OperationalError):
            raise  # the database is down: CKAN says so itself
        known = ", ".join(textsearch.CONFIGURATIONS)
        raise CkanConfigurationException(
            f"{TEXT_SEARCH_CONFIG_OPTION} = {name!r}: PostgreSQL has no text "
            f"search configuration of that name "
            f"({str(error.orig).strip().splitlines()[0]})."
            f" Use one of the plugin's ({known}), one of the database's "
            "(SELECT cfgname FROM pg_ts_config), or leave it empty to follow"
            " ckan.locale_default.") from error


def _engine() -> sa.engine.Engine:
    return model.meta.engine


def _timeout_ms() -> int:
    return int(float(tk.config.get("ckanext.postgres_search.timeout")) * 1000)


class PostgresSearchConnection:
    """The subset of ``pysolr.Solr`` that CKAN uses: add, delete, commit,
    search. Writes go through the request's database session and commit
    with it; ``commit`` commits the session (CKAN calls it after a bulk
    write that no action commits)."""

    url = "postgresql:postgres_search_index"

    def __init__(self, decode_dates: bool = True):
        self.decode_dates = decode_dates

    # -- writes -----------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], commit: bool = True,
            **kwargs: Any) -> str:
        config = text_search_config()
        rows = [index_fields.index_row(doc) for doc in docs]
        columns = [index_fields.column_of(n) for n in index_fields.COLUMN_FIELDS]
        statement = f"""
            INSERT INTO {TABLE} (index_id, package_id, site_id, doc,
                {", ".join(columns)}, fields,
                text_fields, search_vector, metadata_created,
                metadata_modified, name, title_string, indexed_at)
            VALUES (%(index_id)s, %(package_id)s, %(site_id)s,
                %(doc)s::jsonb,
                {", ".join(f"%({c})s::text[]" for c in columns)},
                %(fields)s::jsonb, %(text_fields)s::jsonb,
                setweight(to_tsvector(%(config)s::regconfig, %(a)s), 'A')
                || setweight(to_tsvector(%(config)s::regconfig, %(b)s), 'B')
                || setweight(to_tsvector(%(config)s::regconfig, %(d)s), 'D'),
                %(created)s, %(modified)s, %(name)s, %(title_string)s,
                now() AT TIME ZONE 'utc')
            ON CONFLICT (index_id) DO UPDATE SET
                package_id = EXCLUDED.package_id, site_id = EXCLUDED.site_id,
                doc = EXCLUDED.doc, fields = EXCLUDED.fields,
                {", ".join(f"{c} = EXCLUDED.{c}" for c in columns)},
                text_fields = EXCLUDED.text_fields,
                search_vector = EXCLUDED.search_vector,
                metadata_created = EXCLUDED.metadata_created,
                metadata_modified = EXCLUDED.metadata_modified,
                name = EXCLUDED.name, title_string = EXCLUDED.title_string,
                indexed_at = EXCLUDED.indexed_at
        """
        params = [{
            "index_id": row.index_id, "package_id": row.package_id,
            "site_id": row.site_id,
            "doc": json.dumps(row.doc, default=str), **row.columns,
            "fields": json.dumps(row.fields),
            "text_fields": json.dumps(row.text_fields),
            "config": config,
            "a": row.weighted_text["A"], "b": row.weighted_text["B"],
            "d": row.weighted_text["D"],
            "created": _timestamp(row.metadata_created),
            "modified": _timestamp(row.metadata_modified),
            "name": row.name, "title_string": row.title_string,
        } for row in rows]
        with _solr_errors():
            connection = _session_connection()
            if not commit:
                # CKAN defers commits when it indexes in bulk; the
                # index can be rebuilt, so it need not wait for fsync.
                connection.exec_driver_sql(
                    "SET LOCAL synchronous_commit = off")
            connection.exec_driver_sql(statement, params)
        if not commit:
            global _deferred_rows
            _deferred_rows += len(rows)
        return ""

    def delete(self, id: Any = None, q: str | None = None,
               commit: bool = True, **kwargs: Any) -> str:
        if id is not None:
            ids = id if isinstance(id, (list, tuple)) else [id]
            where, params = "index_id = ANY(%(ids)s)", {"ids": list(ids)}
        elif q is not None:
            try:
                where, params = compile_delete(q, text_search_config())
            except QuerySyntaxError as error:
                raise pysolr.SolrError(str(error)) from error
        else:
            raise ValueError("You must specify 'id' or 'q'.")
        with _solr_errors():
            standalone = not model.Session().in_transaction()
            _session_connection().exec_driver_sql(
                f"DELETE FROM {TABLE} d WHERE {where}", params)
            if standalone and commit:
                # Nothing else in the session's transaction: no action
                # will commit it (`ckan search-index clear <id>`).
                model.Session.commit()
        return ""

    def commit(self, **kwargs: Any) -> str:
        # CKAN commits once after indexing in bulk (`search-index rebuild`
        # defers commits). Every re-indexed row left a dead version behind
        # that scans read until vacuum removes it: after a bulk re-index,
        # vacuum now rather than when autovacuum comes round
        # (docs/search.md, section 4).
        # Writes joined the session's transaction: a commit of the index
        # (after `search-index clear`, a deferred bulk re-index) is its
        # commit.
        with _solr_errors():
            model.Session.commit()
        global _deferred_rows
        if _deferred_rows >= VACUUM_AFTER_DEFERRED_ROWS:
            _deferred_rows = 0
            self.optimize()
        return ""

    def optimize(self, **kwargs: Any) -> str:
        with _solr_errors():
            with _engine().connect() as connection:
                connection = connection.execution_options(
                    isolation_level="AUTOCOMMIT")
                # Facet values no dataset has any more (counts kept at 0 by
                # the index triggers, never shown).
                connection.exec_driver_sql(
                    "DELETE FROM postgres_search_facet_count WHERE n = 0")
                # INDEX_CLEANUP ON: when the dead rows sit in under 2% of
                # the table's pages (a partial re-index of a large portal)
                # vacuum would otherwise leave them in the indexes, and
                # every index scan would still visit them.
                for table in (TABLE, "postgres_search_facet_count",
                              "postgres_search_filter_group"):
                    connection.exec_driver_sql(
                        f"VACUUM (ANALYZE, INDEX_CLEANUP ON) {table}")
        return ""

    # -- reads ------------------------------------------------------------
    def search(self, q: str | None = None, **kwargs: Any) -> pysolr.Results:
        params = dict(kwargs, q=q)
        started = time.perf_counter()
        try:
            compiled = compile_search(params, text_search_config())
        except QuerySyntaxError as error:
            raise pysolr.SolrError(
                f"org.apache.solr.search.SyntaxError: {error}") from error
        with _solr_errors(), _savepoint() as connection:
            # Facet counting over many matches hashes in memory rather
            # than spilling to disk at the default 4MB; JIT compiling
            # costs more (~45 ms) than it saves here. Rolling back to the
            # savepoint undoes the SET LOCALs.
            connection.exec_driver_sql(
                f"SET LOCAL statement_timeout = {_timeout_ms():d}; "
                "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
            row = connection.exec_driver_sql(
                compiled.sql, compiled.params).mappings().one()
        docs = [compiled.fields.select(doc, score)
                for doc, score in (row["docs"] if compiled.rows else [])]
        if self.decode_dates:
            from ckan.lib.search.common import solr_datetime_decoder
            docs = [solr_datetime_decoder(doc) for doc in docs]
        facets = {
            name: [item for pair in row[f"facet_{number}"] for item in pair]
            for number, name in enumerate(compiled.facet_fields)}
        elapsed = int((time.perf_counter() - started) * 1000)
        return pysolr.Results({
            "responseHeader": {"status": 0, "QTime": elapsed},
            "response": {"numFound": row["hits"], "start":
                         int(params.get("start") or 0), "docs": docs},
            "facet_counts": {"facet_fields": facets},
        })

def _session_connection():
    """The connection of the request's own database session.

    Index writes join the request's transaction: the index row commits or
    rolls back with the dataset, and a request never holds one pooled
    connection while waiting for a second (twenty concurrent editors
    exhausted the pool that way, docs/search.md)."""
    return model.Session.connection()


@contextlib.contextmanager
def _savepoint():
    """A search on the session's connection, inside a savepoint: its
    settings and a failure (a timeout) end with it, the request's
    transaction goes on."""
    connection = _session_connection()
    connection.exec_driver_sql("SAVEPOINT postgres_search")
    try:
        yield connection
    finally:
        connection.exec_driver_sql("ROLLBACK TO SAVEPOINT postgres_search")
        connection.exec_driver_sql("RELEASE SAVEPOINT postgres_search")


@contextlib.contextmanager
def _solr_errors():
    """Database failures surface as the Solr errors CKAN handles."""
    try:
        yield
    except DBAPIError as error:
        if isinstance(error.orig, (psycopg2.errors.UndefinedTable,
                                   psycopg2.errors.UndefinedObject)):
            # The table or the text search configurations of the migration.
            raise pysolr.SolrError(
                f"{_MISSING_TABLE} ({str(error.orig).strip()})") from error
        message = str(error.orig).strip()
        log.warning("postgres_search query failed: %s", message)
        raise pysolr.SolrError(message) from error


def _timestamp(value: str | None):
    if not value:
        return None
    return value.rstrip("Z").replace("T", " ")


def index_exists() -> bool:
    return sa.inspect(_engine()).has_table(TABLE)


# -- the seam in CKAN's search module -------------------------------------
_SEARCH_MODULES = ("ckan.lib.search.common", "ckan.lib.search.index",
                   "ckan.lib.search.query", "ckan.lib.search")


def _dispatching(solr_factory: Callable[..., Any]) -> Callable[..., Any]:
    def make_connection(decode_dates: bool = True):
        if p.plugin_loaded(PLUGIN):
            return PostgresSearchConnection(decode_dates=decode_dates)
        return solr_factory(decode_dates=decode_dates)
    make_connection.postgres_search = True  # type: ignore[attr-defined]
    return make_connection


def _schema_check(solr_check: Callable[..., bool]) -> Callable[..., bool]:
    # CKAN checks the Solr schema version at start-up; the PostgreSQL index
    # has no Solr schema, its version is the plugin's migration.
    def check_solr_schema_version(schema_file: str | None = None) -> bool:
        if p.plugin_loaded(PLUGIN):
            # At start-up the database engine may not be set up yet.
            if model.meta.engine is not None and not index_exists():
                log.warning(_MISSING_TABLE)
            return True
        if tk.config.get("solr_url") == NO_SOLR_URL:
            return False  # plugin unloaded on a portal that has no Solr
        return solr_check(schema_file)
    check_solr_schema_version.postgres_search = True  # type: ignore
    return check_solr_schema_version


def install() -> None:
    """Route CKAN's search connection through the dispatcher (idempotent)."""
    for name in _SEARCH_MODULES:
        module = importlib.import_module(name)
        if not getattr(module.make_connection, "postgres_search", False):
            module.make_connection = _dispatching(module.make_connection)
    search = importlib.import_module("ckan.lib.search")
    if not getattr(search.check_solr_schema_version, "postgres_search", False):
        search.check_solr_schema_version = _schema_check(
            search.check_solr_schema_version)
