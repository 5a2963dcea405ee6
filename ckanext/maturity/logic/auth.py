"""Who may do what: organization admins and editors write, members read,
sysadmins everything (CKAN lets them through before these functions), the
public only the framework, aggregates and results an organization shared."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.auth import (
    decision, may_in_organization, organization_id, public)

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


def _assessment(context, data_dict):
    assessment_id = data_dict.get("id")
    assessment = (context["model"].Session.get(mmodel.Assessment,
                                               assessment_id)
                  if is_identifier(assessment_id) else None)
    if assessment is None:
        raise tk.ObjectNotFound(tk._("Assessment not found"))
    return assessment


maturity_framework_show = public
# Aggregates and shared results only, unless the user is a member of the
# organization asked about (checked in the action).
maturity_network_summary = public


def _editor_of(context, org_id) -> bool:
    return may_in_organization(context, org_id, "update_dataset")


def maturity_assessment_create(context, data_dict):
    org_id = organization_id(context, data_dict.get("organization_id"))
    return decision(_editor_of(context, org_id), tk._(
        "Only editors and admins of the organization can start an "
        "assessment"))


def maturity_assessment_update(context, data_dict):
    assessment = _assessment(context, data_dict)
    return decision(_editor_of(context, assessment.organization_id), tk._(
        "Only editors and admins of the organization can edit its "
        "assessments"))


def maturity_assessment_submit(context, data_dict):
    assessment = _assessment(context, data_dict)
    return decision(_editor_of(context, assessment.organization_id), tk._(
        "Only editors and admins of the organization can submit its "
        "assessments"))


@tk.auth_allow_anonymous_access
def maturity_assessment_show(context, data_dict):
    assessment = _assessment(context, data_dict)
    shared = assessment.state == mmodel.SUBMITTED and assessment.shared
    return decision(
        shared or may_in_organization(context, assessment.organization_id,
                                      "read"),
        tk._("Only members of the organization can see this assessment"))


@tk.auth_allow_anonymous_access
def maturity_assessment_list(context, data_dict):
    # Everyone may list; the action returns to non-members only the
    # submitted assessments the organization shared.
    organization_id(context, data_dict.get("organization_id")
                    or data_dict.get("id"))
    return {"success": True}


def maturity_network_release(context, data_dict):
    # Sysadmins only: CKAN lets them through before this function.
    return decision(False, tk._(
        "Only sysadmins can release the network figures"))
