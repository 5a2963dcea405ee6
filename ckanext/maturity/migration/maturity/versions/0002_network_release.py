"""Network figures in releases; remember which results were ever shared.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE maturity_assessment "
               "ADD COLUMN was_shared boolean NOT NULL DEFAULT false")
    op.execute("UPDATE maturity_assessment SET was_shared = shared")
    op.execute("""
        CREATE TABLE maturity_network_release (
            id serial PRIMARY KEY,
            created timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'utc'),
            published jsonb NOT NULL,
            members jsonb NOT NULL
        )
    """)


def downgrade():
    op.execute("DROP TABLE maturity_network_release")
    op.execute("ALTER TABLE maturity_assessment DROP COLUMN was_shared")
