"""Template helpers of the charter plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = [
    "charter_can_claim",
    "charter_dataset_summary",
    "charter_facet_label",
    "charter_whole_label_facets",
]


def charter_whole_label_facets() -> tuple[str, ...]:
    from .hooks import WHOLE_LABELS
    return WHOLE_LABELS


def charter_facet_label(item: dict[str, Any]) -> str:
    """A facet item's whole label (snippets/facet_list.html cuts labels
    it gets no label function for)."""
    return item.get("display_name") or item.get("name") or ""


def charter_dataset_summary(package_id: str) -> dict[str, Any] | None:
    """The evaluation of a dataset for its page (None when the current
    user may not see it)."""
    user = tk.current_user
    try:
        return tk.get_action("charter_dataset_show")(
            {"user": user.name if user.is_authenticated else ""},
            {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def charter_can_claim(package_id: str) -> bool:
    user = tk.current_user
    try:
        tk.check_access("charter_claims_update",
                        {"user": user.name if user.is_authenticated else ""},
                        {"id": package_id})
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
