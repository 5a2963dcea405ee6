"""Template helpers of the harvest plugin."""
from __future__ import annotations

from typing import Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.model import HarvestObject, HarvestSource

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
    """Where a harvested dataset comes from: ``uri``, its address in the
    source catalogue, and the source's ``title`` and ``url`` where the
    viewer may see the source (a private source's address stays hidden);
    None for a dataset no harvest keeps."""
    found = model.Session.query(HarvestObject.guid, HarvestSource) \
        .join(HarvestSource,
              HarvestObject.harvest_source_id == HarvestSource.id) \
        .filter(HarvestObject.package_id == package_id) \
        .filter(HarvestObject.current == True).first()  # noqa: E712
    if found is None:
        return None
    guid, source = found
    origin = {"uri": guid if guid.startswith(("http://", "https://"))
              else None, "title": None, "url": None, "name": None}
    try:
        tk.check_access("harvest_source_show", {"model": model},
                        {"id": source.id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return origin
    package = model.Package.get(source.id)
    origin.update(title=source.title or source.url, url=source.url,
                  name=package.name if package else None)
    return origin
