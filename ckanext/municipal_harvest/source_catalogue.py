"""The catalogue a harvested dataset came from, in the dataset's RDF
(pure: rdflib, no CKAN).

The source is a ``dcat:Catalog`` that lists the dataset, as ckanext-dcat
writes and reads a sub-catalogue (``ckanext.dcat.expose_subcatalogs``):
a portal that harvests this one keeps it as the dataset's
``source_catalog_*``. The portal's catalogue pages name it with
``dct:hasPart`` (``municipal_schema.logic.rdf_output``). The dataset's
URI is already its address in the source."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

__all__ = ["publish"]


def _publisher(source: dict):
    """The source's publisher by its address, else one node per source:
    a catalogue page that lists many of its datasets names one publisher
    (DCAT-AP allows one)."""
    if source.get("publisher_uri"):
        return URIRef(source["publisher_uri"])
    return BNode("publisher-of-" + "".join(
        c for c in source["url"] if c.isalnum()))


def publish(g: Graph, dataset_ref, source: dict) -> URIRef:
    """Add the source catalogue listing ``dataset_ref``: ``source`` has
    the ``url`` it is harvested from (the catalogue's URI), its
    ``title``, ``description`` and ``publisher`` (a name) and, where
    known, ``publisher_uri``. DCAT-AP requires a catalogue's
    description and publisher: the title and the portal stand in."""
    catalogue = URIRef(source["url"])
    title = source.get("title") or source["url"]
    g.add((catalogue, RDF.type, DCAT.Catalog))
    g.add((catalogue, DCAT.dataset, dataset_ref))
    g.add((catalogue, DCTERMS.title, Literal(title)))
    g.add((catalogue, DCTERMS.description,
           Literal(source.get("description") or title)))
    publisher = _publisher(source)
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(source.get("publisher") or title)))
    return catalogue
