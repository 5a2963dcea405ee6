"""Schemas of the actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _v(name):
    return tk.get_validator(name)


def charter_show_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe"), _v("charter_code")],
            "lang": [_v("ignore_missing"), _v("unicode_safe")]}


def charter_list_schema():
    return {"lang": [_v("ignore_missing"), _v("unicode_safe")]}


def dataset_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe")]}


def claims_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe")],
            "closed_reason": [_v("ignore_missing"), _v("unicode_safe"),
                              _v("strip_value")]}


def adoption_schema():
    return {
        "organization_id": [_v("not_empty"), _v("unicode_safe"),
                            _v("charter_organization")],
        "charter": [_v("not_empty"), _v("unicode_safe"), _v("charter_code")],
        "adopted": [_v("not_empty"), _v("unicode_safe"),
                    _v("charter_past_date")],
        "decision_url": [_v("ignore_missing"), _v("unicode_safe"),
                         _v("charter_web_url")],
    }


def adoption_delete_schema():
    return {
        "organization_id": [_v("not_empty"), _v("unicode_safe"),
                            _v("charter_organization")],
        "charter": [_v("not_empty"), _v("unicode_safe")],
    }


def organization_schema():
    return {"id": [_v("not_empty"), _v("unicode_safe"),
                   _v("charter_organization")]}


def adoption_list_schema():
    return {"organization_id": [_v("ignore_missing"), _v("unicode_safe"),
                                _v("charter_organization")]}
