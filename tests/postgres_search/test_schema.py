"""The migrated index is the table the code declares, and a misnamed text
search configuration stops CKAN at start-up.

`ckan db upgrade -p postgres_search` (the `clean_db` fixture runs the same
migrations through `migrate_db_for`) must build exactly what
ckanext/postgres_search/model.py declares: the test creates the declared
tables in a scratch schema and compares both through PostgreSQL's own
catalogue (column types, nullability, defaults, collations, index
definitions), so a difference of spelling cannot hide a difference of
meaning.
"""
import pytest
import sqlalchemy as sa

from ckan import model
from ckan.exceptions import CkanConfigurationException

from ckanext.postgres_search import model as index_model
from ckanext.postgres_search import textsearch

DECLARED = "postgres_search_declared"
OPTION = "ckanext.postgres_search.text_search_config"
TABLES = [index_model.search_index]

_COLUMNS = """
    SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
           pg_get_expr(d.adbin, d.adrelid),
           CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_collation co ON co.oid = a.attcollation
    WHERE n.nspname = %(schema)s AND c.relname = %(table)s
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum
"""
_INDEXES = """
    SELECT indexname, indexdef FROM pg_indexes
    WHERE schemaname = %(schema)s AND tablename = %(table)s
    ORDER BY indexname
"""


def _catalogue(connection, schema, table):
    columns = connection.exec_driver_sql(
        _COLUMNS, {"schema": schema, "table": table}).fetchall()
    indexes = connection.exec_driver_sql(
        _INDEXES, {"schema": schema, "table": table}).fetchall()
    return ([tuple(c) for c in columns],
            {name: definition.replace(f"{schema}.", "")
             for name, definition in indexes})


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_migrated_table_is_the_declared_table(table):
    with model.meta.engine.connect() as connection:
        migrated = _catalogue(connection, "public", table.name)
        connection.exec_driver_sql(f"CREATE SCHEMA {DECLARED}")
        scratch = sa.MetaData(schema=DECLARED)
        table.to_metadata(scratch).create(connection)
        declared = _catalogue(connection, DECLARED, table.name)
        connection.rollback()
    migrated_columns, migrated_indexes = migrated
    declared_columns, declared_indexes = declared
    assert [c[0] for c in migrated_columns] == [c[0] for c in declared_columns]
    for migrated_column, declared_column in zip(migrated_columns,
                                                declared_columns):
        assert migrated_column == declared_column
    assert sorted(migrated_indexes) == sorted(declared_indexes)
    for name, definition in declared_indexes.items():
        assert migrated_indexes[name] == definition


@pytest.mark.usefixtures("clean_db")
def test_declared_index_columns_are_what_the_indexer_writes():
    # 23 columns: the ids, the stored document, one array per filter/facet
    # field, the other fields, the text vector and the sort keys.
    with model.meta.engine.connect() as connection:
        names = [r[0] for r in connection.exec_driver_sql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'postgres_search_index' "
            "ORDER BY ordinal_position")]
    assert names == [c.name for c in index_model.search_index.columns]
    assert len(names) == 23
    assert "v_organization" in names and "search_vector" in names


@pytest.mark.usefixtures("clean_db")
def test_migration_creates_every_stemming_configuration():
    with model.meta.engine.connect() as connection:
        present = {r[0] for r in connection.exec_driver_sql(
            "SELECT cfgname FROM pg_ts_config "
            "WHERE starts_with(cfgname, 'postgres_search_')")}
        # Stop words are searchable, stems still match (no stop filter).
        lexemes = connection.exec_driver_sql(
            "SELECT to_tsvector('postgres_search_english', 'the parks')"
        ).scalar()
    assert present == set(textsearch.CONFIGURATIONS)
    assert lexemes == "'park':2 'the':1"


@pytest.mark.usefixtures("clean_db")
def test_downgrade_removes_the_index_and_upgrade_restores_it(
        migrate_db_for):
    migrate_db_for("postgres_search", "base", forward=False)
    inspector = sa.inspect(model.meta.engine)
    try:
        assert not inspector.has_table("postgres_search_index")
        with model.meta.engine.connect() as connection:
            left = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_ts_config "
                "WHERE starts_with(cfgname, 'postgres_search_')").scalar()
        assert left == 0
    finally:
        migrate_db_for("postgres_search")
    assert sa.inspect(model.meta.engine).has_table("postgres_search_index")


@pytest.mark.usefixtures("clean_db")
class TestTextSearchConfigAtStartUp:
    # The option is set inside each test: the plugins are loaded (and
    # configured) before it, as on a running site whose ini is then edited.
    def test_unknown_configuration_stops_ckan_naming_the_option(
            self, make_app, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, OPTION, "klingon")
        with pytest.raises(CkanConfigurationException) as error:
            make_app()
        message = str(error.value)
        assert "ckanext.postgres_search.text_search_config" in message
        assert "'klingon'" in message
        assert "no text search configuration" in message
        assert "postgres_search_danish" in message

    def test_malformed_name_stops_ckan(self, make_app, ckan_config,
                                       monkeypatch):
        monkeypatch.setitem(ckan_config, OPTION, "danish; DROP TABLE package")
        with pytest.raises(CkanConfigurationException,
                           match="text_search_config"):
            make_app()

    @pytest.mark.parametrize("name", [
        "danish", "pg_catalog.swedish", "simple", "postgres_search_dutch"])
    def test_configurations_of_the_database_and_the_plugin_start(
            self, make_app, ckan_config, monkeypatch, name):
        monkeypatch.setitem(ckan_config, OPTION, name)
        app = make_app()
        response = app.get("/api/3/action/package_search",
                           query_string={"q": "parks"})
        assert response.json["success"] is True
        assert response.json["result"]["count"] == 0
