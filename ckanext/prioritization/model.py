"""The prioritization tables: screenings, scores, the weights' history and
demand signals. `ckan db upgrade -p prioritization` creates them; on CKAN's
metadata, so that CKAN's database reset (`ckan db clean`, the test
fixtures) empties them with the datasets.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.model import package_key, timestamp


class Screening(tk.BaseModel):
    """What a screener typed for one dataset."""
    __tablename__ = "prioritization_screening"
    __table_args__ = {"extend_existing": True}

    package_id = package_key()
    status = sa.Column(sa.UnicodeText, nullable=False)
    scores = sa.Column(JSONB, nullable=False, default=dict)
    evidence = sa.Column(JSONB, nullable=False, default=dict)
    personal_data = sa.Column(sa.UnicodeText)
    confidentiality = sa.Column(sa.UnicodeText)
    legal_duty = sa.Column(sa.Boolean, nullable=False, default=False)
    reason = sa.Column(sa.UnicodeText)
    modified = timestamp()
    modified_by = sa.Column(sa.UnicodeText)


class Dataset(tk.BaseModel):
    """The facts the score needs, copied from each active dataset, and its
    computed score."""
    __tablename__ = "prioritization_dataset"
    __table_args__ = {"extend_existing": True}

    package_id = package_key()
    name = sa.Column(sa.UnicodeText, nullable=False)
    title = sa.Column(sa.UnicodeText)
    owner_org = sa.Column(sa.UnicodeText)
    municipality = sa.Column(sa.UnicodeText)
    dataset_type_code = sa.Column(sa.UnicodeText)
    hvd_category = sa.Column(sa.UnicodeText)
    themes = sa.Column(ARRAY(sa.UnicodeText), nullable=False, default=list)
    private = sa.Column(sa.Boolean, nullable=False, default=False)
    status = sa.Column(sa.UnicodeText)
    score = sa.Column(sa.Numeric(5, 2))
    known = sa.Column(sa.Integer, nullable=False, default=0)
    unknown = sa.Column(sa.Integer, nullable=False, default=0)
    recommendation = sa.Column(sa.UnicodeText)
    steps = sa.Column(JSONB, nullable=False, default=dict)
    demand_signals = sa.Column(sa.Integer, nullable=False, default=0)
    computed = timestamp()


class WeightsChange(tk.BaseModel):
    __tablename__ = "prioritization_weights_change"
    __table_args__ = {"extend_existing": True}

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    changed = timestamp()
    changed_by = sa.Column(sa.UnicodeText)
    old = sa.Column(JSONB, nullable=False)
    new = sa.Column(JSONB, nullable=False)


class Demand(tk.BaseModel):
    """A re-user's demand on a candidate dataset or on a dataset type."""
    __tablename__ = "prioritization_demand"
    __table_args__ = {"extend_existing": True}

    id = sa.Column(sa.UnicodeText, primary_key=True,
                   default=lambda: str(uuid.uuid4()))
    package_id = sa.Column(sa.UnicodeText, sa.ForeignKey("package.id"))
    dataset_type_code = sa.Column(sa.UnicodeText)
    user_id = sa.Column(sa.UnicodeText, sa.ForeignKey("user.id"),
                        nullable=False)
    audience = sa.Column(sa.UnicodeText, nullable=False)
    note = sa.Column(sa.UnicodeText)
    created = timestamp()
