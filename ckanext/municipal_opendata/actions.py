"""What the plugins' actions and auth functions look up the same way:
the acting user, a dataset that exists, read access to an organization.
Not an action module: CKAN's blanket decorator never reads it."""
from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

__all__ = ["acting_user", "acting_user_id", "user_name", "package_or_404",
           "can_read_organization"]


def acting_user(context) -> Any:
    """The logged-in user's model object, or None (anonymous)."""
    return context["model"].User.get(context.get("user") or "")


def acting_user_id(context) -> str | None:
    user = acting_user(context)
    return user.id if user else None


def user_name(context, user_id: str | None) -> str | None:
    """The account name of ``user_id`` (for the API's ``*_by`` fields)."""
    user = context["model"].User.get(user_id) if user_id else None
    return user.name if user else None


def package_or_404(context, name_or_id: str | None) -> Any:
    """The dataset's model object; a deleted or unknown one is "not
    found", as CKAN's own actions answer."""
    pkg = context["model"].Package.get(name_or_id or "")
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return pkg


def can_read_organization(context, org_id: str) -> bool:
    return bool(context.get("ignore_auth")) or \
        authz.has_user_permission_for_group_or_org(
            org_id, context.get("user"), "read")
