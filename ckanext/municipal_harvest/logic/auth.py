"""Who may read a job's import report: whoever may see the job
(ckanext-harvest's harvest_job_show: the source's editors)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["municipal_harvest_job_report"]


@tk.auth_allow_anonymous_access
def municipal_harvest_job_report(context, data_dict):
    try:
        tk.check_access("harvest_job_show", context, data_dict)
    except tk.NotAuthorized:
        return {"success": False,
                "msg": tk._("Not authorized to see this harvest job")}
    return {"success": True}
