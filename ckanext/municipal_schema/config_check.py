"""Start-up checks of the options that point at files and profiles. Pure
Python (no CKAN import): a portal with a schema option pointing nowhere
must not start and fail later with a server error on the first dataset
page, so the plugin refuses to start with the option and the reason."""
from __future__ import annotations

import functools
import importlib
import importlib.metadata
import pathlib
import re
from typing import Mapping, Optional

import yaml

from ckanext.municipal_opendata.datafiles import load_yaml

# Options holding space-separated schema locations, and their defaults
# (config_declaration.yaml; scheming's own defaults when it has one).
SCHEMA_OPTIONS = {
    "scheming.dataset_schemas":
        "ckanext.municipal_schema:schemas/dataset.yaml "
        "ckanext.municipal_schema:schemas/dataset_series.yaml",
    "scheming.organization_schemas":
        "ckanext.municipal_schema:schemas/organization.yaml",
    "scheming.presets": "ckanext.scheming:presets.json "
                        "ckanext.municipal_schema:schemas/presets.yaml",
}
PROFILE_OPTIONS = {
    "ckanext.municipal_schema.rdf_profiles":
        "euro_dcat_ap_3 municipal_dcat_ap_3",
    # the profiles ckanext-dcat serializes with (set from the option above
    # unless the portal chose its own)
    "ckanext.dcat.rdf.profiles": "",
}
RDF_PROFILE_GROUP = "ckan.rdf.profiles"
CONTENT_LANGUAGES_OPTION = "ckanext.municipal_schema.content_languages"
UNKNOWN_LANGUAGE_OPTION = "ckanext.municipal_schema.unknown_content_language"
DEFAULT_CONTENT_LANGUAGES = "da nl sv en fr de"
UNKNOWN_LANGUAGE_CHOICES = ("keep", "refuse")
# BCP 47 language tags as DCAT literals carry them (da, nl-BE, sv, ...)
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class ConfigurationError(Exception):
    """An option of ckan.ini the suite cannot work with."""


def schema_location_problem(location: str) -> Optional[str]:
    """Why scheming could not load ``location`` (``package.module:path``
    or a web address), or None. Web addresses are left to scheming: they
    may only be reachable from the portal's network."""
    if re.match(r"^[a-z]+://", location):
        return None
    if ":" not in location:
        return (f'"{location}" is neither "python.module:path/in/module" '
                "nor a web address")
    module_name, relative = location.split(":", 1)
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return f'"{location}": there is no Python module "{module_name}"'
    module_file = getattr(module, "__file__", None)
    if not module_file:
        return f'"{location}": module "{module_name}" has no directory'
    path = pathlib.Path(module_file).parent / relative
    if not path.is_file():
        return f'"{location}": there is no file {path}'
    stat = path.stat()
    problem = _schema_file_problem(str(path), stat.st_mtime_ns, stat.st_size)
    return f'"{location}": {problem}' if problem else None


@functools.lru_cache(maxsize=64)
def _schema_file_problem(path: str, mtime_ns: int, size: int
                         ) -> Optional[str]:
    """Read once per version of the file: every plugin load checks every
    schema option (three times as CKAN starts)."""
    try:
        with open(path, encoding="utf-8") as f:
            loaded = load_yaml(f)  # JSON is YAML too
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return f"{path} cannot be read ({error})"
    if not isinstance(loaded, dict):
        return f"{path} is not a schema (no mapping at the top)"
    return None


def registered_profiles() -> set:
    return {ep.name for ep in importlib.metadata.entry_points(
        group=RDF_PROFILE_GROUP)}


def content_languages(config: Mapping) -> tuple:
    return tuple((config.get(CONTENT_LANGUAGES_OPTION, None)
                  or DEFAULT_CONTENT_LANGUAGES).split())


def problems(config: Mapping) -> list:
    """One sentence per option that points nowhere, naming the option."""
    found = []
    for option, default in SCHEMA_OPTIONS.items():
        value = config.get(option, None) or default
        for location in value.split():
            problem = schema_location_problem(location)
            if problem:
                found.append(f"{option}: {problem}.")
    known = None
    for option, default in PROFILE_OPTIONS.items():
        for name in (config.get(option, None) or default).split():
            known = registered_profiles() if known is None else known
            if name not in known:
                found.append(
                    f'{option}: "{name}" is not an RDF profile installed '
                    f"(entry point group {RDF_PROFILE_GROUP}: "
                    f"{', '.join(sorted(known))}).")
    languages = content_languages(config)
    bad = [tag for tag in languages if not LANGUAGE_TAG.match(tag)]
    if bad or not languages:
        found.append(f"{CONTENT_LANGUAGES_OPTION}: "
                     f"{' '.join(bad) or 'empty'} is not a list of "
                     "language tags such as da nl sv en fr de.")
    unknown = config.get(UNKNOWN_LANGUAGE_OPTION, None) or "keep"
    if unknown not in UNKNOWN_LANGUAGE_CHOICES:
        found.append(f'{UNKNOWN_LANGUAGE_OPTION}: "{unknown}" is neither '
                     '"keep" nor "refuse".')
    return found


def check(config: Mapping) -> None:
    """Raise ConfigurationError listing every problem of ``config``."""
    found = problems(config)
    if found:
        raise ConfigurationError(
            "municipal_schema cannot start: " + " ".join(found))
