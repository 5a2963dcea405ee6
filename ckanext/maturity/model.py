"""The plugin's tables (created by its alembic migration,
`ckan db upgrade -p maturity`).

Declared on CKAN's metadata so that CKAN's own database reset (`ckan db
clean`, the test fixtures) empties them with the organizations.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import relationship

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.model import timestamp

DRAFT = "draft"
SUBMITTED = "submitted"


class Assessment(tk.BaseModel):
    __tablename__ = "maturity_assessment"
    __table_args__ = {"extend_existing": True}

    id = sa.Column(sa.UnicodeText, primary_key=True,
                   default=lambda: str(uuid.uuid4()))
    organization_id = sa.Column(sa.UnicodeText, sa.ForeignKey("group.id"),
                                nullable=False)
    framework_version = sa.Column(sa.UnicodeText, nullable=False)
    state = sa.Column(sa.UnicodeText, nullable=False, default=DRAFT)
    version = sa.Column(sa.Integer, nullable=False, default=1)
    shared = sa.Column(sa.Boolean, nullable=False, default=False)
    # Once shared, answers are public for good: such a result never counts
    # as an unknown in the network figures, even after unsharing.
    was_shared = sa.Column(sa.Boolean, nullable=False, default=False)
    created_by = sa.Column(sa.UnicodeText)
    created = timestamp()
    modified_by = sa.Column(sa.UnicodeText)
    modified = timestamp()
    submitted_by = sa.Column(sa.UnicodeText)
    submitted = sa.Column(sa.DateTime)
    result = sa.Column(JSONB)

    answers = relationship("Answer", cascade="all, delete-orphan",
                           lazy="selectin")

    def answer_values(self) -> dict[str, int | None]:
        return {f"{a.domain}.{a.item}": a.value for a in self.answers}


class Answer(tk.BaseModel):
    __tablename__ = "maturity_answer"
    __table_args__ = {"extend_existing": True}

    assessment_id = sa.Column(sa.UnicodeText,
                              sa.ForeignKey("maturity_assessment.id"),
                              primary_key=True)
    domain = sa.Column(sa.UnicodeText, primary_key=True)
    item = sa.Column(sa.UnicodeText, primary_key=True)
    value = sa.Column(sa.Integer)
    changed_in = sa.Column(sa.Integer, nullable=False)
    modified_by = sa.Column(sa.UnicodeText)
    modified = timestamp()


class NetworkRelease(tk.BaseModel):
    """The release sets of the network figures (see network.py): the
    latest row is what the network view shows; older rows are kept as the
    record of what was published when."""
    __tablename__ = "maturity_network_release"
    __table_args__ = {"extend_existing": True}

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    created = timestamp()
    # {figure key: [assessment ids]}
    published = sa.Column(JSONB, nullable=False)
    # {assessment id: member}, the values the figures are computed from
    members = sa.Column(JSONB, nullable=False)


