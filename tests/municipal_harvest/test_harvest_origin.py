"""The dataset page says where a harvested dataset comes from: the source
catalogue (to whoever may see the source) and the dataset's address in
it, which its RDF keeps as the dataset's URI."""
import pytest
import rdflib
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from . import catalogue as cat
from .conftest import PLUGINS
from .test_harvest_cli import create_source, run

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("harvest_db")]


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
    # the dataset's RDF keeps its address in the source as its URI
    graph = rdflib.Graph().parse(data=app.get(
        "/dataset/parkering.ttl", status=200).body, format="turtle")
    assert (rdflib.URIRef(cat.BASE + "parkering"), rdflib.RDF.type,
            rdflib.URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph


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
    token = factories.APIToken(user=admin["name"])["token"]
    section = origin_section(app, "parkering", {"Authorization": token})
    assert url in section.get_text()


def test_a_dataset_no_harvest_keeps_has_no_origin(app, region):
    dataset = factories.Dataset(owner_org=region["id"])
    html = BeautifulSoup(app.get(f"/dataset/{dataset['name']}",
                                 status=200).body, "html.parser")
    assert html.find("section", class_="municipal-harvest-origin") is None
