"""What the suite's pages share: actions called as the person asking, and
the dataset or organization a page is about, refused as CKAN's own pages
refuse them (a dataset the person may not see is "not found", so that a
page never tells whether a private dataset exists)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import validation


def context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user.is_authenticated else ""}


def action(name: str, **data):
    return tk.get_action(name)(context(), data)


def can(auth: str, **data) -> bool:
    try:
        tk.check_access(auth, context(), data)
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def require(auth: str, **data) -> None:
    """Refuse the page (403) with the reason the auth function gives, so
    the page and the API say the same."""
    try:
        tk.check_access(auth, context(), data)
    except tk.NotAuthorized as refused:
        tk.abort(403, refused.message)


def dataset_or_404(id: str) -> dict[str, Any]:
    if validation.id_problem(id):  # no dataset has such a name
        tk.abort(404, tk._("Dataset not found"))
    try:
        return action("package_show", id=id)
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Dataset not found"))


def organization_or_abort(id: str) -> dict[str, Any]:
    if validation.id_problem(id):  # no organization has such a name
        tk.abort(404, tk._("Organization not found"))
    try:
        org = action("organization_show", id=id, include_datasets=False,
                     include_users=False, include_extras=False)
    except tk.ObjectNotFound:
        tk.abort(404, tk._("Organization not found"))
    except tk.NotAuthorized:
        tk.abort(403, tk._("Not authorized to see this organization"))
    if not org.get("is_organization"):
        tk.abort(404, tk._("Organization not found"))
    return org
