"""The portal's DCAT feed, which never breaks: ckanext-dcat's
serializer, handed each dataset in shapes it can write
(``dcat_shapes.publishable``), each dataset written apart so that one
that still fails is logged and left out of the catalogue page (its own
address serves its core fields) instead of answering 500 for everyone.
The actions ``dcat_dataset_show``, ``dcat_catalog_show`` and
``dcat_catalog_search`` are chained to these (``action.py``)."""
from __future__ import annotations

import logging
from typing import Optional

import rdflib
from rdflib import URIRef
from rdflib.namespace import RDF

import ckan.plugins.toolkit as tk
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.profiles import DCAT, DCT
from ckanext.dcat.utils import dataset_uri, url_to_rdflib_format

from .. import dcat_shapes
from . import series_feed

log = logging.getLogger(__name__)


class SafeSerializer(RDFSerializer):

    def _write(self, dataset_dict: dict, dataset_ref) -> bool:
        """The dataset into the graph through every profile, or nothing
        of it when a profile fails."""
        whole = self.g
        scratch = rdflib.Graph()
        for prefix, namespace in whole.namespaces():
            scratch.bind(prefix, namespace)
        self.g = scratch
        try:
            for profile_class in self._profiles:
                profile = profile_class(
                    scratch, compatibility_mode=self.compatibility_mode)
                profile.graph_from_dataset(dataset_dict, dataset_ref)
        except Exception:  # any profile, any stored value
            log.exception("DCAT: cannot serialize dataset %s",
                          dataset_dict.get("name") or dataset_dict.get("id"))
            return False
        finally:
            self.g = whole
        whole += scratch
        for prefix, namespace in scratch.namespaces():
            whole.bind(prefix, namespace, override=False)
        return True

    def graph_from_dataset(self, dataset_dict, bare_fallback=True
                           ) -> Optional[URIRef]:
        """The dataset's reference, or None when it could not be written
        (nor, with ``bare_fallback``, its core fields)."""
        dataset_ref = URIRef(dataset_uri(dataset_dict))
        candidates = [dcat_shapes.publishable(dataset_dict)]
        if bare_fallback:
            candidates.append(dcat_shapes.bare(dataset_dict))
        for candidate in candidates:
            if self._write(candidate, dataset_ref):
                return dataset_ref
        return None

    def serialize_dataset(self, dataset_dict, _format="xml", context=None):
        if self.graph_from_dataset(dataset_dict) is None:
            # not even its core fields: what identifies it
            ref = URIRef(dataset_uri(dataset_dict))
            self.g.add((ref, RDF.type, DCAT.Dataset))
            self.g.add((ref, DCT.title, rdflib.Literal(
                str(dataset_dict.get("title") or dataset_dict.get("name")))))
        _format = url_to_rdflib_format(_format or "xml")
        if _format == "json-ld":
            return self.g.serialize(format=_format, auto_compact=True,
                                    context=context)
        return self.g.serialize(format=_format)

    def _add_parts(self, catalog_ref, dataset_ref) -> None:
        """The portal lists the dataset, and names as its parts the
        catalogues a profile says list it too (a harvested dataset's
        source): ckanext-dcat's sub-catalogues, read back by a portal
        that harvests this one."""
        g = self.g
        g.add((catalog_ref, DCAT.dataset, dataset_ref))
        for catalogue in list(g.subjects(DCAT.dataset, dataset_ref)):
            if catalogue != catalog_ref and \
                    (catalogue, RDF.type, DCAT.Catalog) in g:
                g.add((catalog_ref, DCT.hasPart, catalogue))

    def serialize_catalog(self, catalog_dict=None, dataset_dicts=None,
                          _format="xml", pagination_info=None):
        catalog_ref = self.graph_from_catalog(catalog_dict)
        for dataset_dict in dataset_dicts or []:
            # a catalogue page lists what it describes in full
            dataset_ref = self.graph_from_dataset(dataset_dict,
                                                  bare_fallback=False)
            if dataset_ref is None:
                continue
            self._add_source_catalog(catalog_ref, dataset_dict, dataset_ref)
            self._add_parts(catalog_ref, dataset_ref)
        if pagination_info:
            self._add_pagination_triples(pagination_info)
        return self.g.serialize(format=url_to_rdflib_format(_format or "xml"))


def published_check(dataset_dict: dict):
    """The SHACL result (``dcat_validation.Result``) of the dataset as
    its RDF is published (these profiles, a visitor's view); None when it
    cannot be written (its page then serves its core fields)."""
    from .. import dcat_validation  # pyshacl: only when checking
    serializer = SafeSerializer()
    if serializer.graph_from_dataset(dataset_dict, bare_fallback=False) \
            is None:
        return None
    return dcat_validation.check(serializer.g)


def dataset_show(context: dict, data_dict: dict) -> str:
    tk.check_access("dcat_dataset_show", context, data_dict)
    dataset_dict = tk.get_action("package_show")(context, data_dict)
    serializer = SafeSerializer(profiles=data_dict.get("profiles"))
    return serializer.serialize_dataset(dataset_dict,
                                        _format=data_dict.get("format"))


def catalog(action: str, context: dict, data_dict: dict) -> str:
    """``dcat_catalog_show`` and ``dcat_catalog_search`` (the same page
    of datasets, as ckanext-dcat writes it)."""
    tk.check_access(action, context, data_dict)
    # ckanext-dcat's own search and paging, so the pages stay its pages
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    pagination_info = dcat_logic._pagination_info(query, data_dict)
    serializer = SafeSerializer(profiles=data_dict.get("profiles"))
    # a search result lacks the series navigation package_show adds
    results = series_feed.page_navigation(context, query["results"])
    return serializer.serialize_catalog(
        {}, results, _format=data_dict.get("format"),
        pagination_info=pagination_info)
