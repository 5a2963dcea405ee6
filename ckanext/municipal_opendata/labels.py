"""Picking the label a reader sees from a multilingual label (pure: no
CKAN). The vocabularies, criteria, maturity framework and charters all
store labels as ``{language: text}``; every plugin reads them here, so a
Danish reader gets the same fallback on every page."""
from __future__ import annotations

from typing import Any

__all__ = ["FALLBACK_LANGUAGE", "pick_label"]

FALLBACK_LANGUAGE = "en"


def _language(lang: str) -> str:
    # CKAN's locales are da_DK or sv; other systems send da-DK
    return lang.replace("-", "_").split("_")[0]


def pick_label(labels: Any, lang: str | None) -> str:
    """The label in ``lang`` (the exact key, ``da_DK``, then its language,
    ``da``), else English, else the first label given; a plain string is
    its own label."""
    if labels is None:
        return ""
    if not isinstance(labels, dict):
        return str(labels)
    keys = (lang, _language(lang)) if lang else ()
    for key in (*keys, FALLBACK_LANGUAGE):
        if labels.get(key):
            return labels[key]
    return next((value for value in labels.values() if value), "")
