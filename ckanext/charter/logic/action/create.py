"""Actions that record: an organization's adoption of a charter, and the
month's snapshot of the figures."""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.model import utcnow
from ckanext.municipal_opendata.validation import check_ids, validated

from ... import model as cmodel
from ... import registry
from .. import evaluation as ev
from .. import figures
from .. import schema as sch

__all__ = [
    "charter_adoption_create",
    "charter_snapshot_take",
]


def charter_adoption_create(context, data_dict):
    """Record that an organization adopted a charter (again: replaces the
    date and decision link).

    :param organization_id: name or id of the organization
    :param charter: the charter's code
    :param adopted: date of the decision, YYYY-MM-DD, not in the future
    :param decision_url: web address of the decision
    """
    check_ids(data_dict, "organization_id", required=("organization_id",))
    tk.check_access("charter_adoption_create", context, data_dict)
    data = validated(data_dict, sch.adoption_schema(), context)
    session = context["model"].Session
    row = session.get(cmodel.Adoption, (data["organization_id"],
                                        data["charter"]))
    if row is None:
        row = cmodel.Adoption(organization_id=data["organization_id"],
                              charter=data["charter"])
        session.add(row)
    row.adopted = datetime.date.fromisoformat(data["adopted"])
    row.decision_url = data.get("decision_url")
    row.created_by = actions.acting_user_id(context)
    row.modified = utcnow()
    session.commit()
    if registry.adopted_only():
        ev.refresh_organization(session, data["organization_id"])
    return ev.adoption_dict(context, row)


def charter_snapshot_take(context, data_dict):
    """Keep this month's figures (public datasets) for the network and
    every organization; taking it again in the same month replaces them.

    :param month: YYYY-MM (default: this month)
    """
    tk.check_access("charter_snapshot_take", context, data_dict)
    raw = data_dict.get("month") or datetime.date.today().isoformat()[:7]
    try:
        month = datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise tk.ValidationError({"month": [tk._(
            "Not a month: {value}. Write it as YYYY-MM").format(value=raw)]})
    session = context["model"].Session
    org_ids = figures.public_organizations(session)
    taken = []
    for org_id in [""] + org_ids:
        agg = figures.aggregates(session, org_id or None)
        row = session.get(cmodel.Snapshot, (month, org_id))
        if row is None:
            row = cmodel.Snapshot(month=month, organization_id=org_id)
            session.add(row)
        row.datasets = agg["datasets"]
        row.average_score = agg["average_score"]
        row.ratings = agg["ratings"]
        row.proven = agg["proven"]
        row.taken = utcnow()
        taken.append(org_id)
    session.commit()
    return {"month": month.isoformat()[:7], "organizations": len(taken) - 1}
