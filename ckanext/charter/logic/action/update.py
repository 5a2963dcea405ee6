"""Actions that change what a publisher states about a dataset."""
from __future__ import annotations

import ckan.lib.search as search
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.model import utcnow
from ckanext.municipal_opendata.validation import check_ids, validated

from ... import charters as ch
from ... import messages
from ... import model as cmodel
from ... import registry
from .. import evaluation as ev
from .. import schema as sch

__all__ = [
    "charter_claims_update",
]


def charter_claims_update(context, data_dict):
    """Set the principles a publisher claims for a dataset (replacing the
    earlier claims), and optionally why the dataset is not open.

    :param id: name or id of the dataset
    :param charter_claims: ``{"smart-flanders": [9, 16]}``, or a list or
        comma-separated string of ``"smart-flanders:9"``; only dataset
        principles of the portal's charters
    :param closed_reason: why the dataset is not open (principle "comply
        or explain"); empty removes it
    """
    check_ids(data_dict, "id", required=("id",))
    tk.check_access("charter_claims_update", context, data_dict)
    data = validated({k: v for k, v in data_dict.items()
                      if k != "charter_claims"}, sch.claims_schema(),
                     context)
    pkg = actions.package_or_404(context, data["id"])
    claims, problems = ch.parse_claims(registry.charters(),
                                       data_dict.get("charter_claims"))
    if problems:
        raise tk.ValidationError(messages.problems_to_errors(problems))
    session = context["model"].Session
    row = ev.statement(session, pkg.id)
    if row is None:
        row = cmodel.DatasetStatement(package_id=pkg.id)
        session.add(row)
    if "charter_claims" in data_dict:
        row.claims = claims
    if "closed_reason" in data_dict:
        row.closed_reason = data.get("closed_reason") or None
    row.modified = utcnow()
    row.modified_by = actions.acting_user_id(context)
    try:
        ev.refresh(session, pkg.id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    search.rebuild(pkg.id)
    return tk.get_action("charter_dataset_show")(context, {"id": pkg.id})
