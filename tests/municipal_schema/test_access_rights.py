"""Access rights in any form (issue 19 item 3): INSPIRE's
LimitationsOnPublicAccess code list mapped to the EU value with the URI and
label kept, another authority's URI kept with its label, a blank node kept
by its label; each published back valid under the DCAT-AP 3.0.1 shapes."""
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from ckan.tests import helpers

from .conftest import PLUGINS
from .shacl import DCAT_AP, DCT, violations

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

INSPIRE = ("http://inspire.ec.europa.eu/metadata-codelist/"
           "LimitationsOnPublicAccess/noLimitations")
EU_PUBLIC = ("http://publications.europa.eu/resource/authority/"
             "access-right/PUBLIC")
OTHER = "https://rights.example.org/intern"
DOCUMENT = f"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://x.example/ds/inspire> a dcat:Dataset ; dct:title "Luft" ;
  dct:description "Luftkvalitet." ;
  dct:accessRights <{INSPIRE}> ;
  dcat:distribution [ a dcat:Distribution ;
    dcat:accessURL <https://x.example/luft.csv> ;
    dct:license <http://creativecommons.org/publicdomain/zero/1.0/> ] .
<{INSPIRE}> skos:prefLabel "No limitations on public access"@en .
<https://x.example/ds/other> a dcat:Dataset ; dct:title "Skoler" ;
  dct:description "Skoler." ; dct:accessRights <{OTHER}> .
<{OTHER}> rdfs:label "Intern"@da .
<https://x.example/ds/blank> a dcat:Dataset ; dct:title "Veje" ;
  dct:description "Veje." ;
  dct:accessRights [ a dct:RightsStatement ;
    rdfs:label "Kun efter aftale med kommunen" ] .
"""


@pytest.fixture
def imported(municipality):
    org = municipality("751")
    rows = helpers.call_action(
        "municipal_dcat_import", document=DOCUMENT, name="a.ttl",
        organization=org["name"])["rows"]
    return {r["ref"].rsplit("/", 1)[1]: r for r in rows}


def _show(imported, key):
    return helpers.call_action("package_show", id=imported[key]["name"])


def test_every_form_loads_and_is_kept(imported):
    assert {k: r["status"] for k, r in imported.items()} == {
        "inspire": "created", "other": "created", "blank": "created"}
    inspire = _show(imported, "inspire")
    assert inspire["access_rights"] == "PUBLIC"
    assert inspire["access_rights_source"] == INSPIRE
    assert inspire["access_rights_label"] == \
        "No limitations on public access"
    assert not [n for n in imported["inspire"]["notes"]
                if n.startswith("Access rights")]
    assert 'Access rights: "Intern" is no value of the EU table and maps ' \
        "to none; kept as given, not known to be public." in \
        imported["other"]["notes"]
    assert 'Access rights: "Kun efter aftale med kommunen" is no value of ' \
        "the EU table" in " ".join(imported["blank"]["notes"])
    other = _show(imported, "other")
    assert other["access_rights"] == OTHER
    assert other["access_rights_label"] == "Intern"
    blank = _show(imported, "blank")
    assert not blank.get("access_rights")
    assert blank["access_rights_label"] == "Kun efter aftale med kommunen"


def test_published_back_valid(app, imported):
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl",
                                              status=200).body,
                                 format="turtle")
    ref = rdflib.URIRef
    assert set(graph.objects(ref("https://x.example/ds/inspire"),
                             DCT.accessRights)) == {ref(EU_PUBLIC)}
    assert set(graph.objects(ref("https://x.example/ds/other"),
                             DCT.accessRights)) == {ref(OTHER)}
    assert str(graph.value(ref(OTHER), RDFS.label)) == "Intern"
    (node,) = graph.objects(ref("https://x.example/ds/blank"),
                            DCT.accessRights)
    assert isinstance(node, rdflib.BNode)
    assert (node, RDF.type, DCT.RightsStatement) in graph
    assert str(graph.value(node, RDFS.label)) == \
        "Kun efter aftale med kommunen"
    found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found[:20]))


def test_rights_known_by_label_only_are_not_public(municipal_dataset,
                                                   municipality):
    """A closed licence is refused for a public dataset only: access
    rights known by their label are not known to be public."""
    org = municipality("751")
    data = dict(municipal_dataset, owner_org=org["id"],
                license_id="other-closed")
    data["resources"] = [dict(r, license_id="other-closed")
                         for r in data["resources"]]
    with pytest.raises(Exception) as raised:
        helpers.call_action("package_create", **data)
    assert "license_id" in raised.value.error_dict
    created = helpers.call_action("package_create", **dict(
        data, access_rights="", access_rights_label="Kun efter aftale"))
    assert created["access_rights_label"] == "Kun efter aftale"
