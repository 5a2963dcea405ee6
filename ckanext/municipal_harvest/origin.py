"""Where a harvested dataset comes from, for its page (the helper
``municipal_harvest_origin``) and its RDF (the municipal profile calls
``publish``): the source of its current harvest object, told only to
whoever may see that source (ckanext-harvest's ``harvest_source_show``),
so a private source's address is in no output of a visitor's."""
from __future__ import annotations

from typing import Optional

import flask

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.dcat.utils import publisher_uri_organization_fallback
from ckanext.harvest.model import HarvestObject, HarvestSource

from . import source_catalogue

__all__ = ["origin_of", "publish"]


def _may_see(source: HarvestSource) -> bool:
    try:
        tk.check_access("harvest_source_show", {"model": model},
                        {"id": source.id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def _source_details(source: HarvestSource) -> dict:
    package = model.Package.get(source.id)
    organization = model.Group.get(package.owner_org) \
        if package and package.owner_org else None
    details = {"title": source.title or source.url, "url": source.url,
               "name": package.name if package else None,
               "description": (package.notes if package else None)
               or source.description or None,
               "publisher": None, "publisher_uri": None}
    if organization is not None:
        details.update(
            publisher=organization.title or organization.name,
            publisher_uri=publisher_uri_organization_fallback(
                {"organization": {"id": organization.id,
                                  "name": organization.name}}))
    return details


def _visible_source(source_id: str) -> Optional[dict]:
    """The source's details where the viewer may see it, else None; once
    per source in a request (a catalogue page lists a hundred datasets of
    a few sources)."""
    seen = flask.g.setdefault("municipal_harvest_sources", {}) \
        if flask.has_request_context() else {}
    if source_id not in seen:
        source = HarvestSource.get(source_id)
        seen[source_id] = _source_details(source) \
            if source is not None and _may_see(source) else None
    return seen[source_id]


def origin_of(package_id: str) -> Optional[dict]:
    """``uri``, the dataset's address in the source catalogue, and the
    source's ``title``, ``url``, ``name``, ``description`` and
    ``publisher`` (with ``publisher_uri``) where the viewer may see the
    source (else None); None for a dataset no harvest keeps."""
    found = model.Session.query(HarvestObject.guid,
                                HarvestObject.harvest_source_id) \
        .filter(HarvestObject.package_id == package_id) \
        .filter(HarvestObject.current == True).first()  # noqa: E712
    if found is None:
        return None
    guid, source_id = found
    origin = {"uri": guid if guid.startswith(("http://", "https://"))
              else None, "title": None, "url": None, "name": None,
              "description": None, "publisher": None, "publisher_uri": None}
    origin.update(_visible_source(source_id) or {})
    return origin


def publish(g, dataset_dict: dict, dataset_ref) -> None:
    """The source catalogue of a harvested dataset into its graph, where
    the viewer may see the source."""
    origin = origin_of(dataset_dict["id"]) if dataset_dict.get("id") \
        else None
    if origin and origin["url"]:
        source_catalogue.publish(g, dataset_ref, origin)
