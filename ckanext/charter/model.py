"""The charter's tables: what publishers state, the evaluations and link
checks derived from it, adoptions and monthly snapshots. `ckan db upgrade
-p charter` creates them; declared on CKAN's metadata, so that CKAN's
database reset (`ckan db clean`, the test fixtures) empties them too.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.model import package_key, timestamp


class DatasetStatement(tk.BaseModel):
    """What the publisher states: claims and the reason for not opening."""
    __tablename__ = "charter_dataset"
    __table_args__ = {"extend_existing": True}

    package_id = package_key()
    claims = sa.Column(JSONB, nullable=False, default=dict)
    closed_reason = sa.Column(sa.UnicodeText)
    modified_by = sa.Column(sa.UnicodeText)
    modified = timestamp()


class Evaluation(tk.BaseModel):
    __tablename__ = "charter_evaluation"
    __table_args__ = {"extend_existing": True}

    package_id = package_key()
    organization_id = sa.Column(sa.UnicodeText)
    score = sa.Column(sa.Integer, nullable=False)
    pending = sa.Column(sa.Integer, nullable=False, default=0)
    rating = sa.Column(sa.UnicodeText, nullable=False)
    gain = sa.Column(sa.Integer, nullable=False, default=0)
    effort = sa.Column(sa.Integer, nullable=False, default=0)
    proven = sa.Column(ARRAY(sa.UnicodeText), nullable=False, default=list)
    contradicted = sa.Column(ARRAY(sa.UnicodeText), nullable=False,
                             default=list)
    claimed = sa.Column(ARRAY(sa.UnicodeText), nullable=False, default=list)
    computed = timestamp()


class LinkCheck(tk.BaseModel):
    __tablename__ = "charter_link_check"
    __table_args__ = {"extend_existing": True}

    resource_id = sa.Column(sa.UnicodeText, sa.ForeignKey("resource.id"),
                            primary_key=True)
    kind = sa.Column(sa.UnicodeText, primary_key=True)
    package_id = sa.Column(sa.UnicodeText, nullable=False)
    url = sa.Column(sa.UnicodeText, nullable=False)
    ok = sa.Column(sa.Boolean, nullable=False)
    status = sa.Column(sa.Integer)
    error = sa.Column(sa.UnicodeText)
    checked = sa.Column(sa.DateTime, nullable=False)


class Adoption(tk.BaseModel):
    __tablename__ = "charter_adoption"
    __table_args__ = {"extend_existing": True}

    organization_id = sa.Column(sa.UnicodeText, sa.ForeignKey("group.id"),
                                primary_key=True)
    charter = sa.Column(sa.UnicodeText, primary_key=True)
    adopted = sa.Column(sa.Date, nullable=False)
    decision_url = sa.Column(sa.UnicodeText)
    created_by = sa.Column(sa.UnicodeText)
    modified = timestamp()


class Snapshot(tk.BaseModel):
    __tablename__ = "charter_snapshot"
    __table_args__ = {"extend_existing": True}

    month = sa.Column(sa.Date, primary_key=True)
    organization_id = sa.Column(sa.UnicodeText, primary_key=True)
    datasets = sa.Column(sa.Integer, nullable=False)
    average_score = sa.Column(sa.Numeric(6, 1))
    ratings = sa.Column(JSONB, nullable=False)
    proven = sa.Column(JSONB, nullable=False)
    taken = sa.Column(sa.DateTime, nullable=False)


class SummaryCache(tk.BaseModel):
    __tablename__ = "charter_summary_cache"
    __table_args__ = {"extend_existing": True}

    scope = sa.Column(sa.UnicodeText, primary_key=True)
    fingerprint = sa.Column(sa.UnicodeText, nullable=False)
    content = sa.Column(JSONB, nullable=False)
