"""Stored values in the shapes ckanext-dcat's serializer can write.

Whatever the import or the API stored (ckanext-dcat's own parser stores an
access service's contact points and publishers as lists its serializer
reads as one dict; an API client may store a number, a dict or free text
where a list is read), the serializer is handed text where it reads text,
lists of text where it reads lists and agents as dicts. Values of no
usable shape are left out. Pure Python (no CKAN import)."""
from __future__ import annotations

import json
from typing import Any, Optional

# What ckanext-dcat reads of a data service (euro_dcat_ap_2.py)
SERVICE_TEXT = ("uri", "title", "description", "availability", "license",
                "access_rights", "endpoint_description", "modified",
                "identifier")
SERVICE_LISTS = ("endpoint_url", "serves_dataset", "conforms_to", "format",
                 "language", "rights", "landing_page",
                 "applicable_legislation", "theme", "keyword")
AGENT_TEXT = ("uri", "name", "email", "url", "identifier", "type")
# What it reads of a distribution besides the schema's fields
RESOURCE_TEXT = ("uri", "url", "name", "description", "format", "mimetype",
                 "license", "license_id", "access_url", "download_url",
                 "issued", "modified", "created", "metadata_modified",
                 "status", "rights", "availability", "compress_format",
                 "package_format", "temporal_resolution",
                 "spatial_resolution_in_meters", "hash", "hash_algorithm",
                 "planned_availability", "id", "package_id")
RESOURCE_LISTS = ("language", "conforms_to", "documentation",
                  "applicable_legislation")
DATASET_AGENTS = ("publisher", "creator", "contact")
# What is kept when a dataset cannot be written with all its values
BARE_DATASET = ("id", "name", "title", "notes", "type", "owner_org",
                "organization", "license_id", "metadata_created",
                "metadata_modified", "url", "private", "state")
BARE_RESOURCE = ("id", "package_id", "url", "name", "description", "format",
                 "license_id")


def _loaded(value: Any) -> Any:
    """A JSON list or object given as text, parsed; other values as they
    are."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def text(value: Any) -> Optional[str]:
    """One text value: text as it is, a number as text, the first text of
    a list; None for anything else or empty text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (list, tuple)):
        return next((t for t in map(text, value) if t), None)
    return None


def texts(value: Any) -> list:
    """A list of text values (from a list, a JSON list as text, or one
    value)."""
    value = _loaded(value)
    if isinstance(value, (list, tuple)):
        return [t for t in (text(v) for v in value
                            if not isinstance(v, (list, tuple))) if t]
    single = text(value)
    return [single] if single else []


def agent(value: Any) -> Optional[dict]:
    """An agent (publisher, creator, contact point) as a dict of text
    values; a name given as text is an agent of that name."""
    value = _loaded(value)
    if isinstance(value, str) and value.strip():
        return {"name": value.strip()}
    if not isinstance(value, dict):
        return None
    result = {k: text(value.get(k)) for k in AGENT_TEXT}
    result = {k: v for k, v in result.items() if v}
    translated = value.get("name_translated")
    if isinstance(translated, dict):
        names = {str(k): t for k, t in ((k, text(v))
                                        for k, v in translated.items()) if t}
        if names:
            result["name_translated"] = names
    return result or None


def agents(value: Any) -> list:
    value = _loaded(value)
    items = value if isinstance(value, (list, tuple)) else [value]
    return [a for a in map(agent, items) if a]


def service(value: Any) -> Optional[dict]:
    """A data service as ckanext-dcat writes it: ``contact`` and
    ``publisher`` one agent each (the others in ``contacts`` and
    ``publishers``, written by the portal's profile), ``creator`` a
    list."""
    if not isinstance(value, dict):
        return None
    result = {k: text(value.get(k)) for k in SERVICE_TEXT}
    result = {k: v for k, v in result.items() if v}
    for key in SERVICE_LISTS:
        values = texts(value.get(key))
        if values:
            result[key] = values
    for key, plural in (("contact", "contacts"), ("publisher", "publishers")):
        # a service normalised before keeps its further agents
        found = agents(value.get(key)) + agents(value.get(plural))
        if found:
            result[key] = found[0]
            if found[1:]:
                result[plural] = found[1:]
    creators = agents(value.get("creator"))
    if creators:
        result["creator"] = creators
    return result or None


def services(value: Any) -> list:
    value = _loaded(value)
    items = value if isinstance(value, (list, tuple)) else [value]
    return [s for s in map(service, items) if s]


def publishable_resource(resource: Any) -> dict:
    if not isinstance(resource, dict):
        return {}
    result = dict(resource)
    for key in RESOURCE_TEXT:
        if key in result:
            value = text(result[key])
            if value is None:
                result.pop(key)
            else:
                result[key] = value
    for key in RESOURCE_LISTS:
        if key in result:
            result[key] = texts(result[key])
    if "access_services" in result:
        result["access_services"] = services(result["access_services"])
    if "size" in result and not isinstance(result["size"], int):
        result.pop("size")
    return result


def publishable(dataset: dict) -> dict:
    """The dataset as the serializer reads it: each value in a shape it
    writes, translations left empty and agents without any value left out
    (an empty literal says nothing)."""
    dataset = dict(dataset)
    for key in ("title_translated", "notes_translated"):
        value = dataset.get(key)
        if isinstance(value, dict):
            value = {lang: t for lang, t in value.items()
                     if isinstance(t, str) and t.strip()}
            if value:
                dataset[key] = value
            else:
                dataset.pop(key)
    for key in DATASET_AGENTS:
        if key in dataset:
            found = agents(dataset[key])
            if found:
                dataset[key] = found
            else:
                dataset.pop(key)
    if "in_series" in dataset:
        dataset["in_series"] = texts(dataset["in_series"])
    dataset["resources"] = [publishable_resource(r) for r in
                            dataset.get("resources") or []
                            if isinstance(r, dict)]
    return dataset


def bare(dataset: dict) -> dict:
    """The dataset with only the core fields, for when it cannot be
    written with all its values."""
    result = {k: dataset[k] for k in BARE_DATASET if k in dataset}
    result["resources"] = [
        {k: r[k] for k in BARE_RESOURCE if k in r}
        for r in dataset.get("resources") or [] if isinstance(r, dict)]
    return result
