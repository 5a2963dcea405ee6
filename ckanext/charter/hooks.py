"""What the plugin adds to CKAN's dataset life cycle and search: the
evaluation is refreshed when a dataset changes, indexed with it, and
offered as facets."""
from __future__ import annotations

import json
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang
from ckanext.municipal_opendata.labels import pick_label

from . import quality
from . import registry
from .logic import evaluation as ev

log = logging.getLogger(__name__)

FACETS = ("vocab_charter_proven", "vocab_charter_claimed",
          "metadata_quality")
# The facets whose labels are shown whole (CKAN cuts a facet label at 22
# characters, which left "1. Open by default..." twice, one per charter).
WHOLE_LABELS = ("vocab_charter_proven", "vocab_charter_claimed")


class CharterHooks:

    # IPackageController

    def after_dataset_create(self, context, pkg_dict):
        self._refresh(context, pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        self._refresh(context, pkg_dict)

    def _refresh(self, context, pkg_dict):
        if pkg_dict.get("id"):
            # in the caller's transaction: committed with the dataset
            ev.refresh(context["model"].Session, pkg_dict["id"])

    def before_dataset_index(self, pkg_dict: dict[str, Any]):
        raw = pkg_dict.get("validated_data_dict")
        if not raw:
            return pkg_dict
        try:
            dataset = json.loads(raw)
            result = ev.evaluate(model.Session, dataset)
        except Exception:  # never lose a dataset from the index
            log.exception("charter: no evaluation for %s", pkg_dict.get("id"))
            return pkg_dict
        pkg_dict.update(ev.index_fields(result))
        return pkg_dict

    def after_dataset_search(self, search_results, search_params):
        """Facet items with the principle's number and title, and the
        rating's label, instead of the indexed codes."""
        facets = search_results.get("search_facets") or {}
        lang = current_lang()
        m = quality.method()
        for name in FACETS:
            for item in (facets.get(name) or {}).get("items", []):
                item["display_name"] = facet_label(name, item["name"], lang,
                                                   m)
        return search_results

    # IFacets

    def dataset_facets(self, facets_dict, package_type):
        facets_dict["vocab_charter_proven"] = tk._("Charter principle (proven)")
        facets_dict["vocab_charter_claimed"] = tk._("Charter principle (claimed)")
        facets_dict["metadata_quality"] = tk._("Metadata quality")
        return facets_dict

    def organization_facets(self, facets_dict, organization_type,
                            package_type):
        return self.dataset_facets(facets_dict, package_type)


def facet_label(facet: str, value: str, lang: str, m=None) -> str:
    if facet == "metadata_quality":
        return pick_label((m or quality.method()).rating_label(value), lang) \
            or value
    code, _, number = value.rpartition(":")
    charter = registry.get(code)
    principle = charter.principle(number) if charter else None
    if principle is None:
        return value
    label = f"{principle.number}. {pick_label(principle.title, lang)}"
    if len(registry.charters()) == 1:
        return label
    # the charter first: two charters' principle 1 differ at once
    short = pick_label(charter.short_title or charter.title, lang)
    return f"{short} {label}"
