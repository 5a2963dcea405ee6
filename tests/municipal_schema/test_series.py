"""Dataset series (DCAT-AP 3), issue 19 item 5: imported with their
members (dcat:inSeries and dcat:seriesMember), ordered, shown on the
dataset page in the reader's language, and published back under the
URIs they came with, valid under the DCAT-AP 3.0.1 shapes."""
import pathlib

import pytest
import rdflib
from bs4 import BeautifulSoup
from rdflib.namespace import RDF

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from .conftest import PLUGINS, form_as_sent
from .shacl import DCAT, DCAT_AP, violations

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

NORWAY = pathlib.Path(__file__).parent.parent / "data" / "dcat-national" / \
    "no--dataset-series-example.ttl"
EX = "http://example.org/"
MEMBER_LIST = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://x.example/series/roads> a dcat:DatasetSeries ;
  dct:title "Vejarbejder" ; dct:description "Vejarbejder pr. år." ;
  dcat:seriesMember <https://x.example/ds/roads-2023> .
<https://x.example/ds/roads-2023> a dcat:Dataset ;
  dct:title "Vejarbejder 2023" ; dct:description "Vejarbejder i 2023." .
<https://x.example/ds/roads-2024> a dcat:Dataset ;
  dct:title "Vejarbejder 2024" ; dct:description "Vejarbejder i 2024." ;
  dcat:inSeries <https://x.example/series/elsewhere> .
"""


def _import(text, org, name="series.ttl"):
    try:
        return helpers.call_action(
            "municipal_dcat_import", document=text, name=name,
            organization=org)["rows"]
    except tk.ValidationError as error:
        return error.error_dict["datasets"]


@pytest.fixture
def norway(municipality):
    org = municipality("751")
    rows = _import(NORWAY.read_text("utf-8"), org["name"], NORWAY.name)
    return {r["ref"][len(EX):]: r for r in rows}


def test_series_and_members_are_imported_in_order(norway):
    assert {k: r["status"] for k, r in norway.items()} == {
        "budget": "created", "budget-2018": "created",
        "budget-2019": "created", "budget-2020": "created"}
    series = helpers.call_action("package_show",
                                 id=norway["budget"]["name"])
    assert series["type"] == "dataset_series"
    assert series["series_order_field"] == "issued"
    navigation = series["series_navigation"]
    assert navigation["count"] == 3
    assert navigation["first"]["name"] == norway["budget-2018"]["name"]
    assert navigation["last"]["name"] == norway["budget-2020"]["name"]
    middle = helpers.call_action("package_show",
                                 id=norway["budget-2019"]["name"])
    assert middle["in_series"] == [series["id"]]
    (nav,) = middle["series_navigation"]
    assert nav["previous"]["name"] == norway["budget-2018"]["name"]
    assert nav["next"]["name"] == norway["budget-2020"]["name"]
    # licence: not asked of a series
    assert not any("Licence" in n for n in norway["budget"]["notes"])


def test_a_second_import_leaves_series_and_members_unchanged(
        norway, municipality):
    rows = _import(NORWAY.read_text("utf-8"), "municipality-751")
    assert {r["status"] for r in rows} == {"unchanged"}


def test_series_member_lists_and_unknown_series(municipality):
    org = municipality("751")
    rows = {r["ref"].rsplit("/", 1)[1]: r
            for r in _import(MEMBER_LIST, org["name"])}
    assert {k: r["status"] for k, r in rows.items()} == {
        "roads": "created", "roads-2023": "created",
        "roads-2024": "created"}
    member = helpers.call_action("package_show",
                                 id=rows["roads-2023"]["name"])
    series = helpers.call_action("package_show", id=rows["roads"]["name"])
    assert member["in_series"] == [series["id"]]
    assert series["series_order_field"] == ""
    assert 'Dataset series: "https://x.example/series/elsewhere" is not ' \
        "loaded (refused, or neither in the document nor on the portal); " \
        "the dataset is imported outside it." in rows["roads-2024"]["notes"]


def test_catalogue_publishes_series_under_their_uris_and_validates(
        app, norway):
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl",
                                              status=200).body,
                                 format="turtle")
    budget = rdflib.URIRef(EX + "budget")
    assert (budget, RDF.type, DCAT.DatasetSeries) in graph
    assert (budget, DCAT.first, rdflib.URIRef(EX + "budget-2018")) in graph
    assert (budget, DCAT.last, rdflib.URIRef(EX + "budget-2020")) in graph
    assert set(graph.objects(budget, DCAT.seriesMember)) == {
        rdflib.URIRef(EX + f"budget-{y}") for y in (2018, 2019, 2020)}
    middle = rdflib.URIRef(EX + "budget-2019")
    assert (middle, DCAT.inSeries, budget) in graph
    assert (middle, DCAT.prev, rdflib.URIRef(EX + "budget-2018")) in graph
    assert (middle, DCAT.next, rdflib.URIRef(EX + "budget-2020")) in graph
    found = violations(graph, *DCAT_AP)
    assert found == [], "\n".join(map(str, found[:20]))


def test_member_alone_links_a_described_series(app, norway):
    name = norway["budget-2019"]["name"]
    graph = rdflib.Graph().parse(data=app.get(f"/dataset/{name}.ttl").body,
                                 format="turtle")
    budget = rdflib.URIRef(EX + "budget")
    # the series is described where only its member is published
    assert (budget, RDF.type, DCAT.DatasetSeries) in graph
    assert violations(graph, *DCAT_AP) == []


@pytest.mark.ckan_config("ckan.locale_default", "da_DK")
def test_member_page_links_its_series_in_the_readers_language(
        app, norway):
    name = norway["budget-2019"]["name"]
    page = app.get(f"/dataset/{name}", status=200).body
    assert "Dataserie" in page
    assert "Budget data" in page
    assert "Forrige i serien" in page and "Næste i serien" in page
    series_page = app.get(f"/dataset_series/{norway['budget']['name']}",
                          status=200).body
    assert "Budget data for year 2018" in series_page


def test_in_series_refuses_what_is_no_series_naming_the_field(
        municipal_dataset, municipality):
    org = municipality("751")
    other = factories.Dataset(owner_org=org["id"])
    data = dict(municipal_dataset, owner_org=org["id"],
                in_series=[other["id"]])
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", **data)
    assert raised.value.error_dict["in_series"] == [
        f'Dataset series: "{other["id"]}" is not a dataset series of the '
        "portal."]


def test_in_series_needs_the_right_to_update_the_series(
        municipal_dataset, municipality):
    owner = municipality("751")
    series = helpers.call_action(
        "package_create", type="dataset_series", name="budget-series",
        title="Budget", notes="Budgets by year.", owner_org=owner["id"])
    user = factories.User()
    mine = municipality("101", users=[{"name": user["name"],
                                       "capacity": "editor"}])
    data = dict(municipal_dataset, owner_org=mine["id"],
                in_series=["budget-series"])
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", context={
            "user": user["name"], "ignore_auth": False}, **data)
    assert raised.value.error_dict["in_series"] == [
        'Dataset series: you may not add datasets to the series '
        '"budget-series".']
    created = helpers.call_action(
        "package_create", **dict(data, owner_org=owner["id"]))
    assert created["in_series"] == [series["id"]]


def test_series_form_creates_a_series_for_editors_only(app, municipality):
    editor = factories.User()
    org = municipality("751", users=[{"name": editor["name"],
                                      "capacity": "editor"}])
    headers = {"Authorization": factories.APIToken(user=editor["id"])[
        "token"]}
    app.get("/dataset_series/new", status=403)  # anonymous
    page = app.get("/dataset_series/new", headers=headers, status=200)
    action, fields = form_as_sent(page.body)
    assert "series_order_field" in fields and "license_id" not in fields
    fields.update({"title": "Budget", "name": "budget-series",
                   "notes": "Budgets by year.", "owner_org": org["id"],
                   "series_order_field": "issued", "save": ""})
    response = app.post(action or "/dataset_series/new", headers=headers,
                        data=fields, follow_redirects=False)
    assert response.status_code == 302, response.body
    shown = helpers.call_action("package_show", id="budget-series")
    assert shown["type"] == "dataset_series"
    assert shown["series_order_field"] == "issued"
    fields.update({"name": "budget-2", "series_order_field": "colour"})
    response = app.post(action or "/dataset_series/new", headers=headers,
                        data=fields)
    assert 'Order of the series: "colour" is not one of the allowed ' \
        "values." in BeautifulSoup(response.body, "html.parser").get_text()


def test_a_private_series_is_not_linked_for_those_who_may_not_see_it(
        app, municipality, municipal_dataset):
    org = municipality("751")
    series = helpers.call_action(
        "package_create", type="dataset_series", name="hidden-series",
        title="Hidden", notes="Not public.", owner_org=org["id"],
        private=True)
    member = helpers.call_action("package_create", **dict(
        municipal_dataset, owner_org=org["id"], in_series=[series["id"]]))
    app.get("/dataset_series/hidden-series", status=404)
    body = app.get(f"/dataset/{member['name']}", status=200).body
    assert "Hidden" not in body
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body,
                                 format="turtle")
    assert list(graph.subjects(RDF.type, DCAT.DatasetSeries)) == []
    assert list(graph.objects(None, DCAT.inSeries)) == []
    assert violations(graph, *DCAT_AP) == []
    sysadmin = factories.SysadminWithToken()
    graph = rdflib.Graph().parse(data=app.get(
        "/catalog.ttl", headers={"Authorization": sysadmin["token"]}).body,
        format="turtle")
    assert len(list(graph.objects(None, DCAT.inSeries))) == 1


def test_dataset_form_offers_the_series_the_editor_may_add_to(
        app, municipality, oddk_dataset):
    editor = factories.User()
    mine = municipality("751", users=[{"name": editor["name"],
                                       "capacity": "editor"}])
    other = municipality("101")
    for org, title in ((mine, "Our budget"), (other, "Their budget")):
        helpers.call_action(
            "package_create", type="dataset_series", title=title,
            name=title.lower().replace(" ", "-"), notes=title,
            owner_org=org["id"])
    draft = helpers.call_action("package_create", **dict(
        oddk_dataset, owner_org=mine["id"], state="draft"))
    headers = {"Authorization": factories.APIToken(user=editor["id"])[
        "token"]}
    # the series field is on the form's last page
    page = BeautifulSoup(app.get(f"/dataset/new/{draft['name']}/3",
                                 headers=headers).body, "html.parser")
    (select,) = page.select("select[name=in_series]")
    offered = select.get_text(" ", strip=True)
    assert "Our budget" in offered
    assert "Their budget" not in offered
