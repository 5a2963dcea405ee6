"""Create the search index table.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op

from ckanext.postgres_search import textsearch

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The table as it was at this revision. What the code expects after the
# last revision is declared in ckanext/postgres_search/model.py; a test
# holds the migrated table to that declaration.


def upgrade():
    # Stemming configurations without stop words, from the one list of
    # languages the backend also picks from.
    for statement in textsearch.create_statements():
        op.execute(statement)
    # name and title_string sort like Solr's string fields: by code point.
    op.execute("""
        CREATE TABLE postgres_search_index (
            index_id text PRIMARY KEY,
            package_id text NOT NULL,
            site_id text NOT NULL,
            doc jsonb NOT NULL,
            v_site_id text[] NOT NULL DEFAULT '{}',
            v_state text[] NOT NULL DEFAULT '{}',
            v_capacity text[] NOT NULL DEFAULT '{}',
            v_entity_type text[] NOT NULL DEFAULT '{}',
            v_dataset_type text[] NOT NULL DEFAULT '{}',
            v_permission_labels text[] NOT NULL DEFAULT '{}',
            v_organization text[] NOT NULL DEFAULT '{}',
            v_groups text[] NOT NULL DEFAULT '{}',
            v_tags text[] NOT NULL DEFAULT '{}',
            v_res_format text[] NOT NULL DEFAULT '{}',
            v_license_id text[] NOT NULL DEFAULT '{}',
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
    # Selective filters get GIN indexes; site_id, state, capacity,
    # entity_type and dataset_type hold a handful of values each, so
    # scanning them is cheaper than an index.
    for column in ("permission_labels", "organization", "groups", "tags",
                   "res_format", "license_id"):
        op.execute(f"CREATE INDEX postgres_search_index_{column} "
                   f"ON postgres_search_index USING gin (v_{column})")
    # Sort orders a listing page walks (ties broken by index_id), so that
    # the first page is read from the index without sorting every match.
    for column, direction in (("metadata_modified", "DESC NULLS LAST"),
                              ("metadata_created", "DESC NULLS LAST"),
                              ("name", "ASC"), ("title_string", "ASC")):
        op.execute(f"CREATE INDEX postgres_search_index_{column} "
                   f"ON postgres_search_index ({column} {direction}, "
                   "index_id)")
    op.execute("CREATE INDEX postgres_search_index_package_id "
               "ON postgres_search_index (package_id)")


def downgrade():
    op.execute("DROP TABLE postgres_search_index")
    for statement in textsearch.drop_statements():
        op.execute(statement)
