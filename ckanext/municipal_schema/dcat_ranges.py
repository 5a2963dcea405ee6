"""The classes DCAT-AP's shapes expect of property values, given to the
portal's RDF (no inference runs on it): the table is
``data/dcat_ranges.yaml``. Pure (rdflib, no CKAN)."""
from __future__ import annotations

import functools
import pathlib
import re

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, SKOS

from ckanext.municipal_opendata.datafiles import load_yaml

DATA = pathlib.Path(__file__).parent / "data" / "dcat_ranges.yaml"
DCAT_DATASET = URIRef("http://www.w3.org/ns/dcat#Dataset")
DCT_RELATION = URIRef("http://purl.org/dc/terms/relation")
IANA = "http://www.iana.org/assignments/media-types/"
MEDIA_TYPE = re.compile(r"^[a-z]+/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$")


@functools.lru_cache(maxsize=None)
def table() -> dict:
    data = load_yaml(DATA.read_text(encoding="utf-8"))
    prefixes = data["prefixes"]

    def full(name):
        prefix, local = name.split(":", 1)
        return URIRef(prefixes[prefix] + local)
    return {
        "ranges": {full(p): full(c) for p, c in data["ranges"].items()},
        "datasets_only": [full(p) for p in data["datasets_only"]],
        "at_most_one": [full(p) for p in data["at_most_one"]],
        "media_types": [full(p) for p in data["media_types"]],
    }


def _last_segment(node) -> str:
    text = str(node).rstrip("/#")
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def type_values(graph) -> None:
    """Types every value of the table's properties, names agents and
    labels concepts that have neither, and keeps one value of properties
    allowed once."""
    t = table()
    for predicate in t["datasets_only"]:
        for subject, value in list(graph.subject_objects(predicate)):
            if (value, RDF.type, DCAT_DATASET) not in graph:
                graph.remove((subject, predicate, value))
                graph.add((subject, DCT_RELATION, value))
    for predicate in t["media_types"]:
        for subject, value in list(graph.subject_objects(predicate)):
            if isinstance(value, Literal):
                graph.remove((subject, predicate, value))
                if MEDIA_TYPE.match(str(value).strip()):
                    graph.add((subject, predicate,
                               URIRef(IANA + str(value).strip())))
    for predicate in t["at_most_one"]:
        for subject in set(graph.subjects(predicate, None)):
            values = sorted(graph.objects(subject, predicate),
                            key=lambda v: (not isinstance(v, URIRef), str(v)))
            for extra in values[1:]:
                graph.remove((subject, predicate, extra))
    for predicate, cls in t["ranges"].items():
        for value in list(graph.objects(None, predicate)):
            if not isinstance(value, Literal):
                graph.add((value, RDF.type, cls))
    for agent in list(graph.subjects(RDF.type, FOAF.Agent)):
        if graph.value(agent, FOAF.name) is None:
            graph.add((agent, FOAF.name, Literal(_last_segment(agent))))
    for concept in list(graph.subjects(RDF.type, SKOS.Concept)):
        if graph.value(concept, SKOS.prefLabel) is None:
            graph.add((concept, SKOS.prefLabel,
                       Literal(_last_segment(concept))))
