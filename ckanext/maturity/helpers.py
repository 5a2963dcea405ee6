"""Template helpers of the maturity plugin."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label


__all__ = [
    "maturity_can_edit",
    "maturity_text",
]


def maturity_text(labels) -> str:
    """A multilingual label in the current language."""
    return pick_label(labels, current_lang())


def maturity_can_edit(organization_id: str) -> bool:
    """Whether the current user may take the organization's assessment."""
    try:
        tk.check_access("maturity_assessment_create",
                        {"user": tk.current_user.name
                         if tk.current_user.is_authenticated else ""},
                        {"organization_id": organization_id})
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
