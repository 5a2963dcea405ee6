"""Translations of a text field, Open Data DK's ``*_translated`` fields:
``{language tag: text}``. Pure Python (no CKAN import): what the form
posts, how the value is read, and which translations the rules refuse,
as (message id, parameters); the CKAN shell (logic/validators.py) adds
the field's label, translates the message and stores the clean value."""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from . import rules

__all__ = ["as_mapping", "posted", "parse", "checked", "problem"]


def posted(extras: dict, field_name: str) -> Optional[dict]:
    """The inputs the form posts per language (``<field>-<lang>``), taken
    out of ``extras`` (where CKAN keeps keys it does not know), without
    those left empty: an empty input is no translation. None when the
    form posted no such input."""
    prefix = field_name + "-"
    found = {name[len(prefix):]: extras.pop(name)
             for name in list(extras) if name.startswith(prefix)}
    if not found:
        return None
    return {lang: text for lang, text in found.items()
            if not (isinstance(text, str) and not text.strip())}


def parse(value: Any) -> Optional[dict]:
    """The translations of a value given as a mapping or as its JSON
    text; None when it is neither."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    return value if isinstance(value, dict) else None


def problem(lang: Any, text: Any, languages: Iterable[str],
            refuse_unknown: bool) -> Optional[tuple[str, dict]]:
    """Why the translation ``text`` in ``lang`` is refused, as a message
    id and its parameters (all but the field's label); None when it is
    kept. A language outside ``languages`` is refused only when
    ``refuse_unknown``."""
    languages = tuple(languages)
    if not rules.is_language_tag(lang):
        return rules.M_LANGUAGE_TAG, {"value": rules.shorten(lang)}
    if refuse_unknown and lang not in languages:
        return rules.M_LANGUAGE_KEY, {"value": rules.shorten(lang),
                                      "languages": ", ".join(languages)}
    if text is not None and not isinstance(text, str):
        return rules.M_TEXT, {}
    if isinstance(text, str) and "\x00" in text:
        return rules.M_TEXT, {}
    if isinstance(text, str) and len(text) > rules.MAX_TEXT_LENGTH:
        return rules.M_TOO_LONG, {"length": len(text),
                                  "limit": rules.MAX_TEXT_LENGTH}
    return None


def checked(value: dict, languages: Iterable[str], refuse_unknown: bool
            ) -> tuple[dict, list[tuple[str, dict]]]:
    """The translations kept, and the problems of the others in the
    order given."""
    languages = tuple(languages)
    clean: dict = {}
    found: list[tuple[str, dict]] = []
    for lang, text in value.items():
        refused = problem(lang, text, languages, refuse_unknown)
        if refused:
            found.append(refused)
        else:
            clean[lang] = text
    return clean, found


def as_mapping(value: Any) -> dict:
    """Stored translations (JSON text, or already a mapping) as a mapping;
    an empty one for anything else."""
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
