"""The frameworks available to this portal: the shipped ones plus those in
`ckanext.maturity.framework_directory` (CKAN shell around framework.py)."""
from __future__ import annotations

import functools
import os

import yaml

from ckan.exceptions import CkanConfigurationException
import ckan.plugins.toolkit as tk

from . import framework as fw
from . import network

DIRECTORY_OPTION = "ckanext.maturity.framework_directory"
VERSION_OPTION = "ckanext.maturity.framework_version"
MIN_COUNT_OPTION = "ckanext.maturity.network_min_count"


@functools.lru_cache(maxsize=8)
def _load(directory: str | None) -> dict[str, fw.Framework]:
    dirs = [fw.DATA_DIR] + ([directory] if directory else [])
    return fw.load_frameworks(*dirs)


def frameworks() -> dict[str, fw.Framework]:
    return _load(tk.config.get(DIRECTORY_OPTION) or None)


def check_configuration(config) -> None:
    """Load the configured frameworks once at start-up; raise
    CkanConfigurationException naming the option and the reason when the
    framework directory cannot be read, holds a broken framework file, or
    the framework version is not among those found."""
    _load.cache_clear()
    directory = config.get(DIRECTORY_OPTION) or None
    if directory is not None:
        if not os.path.exists(directory):
            raise CkanConfigurationException(
                f"{DIRECTORY_OPTION} = {directory}: no such directory")
        if not os.path.isdir(directory):
            raise CkanConfigurationException(
                f"{DIRECTORY_OPTION} = {directory}: not a directory")
        if not os.access(directory, os.R_OK | os.X_OK):
            raise CkanConfigurationException(
                f"{DIRECTORY_OPTION} = {directory}: the directory cannot be "
                f"read by the user CKAN runs as")
    try:
        found = _load(directory)
    except (fw.FrameworkError, OSError, yaml.YAMLError) as error:
        raise CkanConfigurationException(
            f"{DIRECTORY_OPTION} = {directory}: a framework file cannot be "
            f"used: {error}") from error
    min_count = config.get(MIN_COUNT_OPTION)
    if min_count is not None and int(min_count) < network.MIN_K:
        raise CkanConfigurationException(
            f"{MIN_COUNT_OPTION} = {min_count}: must be at least "
            f"{network.MIN_K}; with less, one municipality could read "
            f"another's answers from the network figures")
    version = config.get(VERSION_OPTION) or None
    if version is not None and str(version) not in found:
        raise CkanConfigurationException(
            f"{VERSION_OPTION} = {version}: no framework file has this "
            f"version; known versions: {', '.join(sorted(found))}")


def get(version: str | None = None) -> fw.Framework | None:
    """A framework by version (the current one when None)."""
    return frameworks().get(version or current_version())


def current_version() -> str:
    return (tk.config.get(VERSION_OPTION)
            or fw.latest_version(frameworks()))

