"""Validation against the SEMIC DCAT-AP 3.0.1 SHACL shapes and ranges (and
the HVD 3.0.0 shapes), copied into tests/data/dcat-ap (provenance in its
README)."""
import functools
import pathlib

import rdflib
from pyshacl import validate
from rdflib.namespace import RDF, SH

SHAPES_DIR = pathlib.Path(__file__).parent.parent / "data" / "dcat-ap"
DCAT_AP = ("dcat-ap-3.0.1-shapes.ttl", "dcat-ap-3.0.1-ranges.ttl")
HVD = ("dcat-ap-hvd-3.0.0-shapes.ttl",)
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")


@functools.lru_cache(maxsize=None)
def shapes(*files):
    """The shapes of ``files`` in one graph. The 3.0.1 ranges file lists
    property shapes it never defines (no sh:path anywhere), which pyshacl
    refuses as malformed; those dangling references are dropped (they
    carry no constraint)."""
    graph = rdflib.Graph()
    for name in files:
        graph.parse(SHAPES_DIR / name, format="turtle")
    for node, _, shape in list(graph.triples((None, SH.property, None))):
        if graph.value(shape, SH.path) is None:
            graph.remove((node, SH.property, shape))
    return graph


def violations(data, *files):
    """(focus node, path, message) of every sh:Violation."""
    conforms, report, text = validate(
        data, shacl_graph=shapes(*files), inference="none",
        allow_warnings=True, advanced=True)
    return [
        (str(report.value(r, SH.focusNode)),
         str(report.value(r, SH.resultPath)),
         str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation]


def turtle(app, url):
    """The graph a visitor downloads from ``url``."""
    response = app.get(url, status=200)
    graph = rdflib.Graph()
    graph.parse(data=response.body, format="turtle")
    return graph
