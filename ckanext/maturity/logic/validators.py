from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import registry

__all__ = [
    "maturity_boolean",
    "maturity_framework_version",
    "maturity_identifier",
    "maturity_organization",
]


# Ids and names are short; anything longer, or holding a NUL character
# (which PostgreSQL refuses in text), is not one, and never reaches the
# database.
MAX_IDENTIFIER = 200


def is_identifier(value) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= MAX_IDENTIFIER
            and "\x00" not in value)


def _shown(value) -> str:
    """A value quoted in a message: printable, and not too long."""
    text = str(value).replace("\x00", "\\x00")
    return text if len(text) <= 60 else text[:57] + "..."


def maturity_identifier(value, context):
    """An id or name: a short text without NUL characters."""
    if value in (None, "", tk.missing):
        return value
    if not is_identifier(value):
        raise tk.Invalid(tk._("Not a valid identifier: {value}").format(
            value=_shown(value)))
    return value


def maturity_boolean(value, context):
    """true or false (JSON booleans, or the texts "true"/"false" a form
    sends); anything else is refused rather than read as false."""
    if value is tk.missing:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise tk.Invalid(tk._("Must be true or false"))


def maturity_framework_version(value, context):
    """A framework version this portal knows."""
    if value in (None, "", tk.missing):
        return value
    if not is_identifier(value) or registry.get(str(value)) is None:
        raise tk.Invalid(
            tk._("Unknown framework version: {version}. Known versions: "
                 "{known}").format(version=_shown(value),
                                   known=", ".join(sorted(
                                       registry.frameworks()))))
    return str(value)


def maturity_organization(value, context):
    """The id of an existing, active organization given by name or id."""
    model = context["model"]
    group = model.Group.get(value) if is_identifier(value) else None
    if group is None or not group.is_organization or group.state != "active":
        raise tk.Invalid(tk._("Organization not found: {name}").format(
            name=_shown(value)))
    return group.id
