from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import store

_NAMES = {"statuses": "status", "recommendations": "recommendation",
          "audiences": "audience"}


def prioritization_one_of_model(what: str):
    """A code of the screening model's statuses, recommendations or
    audiences."""
    def validator(value, context):
        if value in (None, "", tk.missing):
            return value
        model = store.screening_model()
        known = model.codes(what)
        if value not in known:
            raise tk.Invalid(tk._(
                "Unknown {what}: {value}; choose one of {known}").format(
                    what=tk._(_NAMES[what]), value=value,
                    known=", ".join(known)))
        return value
    return validator


def prioritization_at_most(maximum: int):
    def validator(value, context):
        if isinstance(value, int) and value > maximum:
            raise tk.Invalid(tk._("Must be at most {max}").format(
                max=maximum))
        return value
    return validator


def prioritization_at_most_chars(maximum: int):
    def validator(value, context):
        if isinstance(value, str) and len(value) > maximum:
            raise tk.Invalid(tk._("Longer than {max} characters").format(
                max=maximum))
        return value
    return validator

