"""Template helpers of the harvest plugin."""
from __future__ import annotations

from typing import Optional

import ckan.plugins.toolkit as tk

from . import origin

__all__ = ["municipal_harvest_job_report", "municipal_harvest_origin"]


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
