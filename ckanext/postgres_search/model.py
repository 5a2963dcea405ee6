"""The search index table as the code expects it after the last migration.

This declaration is the one definition of the table: the backend and the
query compiler read and write these columns, and a test holds the table
that ``ckan db upgrade -p postgres_search`` builds to it, column by
column and index by index (migrations are the frozen steps that get an
existing database there). The layout is explained in docs/search.md.

Declared on CKAN's metadata so that CKAN's own database reset
(``ckan db clean``, ``model.repo.delete_all``) empties the index with the
datasets.
"""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

import ckan.plugins.toolkit as tk

from .fields import COLUMN_FIELDS, GROUP_FIELDS, column_of

TABLE = "postgres_search_index"

# Selective filters get GIN indexes; site_id, state, capacity, entity_type
# and dataset_type hold a handful of values each, so scanning them is
# cheaper than an index.
GIN_INDEXED_FIELDS = ("permission_labels", "organization", "groups", "tags",
                      "res_format", "license_id")

# Sort orders a listing page walks (ties broken by index_id), so that the
# first page is read from the index without sorting every match.
SORT_INDEXES = (("metadata_modified", "desc"), ("metadata_created", "desc"),
                ("name", "asc"), ("title_string", "asc"))


# Autovacuum thresholds of the index table (migration 0002): re-indexing
# leaves a dead row per dataset, vacuumed at 5% of the table, not 20%.
STORAGE_PARAMETERS = {"autovacuum_vacuum_scale_factor": "0.05",
                      "autovacuum_analyze_scale_factor": "0.02"}


def _value_columns():
    # The fields every request filters or facets on, as native arrays.
    return [sa.Column(column_of(name), ARRAY(sa.UnicodeText), nullable=False,
                      server_default=sa.text("'{}'::text[]"))
            for name in COLUMN_FIELDS]


search_index = sa.Table(
    TABLE,
    tk.BaseModel.metadata,
    sa.Column("index_id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("site_id", sa.UnicodeText, nullable=False),
    # The stored document, returned as Solr returns it.
    sa.Column("doc", JSONB, nullable=False),
    *_value_columns(),
    # Every other string/date field ({"name": [values]}), and text fields.
    sa.Column("fields", JSONB, nullable=False),
    sa.Column("text_fields", JSONB, nullable=False),
    # Weighted catch-all vector: name/title A, tags/groups B, the rest D.
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Column("metadata_created", sa.DateTime),
    sa.Column("metadata_modified", sa.DateTime),
    # Sorted like Solr's string fields: by code point.
    sa.Column("name", sa.UnicodeText(collation="C")),
    sa.Column("title_string", sa.UnicodeText(collation="C")),
    sa.Column("indexed_at", sa.DateTime, nullable=False,
              server_default=sa.text("(now() AT TIME ZONE 'utc'::text)")),
    extend_existing=True,
)

# Every column a query filters, ranks or sorts on stays in the table row
# (STORAGE MAIN, migration 0003): a row over about 2 kB moves the stored
# documents out of line, not these (docs/search.md, section 1). Text
# vectors are compressed with lz4 where the server has it.
STORED_DOCUMENT_COLUMNS = ("doc", "fields", "text_fields")
IN_ROW_COLUMNS = tuple(
    c.name for c in search_index.columns
    # the variable-length ones: fixed-width values are always in the row
    if isinstance(c.type, (sa.UnicodeText, ARRAY, TSVECTOR))
    and c.name not in STORED_DOCUMENT_COLUMNS)
VECTOR_COMPRESSION = "lz4"


def _has_lz4(ddl, target, bind, **kwargs) -> bool:
    return bool(bind.exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'").scalar())


sa.event.listen(search_index, "after_create", sa.DDL(
    "ALTER TABLE %(fullname)s " + ", ".join(
        f"ALTER COLUMN {name} SET STORAGE MAIN" for name in IN_ROW_COLUMNS)))
sa.event.listen(search_index, "after_create", sa.DDL(
    "ALTER TABLE %(fullname)s ALTER COLUMN search_vector SET COMPRESSION "
    f"{VECTOR_COMPRESSION}").execute_if(callable_=_has_lz4))

sa.Index(f"{TABLE}_fields", search_index.c.fields, postgresql_using="gin",
         postgresql_ops={"fields": "jsonb_path_ops"})
sa.Index(f"{TABLE}_vector", search_index.c.search_vector,
         postgresql_using="gin")
for _name in GIN_INDEXED_FIELDS:
    sa.Index(f"{TABLE}_{_name}", search_index.c[column_of(_name)],
             postgresql_using="gin")
for _name, _direction in SORT_INDEXES:
    _column = search_index.c[_name]
    sa.Index(f"{TABLE}_{_name}",
             _column.desc().nulls_last() if _direction == "desc"
             else _column.asc(),
             search_index.c.index_id)
sa.Index(f"{TABLE}_package_id", search_index.c.package_id)

# -- facet counts per filter group (migration 0002, docs/search.md) -------
# GROUP_FIELDS and COUNTED_FACETS: see fields.py.

filter_group = sa.Table(
    "postgres_search_filter_group",
    tk.BaseModel.metadata,
    sa.Column("group_id", sa.BigInteger, primary_key=True),
    *[sa.Column(column_of(name), ARRAY(sa.UnicodeText), nullable=False)
      for name in GROUP_FIELDS],
    sa.UniqueConstraint(*[column_of(name) for name in GROUP_FIELDS],
                        name="postgres_search_filter_group_key"),
    extend_existing=True,
)

facet_count = sa.Table(
    "postgres_search_facet_count",
    tk.BaseModel.metadata,
    sa.Column("group_id", sa.BigInteger,
              sa.ForeignKey("postgres_search_filter_group.group_id",
                            ondelete="CASCADE"),
              primary_key=True),
    # ('', '') counts the group's datasets; else a facet field and value.
    sa.Column("field", sa.UnicodeText, primary_key=True),
    sa.Column("value", sa.UnicodeText, primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
    extend_existing=True,
)
