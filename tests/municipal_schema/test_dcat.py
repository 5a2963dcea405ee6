"""DCAT-AP 3 output: every dataset's RDF and /catalog.ttl validate against
the DCAT-AP 3.0.1 SHACL shapes (and the HVD shapes for HVD datasets) with
zero violations; ckanext-dcat's parser gives back the same field values."""
import pathlib

import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import RDF, SH

from ckan.tests import helpers
from ckanext.dcat.processors import RDFParser, RDFSerializer

from ckanext.municipal_schema import vocab

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.ckan_config("ckan.site_title", "Municipal portal"),
              pytest.mark.usefixtures("clean_db", "clean_index")]

SHAPES_DIR = pathlib.Path(__file__).parent.parent / "data" / "dcat-ap"
DCAT_AP = ("dcat-ap-3.0.1-shapes.ttl", "dcat-ap-3.0.1-ranges.ttl")
HVD = ("dcat-ap-hvd-3.0.0-shapes.ttl",)
PROFILES = ["euro_dcat_ap_3", "municipal_dcat_ap_3"]
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"


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
    conforms, report, text = validate(
        data, shacl_graph=shapes(*files), inference="none",
        allow_warnings=True, advanced=True)
    found = [
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
         str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation]
    return found


@pytest.fixture
def datasets(municipality, municipal_dataset):
    """An ODDK-shaped dataset, a full one and an HVD one, in three
    countries' municipalities."""
    aarhus = municipality("751")
    gent = municipality("44021")
    goteborg = municipality("1480")
    plain = dict(municipal_dataset, name="parking-aarhus")
    hvd = dict(municipal_dataset, name="air-quality-gent",
               title="Luchtkwaliteit Gent", municipality_code="44021",
               dataset_type_code="public-transport-stops",
               hvd_category=[MOBILITY], license_id="vlaamse-modellicentie",
               language=["NLD"],
               resources=[{"url": "https://data.stad.gent/lucht.csv",
                           "name": "Metingen", "format": "CSV",
                           "planned_availability": "AVAILABLE"}])
    minimal = {"name": "budget-goteborg", "title": "Budget",
               "notes": "Göteborgs budget.", "author": "Göteborgs Stad",
               "author_email": "data@goteborg.se", "license_id": "cc-zero",
               "resources": [{"url": "https://goteborg.se/budget.csv"}]}
    return [
        helpers.call_action("package_create", owner_org=aarhus["id"], **plain),
        helpers.call_action("package_create", owner_org=gent["id"], **hvd),
        helpers.call_action("package_create", owner_org=goteborg["id"],
                            **minimal),
    ]


def _rdf(app, url):
    response = app.get(url, status=200)
    graph = rdflib.Graph()
    graph.parse(data=response.body, format="turtle")
    return graph


def test_every_dataset_validates_against_dcat_ap_3(app, datasets):
    for dataset in datasets:
        graph = _rdf(app, f"/dataset/{dataset['name']}.ttl")
        found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found))


def test_every_serialization_is_served(app, datasets):
    for ext, fmt in (("rdf", "xml"), ("jsonld", "json-ld"), ("ttl", "turtle")):
        response = app.get(f"/dataset/{datasets[1]['name']}.{ext}", status=200)
        graph = rdflib.Graph()
        graph.parse(data=response.body, format=fmt)
        assert len(graph) > 20


def test_hvd_dataset_validates_against_the_hvd_shapes(app, datasets):
    hvd = datasets[1]
    graph = _rdf(app, f"/dataset/{hvd['name']}.ttl")
    found = violations(graph, *DCAT_AP, *HVD)
    assert found == [], "\n".join(map(str, found))
    ref = rdflib.URIRef(next(graph.subjects(RDF.type, DCAT.Dataset)))
    assert (ref, DCATAP.hvdCategory, rdflib.URIRef(MOBILITY)) in graph
    assert (ref, DCATAP.applicableLegislation, rdflib.URIRef(
        "http://data.europa.eu/eli/reg_impl/2023/138/oj")) in graph


def test_catalog_validates_and_has_a_publisher(app, datasets):
    graph = _rdf(app, "/catalog.ttl")
    found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found))
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert graph.value(catalog, DCT.publisher) is not None
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 3


def test_vocabularies_are_eu_authority_uris(app, datasets):
    graph = _rdf(app, f"/dataset/{datasets[0]['name']}.ttl")
    ref = next(graph.subjects(RDF.type, DCAT.Dataset))
    eu = "http://publications.europa.eu/resource/authority/"
    assert set(map(str, graph.objects(ref, DCAT.theme))) == {
        eu + "data-theme/TRAN", eu + "data-theme/REGI"}
    assert str(graph.value(ref, DCT.accrualPeriodicity)) == eu + "frequency/DAILY"
    assert str(graph.value(ref, DCT.accessRights)) == eu + "access-right/PUBLIC"
    assert str(graph.value(ref, DCT.spatial)) == (
        "https://api.dataforsyningen.dk/kommuner/0751")
    distribution = graph.value(ref, DCAT.distribution)
    assert str(graph.value(distribution, DCT.license)) == eu + "licence/CC_BY_4_0"
    publisher = graph.value(ref, DCT.publisher)
    assert publisher is not None


ROUND_TRIP_FIELDS = [
    "title", "notes", "data_themes", "update_frequency", "access_rights",
    "language", "municipality_code", "temporal_start", "temporal_end",
    "landing_page", "documentation", "author", "author_email",
    "hvd_category", "applicable_legislation", "conforms_to", "version",
    "issued", "modified",
]


@pytest.mark.parametrize("index", [0, 1])
def test_round_trip_through_ckanext_dcat(datasets, index):
    dataset = helpers.call_action("package_show", id=datasets[index]["id"])
    serializer = RDFSerializer(profiles=PROFILES)
    text = serializer.serialize_dataset(dataset, _format="turtle")
    parser = RDFParser(profiles=PROFILES)
    parser.parse(text, _format="turtle")
    parsed, = list(parser.datasets())
    for field in ROUND_TRIP_FIELDS:
        value = parsed.get(field)
        if isinstance(value, list):  # RDF keeps no order
            assert sorted(value) == sorted(dataset[field]), field
        else:
            assert value == dataset.get(field), field
    # a licence comes back as the code its authority URI has in the EU
    # licence table (cc-by -> CC_BY_4_0): the same licence
    licences = vocab.vocabulary("licences")
    assert licences.uri(parsed["license_id"]) == licences.uri(
        dataset["license_id"])
    assert sorted(t["name"] for t in parsed["tags"]) == sorted(
        t["name"] for t in dataset["tags"])
    assert parsed["resources"][0]["url"] == dataset["resources"][0]["url"]
    # a distribution always states its licence (the dataset's by default)
    assert licences.uri(parsed["resources"][0]["license_id"]) == licences.uri(
        dataset["resources"][0].get("license_id") or dataset["license_id"])
    for field in ("planned_availability", "format", "name"):
        assert parsed["resources"][0].get(field) == \
            dataset["resources"][0].get(field), field
