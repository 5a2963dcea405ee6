"""The charters this portal uses (``ckanext.charter.charters``), the
shipped ones plus those of ``ckanext.charter.charter_directory`` (CKAN
shell around charters.py)."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk

from . import charters as ch


@functools.lru_cache(maxsize=8)
def _load(directory: str | None, wanted: tuple[str, ...]
          ) -> dict[str, ch.Charter]:
    available = ch.load_directory(ch.CHARTER_DIR)
    if directory:
        available.update(ch.load_directory(directory))
    return ch.select(available, wanted)


def charters() -> dict[str, ch.Charter]:
    """The configured charters by code, in the configured order."""
    wanted = tuple(tk.aslist(tk.config.get("ckanext.charter.charters")))
    return _load(tk.config.get("ckanext.charter.charter_directory") or None,
                 wanted)


def get(code: str) -> ch.Charter | None:
    return charters().get(code)


def adopted_only() -> bool:
    return tk.asbool(tk.config.get("ckanext.charter.adopted_only", True))


def applying(adopted: "list[str] | set[str] | None") -> dict[str, ch.Charter]:
    """The charters that apply, in the configured order: those of
    ``adopted`` (charter codes an organization adopted), or all of them
    when the portal does not hold datasets to adoptions."""
    every = charters()
    if not adopted_only():
        return every
    wanted = set(adopted or ())
    return {code: c for code, c in every.items() if code in wanted}
