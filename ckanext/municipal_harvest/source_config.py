"""A harvest source's settings (its configuration, JSON), checked (pure:
no CKAN). The shell (``harvester.py``) passes what the portal has
(profiles, dataset types, organizations) and translates the problems.

    {"profiles": ["euro_dcat_ap_3", "municipal_dcat_ap_3"],
     "default_organization": "vastra-gotaland",
     "dataset_type": "dataset",
     "create_organizations": true,
     "rdf_format": "turtle"}

Every setting may be left out."""
from __future__ import annotations

import json
from typing import Callable, Iterable, NamedTuple, Optional

from ckanext.municipal_schema.rules import N_, Problem, shorten

__all__ = ["Settings", "parse", "KEYS", "MESSAGES"]

M_NOT_JSON = N_("The configuration is not JSON: {reason}")
M_NOT_OBJECT = N_('The configuration must be a JSON object, such as '
                  '{{"create_organizations": true}}.')
M_UNKNOWN_KEY = N_('Configuration: "{key}" is no setting of this '
                   'harvester; the settings are: {keys}.')
M_PROFILES = N_('"profiles": must be a list of RDF profile names, such as '
                '["euro_dcat_ap_3", "municipal_dcat_ap_3"].')
M_UNKNOWN_PROFILE = N_('"profiles": "{value}" is no RDF profile of this '
                       "portal; the profiles are: {known}.")
M_NOT_TEXT = N_('"{key}": must be a text, not {value}.')
M_NOT_BOOLEAN = N_('"create_organizations": must be true or false, not '
                   "{value}.")
M_UNKNOWN_ORGANIZATION = N_('"default_organization": there is no '
                            'organization "{value}".')
M_UNKNOWN_TYPE = N_('"dataset_type": "{value}" is no dataset type of this '
                    "portal; the types are: {known}.")
M_RDF_FORMAT = N_('"rdf_format": "{value}" is not one of {known}.')
MESSAGES = (M_NOT_JSON, M_NOT_OBJECT, M_UNKNOWN_KEY, M_PROFILES,
            M_UNKNOWN_PROFILE, M_NOT_TEXT, M_NOT_BOOLEAN,
            M_UNKNOWN_ORGANIZATION, M_UNKNOWN_TYPE, M_RDF_FORMAT)

KEYS = ("profiles", "default_organization", "dataset_type",
        "create_organizations", "rdf_format")
RDF_FORMATS = ("turtle", "xml", "json-ld")


class Settings(NamedTuple):
    profiles: Optional[list] = None  # None: the portal's profiles
    default_organization: Optional[str] = None
    dataset_type: str = "dataset"
    create_organizations: bool = False
    rdf_format: Optional[str] = None


def _load(text: Optional[str]) -> tuple[dict, list]:
    if not str(text or "").strip():
        return {}, []
    try:
        data = json.loads(text)
    except ValueError as error:
        return {}, [Problem("config", M_NOT_JSON,
                            {"reason": shorten(error, 120)})]
    if not isinstance(data, dict):
        return {}, [Problem("config", M_NOT_OBJECT, {})]
    return data, []


def _text(data: dict, key: str, problems: list) -> Optional[str]:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(key, M_NOT_TEXT, {
            "key": key, "value": shorten(json.dumps(value))}))
        return None
    return value.strip()


def _profiles(data: dict, known: list, problems: list) -> Optional[list]:
    value = data.get("profiles")
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem("profiles", M_PROFILES, {}))
        return None
    for name in value:
        if name not in known:
            problems.append(Problem("profiles", M_UNKNOWN_PROFILE, {
                "value": shorten(name), "known": ", ".join(sorted(known))}))
    return list(value)


def parse(text: Optional[str], profiles: Iterable[str] = (),
          dataset_types: Iterable[str] = ("dataset",),
          organization_exists: Callable[[str], bool] = lambda name: True,
          ) -> tuple[Settings, list]:
    """The settings of a source's configuration, and its problems (field,
    message, parameters); the settings hold defaults where a value is
    wrong."""
    data, problems = _load(text)
    for key in data:
        if key not in KEYS:
            problems.append(Problem(key, M_UNKNOWN_KEY, {
                "key": shorten(key), "keys": ", ".join(KEYS)}))
    chosen = _profiles(data, list(profiles), problems)
    organization = _text(data, "default_organization", problems)
    if organization and not organization_exists(organization):
        problems.append(Problem("default_organization",
                                M_UNKNOWN_ORGANIZATION,
                                {"value": shorten(organization)}))
    dataset_type = _text(data, "dataset_type", problems) or "dataset"
    types = sorted(dataset_types)
    if dataset_type not in types:
        problems.append(Problem("dataset_type", M_UNKNOWN_TYPE, {
            "value": shorten(dataset_type), "known": ", ".join(types)}))
    create = data.get("create_organizations", False)
    if not isinstance(create, bool):
        problems.append(Problem("create_organizations", M_NOT_BOOLEAN,
                                {"value": shorten(json.dumps(create))}))
        create = False
    rdf_format = _text(data, "rdf_format", problems)
    if rdf_format and rdf_format not in RDF_FORMATS:
        problems.append(Problem("rdf_format", M_RDF_FORMAT, {
            "value": shorten(rdf_format), "known": ", ".join(RDF_FORMATS)}))
    return Settings(chosen, organization, dataset_type, create,
                    rdf_format), problems
