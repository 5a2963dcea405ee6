"""The import on DCAT-AP documents as national programmes write them
(tests/data/dcat-national: Sweden, Norway, Spain, Denmark, SEMIC 2.1.1;
provenance in its PROVENANCE.md) and on SEMIC's 3.0.1 examples: per
document, what is found, created and refused with the reason; then the
portal's catalogue, with all of them imported, answers 200 in every
format and passes the DCAT-AP 3.0.1 shapes. Issue 19."""
import pathlib

import pytest
import rdflib
from rdflib.namespace import RDF

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .conftest import PLUGINS
from .shacl import DCAT, DCAT_AP, violations

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

DATA = pathlib.Path(__file__).parent.parent / "data"
NATIONAL = DATA / "dcat-national"
EXAMPLES = DATA / "dcat-ap" / "examples"
NOT_RDF = "not RDF"
SERIES = "series"

# document -> (created, {refused reference ending: refused fields})
EXPECTED = {
    "2.1.1--example1.nt": (1, {}),
    "2.1.1--example2.nt": (1, {}),
    "dk1.1--exampleDataGraph.ttl": (1, {}),
    "dk2.0--basic-example1.rdf": (1, {}),
    "es--E1_Catalog_Dataset-DataService-HVD.rdf": NOT_RDF,
    "es--E_DCAT-AP-ES_Catalog_HVD_full.ttl": (1, {}),
    "es--E_DCAT-AP-ES_Catalog_NSIP.ttl": (3, {}),
    "es--E_DCAT-AP-ES_full_optional.rdf": (4, {}),
    "no--DCAT-AP-NO2.0-examples.ttl": (1, {}),
    "no--dataset-series-example.ttl": (4, {}),
    "no--test.ttl": (2, {}),
    "se--obligatoriskt.rdf": (1, {}),
    "se--rekommenderat.rdf": (1, {}),
    "se--rekommenderat.ttl": (1, {}),
}


def _import(path, organization):
    try:
        report = helpers.call_action(
            "municipal_dcat_import", document=path.read_text("utf-8"),
            name=path.name, organization=organization)
        return report["rows"]
    except tk.ValidationError as error:
        if "datasets" in error.error_dict:
            return error.error_dict["datasets"]
        return error.error_dict


def test_every_national_document_is_covered():
    documents = sorted(p.name for p in NATIONAL.iterdir()
                       if p.name != "PROVENANCE.md")
    assert documents == sorted(EXPECTED)


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_national_document(document, municipality):
    org = municipality("751")
    rows = _import(NATIONAL / document, org["name"])
    expected = EXPECTED[document]
    if expected == NOT_RDF:
        assert rows["document"][0].startswith(
            "The document is not RDF (Turtle, RDF/XML or JSON-LD)")
        return
    created, refused = expected
    assert [r["status"] for r in rows].count("created") == created, rows
    got = {r["ref"]: sorted(r["errors"]) for r in rows
           if r["status"] == "refused"}
    assert len(got) == len(refused), got
    for ending, fields in refused.items():
        (ref,) = [ref for ref in got if ref.endswith(ending)]
        assert got[ref] == fields


def test_catalogue_of_everything_imported_is_served_and_valid(
        app, municipality):
    org = municipality("751")
    documents = sorted(NATIONAL.iterdir()) + sorted(EXAMPLES.iterdir())
    created = 0
    for path in documents:
        if path.name == "PROVENANCE.md":
            continue
        rows = _import(path, org["name"])
        if isinstance(rows, list):
            created += sum(r["status"] == "created" for r in rows)
    assert created >= 20
    for ext, fmt in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld"),
                     ("xml", "xml")):
        response = app.get(f"/catalog.{ext}", status=200)
        rdflib.Graph().parse(data=response.body, format=fmt)
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body,
                                 format="turtle")
    # Norway's two series, with their datasets
    series = set(graph.subjects(RDF.type, DCAT.DatasetSeries))
    assert {str(s).rsplit("/", 1)[1] for s in series} == {
        "budget", "testDatasettserie"}
    assert len(set(graph.subjects(DCAT.inSeries, None))) == 4
    found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found[:20]))


LICENCES_DOCUMENT = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://x.example/ds/cc0> a dcat:Dataset ; dct:title "Parker" ;
  dct:description "Parker i byen." ;
  dct:language <http://publications.europa.eu/resource/dataset/language/DAN>,
    <http://id.loc.gov/vocabulary/iso639-1/ca> ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <https://x.example/parker.csv> ;
    dct:license <https://creativecommons.org/publicdomain/zero/1.0/deed.da> ] .
<https://x.example/ds/own> a dcat:Dataset ; dct:title "Veje" ;
  dct:description "Veje i byen." ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <https://x.example/veje.csv> ;
    dct:license <https://portal.example.org/licence> ] .
<https://portal.example.org/licence> dct:title "Portalens licens" .
<https://x.example/ds/blank> a dcat:Dataset ; dct:title "Skoler" ;
  dct:description "Skoler i byen." ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <https://x.example/skoler.csv> ;
    dct:license [ a dct:LicenseDocument ; dct:title "Licens efter aftale" ] ] .
"""


def test_licences_and_languages_in_any_form_load_and_are_published_back(
        app, municipality):
    org = municipality("751")
    report = helpers.call_action(
        "municipal_dcat_import", document=LICENCES_DOCUMENT, name="l.ttl",
        organization=org["name"])
    rows = {r["ref"].rsplit("/", 1)[1]: r for r in report["rows"]}
    assert {k: r["status"] for k, r in rows.items()} == {
        "cc0": "created", "own": "created", "blank": "created"}
    assert 'Licence: "Portalens licens" is not known to be open; kept as ' \
        "given." in rows["own"]["notes"]
    assert 'Licence: "Licens efter aftale" is not known to be open; kept ' \
        "as given." in rows["blank"]["notes"]
    cc0 = helpers.call_action("package_show", id=rows["cc0"]["name"])
    assert cc0["license_id"] == "CC0"
    assert cc0["language"] == ["DAN", "CAT"]
    own = helpers.call_action("package_show", id=rows["own"]["name"])
    assert own["license_id"] == "https://portal.example.org/licence"
    assert own["license_label"] == "Portalens licens"
    blank = helpers.call_action("package_show", id=rows["blank"]["name"])
    assert blank["license_label"] == "Licens efter aftale"
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    graph = rdflib.Graph().parse(data=app.get(
        f"/dataset/{own['name']}.ttl").body, format="turtle")
    licence = rdflib.URIRef("https://portal.example.org/licence")
    assert (None, dct.license, licence) in graph
    assert str(graph.value(licence, dct.title)) == "Portalens licens"
    graph = rdflib.Graph().parse(data=app.get(
        f"/dataset/{blank['name']}.ttl").body, format="turtle")
    (node,) = set(graph.objects(None, dct.license))
    assert str(graph.value(node, dct.title)) == "Licens efter aftale"
    graph = rdflib.Graph().parse(data=app.get(
        f"/dataset/{cc0['name']}.ttl").body, format="turtle")
    assert (None, dct.license, rdflib.URIRef(
        "http://publications.europa.eu/resource/authority/licence/CC0")) \
        in graph


SCHEMELESS_DOCUMENT = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
<https://x.example/ds/water> a dcat:Dataset ; dct:title "Waterkwaliteit" ;
  dct:description "Metingen van de waterkwaliteit." ;
  dcat:landingPage <www.vmm.be> ;
  dcat:contactPoint [ a vcard:Organization ; vcard:fn "VMM" ;
    vcard:hasEmail <mailto:info@vmm.be> ; vcard:hasURL "www.vmm.be/contact" ] ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <https://www.vmm.be/data.csv> ;
    dct:license <http://creativecommons.org/publicdomain/zero/1.0> ] .
<https://x.example/ds/untitled> a dcat:Dataset ;
  dct:description "Zonder titel." .
<https://x.example/ds/undescribed> a dcat:Dataset ;
  dct:title "Zonder beschrijving"@nl .
"""


def test_web_addresses_without_scheme_are_kept_with_https(municipality):
    org = municipality("44021")
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("municipal_dcat_import",
                            document=SCHEMELESS_DOCUMENT, name="w.ttl",
                            organization=org["name"])
    rows = {r["ref"].rsplit("/", 1)[1]: r
            for r in raised.value.error_dict["datasets"]}
    water = rows["water"]
    assert water["status"] == "created"
    assert 'Landing page: "www.vmm.be" has no http:// or https://; kept as ' \
        '"https://www.vmm.be".' in water["notes"]
    stored = helpers.call_action("package_show", id=water["name"])
    assert stored["landing_page"] == "https://www.vmm.be"
    assert stored["contact"][0]["url"] == "https://www.vmm.be/contact"
    # refused only for what DCAT-AP requires, with that reason
    assert rows["untitled"]["errors"] == {"title": ["Title: is required."]}
    assert rows["undescribed"]["errors"] == {
        "notes": ["Description: is required."]}
