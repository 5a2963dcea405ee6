from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import registry


def maturity_framework_version(value, context):
    """A framework version this portal knows."""
    if value in (None, "", tk.missing):
        return value
    if registry.get(str(value)) is None:
        raise tk.Invalid(
            tk._("Unknown framework version: {version}. Known versions: "
                 "{known}").format(version=value,
                                   known=", ".join(sorted(
                                       registry.frameworks()))))
    return str(value)


def maturity_organization(value, context):
    """The id of an existing, active organization given by name or id."""
    model = context["model"]
    group = model.Group.get(value) if value else None
    if group is None or not group.is_organization or group.state != "active":
        raise tk.Invalid(tk._("Organization not found: {name}").format(
            name=value))
    return group.id
