"""Dataset series (DCAT-AP 3) on the CKAN side: the series type is
ckanext-dataset-series' ``dataset_series`` (the type ckanext-dcat
publishes as ``dcat:DatasetSeries``), a dataset's ``in_series`` holds the
ids of its series. This module gives the field its validator (translated
messages naming the field), the form's choices, and the navigation
(first/last, previous/next) of datasets that come from a search, where
ckanext-dataset-series' ``package_show`` did not add it. Why this
extension and not a type of our own: docs/schema.md, "Dataset series"."""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from ckanext.scheming.validation import scheming_validator

from .. import rules
from ..rules import N_

__all__ = ["municipal_in_series", "municipal_series_rules",
           "municipal_series_order"]

SERIES_TYPE = "dataset_series"
M_NOT_SERIES = N_('{field}: "{value}" is not a dataset series of the '
                  "portal.")
M_SERIES_NOT_ALLOWED = N_('{field}: you may not add datasets to the series '
                          '"{value}".')
MESSAGES = (M_NOT_SERIES, M_SERIES_NOT_ALLOWED)


def _message(msgid: str, **params: Any) -> str:
    return tk._(msgid).format(**params)


def _series(value: str, context: dict) -> Optional[dict]:
    """The series of an id or name, as the database holds it."""
    model = context.get("model")
    if model is None:
        import ckan.model as model
    pkg = model.Package.get(value)
    if pkg is None or pkg.type != SERIES_TYPE or pkg.state == "deleted":
        return None
    return {"id": pkg.id, "name": pkg.name}


def _may_add(series_id: str, context: dict) -> bool:
    if context.get("ignore_auth"):
        return True
    try:
        tk.check_access("package_update", {"user": context.get("user")},
                        {"id": series_id})
    except tk.NotAuthorized:
        return False
    return True


@scheming_validator
def municipal_in_series(field, schema):
    """Series (by id or name) the dataset belongs to, stored as a JSON list
    of ids: each must be a dataset series the user may update (ckanext-
    dataset-series' rule, with messages that name the field)."""
    from .validators import _add_error, field_label

    def validator(key, data, errors, context):
        value = data.get(key)
        if value is tk.missing or value in (None, "", [], "[]"):
            data[key] = "[]" if key in data else tk.missing
            return
        if not isinstance(value, (str, list, tuple)):
            value = [str(value)]
        ids = []
        for item in rules.as_list(value):
            found = _series(str(item), context)
            if found is None:
                _add_error(errors, key, _message(
                    M_NOT_SERIES, field=field_label(field),
                    value=rules.shorten(item)))
            elif not _may_add(found["id"], context):
                _add_error(errors, key, _message(
                    M_SERIES_NOT_ALLOWED, field=field_label(field),
                    value=rules.shorten(found["name"])))
            elif found["id"] not in ids:
                ids.append(found["id"])
        if errors.get(key):
            raise tk.StopOnError
        data[key] = json.dumps(ids)
    return validator


def municipal_series_rules(field, schema):
    """The series as a whole (schema ``before_validators``): values CKAN's
    core validators cannot take refused naming the field, the temporal
    order. A series has no licence of its own (its datasets have)."""
    from .validators import _add_error, _sanitize

    def validator(key, data, errors, context):
        _sanitize(data, errors, schema)
        top = {k[0]: v for k, v in data.items()
               if len(k) == 1 and v is not tk.missing}
        for problem in rules.temporal_problems(top):
            _add_error(errors, (problem.field,),
                       _message(problem.message, **problem.params))
    return validator


@scheming_validator
def municipal_series_order(field, schema):
    """One of the field's choices (the fields a series is ordered by)."""
    from .validators import _add_error, field_label
    allowed = [c["value"] for c in field.get("choices", [])]

    def validator(key, data, errors, context):
        value = data.get(key)
        if value is tk.missing or value in (None, ""):
            data[key] = ""
            return
        if value not in allowed:
            _add_error(errors, key, _message(
                rules.M_CHOICE, field=field_label(field),
                value=rules.shorten(value)))
            raise tk.StopOnError
    return validator


def series_choices(field: dict) -> list:
    """The series a dataset may be put in: every dataset series the
    current user may update, by title."""
    try:
        context = {"user": tk.current_user.name}
    except (AttributeError, RuntimeError):  # outside a request
        context = {}
    result = tk.get_action("package_search")(dict(context), {
        "fq": f"+dataset_type:{SERIES_TYPE}", "rows": 1000,
        "include_private": True, "sort": "title_string asc"})
    return [{"value": s["id"], "label": s["title"] or s["name"]}
            for s in result["results"] if _may_add(s["id"], context)]


def _may_see(context: dict, item: Any) -> bool:
    if not isinstance(item, dict) or not item.get("id"):
        return False
    try:
        tk.check_access("package_show", {"user": context.get("user")},
                        {"id": item["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def visible_navigation(context: dict, dataset: dict) -> dict:
    """The dataset with only the series, first, last, previous and next
    datasets the caller may see in its navigation."""
    navigation = dataset.get("series_navigation")
    if not navigation or context.get("ignore_auth"):
        return dataset
    if isinstance(navigation, dict):  # a series': first and last
        entries = [navigation]
    else:
        entries = [dict(e) for e in navigation if _may_see(context, e)]
        dataset["series_navigation"] = entries
    for entry in entries:
        for key in ("first", "last", "previous", "next"):
            if entry.get(key) and not _may_see(context, entry[key]):
                entry[key] = None
    return dataset
