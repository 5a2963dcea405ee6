"""The CKAN side of the network figures: the cohort of latest submitted
results and the releases that publish them (the rule is the pure
``network`` module's, docs/maturity.md section 3)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

from .. import model as mmodel
from .. import network
from .. import registry

__all__ = [
    "advance",
    "latest_release",
    "latest_submitted",
    "min_count",
]


def latest_submitted(context) -> list[mmodel.Assessment]:
    """The latest submitted assessment of every active organization."""
    model = context["model"]
    rows = model.Session.query(mmodel.Assessment).join(
        model.Group, model.Group.id == mmodel.Assessment.organization_id
    ).filter(
        mmodel.Assessment.state == mmodel.SUBMITTED,
        model.Group.state == "active",
    ).order_by(mmodel.Assessment.organization_id,
               mmodel.Assessment.submitted.desc())
    latest = {}
    for row in rows:
        latest.setdefault(row.organization_id, row)
    return list(latest.values())


def min_count() -> int:
    return tk.config.get("ckanext.maturity.network_min_count")


def latest_release(session) -> mmodel.NetworkRelease | None:
    return session.query(mmodel.NetworkRelease).order_by(
        mmodel.NetworkRelease.id.desc()).first()


# One network release at a time, even when two municipalities submit at
# once (a transaction-scoped PostgreSQL advisory lock; the number is
# arbitrary but fixed).
_RELEASE_LOCK = 7_203_114_553


def advance(context) -> None:
    """Move the network figures on after the cohort changed (a submission,
    a result shared or unshared), in the caller's transaction; see
    network.advance for when a figure moves."""
    session = context["model"].Session
    session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": _RELEASE_LOCK})
    cohort = {a.id: network.member(a.organization_id, a.result)
              for a in latest_submitted(context)
              if a.result and not a.shared and not a.was_shared}
    previous = latest_release(session)
    published = previous.published if previous else {}
    members = dict(previous.members) if previous else {}
    framework = registry.get()
    advanced = network.advance(framework, published, members, cohort,
                               min_count())
    if advanced == published:
        return
    members.update(cohort)
    session.add(mmodel.NetworkRelease(
        published=advanced, members=network.prune(advanced, members)))
