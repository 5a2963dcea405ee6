"""The action of the prioritization plugin that registers something new:
a user's demand on a dataset or a dataset type."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import check_ids, validated

from ... import model as pmodel
from .. import names
from .. import schema as sch
from .. import scores

__all__ = [
    "prioritization_demand_create",
]


def _visible_package_id(context, package_id: str) -> str:
    """The id of a dataset the user may see; "Dataset not found" else."""
    pkg = context["model"].Package.get(package_id)
    visible = pkg is not None and pkg.state != "deleted"
    if visible:
        try:
            tk.check_access("package_show", dict(context), {"id": pkg.id})
        except tk.NotAuthorized:
            visible = False
    if not visible:
        raise tk.ValidationError({"package_id": [tk._(
            "Dataset not found")]})
    return pkg.id


def _known_type(code: str) -> str:
    """A type of the municipal schema's catalogue (any type code when it
    provides none)."""
    known = names.type_labels()
    if known and code not in known:
        raise tk.ValidationError({"dataset_type_code": [tk._(
            "Unknown dataset type: {code}").format(code=code)]})
    return code


def _target(context, data, user) -> tuple[str | None, str | None, bool]:
    """What the demand is on: (dataset id, None) or (None, type code),
    and whether the user registered demand on it before."""
    if bool(data.get("package_id")) == bool(data.get("dataset_type_code")):
        raise tk.ValidationError({"package_id": [tk._(
            "Give either a dataset or a dataset type")]})
    demands = context["model"].Session.query(pmodel.Demand)
    if data.get("package_id"):
        package_id = _visible_package_id(context, data["package_id"])
        return package_id, None, bool(demands.filter_by(
            user_id=user.id, package_id=package_id).count())
    code = _known_type(data["dataset_type_code"])
    return None, code, bool(demands.filter_by(
        user_id=user.id, dataset_type_code=code).count())


def prioritization_demand_create(context, data_dict):
    """Register the logged-in user's demand on a candidate dataset or on a
    dataset type, once each.

    :param package_id: a dataset the user may see; or
    :param dataset_type_code: a dataset type
    :param audience: business, citizen, researcher or authority
    :param note: optional, up to 1,000 characters
    """
    check_ids(data_dict, "package_id", "dataset_type_code")
    tk.check_access("prioritization_demand_create", context, data_dict)
    data = validated(data_dict, sch.demand_schema(), context)
    session = context["model"].Session
    user = actions.acting_user(context)
    package_id, code, exists = _target(context, data, user)
    field = "package_id" if package_id else "dataset_type_code"
    duplicate = {field: [tk._(
        "You have already registered demand for this")]}
    if exists:
        raise tk.ValidationError(duplicate)
    demand = pmodel.Demand(package_id=package_id, dataset_type_code=code,
                           user_id=user.id, audience=data["audience"],
                           note=(data.get("note") or "").strip() or None)
    session.add(demand)
    try:
        session.flush()
    except IntegrityError:  # a concurrent registration won the race
        session.rollback()
        raise tk.ValidationError(duplicate)
    scores.lock_scores()
    changed = scores.recompute([package_id] if package_id else [],
                              [code] if code else [])
    scores.refresh_index(changed)
    session.commit()
    return {"id": demand.id, "package_id": package_id,
            "dataset_type_code": code, "audience": demand.audience,
            "note": demand.note, "created": demand.created.isoformat()}
