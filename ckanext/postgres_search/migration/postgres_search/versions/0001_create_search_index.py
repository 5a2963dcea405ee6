"""Create the search index table.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # name and title_string sort like Solr's string fields: by code point.
    op.execute("""
        CREATE TABLE postgres_search_index (
            index_id text PRIMARY KEY,
            package_id text NOT NULL,
            site_id text NOT NULL,
            doc jsonb NOT NULL,
            fields jsonb NOT NULL,
            text_fields jsonb NOT NULL,
            search_vector tsvector NOT NULL,
            metadata_created timestamp,
            metadata_modified timestamp,
            name text COLLATE "C",
            title_string text COLLATE "C",
            indexed_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
        )
    """)
    op.execute("CREATE INDEX postgres_search_index_fields "
               "ON postgres_search_index USING gin (fields jsonb_path_ops)")
    op.execute("CREATE INDEX postgres_search_index_vector "
               "ON postgres_search_index USING gin (search_vector)")
    for column in ("metadata_modified", "metadata_created", "name",
                   "title_string", "package_id"):
        op.execute(f"CREATE INDEX postgres_search_index_{column} "
                   f"ON postgres_search_index ({column})")


def downgrade():
    op.execute("DROP TABLE postgres_search_index")
