"""The read actions: the framework, assessments and the network summary."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import actions
from ckanext.municipal_opendata.validation import validated

from ... import model as mmodel
from ... import network
from ... import registry
from .. import assessments
from .. import releases
from .. import schema as sch

__all__ = [
    "maturity_assessment_list",
    "maturity_assessment_show",
    "maturity_framework_show",
    "maturity_network_summary",
]


@tk.side_effect_free
def maturity_framework_show(context, data_dict):
    """The framework: domains, statements, scales, levels, needs,
    principles and actions.

    :param version: a framework version (default: the current one)
    :param lang: only this language's texts (default: all languages)
    """
    tk.check_access("maturity_framework_show", context, data_dict)
    data = validated(data_dict, sch.framework_show_schema(), context)
    framework = registry.get(data.get("version"))
    result = framework.as_dict(data.get("lang"))
    result["current"] = framework.version == registry.current_version()
    result["versions"] = sorted(registry.frameworks())
    return result


@tk.side_effect_free
def maturity_assessment_show(context, data_dict):
    """One assessment with its answers, progress and result.

    :param id: the assessment
    """
    tk.check_access("maturity_assessment_show", context, data_dict)
    data = validated(data_dict, sch.show_schema(), context)
    return assessments.dictize(context, assessments.get(context, data["id"]))


@tk.side_effect_free
def maturity_assessment_list(context, data_dict):
    """The assessments of an organization, newest first. Members see all;
    others only the submitted assessments the organization shared.

    :param organization_id: name or id of the organization (or ``id``,
        as CKAN's own list actions name it)
    :param state: ``draft`` or ``submitted`` (default: both)
    """
    if not data_dict.get("organization_id") and data_dict.get("id"):
        data_dict = {**data_dict, "organization_id": data_dict["id"]}
        data_dict.pop("id")
    tk.check_access("maturity_assessment_list", context, data_dict)
    data = validated(data_dict, sch.list_schema(), context)
    org_id = data["organization_id"]
    query = context["model"].Session.query(mmodel.Assessment).filter_by(
        organization_id=org_id)
    if data.get("state"):
        query = query.filter_by(state=data["state"])
    if not actions.can_read_organization(context, org_id):
        query = query.filter_by(state=mmodel.SUBMITTED, shared=True)
    query = query.order_by(mmodel.Assessment.created.desc())
    return [assessments.dictize(context, a, with_answers=False)
            for a in query]


def _statistics(context, framework, min_count):
    """The published network figures of the latest release, or None."""
    session = context["model"].Session
    release = releases.latest_release(session)
    if release is None:
        return None
    ids = list(release.members)
    public = {aid for (aid,) in session.query(mmodel.Assessment.id).filter(
        mmodel.Assessment.id.in_(ids),
        mmodel.Assessment.was_shared.is_(True))} if ids else set()
    stats = network.figures(framework, release.published,
                            release.members, public, min_count)
    if stats is not None:
        stats["released"] = release.created.isoformat()
    return stats


@tk.side_effect_free
def maturity_network_summary(context, data_dict):
    """The network of municipalities: per domain, how many are at each level
    and need and the median level, over the municipalities' unshared
    results, published by the rule of docs/maturity.md ("Network figures
    that cannot be undone"): a figure is shown only when at least
    ``ckanext.maturity.network_min_count`` - 1 results lie outside its most
    common value, and it changes only when that many new, varied results
    came in. Also the latest results of the municipalities that shared
    them, and, for an organization the user may read (or that shared), its
    level against the median.

    :param organization_id: optional, name or id of an organization
    """
    tk.check_access("maturity_network_summary", context, data_dict)
    data = validated(data_dict, sch.network_schema(), context)
    framework = registry.get()
    latest = releases.latest_submitted(context)
    min_count = releases.min_count()
    stats = _statistics(context, framework, min_count)
    shared = [{
        "organization_name": d["organization_name"],
        "organization_title": d["organization_title"],
        "assessment_id": d["id"],
        "submitted": d["submitted"],
        "result": d["result"],
    } for d in (assessments.dictize(context, a, with_answers=False)
                for a in latest if a.shared)]
    summary = {
        "framework_version": framework.version,
        "count": len([a for a in latest if a.result]),
        "min_count": min_count,
        "statistics": stats,
        "shared": sorted(shared, key=lambda s: s["organization_title"]
                         or ""),
        "own": None,
    }
    org_id = data.get("organization_id")
    if org_id:
        own = next((a for a in latest if a.organization_id == org_id), None)
        if own is not None and (own.shared or actions.can_read_organization(context, org_id)):
            summary["own"] = {
                "assessment_id": own.id,
                "result": own.result,
                "position": (network.position(own.result, stats)
                             if stats else None),
            }
    return summary
