"""Validation against the SEMIC DCAT-AP 3.0.1 SHACL shapes and ranges (and
the HVD 3.0.0 shapes) the plugin ships (ckanext/municipal_schema/data/
shacl/, provenance in its README), through the plugin's own
``dcat_validation``: the tests and the harvest read the same result."""
import rdflib

from ckanext.municipal_schema import dcat_validation
from ckanext.municipal_schema.dcat_validation import DCAT_AP, HVD

__all__ = ["DCAT_AP", "HVD", "DCT", "DCAT", "DCATAP", "FOAF", "VCARD",
           "violations", "turtle"]

DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")


def violations(data, *files):
    """(focus node, path, message) of every sh:Violation."""
    return [(v.focus, _full(v.path), v.message)
            for v in dcat_validation.violations(data, *files)]


def _full(path):
    """The path as the tests name it: its full URI."""
    for namespace, prefix in dcat_validation.PREFIXES.items():
        if path.startswith(prefix):
            return namespace + path[len(prefix):]
    return path


def turtle(app, url):
    """The graph a visitor downloads from ``url``."""
    response = app.get(url, status=200)
    graph = rdflib.Graph()
    graph.parse(data=response.body, format="turtle")
    return graph
