"""Access rights (dct:accessRights) of DCAT-AP documents as the portal
keeps and publishes them (pure: rdflib and the vocabularies, no CKAN).

The EU access-right table's URI in any spelling is its code. Another
authority's URI the mapping knows (access_rights_uris.yaml: INSPIRE's
LimitationsOnPublicAccess code list) is the EU code it maps to, and the
URI and its label are kept (``access_rights_source``,
``access_rights_label``). Any other URI is kept as given with its label;
a rights statement without URI (a blank node) is kept by its label. The
last two are not known to be public. Published back: the EU URI of a
code, else the URI kept, else a blank ``dct:RightsStatement`` with the
label."""
from __future__ import annotations

from typing import Optional

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from . import rules, vocab
from .dcat_terms import label_of
from .rules import N_, Problem

DCT_NS = "http://purl.org/dc/terms/"
DCT_ACCESS_RIGHTS = URIRef(DCT_NS + "accessRights")
DCT_RIGHTS_STATEMENT = URIRef(DCT_NS + "RightsStatement")
FIELDS = ("access_rights", "access_rights_label", "access_rights_source")
M_ACCESS_NOT_KNOWN = N_(
    'Access rights: "{value}" is no value of the EU table and maps to none; '
    "kept as given, not known to be public.")
MESSAGES = (M_ACCESS_NOT_KNOWN,)


def _is_eu(uri: str) -> bool:
    prefixes = vocab.vocabulary("access_rights").extra.get("uri_prefixes", ())
    return any(vocab.normalise_uri(uri).startswith(p) for p in prefixes)


def access_rights(graph, node) -> dict:
    """The fields of one dct:accessRights value (empty when it says
    nothing)."""
    voc = vocab.vocabulary("access_rights")
    label = label_of(graph, node)
    if isinstance(node, Literal):
        text = str(node).strip()
        code = voc.code_for(text)
        return {"access_rights": code} if code else (
            {"access_rights_label": text} if text else {})
    result: dict = {}
    if isinstance(node, URIRef):
        code = voc.code_for(str(node))
        if code and _is_eu(str(node)):
            return {"access_rights": code}
        result = {"access_rights": code} if code else {
            "access_rights": str(node)}
        if code:
            result["access_rights_source"] = str(node)
    if label:
        result["access_rights_label"] = label
    return result


def dataset_access_rights(graph, dataset_ref) -> dict:
    """The dataset's access rights: a value the EU table has or maps
    first, then any other."""
    found = [access_rights(graph, n) for n in sorted(
        graph.objects(dataset_ref, DCT_ACCESS_RIGHTS), key=str)]
    known = [f for f in found if vocab.vocabulary("access_rights").get(
        f.get("access_rights"))]
    return next(iter(known + [f for f in found if f]), {})


def publish(graph, dataset_ref, dataset: dict) -> Optional[object]:
    """The dataset's dct:accessRights, in place of what was written: the
    EU URI of a code, the URI of another authority kept as given (with
    its label), or a blank rights statement with the label."""
    graph.remove((dataset_ref, DCT_ACCESS_RIGHTS, None))
    value = dataset.get("access_rights")
    label = dataset.get("access_rights_label")
    label = label.strip() if isinstance(label, str) else ""
    uri = vocab.vocabulary("access_rights").uri(value)
    if uri:
        node = URIRef(uri)
    elif isinstance(value, str) and rules.is_url(value.strip()):
        node = URIRef(value.strip())
    elif label:
        node = BNode()
    else:
        return None
    graph.add((dataset_ref, DCT_ACCESS_RIGHTS, node))
    graph.add((node, RDF.type, DCT_RIGHTS_STATEMENT))
    if label and not uri:
        graph.add((node, RDFS.label, Literal(label)))
    return node


def notes(dataset: dict) -> list:
    """Access rights kept as given (no EU value), as a note of the import
    report."""
    value = dataset.get("access_rights")
    if vocab.vocabulary("access_rights").get(value):
        return []
    given = dataset.get("access_rights_label") or value
    if not given:
        return []
    return [Problem("access_rights", M_ACCESS_NOT_KNOWN,
                    {"value": rules.shorten(given)})]
