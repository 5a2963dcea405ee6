"""Template helpers of the charter plugin."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

__all__ = [
    "charter_can_claim",
    "charter_dataset_summary",
]


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
