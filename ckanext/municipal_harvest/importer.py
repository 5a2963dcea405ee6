"""The DCAT-AP import of ``municipal_schema`` as a harvest source runs it:
the same ``Importer`` (mapping, leniency, refusals), with the source's
settings, organizations created for publishers where the source says so,
and datasets another source harvested first left alone."""
from __future__ import annotations

import logging
from typing import Optional

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.harvest.model import HarvestObject, HarvestSource

from ckanext.municipal_schema import dcat_import, publishers
from ckanext.municipal_schema.logic.importer import Importer
from ckanext.municipal_schema.logic.validators import message
from ckanext.municipal_schema.rules import N_

from .source_config import Settings

__all__ = ["HarvestImporter", "M_OTHER_SOURCE"]

log = logging.getLogger(__name__)

M_OTHER_SOURCE = N_('Already harvested from the source "{source}", which '
                    "keeps it; this source leaves it alone.")


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


class HarvestImporter(Importer):
    """One harvest source's import, as the site user."""

    def __init__(self, settings: Settings, source_id: str,
                 source_organization: Optional[str] = None):
        super().__init__({"user": _site_user(), "ignore_auth": True},
                         organization=(settings.default_organization
                                       or source_organization),
                         profiles=settings.profiles,
                         dataset_type=settings.dataset_type)
        self.settings = settings
        self.source_id = source_id

    def organization_for(self, publisher: dict, create: bool = True
                         ) -> Optional[str]:
        found = dcat_import.match_organization(publisher,
                                               self.organizations())
        if found or not (create and self.settings.create_organizations):
            return found or self.default_organization
        org = publishers.organization_dict(publisher)
        if org is None:
            return self.default_organization
        if self.organization_id(org["name"]):
            return org["name"]
        try:
            tk.get_action("organization_create")(
                {"user": self.context["user"], "ignore_auth": True}, org)
        except tk.ValidationError as error:
            log.warning("Harvest: cannot create the organization %s: %s",
                        org["name"], error.error_dict)
            return self.default_organization
        self._organizations = None
        return org["name"]

    def existing(self, uri: str, dataset: dict) -> Optional[dict]:
        """The dataset a harvest (this source's or another's) made of
        ``uri``, from its current harvest object; else as the import
        finds it (the search: datasets the import command made)."""
        if uri:
            found = model.Session.query(HarvestObject.package_id) \
                .filter(HarvestObject.guid == uri) \
                .filter(HarvestObject.current == True) \
                .filter(HarvestObject.package_id.isnot(None)) \
                .first()  # noqa: E712
            if found:
                try:
                    shown = tk.get_action("package_show")(
                        {"ignore_auth": True}, {"id": found.package_id})
                except tk.ObjectNotFound:
                    shown = None
                if shown and shown.get("state") == "active":
                    return shown
        return super().existing(uri, dataset)

    def claimed_elsewhere(self, existing: dict) -> Optional[dict]:
        other = model.Session.query(HarvestSource.title, HarvestSource.url) \
            .join(HarvestObject,
                  HarvestObject.harvest_source_id == HarvestSource.id) \
            .filter(HarvestObject.package_id == existing["id"]) \
            .filter(HarvestObject.current == True) \
            .filter(HarvestSource.id != self.source_id).first()  # noqa: E712
        if other is None:
            return None
        return {"uri": [message(M_OTHER_SOURCE,
                                source=other.title or other.url)]}
