"""Suggested dataset types: the CKAN side. The datasets without a type
(``prioritization_dataset.dataset_type_code`` empty: what the coverage
matrix leaves out) are read with their titles, keywords and descriptions
and handed to the municipal schema's ``municipal_dataset_type_suggest``
(its pure matcher and synonyms; the plugins never import each other).
Without the municipal schema there is no catalogue, and no suggestion."""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckanext.municipal_opendata import compat

from .. import model as pmodel

log = logging.getLogger(__name__)

CHUNK = 1000  # datasets per call of the schema's action
TRANSLATED = ("title_translated", "notes_translated")


def _untyped_packages(organization_id: str | None) -> list:
    Package, Dataset = model.Package, pmodel.Dataset
    query = model.Session.query(Package).join(
        Dataset, Dataset.package_id == Package.id).filter(
        Package.state == "active", Package.type == "dataset",
        Dataset.dataset_type_code.is_(None)).options(
        *compat.eager_package_extras())
    if organization_id:
        query = query.filter(Package.owner_org == organization_id)
    return query.all()


def _tags(ids: list[str]) -> dict[str, list]:
    tags: dict[str, list] = {}
    for pid, name in model.Session.query(
            model.PackageTag.package_id, model.Tag.name).join(
            model.Tag, model.Tag.id == model.PackageTag.tag_id).filter(
            model.PackageTag.package_id.in_(ids),
            model.PackageTag.state == "active"):
        tags.setdefault(pid, []).append({"name": name})
    return tags


def untyped_datasets(organization_id: str | None = None) -> list[dict]:
    """Every active dataset without a type (private ones included: only
    those who see every candidate get here), as the dict the suggestion
    reads (the translations are extras of the schema)."""
    packages = _untyped_packages(organization_id)
    out = []
    for start in range(0, len(packages), CHUNK):
        chunk = packages[start:start + CHUNK]
        tags = _tags([p.id for p in chunk])
        for p in chunk:
            extras = p.extras or {}
            out.append(dict(
                {k: extras[k] for k in TRANSLATED if extras.get(k)},
                id=p.id, name=p.name, title=p.title or p.name,
                notes=p.notes, owner_org=p.owner_org,
                private=bool(p.private), tags=tags.get(p.id, [])))
    return out


def suggestions(datasets: list[dict], lang: str) -> dict[str, list]:
    """{dataset id: its suggestions, best first} for those that have one;
    empty when the municipal schema (the catalogue) is not loaded."""
    try:
        suggest = tk.get_action("municipal_dataset_type_suggest")
    except KeyError:
        return {}
    found = {}
    for start in range(0, len(datasets), CHUNK):
        for item in suggest({"ignore_auth": True}, {
                "datasets": datasets[start:start + CHUNK], "lang": lang}):
            if item["suggestions"]:
                found[item["id"]] = item["suggestions"]
    return found


def organization_titles(ids) -> dict[str, tuple[str, str]]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    return {g.id: (g.name, g.title or g.name) for g in model.Session.query(
        model.Group).filter(model.Group.id.in_(ids))}


def set_type(package_id: str, code: str, confirmed_by: str | None) -> dict:
    """Write the confirmed type with package_patch. It runs as the site
    user, as the harvest that stored the dataset did: the secretariat is
    seldom an editor of the municipality's organization (its right to
    classify is checked by the action's auth), and a harvested dataset
    may lack fields the schema requires of people (an author, a licence),
    which the import's rules only recommend. Only the type is written."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    result = tk.get_action("package_patch")(
        {"user": site_user["name"], "ignore_auth": True},
        {"id": package_id, "dataset_type_code": code})
    log.info("dataset %s: type %s confirmed by %s", result.get("name"),
             code, confirmed_by)
    return result


def current_type(package_id: str) -> Any:
    row = model.Session.get(pmodel.Dataset, package_id)
    return row.dataset_type_code if row is not None else None
