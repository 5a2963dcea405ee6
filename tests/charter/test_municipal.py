"""With the whole suite on (municipal schema, ckanext-dcat, maturity):
the score computed from the dataset dict agrees with the indicators
counted on the portal's DCAT-AP output for every demo dataset; the
organization principles come from the maturity assessment."""
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from ckan.tests import helpers

from ckanext.charter import quality

from tests.demo_portal import PORTAL

pytestmark = pytest.mark.ckan_config(
    "ckan.plugins", "postgres_search municipal_schema scheming_datasets "
    "scheming_organizations dcat maturity charter")

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"
EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"


def rdf_shares(graph: rdflib.Graph) -> dict[str, float]:
    """The MQA indicators counted on the RDF, as data.europa.eu would."""
    m = quality.method()
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))

    def has(subject, predicate):
        return (subject, predicate, None) in graph

    dists = list(graph.objects(dataset, DCAT.distribution))

    def share(test):
        return sum(bool(test(d)) for d in dists) / len(dists) if dists else 0.0

    def code(d):
        fmt = next(graph.objects(d, DCTERMS["format"]), None)
        return str(fmt)[len(FILE_TYPE):] if fmt and str(fmt).startswith(
            FILE_TYPE) else ""

    return {
        "keyword": float(has(dataset, DCAT.keyword)),
        "theme": float(has(dataset, DCAT.theme)),
        "spatial": float(has(dataset, DCTERMS.spatial)),
        "temporal": float(has(dataset, DCTERMS.temporal)),
        "download_url": share(lambda d: has(d, DCAT.downloadURL)),
        "format": share(lambda d: has(d, DCTERMS["format"])),
        "media_type": share(lambda d: has(d, DCAT.mediaType)),
        "format_vocabulary": share(
            lambda d: code(d) in m.formats
            and m.formats[code(d)].get("eu", True)),
        "format_non_proprietary": share(
            lambda d: m.formats.get(code(d), {}).get("non_proprietary")),
        "format_machine_readable": share(
            lambda d: m.formats.get(code(d), {}).get("machine_readable")),
        "dcat_ap_compliance": float(
            has(dataset, DCTERMS.title) and has(dataset, DCTERMS.description)
            and all(has(d, DCAT.accessURL) for d in dists)),
        "licence": share(lambda d: has(d, DCTERMS.license)),
        "licence_vocabulary": share(lambda d: any(
            str(o).startswith(EU_LICENCE)
            for o in graph.objects(d, DCTERMS.license))),
        "access_rights": float(has(dataset, DCTERMS.accessRights)),
        "access_rights_vocabulary": float(any(
            str(o).startswith(EU_ACCESS)
            for o in graph.objects(dataset, DCTERMS.accessRights))),
        "contact_point": float(has(dataset, DCAT.contactPoint)),
        "publisher": float(has(dataset, DCTERMS.publisher)),
        "rights": share(lambda d: has(d, DCTERMS.rights)),
        "byte_size": share(lambda d: has(d, DCAT.byteSize)),
        "issued": share(lambda d: has(d, DCTERMS.issued)),
        "modified": share(lambda d: has(d, DCTERMS.modified)),
    }


def test_score_agrees_with_the_dcat_output(demo_portal):
    names = [d["name"] for d in PORTAL["datasets"]]
    assert len(names) >= 30
    for name in names:
        turtle = helpers.call_action("dcat_dataset_show", id=name,
                                     format="turtle")
        graph = rdflib.Graph().parse(data=turtle, format="turtle")
        expected = rdf_shares(graph)
        computed = {i["code"]: i["share"] for i in helpers.call_action(
            "charter_dataset_show", id=name)["quality"]["indicators"]
            if i["code"] in expected}
        assert computed == {k: round(v, 3) for k, v in expected.items()}, name


def _answers(framework, domain_levels):
    answers = {}
    for d in framework["domains"]:
        level = domain_levels.get(d["code"], 1)
        for s in d["statements"]:
            answers[f"{d['code']}.{s['code']}"] = level
        answers[f"{d['code']}.need"] = 1
    return answers


@pytest.mark.parametrize("shared", [True, False])
def test_organization_principles_from_maturity(writable_demo_portal, shared):
    """Principle 19 (procurement) is linked to the legal and procurement
    domain of the maturity framework: read from the latest submitted
    assessment, as far as the user may see it."""
    from ckan.tests import factories
    member = factories.User()
    helpers.call_action("organization_member_create", id="stad-leuven",
                        username=member["name"], role="member")
    framework = helpers.call_action("maturity_framework_show", lang="en")
    legal = next(d for d in framework["domains"] if 19 in d["principles"])
    answers = _answers(framework, {legal["code"]: 3})
    a = helpers.call_action("maturity_assessment_create",
                            organization_id="stad-leuven", answers=answers,
                            shared=shared)
    helpers.call_action("maturity_assessment_submit", id=a["id"])

    def principle(user, number):
        s = helpers.call_action(
            "charter_organization_summary",
            context={"user": user, "ignore_auth": False}, id="stad-leuven")
        return next(p for p in s["charters"][0]["principles"]
                    if p["number"] == number)

    seen = principle(member["name"], 19)["maturity"]
    assert seen["met"] is True
    assert legal["name"] in seen["domains"]
    # a principle whose linked domains are all at "started" is not met
    eight = principle(member["name"], 8)["maturity"]
    assert eight["met"] is False and eight["level"] == 1
    assert (principle("", 19)["maturity"] is not None) == shared
