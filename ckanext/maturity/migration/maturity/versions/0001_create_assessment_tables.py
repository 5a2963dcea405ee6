"""Create the assessment and answer tables.

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
    # An assessment is never overwritten once submitted; a draft carries a
    # row counter (`version`) for optimistic locking between editors.
    op.execute("""
        CREATE TABLE maturity_assessment (
            id text PRIMARY KEY,
            organization_id text NOT NULL
                REFERENCES "group" (id) ON DELETE CASCADE,
            framework_version text NOT NULL,
            state text NOT NULL DEFAULT 'draft'
                CHECK (state IN ('draft', 'submitted')),
            version integer NOT NULL DEFAULT 1,
            shared boolean NOT NULL DEFAULT false,
            created_by text,
            created timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            modified_by text,
            modified timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            submitted_by text,
            submitted timestamp,
            result jsonb
        )
    """)
    op.execute("CREATE INDEX maturity_assessment_org "
               "ON maturity_assessment (organization_id, state, submitted)")
    # At most one draft per organization, even under concurrent creates.
    op.execute("CREATE UNIQUE INDEX maturity_assessment_one_draft "
               "ON maturity_assessment (organization_id) "
               "WHERE state = 'draft'")
    op.execute("""
        CREATE TABLE maturity_answer (
            assessment_id text NOT NULL
                REFERENCES maturity_assessment (id) ON DELETE CASCADE,
            domain text NOT NULL,
            item text NOT NULL,
            value integer,
            changed_in integer NOT NULL,
            modified_by text,
            modified timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            PRIMARY KEY (assessment_id, domain, item)
        )
    """)


def downgrade():
    op.execute("DROP TABLE maturity_answer")
    op.execute("DROP TABLE maturity_assessment")
