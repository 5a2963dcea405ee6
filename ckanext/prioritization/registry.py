"""The screening model and the default weights this portal's config
selects (``ckanext.prioritization.criteria_file``,
``ckanext.prioritization.weights``): the CKAN shell around the pure
``screening`` module's criteria file, cached."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk

from . import criteria as cr


@functools.lru_cache(maxsize=4)
def _load(path: str | None) -> cr.Model:
    return cr.load_model(path or cr.CRITERIA_FILE)


def screening_model() -> cr.Model:
    return _load(tk.config.get("ckanext.prioritization.criteria_file")
                 or None)


def default_weights() -> dict[str, float]:
    """The weights declared in config (``code:number`` pairs)."""
    raw = tk.config.get("ckanext.prioritization.weights") or ""
    pairs = dict(part.split(":", 1) for part in raw.split() if ":" in part)
    clean, problems = cr.check_weights(screening_model(), pairs)
    if problems:
        raise cr.ModelError(
            "ckanext.prioritization.weights: " + ", ".join(
                f"{p.field} {p.code}" for p in problems))
    return clean
