"""Dataset series in the portal's DCAT feed (the CKAN side of
``dcat_series.publish``): each link to the URI its dataset is published
under, only datasets the reader may see, and on a catalogue page the
navigation of every dataset of a series from one search per series
(ckanext-dataset-series' ``package_show`` makes two per dataset, and a
search result has none). Looked-up datasets are kept for the request."""
from __future__ import annotations

from typing import Optional

import ckan.plugins.toolkit as tk

from .series import SERIES_TYPE

MAX_MEMBERS = 1000


def _reader() -> dict:
    """The context of the person reading the feed."""
    try:
        return {"user": tk.current_user.name}
    except (AttributeError, RuntimeError):
        return {}


def _cache() -> dict:
    """Datasets looked up in this request (by id; None: not visible), and
    the members of each series (by "members:" + id)."""
    try:
        cache = getattr(tk.g, "municipal_series_cache", None)
        if cache is None:
            cache = {}
            tk.g.municipal_series_cache = cache
        return cache
    except (AttributeError, RuntimeError, TypeError):  # outside a request
        return {}


def _info(found: dict) -> dict:
    from ckanext.dcat.utils import dataset_uri
    return {"id": found["id"], "name": found.get("name"),
            "title": found.get("title"), "notes": found.get("notes"),
            "type": found.get("type"), "uri": dataset_uri(found),
            "series_order_field": found.get("series_order_field")}


def resolve(context: dict, cache: dict, dataset_id: str) -> Optional[dict]:
    if dataset_id not in cache:
        try:
            found = tk.get_action("package_show")(
                dict(context), {"id": dataset_id, "for_indexing": True})
            cache[dataset_id] = _info(found)
        except (tk.ObjectNotFound, tk.NotAuthorized):
            cache[dataset_id] = None
    return cache[dataset_id]


def members(context: dict, cache: dict, series_id: str) -> list:
    """The datasets of a series the reader may see, in the series'
    order."""
    key = "members:" + series_id
    if key not in cache:
        series = resolve(context, cache, series_id)
        order = (series or {}).get("series_order_field")
        result = tk.get_action("package_search")(dict(context), {
            "fq": f'vocab_in_series:"{series_id}"', "rows": MAX_MEMBERS,
            "include_private": True,
            "sort": f"{order} asc, name asc" if order else "name asc"})
        found = [_info(d) for d in result["results"]] if series else []
        cache.update((d["id"], d) for d in found)
        cache[key] = found
    return cache[key]


def _navigation(context: dict, cache: dict, dataset: dict):
    if dataset.get("type") == SERIES_TYPE:
        listed = members(context, cache, dataset["id"])
        series = resolve(context, cache, dataset["id"]) or {}
        if not listed or not series.get("series_order_field"):
            return None
        return {"count": len(listed), "first": listed[0],
                "last": listed[-1]}
    entries = []
    for series_id in dataset.get("in_series") or []:
        series = resolve(context, cache, series_id)
        if not series:
            continue
        entry = dict(series)
        ids = [m["id"] for m in members(context, cache, series_id)]
        if series.get("series_order_field") and dataset["id"] in ids:
            at = ids.index(dataset["id"])
            listed = cache["members:" + series_id]
            entry["previous"] = listed[at - 1] if at > 0 else None
            entry["next"] = listed[at + 1] if at + 1 < len(ids) else None
        entries.append(entry)
    return entries


def page_navigation(context: dict, results: list) -> list:
    """The datasets of a catalogue page, each of a series with its
    navigation as ``package_show`` gives it."""
    cache = _cache()
    paged = []
    for dataset in results:
        if dataset.get("type") == SERIES_TYPE or dataset.get("in_series"):
            navigation = _navigation(context, cache, dataset)
            if navigation is not None:
                dataset = dict(dataset, series_navigation=navigation)
        paged.append(dataset)
    return paged


def publish(graph, dataset: dict, ref) -> None:
    """The series links of a dataset in the feed (``dcat_series``), as
    the reader may see them."""
    from .. import dcat_series
    if dataset.get("type") != SERIES_TYPE and not dataset.get("in_series"):
        return
    context, cache = _reader(), _cache()
    member_ids = [m["id"] for m in members(context, cache, dataset["id"])] \
        if dataset.get("type") == SERIES_TYPE and dataset.get("id") else []
    dcat_series.publish(graph, dataset, ref,
                        lambda i: resolve(context, cache, i), member_ids)
