"""Keep the columns queries read in the table row; only the stored
documents go out of line.

PostgreSQL moves the largest values of a row over about 2 kB out of line
(TOAST), choosing by size, not by use. In the index table that was the
text vector for most datasets, and with it the small filter arrays, so
each free-text match cost four or five more page reads to filter and rank
(docs/search.md, section 5). With STORAGE MAIN on every column a query
filters, ranks or sorts on, the stored documents (`doc`, `fields`,
`text_fields`) leave the row first and the query columns stay. Text
vectors are compressed with lz4 where the server has it (PostgreSQL 14+
built with lz4), which decompresses faster than the default pglz.

SET STORAGE changes only how later writes store a row. So that the rows
already indexed take the layout without a re-index, upgrade rewrites the
table once (a column type change with an expression, the vector itself,
rewrites every row and index), in the migration's transaction: the index
is locked meanwhile (the whole upgrade took 37 s at 100,000 datasets
on 2 cores, docs/search.md section 5). Re-indexing keeps the layout.
Downgrade returns to the default storage and compression and rewrites
the table the same way.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "postgres_search_index"
# As declared in ckanext/postgres_search/model.py (IN_ROW_COLUMNS).
IN_ROW_COLUMNS = (
    "index_id", "package_id", "site_id", "v_site_id", "v_state",
    "v_capacity", "v_entity_type", "v_dataset_type", "v_permission_labels",
    "v_organization", "v_groups", "v_tags", "v_res_format", "v_license_id",
    "search_vector", "name", "title_string")


def _compression_methods() -> list[str]:
    """The TOAST compression methods the server offers (PostgreSQL 14+;
    none before, where a column's method cannot be chosen)."""
    return op.get_bind().exec_driver_sql(
        "SELECT coalesce((SELECT enumvals FROM pg_settings "
        "WHERE name = 'default_toast_compression'), '{}')").scalar()


def _set_layout(storage: str, compression: str | None) -> None:
    changes = [f"ALTER COLUMN {c} SET STORAGE {storage}"
               for c in IN_ROW_COLUMNS]
    if compression:
        changes.append(f"ALTER COLUMN search_vector SET COMPRESSION "
                       f"{compression}")
    # The expression makes every vector a new value, so each row is written
    # anew with the storage just set (an unchanged value would keep its
    # out-of-line copy).
    changes.append("ALTER COLUMN search_vector TYPE tsvector "
                   "USING search_vector || ''::tsvector")
    op.execute(f"ALTER TABLE {INDEX} " + ", ".join(changes))
    # The type change dropped the vector's statistics.
    op.execute(f"ANALYZE {INDEX}")


def upgrade():
    _set_layout("MAIN", "lz4" if "lz4" in _compression_methods() else None)


def downgrade():
    _set_layout("EXTENDED", "default" if _compression_methods() else None)
