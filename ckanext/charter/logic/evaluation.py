"""Evaluating datasets inside CKAN: gathering what the pure rules need
(the dataset as package_show gives it, the publisher's claims, the link
checks, the charters its organization adopted), storing the result, and
reading it back."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label
from ckanext.municipal_opendata.model import utcnow

from .. import model as cmodel
from .. import quality
from .. import registry
from .. import rules


def statement(session, package_id: str) -> cmodel.DatasetStatement | None:
    return session.get(cmodel.DatasetStatement, package_id)


def links_of(session, dataset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The stored link checks of a dataset that still apply: a check of a
    URL the publisher has since changed says nothing about the new one
    (unknown until checked again)."""
    current = {(resource.get("id"), kind): url
               for resource in dataset.get("resources") or []
               if isinstance(resource, dict)
               for kind, url in quality.link_targets(resource)}
    out: dict[str, dict[str, Any]] = {}
    for row in session.query(cmodel.LinkCheck).filter_by(
            package_id=dataset["id"]):
        if current.get((row.resource_id, row.kind)) == row.url:
            out.setdefault(row.resource_id, {})[row.kind] = row.ok
    return out


def link_rows(session, package_id: str) -> list[cmodel.LinkCheck]:
    return session.query(cmodel.LinkCheck).filter_by(
        package_id=package_id).order_by(cmodel.LinkCheck.resource_id,
                                        cmodel.LinkCheck.kind).all()


def dcat_feed() -> bool:
    """The datasets are in a DCAT feed when ckanext-dcat serves one."""
    return plugins.plugin_loaded("dcat")


def shacl_of(dataset: dict[str, Any]) -> dict[str, Any] | None:
    """The SHACL result a harvest stored for the dataset (plugin
    municipal_harvest); None for a dataset no harvest checked."""
    if not plugins.plugin_loaded("municipal_harvest"):
        return None
    from ckanext.municipal_harvest.validation import current_result
    return current_result(dataset["id"])


def adopted(session, organization_id: str | None) -> list[str]:
    """The codes of the charters an organization adopted."""
    if not organization_id:
        return []
    return [row.charter for row in session.query(cmodel.Adoption).filter_by(
        organization_id=organization_id)]


def adoption_dict(context, row: cmodel.Adoption) -> dict[str, Any]:
    """An adoption as the actions return it, with the organization's and
    the charter's names."""
    org = context["model"].Group.get(row.organization_id)
    charter = registry.get(row.charter)
    return {"organization_id": row.organization_id,
            "organization_name": org.name if org else None,
            "organization_title": (org.title or org.name) if org else None,
            "charter": row.charter,
            "charter_title": pick_label(charter.title, current_lang())
            if charter else row.charter,
            "adopted": row.adopted.isoformat(),
            "decision_url": row.decision_url}


def charters_of(session, dataset: dict[str, Any]):
    """The charters a dataset is held to: its organization's adoptions
    (``ckanext.charter.adopted_only``), else all of the portal's."""
    if not registry.adopted_only():
        return registry.charters()
    return registry.applying(adopted(session, dataset.get("owner_org")))


def evaluate(session, dataset: dict[str, Any]) -> dict[str, Any]:
    """The evaluation of a package_show dict, with its stored claims."""
    stmt = statement(session, dataset["id"])
    data = dict(dataset)
    if stmt is not None and stmt.closed_reason:
        data["charter_closed_reason"] = stmt.closed_reason
    result = rules.evaluate(
        charters_of(session, dataset), data,
        claims=stmt.claims if stmt is not None else {},
        links=links_of(session, dataset), dcat_feed=dcat_feed(),
        today=datetime.date.today(), shacl=shacl_of(dataset))
    result["closed_reason"] = stmt.closed_reason if stmt else None
    return result


def show_dataset(package_id: str) -> dict[str, Any]:
    return tk.get_action("package_show")(
        {"ignore_auth": True, "use_cache": False, "for_view": False},
        {"id": package_id})


def store(session, dataset: dict[str, Any],
          result: dict[str, Any]) -> cmodel.Evaluation:
    """Keep the evaluation of a dataset (in the caller's transaction)."""
    row = session.get(cmodel.Evaluation, dataset["id"])
    if row is None:
        row = cmodel.Evaluation(package_id=dataset["id"])
        session.add(row)
    q = result["quality"]
    gain, effort = quality.points_to_gain(q)
    row.organization_id = dataset.get("owner_org")
    row.score = q["score"]
    row.pending = q["pending"]
    row.rating = q["rating"]
    row.gain = gain
    row.effort = effort
    row.proven = list(result["proven"])
    row.contradicted = list(result["contradicted"])
    row.claimed = list(result["claimed"])
    row.computed = utcnow()
    return row


def refresh(session, package_id: str,
            dataset: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Evaluate a dataset again and store the result; None when the
    dataset is gone. ``dataset``: as ``show_dataset`` gives it, where the
    caller has it already."""
    try:
        dataset = dataset or show_dataset(package_id)
    except tk.ObjectNotFound:
        return None
    result = evaluate(session, dataset)
    store(session, dataset, result)
    return result


def index_fields(result: dict[str, Any]) -> dict[str, Any]:
    """What the search index gets: multi-valued lists under ``vocab_``
    names (CKAN's Solr schema makes only those multi-valued), the rating
    and the score as a zero-padded string (Solr's catch-all field is a
    string, so it sorts like the number)."""
    q = result["quality"]
    return {
        "vocab_charter_proven": result["proven"],
        "vocab_charter_claimed": result["claimed"],
        "vocab_charter_contradicted": result["contradicted"],
        "metadata_quality": q["rating"],
        "metadata_quality_score": quality.sortable(q["score"]),
    }


def refresh_organization(session, organization_id: str) -> int:
    """Evaluate and index again every dataset of an organization (its
    adoptions changed, and with them the charters its datasets are held
    to); returns how many."""
    import ckan.lib.search as search
    import ckan.model as model
    ids = [r[0] for r in session.query(model.Package.id).filter(
        model.Package.owner_org == organization_id,
        model.Package.state == "active")]
    for package_id in ids:
        refresh(session, package_id)
    session.commit()
    for package_id in ids:
        search.rebuild(package_id)
    return len(ids)
