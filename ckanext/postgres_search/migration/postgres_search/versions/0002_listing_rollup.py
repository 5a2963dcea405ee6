"""Facet counts kept per filter group, and a table that vacuums sooner.

The dataset listing (`*:*` with CKAN's default facets) counted every
matching row on every request, so it grew with the catalogue. Rows that
share the values of the request-wide filter columns (site, state,
capacity, entity type, dataset type, permission labels) form a *filter
group*; a portal has a few hundred of them however many datasets it has.
For each group this revision keeps the number of datasets and of each
facet value (organization, groups, tags, res_format, license_id), kept
exact by statement triggers on the index in the same transaction as every
write. A query whose filters touch only those columns sums a few hundred
counts instead of counting the rows (docs/search.md, section 2).

Upgrade builds the counts from the existing index rows; the index itself
is not touched. Downgrade drops the counts and the triggers and returns to
the previous layout, index rows untouched.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEX = "postgres_search_index"
GROUP = "postgres_search_filter_group"
COUNT = "postgres_search_facet_count"
GROUP_COLUMNS = ("v_site_id", "v_state", "v_capacity", "v_entity_type",
                 "v_dataset_type", "v_permission_labels")
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
# As declared in ckanext/postgres_search/model.py (STORAGE_PARAMETERS):
# re-indexing leaves a dead row per dataset; vacuum at 5%, not 20%.
STORAGE = {"autovacuum_vacuum_scale_factor": "0.05",
           "autovacuum_analyze_scale_factor": "0.02"}

_KEY = ", ".join(GROUP_COLUMNS)
_SAME_GROUP = " AND ".join(f"g.{c} = s.{c}" for c in GROUP_COLUMNS)
# One ('', '') pair per row counts the group's datasets.
_PAIRS = " UNION ALL ".join(
    ["SELECT '' AS field, '' AS value"] +
    [f"SELECT '{name}', unnest(s.v_{name})" for name in FACET_FIELDS])


def _apply(source: str) -> str:
    """SQL adding ``delta`` (+1/-1) of every row of ``source`` to the
    counts. Rows are locked in key order, so concurrent indexers wait for
    each other but never deadlock. Counts that fall to 0 stay until the
    backend's vacuum step removes them (queries ask for n >= 1)."""
    return f"""
        INSERT INTO {GROUP} ({_KEY})
        SELECT DISTINCT {_KEY} FROM ({source}) AS s ORDER BY {_KEY}
        ON CONFLICT DO NOTHING;
        INSERT INTO {COUNT} (group_id, field, value, n)
        SELECT g.group_id, f.field, f.value, sum(s.delta)
        FROM ({source}) AS s
        JOIN {GROUP} g ON {_SAME_GROUP}
        CROSS JOIN LATERAL ({_PAIRS}) AS f
        GROUP BY g.group_id, f.field, f.value
        HAVING sum(s.delta) <> 0
        ORDER BY g.group_id, f.field, f.value
        ON CONFLICT (group_id, field, value)
        DO UPDATE SET n = {COUNT}.n + EXCLUDED.n;
    """


_COLUMNS = f"{_KEY}, " + ", ".join(f"v_{n}" for n in FACET_FIELDS)
_SOURCES = {
    "insert": f"SELECT {_COLUMNS}, 1 AS delta FROM postgres_search_new",
    "delete": f"SELECT {_COLUMNS}, -1 AS delta FROM postgres_search_old",
    "update": (f"SELECT {_COLUMNS}, -1 AS delta FROM postgres_search_old "
               f"UNION ALL SELECT {_COLUMNS}, 1 FROM postgres_search_new"),
}
_TRANSITIONS = {
    "insert": "NEW TABLE AS postgres_search_new",
    "delete": "OLD TABLE AS postgres_search_old",
    "update": ("OLD TABLE AS postgres_search_old "
               "NEW TABLE AS postgres_search_new"),
}


def upgrade():
    # Functions survive a database reset that drops the tables: they are
    # created or replaced.
    op.execute(f"""
        CREATE TABLE {GROUP} (
            group_id bigserial PRIMARY KEY,
            {", ".join(f"{c} text[] NOT NULL" for c in GROUP_COLUMNS)},
            CONSTRAINT {GROUP}_key UNIQUE ({_KEY})
        )""")
    op.execute(f"""
        CREATE TABLE {COUNT} (
            group_id bigint NOT NULL
                REFERENCES {GROUP} (group_id) ON DELETE CASCADE,
            field text NOT NULL,
            value text NOT NULL,
            n bigint NOT NULL,
            PRIMARY KEY (group_id, field, value)
        )""")
    for event, source in _SOURCES.items():
        op.execute(f"""
            CREATE OR REPLACE FUNCTION postgres_search_count_{event}()
            RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                {_apply(source)}
                RETURN NULL;
            END $$""")
        op.execute(f"""
            CREATE TRIGGER postgres_search_count_{event}
            AFTER {event.upper()} ON {INDEX}
            REFERENCING {_TRANSITIONS[event]}
            FOR EACH STATEMENT
            EXECUTE FUNCTION postgres_search_count_{event}()""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION postgres_search_count_truncate()
        RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE {COUNT}, {GROUP};
            RETURN NULL;
        END $$""")
    op.execute(f"""
        CREATE TRIGGER postgres_search_count_truncate
        AFTER TRUNCATE ON {INDEX}
        FOR EACH STATEMENT EXECUTE FUNCTION postgres_search_count_truncate()
    """)
    # The counts of the rows already indexed: no re-index needed.
    op.execute(_apply(f"SELECT {_COLUMNS}, 1 AS delta FROM {INDEX}"))
    op.execute(f"ALTER TABLE {INDEX} SET ("
               + ", ".join(f"{k} = {v}" for k, v in STORAGE.items()) + ")")


def downgrade():
    op.execute(f"ALTER TABLE {INDEX} RESET ({', '.join(STORAGE)})")
    for event in ("insert", "delete", "update", "truncate"):
        op.execute(f"DROP TRIGGER postgres_search_count_{event} ON {INDEX}")
        op.execute(f"DROP FUNCTION postgres_search_count_{event}()")
    op.execute(f"DROP TABLE {COUNT}")
    op.execute(f"DROP TABLE {GROUP}")
