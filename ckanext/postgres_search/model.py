"""The search index table (created by the plugin's alembic migration).

Declared on CKAN's metadata so that CKAN's own database reset
(`ckan db clean`, the test fixtures) empties the index with the datasets.
"""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

import ckan.plugins.toolkit as tk

search_index = sa.Table(
    "postgres_search_index",
    tk.BaseModel.metadata,
    sa.Column("index_id", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("site_id", sa.UnicodeText, nullable=False),
    sa.Column("doc", JSONB, nullable=False),
    sa.Column("fields", JSONB, nullable=False),
    sa.Column("text_fields", JSONB, nullable=False),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Column("metadata_created", sa.DateTime),
    sa.Column("metadata_modified", sa.DateTime),
    sa.Column("name", sa.UnicodeText),
    sa.Column("title_string", sa.UnicodeText),
    sa.Column("indexed_at", sa.DateTime),
    extend_existing=True,
)
