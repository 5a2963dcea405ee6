"""Who may do what: everyone reads the charters, adoptions and the
aggregates of public datasets; a dataset's evaluation follows
package_show, claims follow package_update, adoptions are recorded by the
organization's admins; sysadmins everything (CKAN lets them through
before these functions)."""
from __future__ import annotations

from ckan import authz
import ckan.plugins.toolkit as tk

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


def _result(ok, message):
    return {"success": True} if ok else {"success": False, "msg": message}


def _org_id(context, name_or_id):
    group = context["model"].Group.get(name_or_id) if name_or_id else None
    if group is None:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    return group.id


@tk.auth_allow_anonymous_access
def charter_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def charter_show(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def charter_dataset_show(context, data_dict):
    # Whoever may see the dataset may see its evaluation.
    return authz.is_authorized("package_show", context,
                               {"id": data_dict.get("id")})


@tk.auth_allow_anonymous_access
def charter_link_check_list(context, data_dict):
    return authz.is_authorized("package_show", context,
                               {"id": data_dict.get("id")})


def charter_claims_update(context, data_dict):
    # Whoever may edit the dataset may state what it claims.
    return authz.is_authorized("package_update", context,
                               {"id": data_dict.get("id")})


def charter_adoption_create(context, data_dict):
    org_id = _org_id(context, data_dict.get("organization_id"))
    return _result(authz.has_user_permission_for_group_or_org(
        org_id, context.get("user"), "membership"),
        tk._("Only admins of the organization can record its adoption of "
             "a charter"))


def charter_adoption_delete(context, data_dict):
    return charter_adoption_create(context, data_dict)


@tk.auth_allow_anonymous_access
def charter_adoption_list(context, data_dict):
    return {"success": True}


@tk.auth_allow_anonymous_access
def charter_organization_summary(context, data_dict):
    # Public datasets only; the action adds private ones to the list of
    # datasets to fix for the organization's members.
    return {"success": True}


@tk.auth_allow_anonymous_access
def charter_network_summary(context, data_dict):
    return {"success": True}


def charter_snapshot_take(context, data_dict):
    # Sysadmins only (they pass before this function).
    return {"success": False,
            "msg": tk._("Only sysadmins can take a snapshot")}
