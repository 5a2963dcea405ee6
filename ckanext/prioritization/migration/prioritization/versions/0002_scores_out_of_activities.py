"""Remove the score fields from the dataset dicts stored in activities.

CKAN's activity plugin stores each dataset as package_show gave it, score
fields included, and shows it to every reader of the activity stream,
including those the score is hidden from (public_scores = false, private
candidates). New activities no longer get them (logic/activity.py); this
cleans the stored ones. Only the plugin's own derived fields go: the
dataset metadata the editors typed is left as it was. Nothing to do on a
portal without the activity table. Irreversible (the scores stay in the
plugin's tables; activities do not need them back).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FIELDS = ("prioritization_status", "prioritization_score",
          "prioritization_recommendation", "prioritization_score_sort")
BATCH = 500


def upgrade():
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("activity"):
        return
    last = ""
    while True:
        # keyset pages: a big activity table is never read at once
        rows = bind.execute(sa.text(
            "SELECT id, data FROM activity WHERE id > :last "
            "AND activity_type LIKE '%package' "
            "AND data LIKE '%prioritization\\_%' "
            "ORDER BY id LIMIT :batch"),
            {"last": last, "batch": BATCH}).fetchall()
        if not rows:
            return
        for activity_id, text in rows:
            cleaned = _cleaned(text)
            if cleaned is not None:
                bind.execute(sa.text(
                    "UPDATE activity SET data = :data WHERE id = :id"),
                    {"data": cleaned, "id": activity_id})
        last = rows[-1][0]


def _cleaned(text):
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return None
    package = data.get("package") if isinstance(data, dict) else None
    if not isinstance(package, dict) or not set(FIELDS) & set(package):
        return None
    for key in FIELDS:
        package.pop(key, None)
    return json.dumps(data)


def downgrade():
    pass
