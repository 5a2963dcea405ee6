from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

from .. import registry

__all__ = [
    "charter_code",
    "charter_organization",
    "charter_past_date",
    "charter_web_url",
]


def charter_code(value, context):
    """The code of a charter this portal uses."""
    if value in (None, "", tk.missing):
        return value
    if registry.get(str(value)) is None:
        raise tk.Invalid(tk._("Unknown charter: {charter}. Known charters: "
                              "{known}").format(
            charter=value, known=", ".join(registry.charters())))
    return str(value)


def charter_organization(value, context):
    """The id of an existing, active organization given by name or id."""
    model = context["model"]
    group = model.Group.get(value) if value else None
    if group is None or not group.is_organization or group.state != "active":
        raise tk.Invalid(tk._("Organization not found: {name}").format(
            name=value))
    return group.id


def charter_past_date(value, context):
    """An ISO date (YYYY-MM-DD) not in the future."""
    try:
        date = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise tk.Invalid(tk._("Not a date: {value}. Write it as YYYY-MM-DD")
                         .format(value=value))
    if date > datetime.date.today():
        raise tk.Invalid(tk._("The date {date} is in the future").format(
            date=date.isoformat()))
    return date.isoformat()


def charter_web_url(value, context):
    """An http(s) web address, or empty."""
    if value in (None, "", tk.missing):
        return None
    value = str(value).strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc \
            or " " in value:
        raise tk.Invalid(tk._("Not a web address: {value}. It must start "
                              "with http:// or https://").format(value=value))
    return value
