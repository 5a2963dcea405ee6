"""The portal's DCAT feed never breaks (issue 19, item 7): every shape the
import or the API can store in a dataset is served as RDF by the dataset's
own address and by /catalog.* (every format, every page), answering 200.
ckanext-dcat's parser stores an access service's contact points as a list
that its serializer cannot write (``'list' object has no attribute
'get'``): one such dataset used to take /catalog.ttl down for everyone."""
import json
import logging

import pytest
import rdflib
from rdflib.namespace import RDF

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .conftest import PLUGINS
from .shacl import DCAT

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

FORMATS = (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld"),
           ("xml", "xml"))
CONTACT = {"name": "Helpdesk", "email": "help@example.org"}
SERVICE = {"title": "API", "endpoint_url": ["https://api.example.org/"],
           "uri": "https://api.example.org/service"}

# resource extras as ckanext-dcat's parser or an API client store them
RESOURCE_SHAPES = {
    # what the import stores for a DataService with a contact point
    "contacts-as-list": {"access_services": json.dumps(
        [dict(SERVICE, contact=[CONTACT, {"name": "Second"}],
              publisher=[{"name": "Org"}])])},
    "services-as-list": {"access_services": [
        dict(SERVICE, contact=[CONTACT, {"name": "Second"}])]},
    "service-as-dict": {"access_services": json.dumps(
        dict(SERVICE, contact=CONTACT))},
    "service-as-text": {"access_services": "the API at api.example.org"},
    "services-not-dicts": {"access_services": json.dumps(
        ["https://api.example.org/", 7, None, [1]])},
    "contact-as-text": {"access_services": json.dumps(
        [dict(SERVICE, contact="help@example.org", creator={"name": "A"},
              publisher="Org")])},
    "odd-service-values": {"access_services": json.dumps(
        [{"title": ["API", "Second"], "endpoint_url": "https://a.example/",
          "keyword": "one", "modified": 12, "uri": ["x"],
          "serves_dataset": {"a": 1}, "license": None,
          "contact": [None, "x", CONTACT], "creator": [None, "A"]}])},
    "odd-distribution-values": {
        "size": "12", "hash": ["a", "b"], "language": "da",
        "conforms_to": {"a": 1}, "issued": "not a date", "modified": 12,
        "temporal_resolution": "soon", "spatial_resolution_in_meters": "x",
        "access_url": "not a url", "download_url": ["x"], "rights": [1],
        "documentation": "[", "applicable_legislation": "{",
        "availability": ["a"], "status": {"x": 1}},
}


def _dataset(org, name, resource_extras):
    """The dataset stored, or None where this CKAN refuses the shape
    (CKAN 2.11 takes no list in a resource's extra field)."""
    try:
        return _create(org, name, resource_extras)
    except tk.ValidationError as error:
        assert list(error.error_dict) == ["__junk"], error.error_dict
        return None


def _create(org, name, resource_extras):
    return helpers.call_action(
        "package_create", name=name, title=f"Shape {name}",
        notes="A dataset with values of an odd shape.",
        license_id="cc-zero", owner_org=org["id"], author="Data team",
        author_email="data@example.org",
        resources=[dict({"url": "https://example.org/data.csv",
                         "format": "CSV", "name": "Data"},
                        **resource_extras)])


@pytest.fixture
def odd_datasets(municipality):
    org = municipality("751")
    stored = [_dataset(org, name, extras)
              for name, extras in RESOURCE_SHAPES.items()]
    return [d for d in stored if d is not None]


def _graph(response, fmt):
    graph = rdflib.Graph()
    graph.parse(data=response.body, format=fmt)
    return graph


@pytest.mark.parametrize("shape", sorted(RESOURCE_SHAPES))
def test_every_dataset_shape_is_served(app, municipality, shape):
    dataset = _dataset(municipality("751"), shape, RESOURCE_SHAPES[shape])
    if dataset is None:
        pytest.skip("this CKAN does not store the shape")
    for ext, fmt in FORMATS:
        response = app.get(f"/dataset/{dataset['name']}.{ext}", status=200)
        graph = _graph(response, fmt)
        titles = [str(t) for t in graph.objects(None, rdflib.URIRef(
            "http://purl.org/dc/terms/title"))]
        assert f"Shape {shape}" in titles


def test_catalogue_is_served_whatever_is_stored(app, odd_datasets):
    for ext, fmt in FORMATS:
        for query in ("", "?page=1", "?page=1&modified_since=2000-01-01"):
            response = app.get(f"/catalog.{ext}{query}", status=200)
            graph = _graph(response, fmt)
            datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
            # every dataset is in the catalogue, none left out
            assert len(datasets) == len(odd_datasets), (ext, query)


def test_access_service_contact_points_are_published(app, odd_datasets):
    graph = _graph(app.get("/catalog.ttl", status=200), "turtle")
    service = rdflib.URIRef(SERVICE["uri"])
    assert (None, DCAT.accessService, service) in graph
    names = {str(graph.value(c, rdflib.URIRef(
        "http://www.w3.org/2006/vcard/ns#fn")))
        for c in graph.objects(service, DCAT.contactPoint)}
    assert {"Helpdesk", "Second"} <= names


class _FailsOnOneDataset:
    """A profile failing on one dataset, standing for any stored value no
    profile can write."""

    def __init__(self, graph, **kwargs):
        self.g = graph

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        if dataset_dict.get("name") == "service-as-text":
            raise ValueError("cannot write this one")

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        pass


def test_a_dataset_that_cannot_be_written_is_left_out_and_logged(
        odd_datasets, caplog):
    from ckanext.municipal_schema.logic.rdf_output import SafeSerializer
    serializer = SafeSerializer()
    serializer._profiles = serializer._profiles + [_FailsOnOneDataset]
    shown = [helpers.call_action("package_show", id=d["id"])
             for d in odd_datasets]
    # on the module's own logger: CKAN's logging set-up may stop
    # propagation to the root logger caplog listens on
    logger = logging.getLogger(
        "ckanext.municipal_schema.logic.rdf_output")
    logger.addHandler(caplog.handler)
    try:
        output = serializer.serialize_catalog({}, shown, _format="ttl")
    finally:
        logger.removeHandler(caplog.handler)
    graph = rdflib.Graph().parse(data=output, format="turtle")
    titles = {str(t) for t in graph.objects(None, rdflib.URIRef(
        "http://purl.org/dc/terms/title"))}
    assert "Shape service-as-text" not in titles
    assert "Shape contacts-as-list" in titles
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == \
        len(odd_datasets) - 1
    assert "DCAT: cannot serialize dataset service-as-text" in caplog.text
    # its own address still serves what identifies it
    alone = SafeSerializer()
    alone._profiles = alone._profiles + [_FailsOnOneDataset]
    graph = rdflib.Graph().parse(data=alone.serialize_dataset(
        next(d for d in shown if d["name"] == "service-as-text"),
        _format="ttl"), format="turtle")
    assert (None, RDF.type, DCAT.Dataset) in graph
