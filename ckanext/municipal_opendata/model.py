"""Column kinds the plugins' tables share."""
from __future__ import annotations

import datetime

import sqlalchemy as sa

__all__ = ["utcnow", "package_key", "timestamp"]


def utcnow() -> datetime.datetime:
    """Naive UTC, as CKAN stores its own timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def package_key() -> sa.Column:
    """One row per dataset (the migrations delete it with the dataset)."""
    return sa.Column(sa.UnicodeText, sa.ForeignKey("package.id"),
                     primary_key=True)


def timestamp() -> sa.Column:
    """When the row was written, set by the database session."""
    return sa.Column(sa.DateTime, nullable=False, default=utcnow)
