"""Create the charter tables: claims, evaluations, link checks, adoptions
and monthly snapshots.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # What a publisher states about a dataset (claims per charter, the
    # reason a dataset is not open), kept apart from what is derived.
    op.execute("""
        CREATE TABLE charter_dataset (
            package_id text PRIMARY KEY
                REFERENCES package (id) ON DELETE CASCADE,
            claims jsonb NOT NULL DEFAULT '{}'::jsonb,
            closed_reason text,
            modified_by text,
            modified timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
        )
    """)
    # The latest evaluation of every dataset, refreshed when it changes
    # and by `ckan charter recompute`: the organization and network pages
    # aggregate these narrow rows instead of evaluating thousands of
    # datasets (the full evaluation is computed live for one dataset).
    op.execute("""
        CREATE TABLE charter_evaluation (
            package_id text PRIMARY KEY
                REFERENCES package (id) ON DELETE CASCADE,
            organization_id text,
            score integer NOT NULL,
            pending integer NOT NULL DEFAULT 0,
            rating text NOT NULL,
            gain integer NOT NULL DEFAULT 0,
            effort integer NOT NULL DEFAULT 0,
            proven text[] NOT NULL DEFAULT '{}',
            contradicted text[] NOT NULL DEFAULT '{}',
            claimed text[] NOT NULL DEFAULT '{}',
            computed timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
        )
    """)
    op.execute("CREATE INDEX charter_evaluation_org "
               "ON charter_evaluation (organization_id)")
    # The aggregates of an organization ('' for the network), kept with a
    # fingerprint of its evaluations and datasets: read again only when a
    # dataset or its evaluation changed.
    op.execute("""
        CREATE TABLE charter_summary_cache (
            scope text PRIMARY KEY,
            fingerprint text NOT NULL,
            content jsonb NOT NULL
        )
    """)
    op.execute("""
        CREATE TABLE charter_link_check (
            resource_id text NOT NULL
                REFERENCES resource (id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('access', 'download')),
            package_id text NOT NULL,
            url text NOT NULL,
            ok boolean NOT NULL,
            status integer,
            error text,
            checked timestamp NOT NULL,
            PRIMARY KEY (resource_id, kind)
        )
    """)
    op.execute("CREATE INDEX charter_link_check_package "
               "ON charter_link_check (package_id)")
    op.execute("""
        CREATE TABLE charter_adoption (
            organization_id text NOT NULL
                REFERENCES "group" (id) ON DELETE CASCADE,
            charter text NOT NULL,
            adopted date NOT NULL,
            decision_url text,
            created_by text,
            modified timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            PRIMARY KEY (organization_id, charter)
        )
    """)
    # One row per month and organization ('' for the whole network), of
    # public datasets only.
    op.execute("""
        CREATE TABLE charter_snapshot (
            month date NOT NULL,
            organization_id text NOT NULL,
            datasets integer NOT NULL,
            average_score numeric(6, 1),
            ratings jsonb NOT NULL,
            proven jsonb NOT NULL,
            taken timestamp NOT NULL,
            PRIMARY KEY (month, organization_id)
        )
    """)


def downgrade():
    for table in ("charter_summary_cache", "charter_snapshot", "charter_adoption",
                  "charter_link_check", "charter_evaluation",
                  "charter_dataset"):
        op.execute(f"DROP TABLE {table}")
