"""The migrated index is the table the code declares, and a misnamed text
search configuration stops CKAN at start-up.

`ckan db upgrade -p postgres_search` (the `clean_db` fixture runs the same
migrations through `migrate_db_for`) must build exactly what
ckanext/postgres_search/model.py declares: the test creates the declared
tables in a scratch schema and compares both through PostgreSQL's own
catalogue (column types, nullability, defaults, collations, storage and
compression, index definitions), so a difference of spelling cannot hide
a difference of meaning.
"""
import pytest
import sqlalchemy as sa

from ckan import model
from ckan.cli.cli import ckan
from ckan.exceptions import CkanConfigurationException
from ckan.lib.search import SearchError
from ckan.tests import factories, helpers

from ckanext.postgres_search import backend
from ckanext.postgres_search import model as index_model
from ckanext.postgres_search import textsearch

DECLARED = "postgres_search_declared"
OPTION = "ckanext.postgres_search.text_search_config"
TABLES = [index_model.search_index, index_model.filter_group,
          index_model.facet_count]

_COLUMNS = """
    SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
           pg_get_expr(d.adbin, d.adrelid),
           CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
           a.attstorage,
           -- PostgreSQL 14+ (null before): the column's compression method
           to_jsonb(a) ->> 'attcompression'
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
    return ([tuple(v.replace(f"{schema}.", "") if isinstance(v, str) else v
                  for v in c) for c in columns],
            {name: definition.replace(f"{schema}.", "")
             for name, definition in indexes})


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_migrated_table_is_the_declared_table(table):
    # One transaction, rolled back: the scratch schema never stays (an
    # explicit one, as SQLAlchemy 1.4 of CKAN 2.11 would autocommit the DDL).
    with model.meta.engine.connect() as connection:
        transaction = connection.begin()
        try:
            migrated = _catalogue(connection, "public", table.name)
            # The declared tables themselves (a copy would lose their
            # column storage DDL), created in the scratch schema.
            connection.exec_driver_sql(f"CREATE SCHEMA {DECLARED}")
            connection.exec_driver_sql(f"SET LOCAL search_path TO {DECLARED}")
            for declared_table in TABLES:  # the foreign key needs its target
                declared_table.create(connection)
            declared = _catalogue(connection, DECLARED, table.name)
        finally:
            transaction.rollback()
    migrated_columns, migrated_indexes = migrated
    declared_columns, declared_indexes = declared
    assert [c[0] for c in migrated_columns] == [c[0] for c in declared_columns]
    for migrated_column, declared_column in zip(migrated_columns,
                                                declared_columns):
        assert migrated_column == declared_column
    assert sorted(migrated_indexes) == sorted(declared_indexes)
    for name, definition in declared_indexes.items():
        assert migrated_indexes[name] == definition


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true")
def test_migration_0002_keeps_the_index_both_ways(migrate_db_for):
    dataset = factories.Dataset(title="Bathing water quality",
                                tags=[{"name": "water"}])

    def found():
        return [r["id"] for r in helpers.call_action(
            "package_search", q="bathing")["results"]]

    def options():
        with model.meta.engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT reloptions FROM pg_class "
                "WHERE relname = 'postgres_search_index'").scalar()
    declared = [f"{k}={v}" for k, v in
                index_model.STORAGE_PARAMETERS.items()]
    assert sorted(options()) == sorted(declared)
    counts = _counts_match_a_recount()
    assert counts
    # Downgrading 0002 returns to the previous layout, index rows kept.
    migrate_db_for("postgres_search", "0001", forward=False)
    try:
        assert options() is None
        inspector = sa.inspect(model.meta.engine)
        assert not inspector.has_table("postgres_search_facet_count")
        assert not inspector.has_table("postgres_search_filter_group")
        with model.meta.engine.connect() as connection:
            kept = connection.exec_driver_sql(
                "SELECT package_id FROM postgres_search_index").scalars()
            assert list(kept) == [dataset["id"]]
        # Text search reads only the index; the listing needs revision
        # 0002 and says so, as for a missing table.
        assert found() == [dataset["id"]]
        with pytest.raises(SearchError,
                           match="ckan db upgrade -p postgres_search"):
            helpers.call_action("package_search",
                                **{"facet.field": '["tags"]'})
    finally:
        migrate_db_for("postgres_search")
    # Upgrading builds the counts from the rows already indexed.
    assert sorted(options()) == sorted(declared)
    assert found() == [dataset["id"]]
    assert _counts_match_a_recount() == counts


_LAYOUT = """
    SELECT a.attname, a.attstorage FROM pg_attribute a
    WHERE a.attrelid = 'postgres_search_index'::regclass AND a.attnum > 0
      AND NOT a.attisdropped AND a.attstorage <> 'p'
"""
_VECTOR_COMPRESSION = """
    SELECT package_id, pg_column_compression(search_vector)
    FROM postgres_search_index
"""


def _layout():
    with model.meta.engine.connect() as connection:
        storage = dict(connection.exec_driver_sql(_LAYOUT).fetchall())
        compression = dict(connection.exec_driver_sql(
            _VECTOR_COMPRESSION).fetchall())
    return storage, compression


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true")
def test_migration_0003_rewrites_the_rows_already_indexed_both_ways(
        migrate_db_for):
    # A dataset whose index row is well over the 2 kB at which PostgreSQL
    # compresses values and moves them out of line, and a small one.
    report = factories.Dataset(title="Bathing water report", notes=" ".join(
        f"Station {n} measured the bathing water on beach {n * 7}."
        for n in range(400)))
    small = factories.Dataset(title="Harbour water temperature")

    def ranked():
        return [r["id"] for r in helpers.call_action(
            "package_search", q="water")["results"]]
    before = ranked()
    assert sorted(before) == sorted([report["id"], small["id"]])
    in_row = {name: "m" for name in index_model.IN_ROW_COLUMNS}
    documents = {name: "x" for name in index_model.STORED_DOCUMENT_COLUMNS}
    storage, compression = _layout()
    assert storage == {**in_row, **documents}
    # The long vector was compressed inside the row (lz4 on this server).
    assert compression[report["id"]] == "lz4"
    migrate_db_for("postgres_search", "0002", forward=False)
    try:
        storage, compression = _layout()
        assert storage == {name: "x" for name in {**in_row, **documents}}
        # Rewritten: the vector indexed under 0003 is lz4 no longer (pglz,
        # or not compressed where pglz saves too little).
        assert compression[report["id"]] in ("pglz", None)
        assert ranked() == before
    finally:
        migrate_db_for("postgres_search")
    storage, compression = _layout()
    assert storage == {**in_row, **documents}
    assert compression[report["id"]] == "lz4"
    assert ranked() == before


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true")
def test_bulk_reindex_vacuums_the_index(cli, monkeypatch):
    monkeypatch.setattr(backend, "VACUUM_AFTER_DEFERRED_ROWS", 3)
    for title in ("Parks", "Trees", "Bathing water"):
        dataset = factories.Dataset(title=title)

    def manual_vacuums():
        # Autovacuum counts apart (autovacuum_count).
        with model.meta.engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT vacuum_count FROM pg_stat_user_tables "
                "WHERE relname = 'postgres_search_index'").scalar()
    before = manual_vacuums()
    # Editing one dataset commits at once: no vacuum.
    helpers.call_action("package_patch", id=dataset["id"], notes="Edited")
    assert manual_vacuums() == before
    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert not result.exit_code, result.output
    # The rebuild deferred its commits and was followed by a vacuum.
    assert manual_vacuums() == before + 1
    assert helpers.call_action("package_search", q="parks")["count"] == 1


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


_RECOUNT = """
    SELECT g.group_id, f.field, f.value, count(*)
    FROM postgres_search_index s
    JOIN postgres_search_filter_group g USING (v_site_id, v_state,
        v_capacity, v_entity_type, v_dataset_type, v_permission_labels)
    CROSS JOIN LATERAL (
        SELECT '' AS field, '' AS value
        UNION ALL SELECT 'organization', unnest(s.v_organization)
        UNION ALL SELECT 'groups', unnest(s.v_groups)
        UNION ALL SELECT 'tags', unnest(s.v_tags)
        UNION ALL SELECT 'res_format', unnest(s.v_res_format)
        UNION ALL SELECT 'license_id', unnest(s.v_license_id)) f
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""
_KEPT = """
    SELECT group_id, field, value, n FROM postgres_search_facet_count
    WHERE n <> 0 ORDER BY 1, 2, 3
"""


def _counts_match_a_recount():
    with model.meta.engine.connect() as connection:
        kept = connection.exec_driver_sql(_KEPT).fetchall()
        recounted = connection.exec_driver_sql(_RECOUNT).fetchall()
    assert kept == recounted
    return kept


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_group_counts_stay_exact_through_every_kind_of_write(cli):
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"],
                                         "capacity": "editor"}])
    other = factories.Organization()
    group = factories.Group()
    parks = factories.Dataset(owner_org=org["id"], tags=[{"name": "green"}],
                              groups=[{"id": group["id"]}],
                              resources=[{"url": "http://x/a.csv",
                                          "format": "CSV"}])
    trees = factories.Dataset(owner_org=org["id"], private=True,
                              tags=[{"name": "green"}, {"name": "trees"}])
    factories.Dataset(owner_org=other["id"], user=user, state="draft")
    assert len(_counts_match_a_recount()) > 0
    # Re-indexing changes groups (private -> public) and facet values.
    helpers.call_action("package_patch", id=trees["id"], private=False,
                        tags=[{"name": "trees"}])
    helpers.call_action("package_patch", id=parks["id"],
                        owner_org=other["id"], license_id="odc-odbl")
    _counts_match_a_recount()
    helpers.call_action("package_delete", id=parks["id"])
    _counts_match_a_recount()
    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert not result.exit_code, result.output
    _counts_match_a_recount()
    # The listing shows the counts: trees is public now, parks is deleted.
    listing = helpers.call_action(
        "package_search", **{"facet.field": '["tags", "organization"]'})
    assert listing["count"] == 1
    assert listing["facets"]["tags"] == {"trees": 1}
    result = cli.invoke(ckan, ["search-index", "clear"])
    assert not result.exit_code, result.output
    assert _counts_match_a_recount() == []
    with model.meta.engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE postgres_search_index")
    assert _counts_match_a_recount() == []
