"""Who may do what: everyone reads the charters, adoptions and the
aggregates of public datasets; a dataset's evaluation follows
package_show, claims follow package_update, adoptions are recorded by the
organization's admins; sysadmins everything (CKAN lets them through
before these functions)."""
from __future__ import annotations

from ckan import authz
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.auth import (
    decision, may_in_organization, organization_id, public)

__all__ = [
    "charter_adoption_create",
    "charter_adoption_delete",
    "charter_adoption_list",
    "charter_claims_update",
    "charter_dataset_show",
    "charter_link_check_list",
    "charter_list",
    "charter_network_summary",
    "charter_organization_summary",
    "charter_show",
    "charter_snapshot_take",
]

charter_list = charter_show = charter_adoption_list = public
# Public datasets only; the action adds private ones to the list of
# datasets to fix for the organization's members.
charter_organization_summary = charter_network_summary = public


@tk.auth_allow_anonymous_access
def charter_dataset_show(context, data_dict):
    # Whoever may see the dataset may see its evaluation.
    return authz.is_authorized("package_show", context,
                               {"id": data_dict.get("id")})


charter_link_check_list = charter_dataset_show


def charter_claims_update(context, data_dict):
    # Whoever may edit the dataset may state what it claims.
    return authz.is_authorized("package_update", context,
                               {"id": data_dict.get("id")})


def charter_adoption_create(context, data_dict):
    org_id = organization_id(context, data_dict.get("organization_id"))
    return decision(
        may_in_organization(context, org_id, "membership"),
        tk._("Only admins of the organization can record its adoption of "
             "a charter"))


def charter_adoption_delete(context, data_dict):
    return charter_adoption_create(context, data_dict)


def charter_snapshot_take(context, data_dict):
    # Sysadmins only (they pass before this function).
    return decision(False, tk._("Only sysadmins can take a snapshot"))
