"""Create the screening, score, weights-history and demand tables.

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
    # What a screener typed for a dataset (status, criteria, risk gates).
    op.execute("""
        CREATE TABLE prioritization_screening (
            package_id text PRIMARY KEY
                REFERENCES package (id) ON DELETE CASCADE,
            status text NOT NULL,
            scores jsonb NOT NULL DEFAULT '{}',
            evidence jsonb NOT NULL DEFAULT '{}',
            personal_data text,
            confidentiality text,
            legal_duty boolean NOT NULL DEFAULT false,
            reason text,
            modified timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            modified_by text
        )
    """)
    # One row per active dataset: the facts the score needs (copied from
    # the dataset on every change, so that scale counts and the ranking
    # are one query whatever the dataset schema) and the computed score.
    # Only each criterion's step is kept (`steps`); the breakdown is
    # derived from it for the rows shown, which keeps rows narrow and the
    # ranking's counts and facets fast.
    op.execute("""
        CREATE TABLE prioritization_dataset (
            package_id text PRIMARY KEY
                REFERENCES package (id) ON DELETE CASCADE,
            name text NOT NULL,
            title text,
            owner_org text,
            municipality text,
            dataset_type_code text,
            hvd_category text,
            themes text[] NOT NULL DEFAULT '{}',
            private boolean NOT NULL DEFAULT false,
            status text,
            score numeric(5, 2),
            known integer NOT NULL DEFAULT 0,
            unknown integer NOT NULL DEFAULT 0,
            recommendation text,
            steps jsonb NOT NULL DEFAULT '{}',
            demand_signals integer NOT NULL DEFAULT 0,
            computed timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
        )
    """)
    # The ranking walks this index and stops after a page; the columns
    # every request filters and counts on are included, so that counts
    # and facets are index-only scans.
    op.execute("CREATE INDEX prioritization_dataset_rank ON "
               "prioritization_dataset (score DESC NULLS LAST, name) "
               "INCLUDE (private, owner_org, status, recommendation, "
               "municipality, dataset_type_code, themes) "
               "WHERE status IS NOT NULL")
    op.execute("CREATE INDEX prioritization_dataset_type ON "
               "prioritization_dataset (dataset_type_code)")
    op.execute("CREATE INDEX prioritization_dataset_org ON "
               "prioritization_dataset (owner_org)")
    op.execute("""
        CREATE TABLE prioritization_weights_change (
            id serial PRIMARY KEY,
            changed timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            changed_by text,
            old jsonb NOT NULL,
            new jsonb NOT NULL
        )
    """)
    # A re-user's demand, on a candidate dataset or on a dataset type.
    op.execute("""
        CREATE TABLE prioritization_demand (
            id text PRIMARY KEY,
            package_id text REFERENCES package (id) ON DELETE CASCADE,
            dataset_type_code text,
            user_id text NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
            audience text NOT NULL,
            note text,
            created timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            CHECK ((package_id IS NULL) <> (dataset_type_code IS NULL))
        )
    """)
    op.execute("CREATE UNIQUE INDEX prioritization_demand_once_dataset ON "
               "prioritization_demand (user_id, package_id) "
               "WHERE package_id IS NOT NULL")
    op.execute("CREATE UNIQUE INDEX prioritization_demand_once_type ON "
               "prioritization_demand (user_id, dataset_type_code) "
               "WHERE dataset_type_code IS NOT NULL")
    op.execute("CREATE INDEX prioritization_demand_type ON "
               "prioritization_demand (dataset_type_code)")
    op.execute("CREATE INDEX prioritization_demand_package ON "
               "prioritization_demand (package_id)")


def downgrade():
    for table in ("prioritization_demand", "prioritization_weights_change",
                  "prioritization_dataset", "prioritization_screening"):
        op.execute(f"DROP TABLE {table}")
