"""Template helpers of the harvest plugin."""
from __future__ import annotations

from typing import Optional

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from . import origin

__all__ = ["municipal_harvest_job_report", "municipal_harvest_origin",
           "municipal_harvest_type_suggestions_url"]


def municipal_harvest_job_report(job_id: str) -> Optional[dict]:
    """The job's import report for the current user, None where they may
    not see it."""
    try:
        return tk.get_action("municipal_harvest_job_report")(
            {}, {"id": job_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def municipal_harvest_origin(package_id: str) -> Optional[dict]:
    """Where a harvested dataset comes from (``origin.origin_of``): a
    private source's title and address only to whoever may see it; None
    for a dataset no harvest keeps."""
    return origin.origin_of(package_id)


def municipal_harvest_type_suggestions_url() -> Optional[str]:
    """The page of suggested dataset types (prioritization), where that
    plugin is loaded and the viewer may see it; else None."""
    if not plugins.plugin_loaded("prioritization"):
        return None
    try:
        tk.check_access("prioritization_type_suggestion_list", {}, {})
    except tk.NotAuthorized:
        return None
    return tk.h.url_for("prioritization.type_suggestions")
