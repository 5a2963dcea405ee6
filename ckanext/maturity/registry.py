"""The frameworks available to this portal: the shipped ones plus those in
`ckanext.maturity.framework_directory` (CKAN shell around framework.py)."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk

from . import framework as fw


@functools.lru_cache(maxsize=8)
def _load(directory: str | None) -> dict[str, fw.Framework]:
    dirs = [fw.DATA_DIR] + ([directory] if directory else [])
    return fw.load_frameworks(*dirs)


def frameworks() -> dict[str, fw.Framework]:
    return _load(tk.config.get("ckanext.maturity.framework_directory") or None)


def get(version: str | None = None) -> fw.Framework | None:
    """A framework by version (the current one when None)."""
    return frameworks().get(version or current_version())


def current_version() -> str:
    return (tk.config.get("ckanext.maturity.framework_version")
            or fw.latest_version(frameworks()))


def current_lang() -> str:
    try:
        lang = tk.h.lang()
    except Exception:  # outside a request: CLI, background jobs
        lang = None
    return lang or tk.config.get("ckan.locale_default") or "en"
