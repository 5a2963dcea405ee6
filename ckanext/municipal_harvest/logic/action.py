"""The action of a harvest job's import report."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.model import HarvestJob, HarvestObject, \
    HarvestObjectExtra
from ckanext.municipal_opendata import compat

from .. import messages, report
from ..validation import REPORT_KEY

__all__ = ["municipal_harvest_job_report"]


def job_rows(job_id: str) -> list:
    query = model.Session.query(HarvestObjectExtra.value) \
        .join(HarvestObject,
              HarvestObject.id == HarvestObjectExtra.harvest_object_id) \
        .filter(HarvestObject.harvest_job_id == job_id) \
        .filter(HarvestObjectExtra.key == REPORT_KEY)
    return [json.loads(value) for (value,) in query]


def untyped_count(source_id: str) -> int:
    """How many of the source's datasets have no dataset type: the
    coverage matrix counts a dataset once it has one (the secretariat
    confirms a suggested type)."""
    Package = model.Package
    packages = model.Session.query(Package).join(
        HarvestObject, HarvestObject.package_id == Package.id).filter(
        HarvestObject.harvest_source_id == source_id,
        HarvestObject.current == True,  # noqa: E712
        Package.state == "active", Package.type == "dataset").options(
        *compat.eager_package_extras())
    return sum(1 for package in packages
               if not (package.extras or {}).get("dataset_type_code"))


@tk.side_effect_free
def municipal_harvest_job_report(context, data_dict):
    """The import report of a harvest job of a ``municipal_dcat`` source:
    ``counts`` (created, updated, unchanged, refused), ``withdrawn``,
    ``total``, ``problems`` (the refused datasets with their reasons, the
    most reasons first), ``notes`` (the most frequent) and
    ``validation``: the SHACL results of the datasets stored against
    DCAT-AP 3.0.1 (and HVD 3.0.0 where a dataset claims it): ``checked``,
    ``conforming``, ``violating``, ``not_checked``, ``shapes``, ``worst``
    (the datasets with the most violations, each violation with its
    ``text``) and ``frequent`` (the violations most datasets have);
    ``untyped``: how many of the source's datasets have no dataset type.

    :param id: the harvest job's id
    """
    job_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("municipal_harvest_job_report", context, data_dict)
    job = HarvestJob.get(job_id)
    if job is None:
        raise tk.ObjectNotFound(tk._("Harvest job not found"))
    summary = report.summarise(job_rows(job.id))
    messages.with_texts(summary["validation"])
    summary["withdrawn"] = model.Session.query(HarvestObject) \
        .filter(HarvestObject.harvest_job_id == job.id) \
        .filter(HarvestObject.report_status == "deleted").count()
    summary["untyped"] = untyped_count(job.source_id)
    return summary
