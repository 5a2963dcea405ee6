"""Bad input to the DCAT-AP import: a document that is not RDF, RDF with no
dataset, a malformed date. Each gets a clear reason naming the field
(an unknown licence URI is kept and noted as not known to be open), in the command's report and in the API's 409;
nothing is stored for a refused dataset, the others are loaded. Who may
import (the action's auth function), roles and organizations."""
import json

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.municipal_schema.cli import municipal_schema

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

HEAD = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix eu: <http://publications.europa.eu/resource/authority/> .
"""


def dataset(slug, title, extra=""):
    return f"""
<https://data.example.dk/dataset/{slug}> a dcat:Dataset ;
  dct:title "{title}"@da ;
  dct:description "{title}, beskrevet."@da ;
  {extra}
  dcat:distribution <https://data.example.dk/dataset/{slug}/csv> .
<https://data.example.dk/dataset/{slug}/csv> a dcat:Distribution ;
  dcat:accessURL <https://data.example.dk/{slug}.csv> .
"""


MIXED = HEAD + dataset("good", "Affald", "dct:license eu:licence\\/CC0 ;") + \
    dataset("licence", "Vejnet",
            "dct:license <https://example.org/licences/our-own> ;") + \
    dataset("date", "Skoler",
            'dct:issued "2023-13-45"^^xsd:date ; '
            "dct:license eu:licence\\/CC0 ;")


@pytest.fixture
def org(municipality):
    return municipality("751")


def import_(org, document, **kwargs):
    return helpers.call_action("municipal_dcat_import", document=document,
                               organization=org["name"], **kwargs)


def stored_titles():
    return sorted(p.title for p in model.Session.query(model.Package))


def test_not_rdf_is_refused_as_a_whole(org, cli, tmp_path):
    with pytest.raises(tk.ValidationError) as raised:
        import_(org, "Dette er ikke RDF, bare tekst { ; }")
    assert raised.value.error_dict["document"][0].startswith(
        "The document is not RDF (Turtle, RDF/XML or JSON-LD)")
    path = tmp_path / "notes.txt"
    path.write_text("just some text", encoding="utf-8")
    result = cli.invoke(municipal_schema, ["import", str(path),
                                           "--organization", org["name"]])
    assert result.exit_code == 1
    assert "The document is not RDF" in result.output
    assert stored_titles() == []


def test_rdf_without_a_dataset(org):
    document = HEAD + """
<https://data.example.dk/catalog> a dcat:Catalog ; dct:title "Tomt"@da ."""
    with pytest.raises(tk.ValidationError) as raised:
        import_(org, document)
    assert raised.value.error_dict["document"] == [
        "The document describes no dataset (dcat:Dataset)."]


def test_refused_datasets_store_nothing_and_the_others_load(org):
    with pytest.raises(tk.ValidationError) as raised:
        import_(org, MIXED)
    errors = raised.value.error_dict
    assert errors["message"] == ["1 of 3 datasets refused."]
    rows = {row["ref"].rsplit("/", 1)[1]: row for row in errors["datasets"]}
    assert rows["good"]["status"] == "created"
    # a licence of no known register is kept, noted, not refused (issue 19)
    assert rows["licence"]["status"] == "created"
    assert 'Licence: "https://example.org/licences/our-own" is not known ' \
        "to be open; kept as given." in rows["licence"]["notes"]
    assert rows["date"]["status"] == "refused"
    assert rows["date"]["errors"]["issued"] == [
        'Release date: "2023-13-45" is not an ISO 8601 date (YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm:ss).']
    assert stored_titles() == ["Affald", "Vejnet"]
    stored = helpers.call_action("package_show", id=rows["licence"]["name"])
    assert stored["license_id"] == "https://example.org/licences/our-own"


def test_the_api_answers_409_with_the_report(app, org):
    sysadmin = factories.SysadminWithToken()
    response = app.post(
        "/api/3/action/municipal_dcat_import",
        json={"document": MIXED, "organization": org["name"]},
        headers={"Authorization": sysadmin["token"]}, status=409)
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    refused = {row["title"]: row["errors"] for row in error["datasets"]
               if row["status"] == "refused"}
    assert set(refused) == {"Skoler"}
    assert "issued" in refused["Skoler"]
    assert stored_titles() == ["Affald", "Vejnet"]


def test_the_command_prints_each_refusal_with_its_reason(org, cli, tmp_path):
    path = tmp_path / "mixed.ttl"
    path.write_text(MIXED, encoding="utf-8")
    result = cli.invoke(municipal_schema, ["import", str(path),
                                           "--organization", org["name"]])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "+ created: Affald <https://data.example.dk/dataset/good> -> " \
        "affald" in lines
    assert "+ created: Vejnet <https://data.example.dk/dataset/licence> " \
        "-> vejnet" in lines
    assert '    note: Licence: "https://example.org/licences/our-own" ' \
        "is not known to be open; kept as given." in lines
    assert '    issued: Release date: "2023-13-45" is not an ISO 8601 date ' \
        "(YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm:ss)." in lines
    # imports need no author: what is missing is recommended instead
    assert "    note: Author: missing; the publisher should add it " \
        "(required in the form)." in lines
    assert lines[-1] == "3 found (turtle): 2 created, 1 refused"


def test_an_unknown_organization_is_named(org, cli, tmp_path):
    path = tmp_path / "mixed.ttl"
    path.write_text(MIXED, encoding="utf-8")
    result = cli.invoke(municipal_schema, ["import", str(path),
                                           "--organization", "nowhere"])
    assert result.exit_code == 1
    assert 'Organization: "nowhere" does not exist.' in result.output
    assert stored_titles() == []


def test_without_a_matching_publisher_or_default_it_is_refused(org, cli,
                                                               tmp_path):
    path = tmp_path / "mixed.ttl"
    path.write_text(HEAD + dataset("good", "Affald", (
        "dct:publisher [ a <http://xmlns.com/foaf/0.1/Agent> ; "
        '<http://xmlns.com/foaf/0.1/name> "Nowhere Kommune" ] ;')),
        encoding="utf-8")
    result = cli.invoke(municipal_schema, ["import", str(path)])
    assert result.exit_code == 1
    assert '    owner_org: Publisher: "Nowhere Kommune" matches no ' \
        "organization of the portal, and no default organization was " \
        "given." in result.output.splitlines()
    assert stored_titles() == []


@pytest.mark.ckan_config(
    "ckanext.municipal_schema.import_default_organization",
    "municipality-751")
def test_the_default_organization_from_the_config(org):
    report = helpers.call_action(
        "municipal_dcat_import", document=HEAD + dataset("good", "Affald"))
    assert [r["status"] for r in report["rows"]] == ["created"]
    stored = helpers.call_action("package_show", id=report["rows"][0]["name"])
    assert stored["organization"]["name"] == "municipality-751"


# -- who may import ---------------------------------------------------------

ROLES = ["anonymous", "member", "editor", "admin", "other_admin", "sysadmin"]
ALLOWED = {"editor", "admin", "sysadmin"}


def _user(role, org, other):
    if role == "anonymous":
        return None
    if role == "sysadmin":
        return factories.Sysadmin()
    user = factories.User()
    target = other if role == "other_admin" else org
    helpers.call_action("organization_member_create", id=target["id"],
                        username=user["name"],
                        role="admin" if role == "other_admin" else role)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_who_may_import(role, municipality):
    org, other = municipality("751"), municipality("461")
    user = _user(role, org, other)
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    document = HEAD + dataset("good", "Affald")
    if role in ALLOWED:
        report = helpers.call_action("municipal_dcat_import", context,
                                     document=document,
                                     organization=org["name"])
        assert [r["status"] for r in report["rows"]] == ["created"]
        assert stored_titles() == ["Affald"]
    else:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("municipal_dcat_import", context,
                                document=document, organization=org["name"])
        assert stored_titles() == []


def test_an_editor_cannot_import_into_another_municipality(municipality):
    """The publisher of the document is Odense; an editor of Aarhus
    imports it: refused for that dataset, Odense's private dataset of the
    same URI untouched."""
    aarhus, odense = municipality("751"), municipality("461")
    editor = factories.User()
    helpers.call_action("organization_member_create", id=aarhus["id"],
                        username=editor["name"], role="editor")
    document = HEAD + dataset("good", "Affald", (
        "dct:publisher <https://api.dataforsyningen.dk/kommuner/0461> ;"))
    first = helpers.call_action("municipal_dcat_import", document=document,
                                organization=odense["name"])
    name = first["rows"][0]["name"]
    # Odense completes it in the form and makes it private
    helpers.call_action("package_patch", id=name, private=True,
                        author="Odense Kommune",
                        author_email="data@odense.dk", license_id="CC0")
    changed = document.replace('"Affald"@da', '"Affald (ændret)"@da')
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action(
            "municipal_dcat_import",
            {"user": editor["name"], "ignore_auth": False},
            document=changed, organization=aarhus["name"])
    row, = raised.value.error_dict["datasets"]
    assert row["status"] == "refused"
    assert row["errors"]["owner_org"] == [
        'Organization: you may not add or change datasets of '
        '"municipality-461".']
    stored = helpers.call_action("package_show", id=name)
    assert stored["title"] == "Affald"
    assert stored["private"] is True
    assert json.dumps(row).count("Affald") >= 1


@pytest.mark.parametrize("lang,words", [
    ("da_DK", "Dokumentet beskriver intet datasæt (dcat:Dataset)."),
    ("nl", "Het document beschrijft geen dataset (dcat:Dataset)."),
    ("sv", "Dokumentet beskriver ingen datamängd (dcat:Dataset)."),
    ("en", "The document describes no dataset (dcat:Dataset)."),
])
def test_the_409_speaks_the_portal_language(request, ckan_config,
                                            monkeypatch, org, lang, words):
    monkeypatch.setitem(ckan_config, "ckan.locale_default", lang)
    app = request.getfixturevalue("app")
    sysadmin = factories.SysadminWithToken()
    response = app.post(
        "/api/3/action/municipal_dcat_import",
        json={"document": HEAD + "<https://x.example/c> a dcat:Catalog .",
              "organization": org["name"]},
        headers={"Authorization": sysadmin["token"]}, status=409)
    assert response.json["error"]["document"] == [words]
