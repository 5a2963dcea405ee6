"""The dataset page and its RDF say where a harvested dataset comes from:
the source catalogue (to whoever may see the source) and the dataset's
address in it, which its RDF keeps as the dataset's URI; the portal's
catalogue names the source as its part."""
import pytest
import rdflib
from bs4 import BeautifulSoup
from rdflib import RDF, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from . import catalogue as cat
from .conftest import PLUGINS
from .test_harvest_cli import create_source, run

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("harvest_db")]


def turtle(app, path, headers=None):
    return rdflib.Graph().parse(data=app.get(
        path, headers=headers or {}, status=200).body, format="turtle")


def origin_section(app, name, headers=None):
    html = BeautifulSoup(app.get(f"/dataset/{name}", headers=headers or {},
                                 status=200).body, "html.parser")
    return html.find("section", class_="municipal-harvest-origin")


def test_the_page_and_the_rdf_say_where_it_was_harvested_from(
        app, ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(
        [cat.dataset("parkering", "Parkering i Aarhus")]))
    create_source(ckan_cli, "regional", url)
    run(ckan_cli, "regional")
    section = origin_section(app, "parkering")
    text = section.get_text(" ", strip=True)
    assert text.startswith("Harvested From the catalogue Source regional")
    assert section.find("a", href=url) is not None
    assert "Original address " + cat.BASE + "parkering" in text
    # the dataset's RDF keeps its address in the source as its URI, and
    # names the source catalogue: its title, and the source's
    # organization as its publisher
    graph = turtle(app, "/dataset/parkering.ttl")
    dataset, source = URIRef(cat.BASE + "parkering"), URIRef(url)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (source, RDF.type, DCAT.Catalog) in graph
    assert (source, DCAT.dataset, dataset) in graph
    assert str(graph.value(source, DCTERMS.title)) == "Source regional"
    publisher = graph.value(source, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Region"
    assert str(publisher).endswith("/organization/" + region["id"])
    # the portal's catalogue lists the dataset and has the source as a part
    graph = turtle(app, "/catalog.ttl")
    portal = graph.value(None, DCTERMS.hasPart)
    assert (portal, DCTERMS.hasPart, source) in graph
    assert (portal, DCAT.dataset, dataset) in graph
    assert (source, DCAT.dataset, dataset) in graph
    assert len(list(graph.objects(source, DCTERMS.publisher))) == 1


def test_a_private_sources_address_is_shown_to_its_editors_only(
        app, ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(
        [cat.dataset("parkering", "Parkering i Aarhus")]))
    create_source(ckan_cli, "regional", url)
    admin = factories.Sysadmin()
    tk.get_action("package_patch")({"user": admin["name"]},
                                   {"id": "regional", "private": True})
    run(ckan_cli, "regional")
    section = origin_section(app, "parkering")
    assert url not in str(section) and "Source regional" not in str(section)
    assert cat.BASE + "parkering" in section.get_text()
    # nor in the RDF a visitor gets: the dataset, the catalogue, the API
    for body in (app.get("/dataset/parkering.ttl", status=200).body,
                 app.get("/catalog.ttl", status=200).body,
                 app.post("/api/action/dcat_dataset_show", json={
                     "id": "parkering", "format": "ttl"},
                     status=200).json["result"]):
        assert cat.BASE + "parkering" in body and url not in body
    # nor in the dataset as the API shows it and finds it
    for body in (app.get("/api/action/package_show?id=parkering").body,
                 app.get("/api/action/package_search?q=parkering").body):
        assert "parkering" in body and url not in body
        assert "Source regional" not in body
    token = factories.APIToken(user=admin["name"])["token"]
    section = origin_section(app, "parkering", {"Authorization": token})
    assert url in section.get_text()
    graph = turtle(app, "/dataset/parkering.ttl", {"Authorization": token})
    assert (URIRef(url), DCAT.dataset, URIRef(cat.BASE + "parkering")) \
        in graph


def test_a_dataset_no_harvest_keeps_has_no_origin(app, region):
    dataset = factories.Dataset(owner_org=region["id"])
    html = BeautifulSoup(app.get(f"/dataset/{dataset['name']}",
                                 status=200).body, "html.parser")
    assert html.find("section", class_="municipal-harvest-origin") is None
    graph = turtle(app, f"/dataset/{dataset['name']}.ttl")
    assert list(graph.subjects(RDF.type, DCAT.Catalog)) == []
    graph = turtle(app, "/catalog.ttl")
    assert list(graph.objects(None, DCTERMS.hasPart)) == []
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1
