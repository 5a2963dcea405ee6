"""The demo portal's data (demo/data/*.yaml), loaded by the demo's own
loader (demo/load.py) into the test database with the demo's plugins:
what a visitor of `make demo` would notice."""
from collections import defaultdict

from rdflib.namespace import RDF

import pytest

from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.municipal_schema import demo, rules, vocab

from tests.municipal_schema.shacl import DCAT, DCAT_AP, HVD, turtle, violations

from tests.demo_portal import PORTAL, load

# demo/demo.ini.template's plugins, without activity and the views
pytestmark = pytest.mark.ckan_config(
    "ckan.plugins", "postgres_search municipal_schema scheming_datasets "
    "scheming_organizations dcat maturity")


def _anonymous(action, **data):
    return helpers.call_action(action, context={"user": "", "ignore_auth": False},
                               **data)


def _spec_of(name):
    return next(d for d in PORTAL["datasets"] if d["name"] == name)



# -- the YAML itself, in the schema's shape ----------------------------------
def test_yaml_describes_the_three_regions():
    countries = {org["country"] for org in PORTAL["organizations"]}
    assert countries == {"DK", "BE", "SE"}
    assert len(PORTAL["organizations"]) == 8
    assert 30 <= len(PORTAL["datasets"]) <= 45
    assert 2 <= sum(bool(d.get("private")) for d in PORTAL["datasets"]) <= 5


def test_yaml_uses_the_schemas_codes():
    municipalities = vocab.vocabulary("municipalities")
    orgs = {o["name"]: o for o in PORTAL["organizations"]}
    for org in orgs.values():
        term = municipalities.get(org["municipality_code"])
        assert term and term.extra["country"] == org["country"], org["name"]
        assert term.extra["region"] == org["region"], org["name"]
    for d in PORTAL["datasets"]:
        where = d["name"]
        assert d["municipality_code"] == \
            orgs[d["organization"]]["municipality_code"], where
        assert vocab.dataset_type(d["dataset_type_code"]), where
        assert d["update_frequency"] in vocab.vocabulary("frequencies"), where
        assert d["access_rights"] in vocab.vocabulary("access_rights"), where
        for theme in d["data_themes"]:
            assert theme in vocab.vocabulary("data_themes"), where
        for language in d["language"]:
            assert language in vocab.vocabulary("languages"), where
        for uri in d.get("hvd_category", []):
            assert vocab.vocabulary("hvd_categories").by_uri(uri), where
        assert d["license_id"] in vocab.vocabulary("licences"), where
        if d["access_rights"] == "PUBLIC":
            assert rules.is_open_licence(d["license_id"]), where
        assert rules.is_email(d["author_email"]) and d["author"], where
        assert all(r.get("format") for r in d["resources"]), where
    assert sum(bool(d.get("hvd_category")) for d in PORTAL["datasets"]) >= 5


# -- what a visitor sees -----------------------------------------------------
@pytest.mark.usefixtures("demo_portal")
def test_every_municipality_exists_with_its_official_code(app):
    for spec in PORTAL["organizations"]:
        org = _anonymous("organization_show", id=spec["name"])
        assert org["title"] == spec["title"]
        assert org["municipality_code"] == spec["municipality_code"]
        assert org["country"] == spec["country"]
        assert org["contact_email"] == spec["contact_email"]
    page = app.get("/organization/about/stad-gent").body
    assert "44021" in page


@pytest.mark.usefixtures("demo_portal")
def test_a_demo_dataset_is_found_by_a_word_of_its_title():
    result = _anonymous("package_search", q="parkeergarages")
    assert [d["name"] for d in result["results"]] == [
        "gent-bezetting-parkeergarages"]
    dataset = result["results"][0]
    assert dataset["organization"]["name"] == "stad-gent"
    assert dataset["municipality_code"] == "44021"
    assert dataset["dataset_type_code"] == "parking"
    assert {r["format"] for r in dataset["resources"]} >= {"CSV", "JSON"}
    # facets a visitor clicks on: the organizations and themes
    facets = _anonymous("package_search", rows=0,
                        **{"facet.field": '["organization", "groups"]'})
    assert len(facets["facets"]["organization"]) == len(PORTAL["organizations"])
    assert facets["facets"]["groups"]["mobility"] >= 5


@pytest.mark.usefixtures("demo_portal")
def test_private_demo_datasets_are_not_visible_anonymously():
    private = [d for d in PORTAL["datasets"] if d.get("private")]
    public = [d for d in PORTAL["datasets"] if not d.get("private")]
    everything = _anonymous("package_search", rows=1000, include_private=True)
    assert everything["count"] == len(public)
    assert not {d["name"] for d in private} & \
        {d["name"] for d in everything["results"]}
    for spec in private:
        with pytest.raises(tk.NotAuthorized):
            _anonymous("package_show", id=spec["name"])
        # ... while the organization's editors do see it
        assert helpers.call_action("package_show", id=spec["name"])["private"]


@pytest.mark.usefixtures("demo_portal")
def test_an_hvd_dataset_has_its_applicable_legislation(app):
    spec = _spec_of("aarhus-luftkvalitet")
    shown = _anonymous("package_show", id=spec["name"])
    assert shown["hvd_category"] == spec["hvd_category"]
    assert shown["applicable_legislation"] == [rules.HVD_LEGISLATION]
    plain = _anonymous("package_show", id="aarhus-legepladser")
    assert not plain.get("hvd_category")
    assert not plain.get("applicable_legislation")
    # ... and says so in its DCAT-AP record
    turtle = app.get(f"/dataset/{spec['name']}.ttl").body
    assert rules.HVD_LEGISLATION in turtle
    assert spec["hvd_category"][0] in turtle


@pytest.mark.usefixtures("demo_portal")
def test_a_dataset_type_page_lists_the_municipalities_publishing_it(app):
    by_type = defaultdict(set)
    for d in PORTAL["datasets"]:
        if not d.get("private"):
            by_type[d["dataset_type_code"]].add(d["municipality_code"])
    municipalities = vocab.vocabulary("municipalities")
    assert len(by_type["parking"]) >= 3
    page = app.get("/dataset-types/parking").body
    for code in by_type["parking"]:
        assert municipalities.get(code).label() in page
    # every page of the catalogue shows its type and who publishes it
    catalogue = app.get("/dataset-types", status=200).body
    for t in vocab.dataset_types():
        assert f'href="/dataset-types/{t.code}"' in catalogue, t.code
    for url in demo.pages()[1:]:
        t = vocab.dataset_type(url.rsplit("/", 1)[1])
        page = app.get(url, status=200).body
        assert t.name() in page, url
        if by_type[t.code]:
            for code in by_type[t.code]:
                assert municipalities.get(code).label() in page, (url, code)
        else:
            assert "No municipality publishes this type yet." in page, url
    types = _anonymous("municipal_dataset_type_list", with_counts=True)
    counts = {t["code"]: t["dataset_count"] for t in types}
    assert counts["air-quality"] == sum(
        1 for d in PORTAL["datasets"]
        if d["dataset_type_code"] == "air-quality" and not d.get("private"))


@pytest.mark.usefixtures("demo_portal")
def test_every_demo_dataset_is_valid_dcat_ap(app):
    """Each public demo dataset's own record against the DCAT-AP 3.0.1
    shapes (HVD ones against the HVD shapes too), then the whole
    /catalog.ttl, with the assertion per dataset."""
    public = [d for d in PORTAL["datasets"] if not d.get("private")]
    for spec in public:
        graph = turtle(app, f"/dataset/{spec['name']}.ttl")
        assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1, spec["name"]
        shapes = DCAT_AP + (HVD if spec.get("hvd_category") else ())
        found = violations(graph, *shapes)
        assert found == [], (spec["name"], found)
    catalog = turtle(app, "/catalog.ttl")
    listed = set(map(str, catalog.subjects(RDF.type, DCAT.Dataset)))
    assert len(listed) == len(public)
    found = violations(catalog, *DCAT_AP)
    assert found == [], found


@pytest.mark.usefixtures("demo_portal")
def test_a_dataset_page_in_danish_shows_danish_labels(app):
    page = app.get("/da_DK/dataset/aarhus-luftkvalitet").body
    for label in ("Opdateringsfrekvens", "Hver time", "Luftkvalitet"):
        assert label in page


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_loading_again_updates_only_what_changed():
    first = load.sync(PORTAL)
    assert first["datasets"]["created"] == len(PORTAL["datasets"])
    assert first["organizations"]["created"] == len(PORTAL["organizations"])
    before = helpers.call_action("package_show", id="kk-gadetraeer")

    second = load.sync(PORTAL)
    for kind, counts in second.items():
        assert set(counts) == {"unchanged"}, (kind, counts)
    assert helpers.call_action("package_search", include_private=True,
                               rows=0)["count"] == len(PORTAL["datasets"])
    assert helpers.call_action("package_show", id="kk-gadetraeer")[
        "metadata_modified"] == before["metadata_modified"]

    changed = dict(PORTAL, datasets=[
        dict(d, title="Bytræer i København", tags=d["tags"] + ["bytræer"],
             update_frequency="MONTHLY")
        if d["name"] == "kk-gadetraeer" else d for d in PORTAL["datasets"]])
    third = load.sync(changed)
    assert third["datasets"] == {"updated": 1,
                                 "unchanged": len(PORTAL["datasets"]) - 1}
    after = helpers.call_action("package_show", id="kk-gadetraeer")
    assert after["id"] == before["id"]
    assert after["title"] == "Bytræer i København"
    assert after["update_frequency"] == "MONTHLY"
    assert "bytræer" in {t["name"] for t in after["tags"]}
    assert [r["id"] for r in after["resources"]] == \
        [r["id"] for r in before["resources"]]
    found = helpers.call_action("package_search", q="bytræer")
    assert [d["name"] for d in found["results"]] == ["kk-gadetraeer"]

    # a field dropped from the YAML is dropped from the dataset too
    dropped = dict(PORTAL, datasets=[
        {k: v for k, v in d.items() if k != "hvd_category"}
        if d["name"] == "kk-gadetraeer" else d for d in changed["datasets"]])
    assert load.sync(dropped)["datasets"]["updated"] == 1
    after = helpers.call_action("package_show", id="kk-gadetraeer")
    assert not after.get("hvd_category")
    assert not after.get("applicable_legislation")
    assert load.sync(dropped)["datasets"] == {
        "unchanged": len(PORTAL["datasets"])}


@pytest.mark.usefixtures("clean_db")
def test_the_demo_sysadmin_keeps_its_password():
    from ckan import model
    assert load.ensure_sysadmin("admin", "first-password") == "created"
    assert load.ensure_sysadmin("admin", "first-password") == "unchanged"
    assert load.ensure_sysadmin("admin", "second-password") == "updated"
    user = model.User.get("admin")
    assert user.sysadmin and user.validate_password("second-password")
