from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import registry

__all__ = [
    "prioritization_at_most",
    "prioritization_at_most_chars",
    "prioritization_one_of_model",
]


def _unknown(what: str) -> str:
    if what == "statuses":
        return tk._("Unknown status: {value}; choose one of {known}")
    if what == "recommendations":
        return tk._("Unknown recommendation: {value}; choose one of "
                    "{known}")
    return tk._("Unknown audience: {value}; choose one of {known}")


def prioritization_one_of_model(what: str):
    """A code of the screening model's statuses, recommendations or
    audiences."""
    def validator(value, context):
        if value in (None, "", tk.missing):
            return value
        model = registry.screening_model()
        known = model.codes(what)
        if value not in known:
            raise tk.Invalid(_unknown(what).format(
                value=value, known=", ".join(known)))
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

