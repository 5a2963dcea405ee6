"""Licences of DCAT-AP documents as the portal keeps and publishes them
(pure: rdflib and the vocabularies, no CKAN).

A licence URI the vocabulary knows in any spelling (licence_uris.yaml)
is its code; any other URI is kept as given, a licence document with its
label, and published back as the same URI; a licence document without
URI (a blank node) is kept by its label. Whether a licence is open is
decided from the vocabulary: an unknown one is "not known to be open"."""
from __future__ import annotations

from typing import Any, Optional

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from . import rules, vocab

DCT_NS = "http://purl.org/dc/terms/"
DCT_LICENSE = URIRef(DCT_NS + "license")
DCT_TITLE = URIRef(DCT_NS + "title")
DCT_LICENSE_DOCUMENT = URIRef(DCT_NS + "LicenseDocument")
DCAT_DISTRIBUTION = URIRef("http://www.w3.org/ns/dcat#distribution")
LABELS = (DCT_TITLE, RDFS.label, SKOS.prefLabel, FOAF.name)


def label_of(graph, node) -> Optional[str]:
    """A node's label, English or untagged first."""
    for predicate in LABELS:
        values = [v for v in graph.objects(node, predicate)
                  if isinstance(v, Literal) and str(v).strip()]
        if values:
            return str(sorted(values, key=lambda v: (
                v.language not in (None, "en"), str(v)))[0]).strip()
    return None


def licence(graph, node) -> dict:
    """``license_id`` (a code, or the URI of a licence the vocabulary does
    not know) and ``license_label`` (of a licence not in the vocabulary)
    of one dct:license value."""
    licences = vocab.vocabulary("licences")
    if isinstance(node, Literal):
        code = licences.code_for(str(node).strip())
        return {"license_id": code} if code else (
            {"license_label": str(node).strip()} if str(node).strip() else {})
    if isinstance(node, URIRef):
        code = licences.code_for(str(node))
        if code:
            return {"license_id": code}
        result = {"license_id": str(node)}
    else:
        result = {}
    label = label_of(graph, node)
    if label:
        result["license_label"] = label
    return result


def dataset_licence(graph, dataset_ref) -> dict:
    """The dataset's licence, else its distributions': a known one first,
    then one given by URI, then one given by its label."""
    nodes = list(graph.objects(dataset_ref, DCT_LICENSE))
    for distribution in sorted(graph.objects(dataset_ref, DCAT_DISTRIBUTION),
                               key=str):
        nodes += sorted(graph.objects(distribution, DCT_LICENSE), key=str)
    found = [licence(graph, n) for n in nodes]
    known = [f for f in found if f.get("license_id") and not is_unknown(
        f["license_id"])]
    return next(iter(known + [f for f in found if f.get("license_id")]
                     + [f for f in found if f]), {})


def is_unknown(licence_id: Any) -> bool:
    """A licence given by a URI no vocabulary of the portal knows."""
    return bool(licence_id) and vocab.vocabulary("licences").code_for(
        licence_id) is None and rules.is_url(licence_id)


def is_open(licence_id: Any) -> bool:
    return rules.is_open_licence(licence_id)


def publish(graph, licence_id: Any, label: Any = None):
    """The node a distribution's dct:license points to: the vocabulary's
    URI of a known code, the URI kept of another licence, or a blank node
    with the label of a licence known only by its label (None without
    any)."""
    licences = vocab.vocabulary("licences")
    uri = licences.uri(licence_id) or (
        licence_id if is_unknown(licence_id) else None)
    if uri:
        node = URIRef(uri)
    elif isinstance(label, str) and label.strip():
        node = BNode()
    else:
        return None
    graph.add((node, RDF.type, DCT_LICENSE_DOCUMENT))
    if isinstance(label, str) and label.strip() and not licences.get(
            licence_id):
        graph.set((node, DCT_TITLE, Literal(label.strip())))
    return node
