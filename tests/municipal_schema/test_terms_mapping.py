"""Licences, languages and access rights in every spelling national
programmes write them (issue 19, items 1 to 3): the pure mapping
(vocab.py with the data files, dcat_terms.py), without CKAN."""
import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from ckanext.municipal_schema import dcat_terms, rules, vocab

EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

LICENCES = {
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0",
    "http://creativecommons.org/publicdomain/zero/1.0": "CC0",
    "https://creativecommons.org/publicdomain/zero/1.0/deed.da": "CC0",
    "https://creativecommons.org/publicdomain/zero/1.0/legalcode": "CC0",
    "https://creativecommons.org/publicdomain/zero/1.0/legalcode.sv": "CC0",
    "https://creativecommons.org/licenses/by/4.0/": "CC_BY_4_0",
    "http://creativecommons.org/licenses/by/4.0/deed.nl": "CC_BY_4_0",
    "https://creativecommons.org/licenses/by-sa/3.0/legalcode": "CC_BYSA_3_0",
    "https://creativecommons.org/licenses/by/2.5": "CC_BY_2_5",
    "https://creativecommons.org/licenses/by-nc/1.0/": "CC_BYNC_1_0",
    "https://creativecommons.org/licenses/by/3.0/nl/": "CC_BY_3_0_NL",
    "http://www.opendefinition.org/licenses/cc-zero": "CC0",
    "http://opendefinition.org/licenses/odc-odbl/": "ODC_BL",
    "https://opendatacommons.org/licenses/odbl/1.0/": "ODC_BL",
    "https://spdx.org/licenses/CC-BY-4.0.html": "CC_BY_4_0",
    "http://spdx.org/licenses/CC0-1.0": "CC0",
    "https://spdx.org/licenses/CC-BY-SA-4.0": "CC_BYSA_4_0",
    "http://dcat-ap.de/def/licenses/cc-zero": "CC0",
    "http://dcat-ap.de/def/licenses/dl-by-de/2.0": "DLDE_BY_2_0",
    "http://dcat-ap.de/def/licenses/cc-by/4.0": "CC_BY_4_0",
    "http://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/"
    "v1.0": "vlaamse-modellicentie",
    "https://publications.europa.eu/resource/authority/licence/CC_BY_4_0/":
        "CC_BY_4_0",
    EU_LICENCE + "CC0": "CC0",
    "cc-zero": "cc-zero",
}


@pytest.mark.parametrize("uri", sorted(LICENCES))
def test_a_known_licence_in_any_spelling_is_its_code(uri):
    code = vocab.vocabulary("licences").code_for(uri)
    assert code == LICENCES[uri]
    assert rules.is_open_licence(code) == ("NC" not in code)


def test_every_code_of_the_licence_map_exists():
    licences = vocab.vocabulary("licences")
    for code in licences.extra["uri_map"].values():
        assert code in licences


def test_another_licence_uri_is_kept_with_its_label_and_published_back():
    g = rdflib.Graph()
    own = URIRef("https://portal.example.org/licence")
    g.add((own, DCT.title, Literal("Our own licence", lang="en")))
    assert dcat_terms.licence(g, own) == {
        "license_id": str(own), "license_label": "Our own licence"}
    assert not rules.is_open_licence(str(own))
    assert rules.is_unknown_licence({"license_id": str(own)})
    # a public dataset with it is not refused: not known to be open
    assert rules.licence_problems({"license_id": str(own)}) == []
    out = rdflib.Graph()
    assert dcat_terms.publish(out, str(own), "Our own licence") == own
    assert (own, RDF.type, DCT.LicenseDocument) in out
    assert str(out.value(own, DCT.title)) == "Our own licence"


def test_a_blank_node_licence_is_kept_by_its_label():
    g = rdflib.Graph()
    node = BNode()
    g.add((node, DCT.title, Literal("Licens enligt avtal")))
    assert dcat_terms.licence(g, node) == {
        "license_label": "Licens enligt avtal"}
    assert rules.licence_problems({"license_label": "Licens enligt avtal"}) \
        == []
    out = rdflib.Graph()
    published = dcat_terms.publish(out, None, "Licens enligt avtal")
    assert isinstance(published, BNode)
    assert str(out.value(published, DCT.title)) == "Licens enligt avtal"


def test_a_known_licence_is_published_by_the_vocabularys_uri():
    out = rdflib.Graph()
    assert dcat_terms.publish(out, "CC_BY_4_0") == URIRef(
        EU_LICENCE + "CC_BY_4_0")
    # a code not open is still refused for a public dataset
    assert rules.licence_problems({"license_id": "CC_BYNC_4_0"})


def test_dataset_licence_prefers_a_known_one():
    g = rdflib.Graph()
    ds, dist = URIRef("https://x.example/ds"), URIRef("https://x.example/d")
    g.add((ds, URIRef("http://www.w3.org/ns/dcat#distribution"), dist))
    g.add((dist, DCT.license, URIRef("https://x.example/own")))
    g.add((dist, DCT.license, URIRef(
        "https://creativecommons.org/licenses/by/4.0/")))
    assert dcat_terms.dataset_licence(g, ds) == {"license_id": "CC_BY_4_0"}


LANGUAGES = {
    "ca": "CAT", "cat": "CAT", "da": "DAN", "DAN": "DAN", "ger": "DEU",
    "deu": "DEU", "nb": "NOB", "fa": "FAS", "per": "FAS", "zh": "ZHO",
    "http://publications.europa.eu/resource/authority/language/DAN": "DAN",
    "https://publications.europa.eu/resource/authority/language/dan": "DAN",
    "http://publications.europa.eu/resource/dataset/language/DAN": "DAN",
    "http://lexvo.org/id/iso639-3/nor": "NOR",
    "http://lexvo.org/id/iso639-1/sv": "SWE",
    "http://id.loc.gov/vocabulary/iso639-2/ger": "DEU",
    "http://id.loc.gov/vocabulary/iso639-1/es": "SPA",
    "http://id.loc.gov/vocabulary/languages/fre": "FRA",
}


@pytest.mark.parametrize("value", sorted(LANGUAGES))
def test_every_language_form_is_one_language(value):
    assert vocab.vocabulary("languages").code_for(value) == LANGUAGES[value]


def test_every_iso_639_1_code_is_a_language():
    import json
    import pathlib
    path = pathlib.Path("/usr/share/iso-codes/json/iso_639-2.json")
    if not path.exists():
        pytest.skip("no iso-codes on this machine")
    # "bh" (Bihari) was withdrawn from ISO 639-1 in 2021
    codes = [e["alpha_2"] for e in json.loads(path.read_text())["639-2"]
             if e.get("alpha_2") and e["alpha_2"] != "bh"]
    languages = vocab.vocabulary("languages")
    missing = [c for c in codes if languages.code_for(c) is None]
    assert missing == []


ACCESS = {
    "http://inspire.ec.europa.eu/metadata-codelist/LimitationsOnPublicAccess/"
    "noLimitations": "PUBLIC",
    "https://inspire.ec.europa.eu/metadata-codelist/"
    "LimitationsOnPublicAccess/INSPIRE_Directive_Article13_1e": "NON_PUBLIC",
    "http://publications.europa.eu/resource/authority/access-right/PUBLIC":
        "PUBLIC",
    "https://publications.europa.eu/resource/authority/access-right/"
    "RESTRICTED/": "RESTRICTED",
}


@pytest.mark.parametrize("uri", sorted(ACCESS))
def test_access_rights_forms(uri):
    assert vocab.vocabulary("access_rights").code_for(uri) == ACCESS[uri]
