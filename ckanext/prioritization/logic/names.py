"""The names a prioritization page shows that other plugins own: dataset
types, themes and municipalities, through the municipal schema's actions
when that plugin is loaded (else the codes are shown), and the
:class:`display.Reader` of the page being served."""
from __future__ import annotations

from typing import Iterable

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.labels import pick_label
from ckanext.municipal_opendata.lang import current_lang

from .. import display
from .. import registry


def _schema_labels(action: str, data: dict, key: str) -> dict[str, str]:
    try:
        result = tk.get_action(action)({"ignore_auth": True}, data)
    except (KeyError, tk.ObjectNotFound):  # municipal_schema not loaded
        return {}
    items = result["terms"] if isinstance(result, dict) else result
    lang = current_lang()
    out = {}
    for item in items:
        name = item.get(key)
        out[item["code"]] = (pick_label(name, lang) if isinstance(name, dict)
                             else name or item["code"])
    return out


def type_labels() -> dict[str, str]:
    """The dataset-type catalogue when the municipal schema provides one
    (empty otherwise)."""
    return _schema_labels("municipal_dataset_type_list",
                          {"lang": current_lang()}, "name")


def theme_labels() -> dict[str, str]:
    return _schema_labels("municipal_vocabulary_show", {"id": "data_themes"},
                          "label")


def municipality_labels(codes: Iterable[str]) -> dict[str, str]:
    """The names of municipalities, by the code a dataset carries: the
    municipal schema's vocabulary (``44021`` -> ``Gent``), else, for a
    dataset without a code, its organization's title (the row's
    municipality is then the organization's name)."""
    codes = {c for c in codes if c}
    if not codes:
        return {}
    names = _schema_labels("municipal_vocabulary_show",
                           {"id": "municipalities"}, "label")
    out = {c: names[c] for c in codes if c in names}
    rest = codes - set(out)
    if rest:
        from ckan import model
        for name, title in model.Session.query(
                model.Group.name, model.Group.title).filter(
                model.Group.name.in_(list(rest))):
            out[name] = title or name
    return out


def reader(types: bool = False, themes: bool = False,
           municipalities: Iterable[str] = ()) -> display.Reader:
    """What ``display`` needs for the page being served: the screening
    model, the page's language, CKAN's gettext, and the names asked for
    (the dataset types, the themes, the given municipalities)."""
    return display.Reader(
        model=registry.screening_model(), lang=current_lang(), _=tk._,
        types=type_labels() if types else {},
        themes=theme_labels() if themes else {},
        municipalities=municipality_labels(municipalities))
