"""Every value Open Data DK stores is accepted unchanged: its own schema and
vocabularies (tests/data/oddk, copied from datopian/ckanext-portalopendatadk)
against the suite's vocabularies, rules, CKAN's package_create/update/show
and the DCAT output."""
import json
import pathlib

import pytest
import rdflib
import yaml

from ckan.tests import helpers
from ckanext.dcat.processors import RDFSerializer

from ckanext.municipal_schema import rules, vocab

from .conftest import PLUGINS

ODDK = pathlib.Path(__file__).parent.parent / "data" / "oddk"
EU = "http://publications.europa.eu/resource/authority/"
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
PROFILES = ["euro_dcat_ap_3", "municipal_dcat_ap_3"]


def _schema_field(name, resource=False):
    schema = yaml.safe_load((ODDK / "schema" / "oddk_schema.yaml").read_text(
        encoding="utf-8"))
    fields = schema["resource_fields" if resource else "dataset_fields"]
    return next(f for f in fields if f["field_name"] == name)


def _lines(path):
    return [line.strip() for line in (ODDK / path).read_text(
        encoding="utf-8").splitlines() if line.strip()]


def _json(path):
    return json.loads((ODDK / path).read_text(encoding="utf-8"))


# Open Data DK's values, field by field, read from its own files
THEMES = [c["value"] for c in _schema_field("data_themes")["choices"]]
FREQUENCIES = sorted(set(
    [c["value"] for c in _schema_field("update_frequency")["choices"]]
    + _lines("validation/update_frequencies.txt")))
RESOURCE_LICENCES = sorted({o["id"] for o in _json(
    "dcat/license_options.json")} | set(_json("dcat/licenses.json")))
REGISTER_LICENCES = [lic["id"] for lic in _json("public/licenses.json")]
DATASET_LICENCES = REGISTER_LICENCES + RESOURCE_LICENCES
ACCESS_RIGHTS = list(_json("dcat/access_rights_skos.json"))
AVAILABILITY = list(_json("dcat/planned_availability_skos.json"))
LANGUAGES = _lines("validation/languages.txt")
FORMATS = _lines("validation/resource_formats.txt")
# licences whose EU use conditions forbid commercial use or derivatives
NOT_OPEN = {"CC_BYNC", "CC_BYND", "CC_BYNCSA", "CC_BYNCND"}


def test_open_data_dk_values_as_read():
    """The files say what the issue says: EU licence codes with the
    default CC0, a historical spelling among the frequencies."""
    assert _schema_field("license_id", resource=True)["default"] == "CC0"
    assert {"CC0", "CC_BY", "CC_BYSA"} <= set(RESOURCE_LICENCES)
    assert "CONTINOUOUS" in FREQUENCIES and "CONT" in FREQUENCIES
    assert REGISTER_LICENCES == ["cco", "cc-by", "cc-bysa", "oddk"]
    assert len(THEMES) == 14 and len(LANGUAGES) > 8000


@pytest.mark.parametrize("vocabulary,values", [
    ("data_themes", THEMES), ("frequencies", FREQUENCIES),
    ("licences", DATASET_LICENCES), ("access_rights", ACCESS_RIGHTS),
    ("planned_availability", AVAILABILITY), ("languages", LANGUAGES),
    ("file_types", FORMATS)])
def test_every_value_is_a_term_with_four_labels(vocabulary, values):
    voc = vocab.vocabulary(vocabulary)
    for value in values:
        term = voc.get(value)
        assert term is not None, (vocabulary, value)
        # stored as given: the code of a value is the value itself
        assert voc.code_for(value) == value
        for lang in ("da", "nl", "sv", "en"):
            assert term.label(lang), (vocabulary, value, lang)


def test_labels_of_open_data_dk_values_per_language():
    frequencies = vocab.vocabulary("frequencies")
    assert [frequencies.get("CONTINOUOUS").label(lang) for lang in (
        "da", "nl", "sv", "en")] == [
        "Kontinuerlig", "Voortdurend", "Kontinuerlig", "Continuous"]
    licences = vocab.vocabulary("licences")
    assert licences.get("CC_BY").label("da") == (
        "Creative Commons Navngivelse 4.0 International")
    assert licences.get("CC_BY").label("en") == (
        "Creative Commons Attribution 4.0 International")
    assert vocab.vocabulary("access_rights").get("SENSITIVE").label(
        "da") == "Følsom"
    assert vocab.vocabulary("planned_availability").get("OP_DATPRO").label(
        "sv") == "Preliminära uppgifter"


def test_every_rule_understands_the_licences():
    for code in DATASET_LICENCES:
        if code in NOT_OPEN:
            assert not rules.is_open_licence(code), code
    for code in ("CC0", "CC_BY", "CC_BYSA", "CC_BY_4_0", "cco", "cc-by",
                 "cc-bysa", "oddk", "ODC_BL", "ODC_BY", "ODC_PDDL"):
        assert rules.is_open_licence(code), code
        assert rules.licence_problems({"license_id": code}) == []
    assert rules.licence_problems({"license_id": "CC_BYNC"})


@pytest.mark.parametrize("vocabulary,code,uri", [
    ("licences", "CC0", EU + "licence/CC0"),
    ("licences", "CC_BY", EU + "licence/CC_BY"),
    ("licences", "CC_BYSA", EU + "licence/CC_BYSA"),
    ("licences", "cco", EU + "licence/CC0"),
    ("licences", "cc-bysa", EU + "licence/CC_BYSA"),
    ("frequencies", "CONTINOUOUS", EU + "frequency/CONT"),
    ("frequencies", "BIDECENNIAL", EU + "frequency/BIDECENNIAL"),
    ("access_rights", "CONFIDENTIAL", EU + "access-right/CONFIDENTIAL"),
    ("planned_availability", "OP_DATPRO",
     EU + "planned-availability/OP_DATPRO"),
    ("languages", "AAA", EU + "language/AAA"),
    ("file_types", "RDF_TURTLE", EU + "file-type/RDF_TURTLE"),
])
def test_authority_uris(vocabulary, code, uri):
    voc = vocab.vocabulary(vocabulary)
    assert voc.uri(code) == uri
    # and back (Open Data DK writes the EU URIs with https)
    assert voc.by_uri(uri.replace("http://", "https://")).uri == uri


# -- through CKAN ------------------------------------------------------------

def _graph(dataset):
    text = RDFSerializer(profiles=PROFILES).serialize_dataset(
        dataset, _format="turtle")
    graph = rdflib.Graph()
    graph.parse(data=text, format="turtle")
    return graph, next(graph.subjects(rdflib.RDF.type, DCAT.Dataset))


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("clean_db", "clean_index")
class TestThroughCKAN:

    @pytest.fixture
    def dataset(self, municipality, oddk_dataset):
        org = municipality("751")
        return helpers.call_action("package_create", owner_org=org["id"],
                                   **oddk_dataset)

    def _edit(self, dataset, **changes):
        """package_update with package_show's output, as the form does."""
        shown = helpers.call_action("package_show", id=dataset["id"])
        shown.update(changes)
        return helpers.call_action("package_update", **shown)

    def test_every_licence_at_resource_level(self, municipality,
                                             oddk_dataset):
        org = municipality("751")
        resources = [{"url": f"https://data.example.dk/{i}.csv",
                      "name": code, "license_id": code}
                     for i, code in enumerate(RESOURCE_LICENCES)]
        created = helpers.call_action(
            "package_create", owner_org=org["id"],
            **dict(oddk_dataset, resources=resources))
        edited = self._edit(created)  # the next edit keeps them
        shown = helpers.call_action("package_show", id=edited["id"])
        graph, ref = _graph(shown)
        licences = vocab.vocabulary("licences")
        assert len(shown["resources"]) == len(RESOURCE_LICENCES)
        for resource in shown["resources"]:
            assert resource["license_id"] == resource["name"]
            distribution = rdflib.URIRef(
                f"{tk_site_url()}/dataset/{shown['id']}/resource/"
                f"{resource['id']}")
            assert str(graph.value(distribution, DCT.license)) == \
                licences.uri(resource["license_id"]), resource["name"]

    def test_every_licence_at_dataset_level(self, dataset):
        licences = vocab.vocabulary("licences")
        for code in DATASET_LICENCES:
            # a licence that is not open fits a non-public dataset only
            access = "PUBLIC" if rules.is_open_licence(code) else "NON_PUBLIC"
            self._edit(dataset, license_id=code, access_rights=access,
                       resources=[dict(dataset["resources"][0],
                                       license_id="")])
            shown = helpers.call_action("package_show", id=dataset["id"])
            assert shown["license_id"] == code
            graph, ref = _graph(shown)
            distribution = graph.value(ref, DCAT.distribution)
            assert str(graph.value(distribution, DCT.license)) == \
                licences.uri(code), code

    def test_every_frequency(self, dataset):
        frequencies = vocab.vocabulary("frequencies")
        for code in FREQUENCIES:
            self._edit(dataset, update_frequency=code)
            shown = helpers.call_action("package_show", id=dataset["id"])
            assert shown["update_frequency"] == code
            graph, ref = _graph(shown)
            assert str(graph.value(ref, DCT.accrualPeriodicity)) == \
                frequencies.uri(code), code

    def test_every_access_right(self, dataset):
        for code in ACCESS_RIGHTS:
            self._edit(dataset, access_rights=code)
            shown = helpers.call_action("package_show", id=dataset["id"])
            assert shown["access_rights"] == code
            graph, ref = _graph(shown)
            assert str(graph.value(ref, DCT.accessRights)) == (
                EU + "access-right/" + code)

    def test_every_theme_language_and_availability(self, dataset):
        resources = [dict(url=f"https://data.example.dk/{code}.csv",
                          planned_availability=code, format="RDF_TURTLE")
                     for code in AVAILABILITY]
        self._edit(dataset, data_themes=THEMES, language=LANGUAGES,
                   resources=resources)
        shown = self._edit(helpers.call_action("package_show",
                                               id=dataset["id"]))
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["data_themes"] == THEMES
        assert shown["language"] == LANGUAGES
        assert [r["planned_availability"] for r in shown["resources"]] == \
            AVAILABILITY
        graph, ref = _graph(shown)
        assert {str(u) for u in graph.objects(ref, DCAT.theme)} == {
            EU + "data-theme/" + code for code in THEMES}
        assert {str(u) for u in graph.objects(ref, DCT.language)} == {
            EU + "language/" + code for code in LANGUAGES}
        for distribution in graph.objects(ref, DCAT.distribution):
            assert str(graph.value(distribution, DCT["format"])) == (
                EU + "file-type/RDF_TURTLE")
        assert {str(graph.value(d, DCATAP.availability))
                for d in graph.objects(ref, DCAT.distribution)} == {
            EU + "planned-availability/" + code for code in AVAILABILITY}

    @pytest.mark.parametrize("prefix,words", [
        ("/da_DK", ["Kontinuerlig", "Følsom",
                    "Creative Commons Navngivelse 4.0 International"]),
        ("/nl", ["Voortdurend", "Gevoelig",
                 "Creative Commons Attribution 4.0 International"]),
        ("/sv", ["Kontinuerlig", "Känslig",
                 "Creative Commons Attribution 4.0 International"]),
        ("", ["Continuous", "Sensitive",
              "Creative Commons Attribution 4.0 International"]),
    ])
    def test_shown_with_their_labels(self, app, dataset, prefix, words):
        self._edit(dataset, update_frequency="CONTINOUOUS",
                   access_rights="SENSITIVE", license_id="CC_BY")
        page = app.get(f"{prefix}/dataset/{dataset['name']}", status=200).body
        for word in words:
            assert word in page, (prefix, word)
        # CKAN's own licence box: title, the EU URI, open data
        assert f'href="{EU}licence/CC_BY"' in page

    def test_ckan_knows_the_eu_licences_are_open(self, dataset):
        shown = self._edit(dataset, license_id="CC_BY")
        assert shown["isopen"] is True
        assert shown["license_url"] == EU + "licence/CC_BY"
        assert shown["license_title"] == (
            "Creative Commons Attribution 4.0 International")
        shown = self._edit(dataset, license_id="CC_BYNC",
                           access_rights="NON_PUBLIC")
        assert shown["isopen"] is False


def tk_site_url():
    import ckan.plugins.toolkit as tk
    return tk.config.get("ckan.site_url").rstrip("/")
