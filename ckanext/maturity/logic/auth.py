"""Who may do what: organization admins and editors write, members read,
sysadmins everything (CKAN lets them through before these functions), the
public only the framework, aggregates and results an organization shared."""
from __future__ import annotations

from ckan import authz
import ckan.plugins.toolkit as tk

from .. import model as mmodel
from .validators import is_identifier

__all__ = [
    "maturity_assessment_create",
    "maturity_assessment_list",
    "maturity_assessment_show",
    "maturity_assessment_submit",
    "maturity_assessment_update",
    "maturity_framework_show",
    "maturity_network_release",
    "maturity_network_summary",
]


def _org_id(context, name_or_id):
    group = (context["model"].Group.get(name_or_id)
             if is_identifier(name_or_id) else None)
    if group is None:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    return group.id


def _assessment(context, data_dict):
    assessment_id = data_dict.get("id")
    assessment = (context["model"].Session.get(mmodel.Assessment,
                                               assessment_id)
                  if is_identifier(assessment_id) else None)
    if assessment is None:
        raise tk.ObjectNotFound(tk._("Assessment not found"))
    return assessment


def _may(context, org_id, permission):
    return authz.has_user_permission_for_group_or_org(
        org_id, context.get("user"), permission)


def _result(ok, message):
    return {"success": True} if ok else {"success": False, "msg": message}


@tk.auth_allow_anonymous_access
def maturity_framework_show(context, data_dict):
    return {"success": True}


def maturity_assessment_create(context, data_dict):
    org_id = _org_id(context, data_dict.get("organization_id"))
    return _result(_may(context, org_id, "update_dataset"), tk._(
        "Only editors and admins of the organization can start an "
        "assessment"))


def maturity_assessment_update(context, data_dict):
    assessment = _assessment(context, data_dict)
    return _result(
        _may(context, assessment.organization_id, "update_dataset"),
        tk._("Only editors and admins of the organization can edit its "
             "assessments"))


def maturity_assessment_submit(context, data_dict):
    assessment = _assessment(context, data_dict)
    return _result(
        _may(context, assessment.organization_id, "update_dataset"),
        tk._("Only editors and admins of the organization can submit its "
             "assessments"))


@tk.auth_allow_anonymous_access
def maturity_assessment_show(context, data_dict):
    assessment = _assessment(context, data_dict)
    public = assessment.state == mmodel.SUBMITTED and assessment.shared
    return _result(public or _may(context, assessment.organization_id,
                                  "read"),
                   tk._("Only members of the organization can see this "
                        "assessment"))


@tk.auth_allow_anonymous_access
def maturity_assessment_list(context, data_dict):
    # Everyone may list; the action returns to non-members only the
    # submitted assessments the organization shared.
    _org_id(context, data_dict.get("organization_id")
            or data_dict.get("id"))
    return {"success": True}


@tk.auth_allow_anonymous_access
def maturity_network_summary(context, data_dict):
    # Aggregates and shared results only, unless the user is a member of
    # the organization asked about (checked in the action).
    return {"success": True}


def maturity_network_release(context, data_dict):
    # Sysadmins only: CKAN lets them through before this function.
    return {"success": False, "msg": tk._(
        "Only sysadmins can release the network figures")}
