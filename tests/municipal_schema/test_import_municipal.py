"""`ckan municipal-schema import` on DCAT-AP documents a Danish, a Flemish
and a Swedish municipality would publish (Turtle, RDF/XML, JSON-LD): what
the operator reads, what the datasets hold, a second run that changes
nothing, an update, a dry run, and the catalogue that validates against
the SEMIC shapes afterwards."""
import pathlib

import pytest
import rdflib

import ckan.plugins as p
from ckan.tests import factories, helpers

from ckanext.municipal_schema.cli import municipal_schema

from .conftest import PLUGINS
from .test_dcat import DCAT, DCAT_AP, DCATAP, HVD, violations

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.ckan_config("ckan.site_title", "Municipal portal"),
              pytest.mark.usefixtures("clean_db", "clean_index")]

MUNICIPAL = pathlib.Path(__file__).parent.parent / "data" / "dcat-ap" / \
    "municipal"
AARHUS = str(MUNICIPAL / "aarhus-dk.ttl")
GENT = str(MUNICIPAL / "gent-be.rdf")
GOTEBORG = str(MUNICIPAL / "goteborg-se.jsonld")
REGULATION = "http://data.europa.eu/eli/reg_impl/2023/138/oj"


@pytest.fixture
def organizations(municipality):
    """Aarhus and Gent, matched by their municipality's authority URI;
    Göteborg, matched by the publisher's name; a fallback organization."""
    return {
        "aarhus": municipality("751"),
        "gent": municipality("44021"),
        "goteborg": factories.Organization(
            name="goteborgs-stad", title="Göteborgs Stad",
            municipality_code="1480"),
        "fallback": factories.Organization(name="imports"),
    }


def run(cli, *args):
    """`ckan municipal-schema import ARGS` (the plugin's command group,
    invoked in the test's CKAN: `ckan` itself would load test.ini's
    plugins instead of the test's)."""
    return cli.invoke(municipal_schema, ["import", *args])


def test_the_plugin_registers_the_command():
    commands = p.get_plugin("municipal_schema").get_commands()
    assert [c.name for c in commands] == ["municipal-schema"]
    assert "import" in commands[0].commands


def by_uri(uri):
    for name in helpers.call_action("package_list"):
        dataset = helpers.call_action("package_show", id=name)
        extras = {e["key"]: e["value"] for e in dataset.get("extras", [])}
        if extras.get("uri") == uri:
            return dataset
    raise AssertionError(f"no dataset imported from {uri}")


def test_danish_catalogue_in_turtle(cli, organizations):
    result = run(cli, AARHUS, "--organization", "imports")
    assert result.exit_code == 0, result.output
    assert "+ created: Car parks in Aarhus" in result.output or \
        "+ created: Parkeringshuse i Aarhus" in result.output
    assert "+ created: Luftkvalitet i Aarhus" in result.output
    assert "2 found (turtle): 2 created" in result.output

    parking = by_uri("https://www.opendata.dk/city-of-aarhus/parkeringshuse")
    # the publisher (the municipality's URI) is the organization
    assert parking["organization"]["name"] == "municipality-751"
    assert parking["name"] == "parkeringshuse-aarhus"
    # the contact point is the author
    assert parking["author"] == "Aarhus Kommune, Teknik og Miljø"
    assert parking["author_email"] == "opendata@aarhus.dk"
    # EU vocabularies as the schema's codes; Open Data DK's https licence URI
    assert parking["license_id"] == "CC_BY"
    assert parking["resources"][0]["license_id"] == "CC_BY"
    assert parking["update_frequency"] == "CONT"
    assert sorted(parking["data_themes"]) == ["REGI", "TRAN"]
    assert parking["access_rights"] == "PUBLIC"
    assert parking["language"] == ["DAN"]
    assert parking["municipality_code"] == "751"
    assert parking["hvd_category"] == ["http://data.europa.eu/bna/c_4b74ea13"]
    assert parking["applicable_legislation"] == [REGULATION]
    assert parking["issued"] == "2016-03-01"
    # a date-time as the source gives it, time included
    assert parking["modified"] == "2024-11-02T06:00:00"
    # the publisher and the contact point kept as agents, not only as the
    # organization and the author fields
    assert [p["name"] for p in parking["publisher"]] == ["Aarhus Kommune"]
    assert [(c["name"], c["email"]) for c in parking["contact"]] == [
        ("Aarhus Kommune, Teknik og Miljø", "opendata@aarhus.dk")]
    assert parking["title_translated"] == {
        "da": "Parkeringshuse i Aarhus", "en": "Car parks in Aarhus"}
    resource = parking["resources"][0]
    assert resource["format"] == "CSV"
    assert resource["planned_availability"] == "STABLE"
    assert resource["url"] == (
        "https://portal.opendata.dk/dataset/parkeringshuse/belaegning.csv")

    air = by_uri("https://www.opendata.dk/city-of-aarhus/luftkvalitet")
    # an HVD category two levels down brings the regulation by itself
    assert air["hvd_category"] == ["http://data.europa.eu/bna/c_63b37dd4"]
    assert air["applicable_legislation"] == [REGULATION]
    assert air["license_id"] == "CC0"
    assert air["update_frequency"] == "HOURLY"
    assert sorted(air["language"]) == ["DAN", "ENG"]
    assert air["temporal_start"] == "2018-01-01"
    assert air["resources"][0]["planned_availability"] == "OP_DATPRO"
    assert air["resources"][0]["format"] == "JSON"


def test_flemish_catalogue_in_rdf_xml(cli, organizations):
    result = run(cli, GENT)
    assert result.exit_code == 0, result.output
    assert "1 found (xml): 1 created" in result.output
    addresses = by_uri("https://data.stad.gent/id/dataset/adressen")
    assert addresses["organization"]["name"] == "municipality-44021"
    assert addresses["license_id"] == "vlaamse-modellicentie"
    assert addresses["author"] == "Stad Gent, Data en Informatie"
    assert addresses["author_email"] == "open.data@stad.gent"
    assert addresses["hvd_category"] == ["http://data.europa.eu/bna/c_c3de25e4"]
    assert addresses["update_frequency"] == "WEEKLY"
    assert addresses["language"] == ["NLD"]
    # the EU file type GEOJSON, under CKAN's name for the format
    assert addresses["resources"][0]["format"] == "GeoJSON"


def test_swedish_catalogue_in_json_ld(cli, organizations):
    result = run(cli, GOTEBORG)
    assert result.exit_code == 0, result.output
    assert "1 found (json-ld): 1 created" in result.output
    population = by_uri(
        "https://goteborg.se/dataportal/befolkning-per-stadsdel")
    # matched by the publisher's name, the organization's title
    assert population["organization"]["name"] == "goteborgs-stad"
    assert population["municipality_code"] == "1480"
    assert population["license_id"] == "CC0"
    assert population["hvd_category"] == [
        "http://data.europa.eu/bna/c_f2b50efd"]
    assert population["temporal_start"] == "2010-01-01"
    assert population["temporal_end"] == "2024-12-31"
    assert population["author_email"] == "statistik@goteborg.se"


def test_second_run_changes_nothing(cli, organizations):
    for document in (AARHUS, GENT, GOTEBORG):
        assert run(cli, document).exit_code == 0
    before = {name: helpers.call_action("package_show", id=name)
              for name in helpers.call_action("package_list")}
    for document in (AARHUS, GENT, GOTEBORG):
        result = run(cli, document)
        assert result.exit_code == 0, result.output
        assert "created" not in result.output
        assert "updated" not in result.output
        assert "= unchanged" in result.output
    after = {name: helpers.call_action("package_show", id=name)
             for name in helpers.call_action("package_list")}
    assert after == before


def test_a_changed_document_updates_the_dataset(cli, organizations, tmp_path):
    assert run(cli, GENT).exit_code == 0
    before = by_uri("https://data.stad.gent/id/dataset/adressen")
    changed = tmp_path / "gent.rdf"
    changed.write_text(pathlib.Path(GENT).read_text(encoding="utf-8").replace(
        "frequency/WEEKLY", "frequency/DAILY"), encoding="utf-8")
    result = run(cli, str(changed))
    assert result.exit_code == 0, result.output
    assert "~ updated: " in result.output
    after = by_uri("https://data.stad.gent/id/dataset/adressen")
    assert after["id"] == before["id"]
    assert after["update_frequency"] == "DAILY"
    # the distribution is the same resource, updated in place
    assert after["resources"][0]["id"] == before["resources"][0]["id"]


def test_dry_run_writes_nothing(cli, organizations):
    result = run(cli, AARHUS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written: 2 found (turtle): 2 created" in \
        result.output
    assert helpers.call_action("package_list") == []


def test_catalogue_validates_after_the_imports(app, cli, organizations):
    for document in (AARHUS, GENT, GOTEBORG):
        assert run(cli, document).exit_code == 0
    response = app.get("/catalog.ttl", status=200)
    graph = rdflib.Graph()
    graph.parse(data=response.body, format="turtle")
    assert len(list(graph.subjects(rdflib.RDF.type, DCAT.Dataset))) == 4
    found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found))
    # every HVD dataset, also with a narrower category, passes the HVD shapes
    for name in helpers.call_action("package_list"):
        dataset = graph_of(app, name)
        ref = next(dataset.subjects(rdflib.RDF.type, DCAT.Dataset))
        assert list(dataset.objects(ref, DCATAP.hvdCategory)), name
        found = violations(dataset, *DCAT_AP, *HVD)
        assert found == [], (name, found)


def graph_of(app, name):
    graph = rdflib.Graph()
    graph.parse(data=app.get(f"/dataset/{name}.ttl").body, format="turtle")
    return graph


def test_a_private_dataset_is_found_again(cli, organizations):
    assert run(cli, GENT).exit_code == 0
    dataset = by_uri("https://data.stad.gent/id/dataset/adressen")
    helpers.call_action("package_patch", {"municipal_import": True},
                        id=dataset["id"], private=True)
    result = run(cli, GENT)
    assert result.exit_code == 0, result.output
    assert "= unchanged: Addresses in Ghent" in result.output
    import ckan.model as model
    assert model.Session.query(model.Package).count() == 1


def test_a_document_read_from_a_url(cli, organizations):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(MUNICIPAL))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/goteborg-se.jsonld"
        result = run(cli, url)
    finally:
        # closed, not only stopped: a listening socket nobody serves would
        # hold the second request for the whole download timeout
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    assert "1 found (json-ld): 1 created" in result.output
    assert by_uri("https://goteborg.se/dataportal/befolkning-per-stadsdel")
    missing = run(cli, url)
    assert missing.exit_code == 1
    assert "Connection refused" in missing.output, missing.output


def test_hvd_categories_at_every_level(app, cli, organizations, tmp_path):
    """One dataset in every concept of the HVD scheme (6 top concepts, 90
    narrower ones): imported, stored and published as given, valid
    against the HVD shapes."""
    from ckanext.municipal_schema import vocab
    uris = [t.uri for t in vocab.vocabulary("hvd_categories")]
    path = tmp_path / "hvd.ttl"
    path.write_text("""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
<https://api.dataforsyningen.dk/kommuner/0751> a <http://xmlns.com/foaf/0.1/Agent> .
<https://data.example.dk/hvd> a dcat:Dataset ;
  dct:title "Alle kategorier"@da ; dct:description "Test."@da ;
  dct:publisher <https://api.dataforsyningen.dk/kommuner/0751> ;
  dct:license <http://publications.europa.eu/resource/authority/licence/CC0> ;
  dcatap:hvdCategory """ + ", ".join(f"<{u}>" for u in uris) + " .\n",
        encoding="utf-8")
    result = run(cli, str(path))
    assert result.exit_code == 0, result.output
    stored = by_uri("https://data.example.dk/hvd")
    assert sorted(stored["hvd_category"]) == sorted(uris)
    assert stored["applicable_legislation"] == [REGULATION]
    graph = graph_of(app, stored["name"])
    ref = next(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert {str(u) for u in graph.objects(ref, DCATAP.hvdCategory)} == set(
        uris)
    found = violations(graph, *DCAT_AP, *HVD)
    assert found == [], found
