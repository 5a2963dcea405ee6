"""What the plugins' auth functions share: the rule for what anyone may
read, a decision that carries the reason of a refusal, and the
organization a request names."""
from __future__ import annotations

from typing import Any

from ckan import authz
import ckan.plugins.toolkit as tk

from .validation import id_problem

__all__ = ["public", "decision", "organization_id", "may_in_organization"]


@tk.auth_allow_anonymous_access
def public(context, data_dict) -> dict:
    """Anyone, logged in or not: reference data, and aggregates that count
    public datasets only (an action that shows members more checks that
    itself)."""
    return {"success": True}


def decision(allowed: bool, refusal: str) -> dict:
    """CKAN's auth answer; a refusal says why (the page and the API show
    it)."""
    return {"success": True} if allowed else {"success": False,
                                              "msg": refusal}


def organization_id(context, name_or_id: Any) -> str:
    """The id of the organization a request names, or Not Found."""
    group = (context["model"].Group.get(name_or_id)
             if id_problem(name_or_id) is None else None)
    if group is None:
        raise tk.ObjectNotFound(tk._("Organization not found"))
    return group.id


def may_in_organization(context, org_id: str, permission: str) -> bool:
    return authz.has_user_permission_for_group_or_org(
        org_id, context.get("user"), permission)
