"""The source catalogue of a harvested dataset in its RDF
(source_catalogue.py), without CKAN: a DCAT-AP catalogue that lists the
dataset, with one publisher however many of its datasets a page lists."""
import rdflib
from rdflib import RDF, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from ckanext.municipal_harvest import source_catalogue
from ckanext.municipal_schema import dcat_validation

SOURCE = {"url": "https://data.molndal.se/catalog.ttl",
          "title": "Mölndals stad öppna data", "description": None,
          "publisher": None, "publisher_uri": None}


def dataset(g, name):
    ref = URIRef("https://data.molndal.se/dataset/" + name)
    g.add((ref, RDF.type, DCAT.Dataset))
    g.add((ref, DCTERMS.title, rdflib.Literal(name, lang="sv")))
    g.add((ref, DCTERMS.description, rdflib.Literal(name, lang="sv")))
    return ref


def test_the_source_lists_the_dataset_and_conforms_to_dcat_ap():
    g = rdflib.Graph()
    ref = dataset(g, "parkering")
    catalogue = source_catalogue.publish(g, ref, dict(
        SOURCE, description="Mölndals datamängder", publisher="Mölndals stad",
        publisher_uri="https://region.example/organization/1481"))
    assert catalogue == URIRef(SOURCE["url"])
    assert (catalogue, RDF.type, DCAT.Catalog) in g
    assert (catalogue, DCAT.dataset, ref) in g
    assert str(g.value(catalogue, DCTERMS.description)) == \
        "Mölndals datamängder"
    publisher = g.value(catalogue, DCTERMS.publisher)
    assert publisher == URIRef("https://region.example/organization/1481")
    assert str(g.value(publisher, FOAF.name)) == "Mölndals stad"
    assert dcat_validation.check(g).violations == ()


def test_without_description_or_organization_the_title_stands_in():
    """DCAT-AP requires both; several datasets of a page share one
    publisher (DCAT-AP allows one per catalogue)."""
    g = rdflib.Graph()
    for name in ("parkering", "badplatser", "skolor"):
        catalogue = source_catalogue.publish(g, dataset(g, name), SOURCE)
    assert len(list(g.objects(catalogue, DCAT.dataset))) == 3
    [description] = g.objects(catalogue, DCTERMS.description)
    assert str(description) == SOURCE["title"]
    [publisher] = g.objects(catalogue, DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == SOURCE["title"]
    assert dcat_validation.check(g).violations == ()
    # without its description, DCAT-AP's shapes would name the catalogue
    g.remove((catalogue, DCTERMS.description, None))
    [violation] = dcat_validation.check(g).violations
    assert (violation.focus_class, violation.path) == \
        ("dcat:Catalog", "dct:description")
