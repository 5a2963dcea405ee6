"""Schemas of the actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import validation as valid


def _v(name):
    return tk.get_validator(name)


def _id(*more):
    """A required id or code: text without NUL (see validation)."""
    return [_v("not_empty"), valid.identifier, _v("unicode_safe"), *more]


def _optional(check, *more):
    return [_v("ignore_missing"), check, _v("unicode_safe"), *more]


def charter_show_schema():
    return {"id": _id(_v("charter_code")),
            "lang": _optional(valid.identifier)}


def charter_list_schema():
    return {"lang": _optional(valid.identifier)}


def dataset_schema():
    return {"id": _id()}


def claims_schema():
    return {"id": _id(),
            "closed_reason": _optional(valid.free_text, _v("strip_value"))}


def adoption_schema():
    return {
        "organization_id": _id(_v("charter_organization")),
        "charter": _id(_v("charter_code")),
        "adopted": [_v("not_empty"), valid.free_text, _v("unicode_safe"),
                    _v("charter_past_date")],
        "decision_url": _optional(valid.free_text, _v("charter_web_url")),
    }


def adoption_delete_schema():
    return {"organization_id": _id(_v("charter_organization")),
            "charter": _id()}


def organization_schema():
    return {"id": _id(_v("charter_organization"))}


def adoption_list_schema():
    return {"organization_id": _optional(valid.identifier,
                                         _v("charter_organization"))}
