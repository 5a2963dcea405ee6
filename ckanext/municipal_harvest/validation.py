"""The SHACL result of each harvested dataset: the dataset as the portal
publishes it (its own DCAT feed's serializer and profiles) checked against
DCAT-AP 3.0.1, and HVD 3.0.0 where it claims to be high-value
(``municipal_schema.dcat_validation``). Kept in the harvest object's
report line, so that the job keeps what it found, and read back by the
charter's "DCAT-AP compliance" indicator for the dataset."""
from __future__ import annotations

import json
import logging
from typing import Optional

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.model import HarvestObject, HarvestObjectExtra

from ckanext.municipal_schema.logic.rdf_output import published_check

__all__ = ["REPORT_KEY", "stored_dataset", "check_published",
           "previous_result", "current_result", "evaluate_again"]

log = logging.getLogger(__name__)

REPORT_KEY = "municipal_report"


def stored_dataset(package_id: str) -> dict:
    """The dataset as stored: what the check and the charter read."""
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False}, {"id": package_id})


def check_published(dataset: dict) -> Optional[dict]:
    """The SHACL result of the dataset as the portal publishes it; None
    when it cannot be written (its page then serves its core fields)."""
    result = published_check(dataset)
    return result.as_dict() if result is not None else None


def _report_line(query) -> Optional[dict]:
    found = query.join(
        HarvestObjectExtra,
        HarvestObjectExtra.harvest_object_id == HarvestObject.id) \
        .filter(HarvestObjectExtra.key == REPORT_KEY) \
        .filter(HarvestObject.current == True) \
        .with_entities(HarvestObjectExtra.value).first()  # noqa: E712
    if found is None:
        return None
    try:
        return json.loads(found.value)
    except ValueError:
        return None


def previous_result(harvest_object) -> Optional[dict]:
    """The SHACL result the source's last run stored for the same
    dataset (an unchanged dataset is not checked again)."""
    line = _report_line(model.Session.query(HarvestObject)
                        .filter(HarvestObject.guid == harvest_object.guid)
                        .filter(HarvestObject.harvest_source_id
                                == harvest_object.harvest_source_id)
                        .filter(HarvestObject.id != harvest_object.id))
    return (line or {}).get("shacl")


def current_result(package_id: str) -> Optional[dict]:
    """The SHACL result of a harvested dataset's current harvest object;
    None for a dataset no harvest made or not checked."""
    line = _report_line(model.Session.query(HarvestObject).filter(
        HarvestObject.package_id == package_id))
    return (line or {}).get("shacl")


def evaluate_again(package_id: str, dataset: Optional[dict] = None
                   ) -> None:
    """The charter's evaluation of the dataset, now with its SHACL result
    (the charter evaluated it when it was written, before the check);
    ``dataset``: as ``stored_dataset`` gave it, where the check read it."""
    if not plugins.plugin_loaded("charter"):
        return
    from ckanext.charter.logic import jobs
    try:
        jobs.reevaluate(package_id, dataset)
    except Exception:  # the harvest goes on; the next run evaluates it
        log.exception("Harvest: the charter could not evaluate %s",
                      package_id)
