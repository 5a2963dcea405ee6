"""Dataset series (DCAT-AP 3) in DCAT-AP documents, in and out (pure:
rdflib, no CKAN). The CKAN side is ``logic/series.py`` (the field, the
navigation) and the import (``logic/importer.py``).

In: a ``dcat:DatasetSeries`` is a dataset of the series type
(``dataset_series``); a dataset's series are the objects of its
``dcat:inSeries`` and the series that name it with ``dcat:seriesMember``.
A series is ordered by the first date all its members of the document
carry (``dct:issued``, the start of ``dct:temporal``, ``dct:modified``):
the portal computes first, last, previous and next from that field, as
ckanext-dataset-series does.

Out: ckanext-dcat 2.4 writes a series as ``dcat:DatasetSeries`` and its
links (``dcat:inSeries``, ``dcat:first``, ``dcat:last``, ``dcat:prev``,
``dcat:next``) to the portal's address of each dataset
(``/dataset/<id>``), also when the dataset is published under the URI it
was imported with. ``publish`` writes them again to the URI each dataset
is published under, adds ``dcat:seriesMember`` to the series, and
describes a series a member points to (type, title, description) so the
link holds under the 3.0.1 shapes (``dcat:inSeries`` has the class
``dcat:DatasetSeries``) on a catalogue page that does not list it. A
series is typed ``dcat:Dataset`` too (DCAT 3 makes it a subclass): the
catalogue lists it with ``dcat:dataset``."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SERIES_TYPE = "dataset_series"
LINKS = (DCAT.inSeries, DCAT.seriesMember, DCAT.first, DCAT.last,
         DCAT.prev, DCAT.next)
# the fields a series may be ordered by, in the order they are chosen
ORDER_FIELDS = ("issued", "temporal_start", "modified")


# -- in ----------------------------------------------------------------------

def is_series(graph: rdflib.Graph, ref) -> bool:
    return (ref, RDF.type, DCAT.DatasetSeries) in graph


def series_of(graph: rdflib.Graph, ref) -> list:
    """The series a dataset of the document belongs to: its
    ``dcat:inSeries`` and the series listing it as ``dcat:seriesMember``."""
    found = set(graph.objects(ref, DCAT.inSeries))
    found |= set(graph.subjects(DCAT.seriesMember, ref))
    return sorted(found, key=str)


def members(graph: rdflib.Graph, series_ref) -> list:
    found = set(graph.subjects(DCAT.inSeries, series_ref))
    found |= set(graph.objects(series_ref, DCAT.seriesMember))
    return sorted(found, key=str)


def _temporal_start(graph, ref):
    for period in graph.objects(ref, DCT.temporal):
        for predicate in (DCAT.startDate,
                          URIRef("http://schema.org/startDate")):
            value = graph.value(period, predicate)
            if value is not None:
                return value
    return None


def _order_value(graph, ref, field):
    if field == "temporal_start":
        return _temporal_start(graph, ref)
    return graph.value(ref, DCT[field])


def order_field(graph: rdflib.Graph, series_ref) -> str:
    """The field the series is ordered by: the first of ORDER_FIELDS that
    each of its members in the document gives; empty (unordered) when
    none does or the document lists no member."""
    refs = members(graph, series_ref)
    for field in ORDER_FIELDS if refs else ():
        if all(_order_value(graph, ref, field) is not None for ref in refs):
            return field
    return ""


def as_series(dataset: dict, order: str) -> dict:
    """A parsed dataset as one of the series type: no resources and no
    licence (a series has neither in DCAT-AP), its order field."""
    series = {k: v for k, v in dataset.items() if k not in (
        "resources", "license_id", "license_label", "in_series")}
    series["type"] = SERIES_TYPE
    series["series_order_field"] = order
    return series


# -- out ---------------------------------------------------------------------

Resolve = Callable[[str], Optional[dict]]


def _describe_series(graph, uri: URIRef, info: dict) -> None:
    graph.add((uri, RDF.type, DCAT.DatasetSeries))
    if graph.value(uri, DCT.title) is None:
        graph.add((uri, DCT.title, Literal(info.get("title") or
                                           info.get("name") or str(uri))))
    if graph.value(uri, DCT.description) is None:
        graph.add((uri, DCT.description, Literal(
            info.get("notes") or info.get("title") or str(uri))))


def _link(graph, subject, predicate, item: Optional[dict],
          resolve: Resolve) -> None:
    info = resolve(item["id"]) if isinstance(item, dict) and \
        item.get("id") else None
    if info:
        graph.add((subject, predicate, URIRef(info["uri"])))


def publish(graph: rdflib.Graph, dataset: dict, ref,
            resolve: Resolve, member_ids: Iterable[str] = ()) -> None:
    """The series links of one dataset (or series), to the URIs the
    datasets are published under. ``resolve(id)`` gives the ``uri``,
    ``title`` and ``notes`` of a dataset the reader may see, else None;
    ``member_ids`` are a series' members."""
    for predicate in LINKS:
        graph.remove((ref, predicate, None))
    navigation = dataset.get("series_navigation")
    if dataset.get("type") == SERIES_TYPE:
        # a series is a dataset (DCAT 3: dcat:DatasetSeries is a subclass
        # of dcat:Dataset): a catalogue lists it with dcat:dataset, whose
        # class the shapes check without inference
        graph.add((ref, RDF.type, DCAT.Dataset))
        graph.add((ref, RDF.type, DCAT.DatasetSeries))
        navigation = navigation if isinstance(navigation, dict) else {}
        _link(graph, ref, DCAT.first, navigation.get("first"), resolve)
        _link(graph, ref, DCAT.last, navigation.get("last"), resolve)
        for member_id in member_ids:
            _link(graph, ref, DCAT.seriesMember, {"id": member_id}, resolve)
        return
    navigation = navigation if isinstance(navigation, list) else []
    for series_id in dataset.get("in_series") or []:
        info = resolve(series_id) if isinstance(series_id, str) else None
        if not info:
            continue
        uri = URIRef(info["uri"])
        graph.add((ref, DCAT.inSeries, uri))
        _describe_series(graph, uri, info)
        for item in navigation:
            if isinstance(item, dict) and item.get("id") == series_id:
                _link(graph, ref, DCAT.prev, item.get("previous"), resolve)
                _link(graph, ref, DCAT.next, item.get("next"), resolve)
