"""Template helpers of the harvest plugin."""
from __future__ import annotations

from typing import Optional

import ckan.plugins.toolkit as tk

__all__ = ["municipal_harvest_job_report"]


def municipal_harvest_job_report(job_id: str) -> Optional[dict]:
    """The job's import report for the current user, None where they may
    not see it."""
    try:
        return tk.get_action("municipal_harvest_job_report")(
            {}, {"id": job_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None
