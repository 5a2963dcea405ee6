"""Who may do what. A dataset's screening follows the dataset's own rights
(package_show to read, package_update to edit), narrowed by who may see
scores; the weights belong to sysadmins and the secretariat (CKAN lets
sysadmins through before these functions); the ranking and coverage are
open to all and filtered by the action to what the viewer may see."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.auth import (
    decision, may_in_organization, public)

from . import access
from .. import model as pmodel

__all__ = [
    "package_show",
    "prioritization_coverage",
    "prioritization_demand_create",
    "prioritization_demand_summary",
    "prioritization_ranking",
    "prioritization_recompute",
    "prioritization_screening_show",
    "prioritization_screening_update",
    "prioritization_type_suggestion_confirm",
    "prioritization_type_suggestion_list",
    "prioritization_weights_history",
    "prioritization_weights_show",
    "prioritization_weights_update",
]


def _package(context, data_dict):
    return actions.package_or_404(
        context, data_dict.get("id") or data_dict.get("package_id"))


def _may(action, context, data_dict) -> bool:
    try:
        tk.check_access(action, dict(context), data_dict)
        return True
    except tk.NotAuthorized:
        return False


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth, context, data_dict):
    """The secretariat also reads every candidate (a dataset with a
    screening), private ones included; nothing else changes."""
    result = next_auth(context, data_dict)
    if result.get("success") or not context.get("user"):
        return result
    pkg = context.get("package") or context["model"].Package.get(
        data_dict.get("id") or "")
    if pkg is not None and access.is_secretariat(context["user"]) and \
            context["model"].Session.get(pmodel.Screening, pkg.id):
        return {"success": True}
    return result


@tk.auth_allow_anonymous_access
def prioritization_screening_show(context, data_dict):
    pkg = _package(context, data_dict)
    if not _may("package_show", context, {"id": pkg.id}):
        return {"success": False,
                "msg": tk._("You may not see this dataset")}
    if not access.sees_score(access.viewer(context), pkg.owner_org,
                             bool(pkg.private)):
        return {"success": False, "msg": tk._(
            "The screening of this dataset is shown only to its "
            "organization and the programme's secretariat")}
    return {"success": True}


def prioritization_screening_update(context, data_dict):
    pkg = _package(context, data_dict)
    if not _may("package_update", context, {"id": pkg.id}):
        return {"success": False, "msg": tk._(
            "Only the dataset's editors can screen it")}
    return {"success": True}


# The ranking and coverage are filtered by their actions to what the
# viewer may see.
prioritization_weights_show = public
prioritization_ranking = prioritization_coverage = public


def prioritization_weights_update(context, data_dict):
    return decision(access.is_full(context.get("user")), tk._(
        "Only sysadmins and the programme's secretariat can change the "
        "weights"))


@tk.auth_allow_anonymous_access  # refused below, with the reason
def prioritization_weights_history(context, data_dict):
    # It only reads, but names who changed the weights: the same people.
    return decision(access.is_full(context.get("user")), tk._(
        "Only sysadmins and the programme's secretariat can see the history "
        "of the weights"))


def prioritization_demand_create(context, data_dict):
    """Any logged-in user registers demand on a dataset type or a public
    dataset. Demand on a private dataset moves its score, so it comes only
    from members of the dataset's organization: the secretariat, who may
    read every private candidate, may not raise or sink another
    municipality's. A private dataset the user may not even see is left to
    the action, which answers "not found" as for one that does not
    exist."""
    if not context.get("user") or context["model"].User.get(
            context["user"]) is None:
        return {"success": False, "msg": tk._(
            "Log in to register demand")}
    pkg = _private_package(context, data_dict.get("package_id"))
    if pkg is not None and not may_in_organization(
            context, pkg.owner_org, "read") and _may(
            "package_show", context, {"id": pkg.id}):
        return {"success": False, "msg": tk._(
            "Demand on a private dataset can only be registered by members "
            "of its organization")}
    return {"success": True}


def _private_package(context, id):
    if not id or not isinstance(id, str):
        return None
    pkg = context["model"].Package.get(id)
    if pkg is None or pkg.state == "deleted" or not pkg.private:
        return None
    return pkg


@tk.auth_allow_anonymous_access
def prioritization_demand_summary(context, data_dict):
    if data_dict.get("package_id"):
        pkg = _package(context, {"id": data_dict["package_id"]})
        if not _may("package_show", context, {"id": pkg.id}):
            return {"success": False, "msg": tk._(
                "You may not see this dataset")}
    return {"success": True}


def prioritization_recompute(context, data_dict):
    # sysadmins only (CKAN lets them through before this function)
    return {"success": False, "msg": tk._(
        "Only sysadmins can recompute every score")}



@tk.auth_allow_anonymous_access  # refused below, with the reason
def prioritization_type_suggestion_list(context, data_dict):
    # It lists private datasets of every organization: those who see
    # every candidate only.
    return decision(access.is_full(context.get("user")), tk._(
        "Only sysadmins and the programme's secretariat can see the "
        "suggested dataset types"))


@tk.auth_allow_anonymous_access  # refused below, with the reason
def prioritization_type_suggestion_confirm(context, data_dict):
    """The secretariat classifies datasets of every municipality, whose
    editor it seldom is; the action writes only the type."""
    return decision(access.is_full(context.get("user")), tk._(
        "Only sysadmins and the programme's secretariat can confirm a "
        "suggested dataset type"))
