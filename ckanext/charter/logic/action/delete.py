"""Actions that remove: an organization's adoption of a charter."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.validation import check_ids, validated

from ... import model as cmodel
from ... import registry
from .. import evaluation as ev
from .. import schema as sch

__all__ = [
    "charter_adoption_delete",
]


def charter_adoption_delete(context, data_dict):
    """Remove an organization's adoption record of a charter.

    :param organization_id: name or id of the organization
    :param charter: the charter's code
    """
    check_ids(data_dict, "organization_id", required=("organization_id",))
    tk.check_access("charter_adoption_delete", context, data_dict)
    data = validated(data_dict, sch.adoption_delete_schema(), context)
    session = context["model"].Session
    row = session.get(cmodel.Adoption, (data["organization_id"],
                                        data["charter"]))
    if row is None:
        raise tk.ObjectNotFound(tk._("Adoption not found"))
    session.delete(row)
    session.commit()
    if registry.adopted_only():
        ev.refresh_organization(session, data["organization_id"])
