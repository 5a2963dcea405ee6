"""Suggested dataset types (issue #21): who may list and confirm them
(anonymous, a municipality's member and editor, another municipality's
admin, a re-user, the secretariat, a sysadmin), a private dataset of
another organization shown to the secretariat only, the form's CSRF check,
a bad type refused naming the field, and the confirmed dataset counted in
the coverage matrix."""

import pytest
from bs4 import BeautifulSoup

import ckan.model as model
from ckan.tests import helpers

from tests.roles import PASSWORD, csrf_token_of, logged_in

from .conftest import SECRETARIAT, call, headers, make_roles, make_tokens

PLUGINS = ("postgres_search municipal_schema scheming_datasets "
           "scheming_organizations dcat prioritization")
URL = "/prioritization/type-suggestions"

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
]

NOT_FULL = ["anonymous", "reuser", "member", "editor", "admin", "other"]
FULL = ["secretary", "sysadmin"]
REFUSAL = "Only sysadmins and the programme"


def _dataset(org, name, title, private=False, **fields):
    """As a harvest stores it: by the site user, without an author."""
    site = helpers.call_action("get_site_user", context={"ignore_auth": True})
    return helpers.call_action(
        "package_create", context={"user": site["name"], "ignore_auth": True},
        name=name, title=title, notes="Gegevens van de stad.",
        owner_org=org["id"], private=private, license_id="cc-by", **fields)


@pytest.fixture
def site(clean_db, clean_index):
    """Leuven: public parking and a typed dataset, and one nothing is
    suggested for; Gent: private waste collection."""
    roles = make_roles()
    for who in ("editor", "secretary"):
        helpers.call_action("user_update", context={"ignore_auth": True},
                            id=roles[who]["id"], name=roles[who]["name"],
                            email=f"{who}@example.org", password=PASSWORD)
    roles["tokens"] = make_tokens(roles)
    _dataset(roles.org, "leuven-parkeerplaatsen", "Parkeerplaatsen Leuven",
             tag_string="parkeergarage,mobiliteit")
    _dataset(roles.org, "leuven-geluid", "Geluidskaarten",
             dataset_type_code="noise")
    _dataset(roles.org, "leuven-logo", "Logo's van de stad")
    _dataset(roles.other_org, "gent-afval", "Afvalinzameling ophaalkalender",
             private=True)
    return roles


def _listed(result):
    return {r["name"]: r["suggestions"][0]["code"] for r in result["results"]}


@pytest.mark.parametrize("who", NOT_FULL + FULL)
def test_list_action_by_role(site, who):
    user = None if who == "anonymous" else site[who]
    if who in FULL:
        result = call(user, "prioritization_type_suggestion_list")
        assert _listed(result) == {"leuven-parkeerplaatsen": "parking",
                                   "gent-afval": "waste-containers"}
        (parking,) = [r for r in result["results"]
                      if r["name"] == "leuven-parkeerplaatsen"]
        assert parking["organization"] == "leuven"
        assert parking["suggestions"][0]["name"] == \
            "Parking (locations and occupancy)"
        assert [(m["field"], m["words"]) for m in
                parking["suggestions"][0]["matches"]] == [
            ("title", "Parkeerplaatsen"), ("keywords", "parkeergarage")]
    else:
        with pytest.raises(helpers.logic.NotAuthorized):
            call(user, "prioritization_type_suggestion_list")


@pytest.mark.parametrize("who", NOT_FULL + FULL)
def test_page_by_role(app, site, who):
    response = app.get(URL, headers=headers(site["tokens"], who),
                       status=None)
    body = response.get_data(as_text=True)
    if who not in FULL:
        assert response.status_code == 403
        assert "see the suggested dataset types" in body
        assert "Afvalinzameling" not in body
        return
    assert response.status_code == 200
    page = BeautifulSoup(body, "html.parser")
    rows = {tr["id"]: tr for tr in page.select(
        "table.prioritization-type-suggestions tbody tr")}
    assert set(rows) == {"suggestion-leuven-parkeerplaatsen",
                         "suggestion-gent-afval"}
    parking = rows["suggestion-leuven-parkeerplaatsen"]
    assert parking.find("a")["href"].endswith("/dataset/leuven-parkeerplaatsen")
    assert "Leuven" in parking.get_text()
    # the type's name, never its code
    assert parking.select_one(".prioritization-suggested-type").get_text(
        strip=True) == "Parking (locations and occupancy)"
    assert "Parkeerplaatsen (in the title)" in parking.get_text()
    assert "parkeergarage (in the keywords)" in parking.get_text()
    chosen = parking.select_one("select option[selected]")
    assert chosen["value"] == "parking"
    assert len(parking.select("select option")) == 27
    assert "Private" in rows["suggestion-gent-afval"].get_text()


@pytest.mark.parametrize("who", ["anonymous", "editor", "secretary",
                                 "sysadmin"])
def test_coverage_page_links_the_suggestions_for_the_secretariat(
        app, site, who):
    body = app.get("/prioritization/coverage",
                   headers=headers(site["tokens"], who)).get_data(
        as_text=True)
    link = 'href="/prioritization/type-suggestions"'
    assert (link in body) == (who in FULL)
    assert ("Review the suggested dataset types" in body) == (who in FULL)


@pytest.mark.parametrize("who", NOT_FULL)
def test_confirm_refused_to_all_but_the_secretariat(site, who):
    user = None if who == "anonymous" else site[who]
    with pytest.raises(helpers.logic.NotAuthorized):
        call(user, "prioritization_type_suggestion_confirm",
             id="leuven-parkeerplaatsen", dataset_type_code="parking")
    assert helpers.call_action("package_show", id="leuven-parkeerplaatsen"
                               ).get("dataset_type_code") in (None, "")


def _coverage_parking():
    per_type = helpers.call_action("prioritization_coverage")["per_type"]
    return per_type.get("parking", {}).get("published", 0)


@pytest.mark.parametrize("who", FULL)
def test_confirm_sets_the_type_and_the_coverage_counts_it(site, who):
    assert _coverage_parking() == 0
    result = call(site[who], "prioritization_type_suggestion_confirm",
                  id="leuven-parkeerplaatsen", dataset_type_code="parking")
    assert result["confirmed_by"] == site[who]["name"]
    assert result["label"] == "Parking (locations and occupancy)"
    assert helpers.call_action("package_show", id="leuven-parkeerplaatsen"
                               )["dataset_type_code"] == "parking"
    assert _coverage_parking() == 1
    # no longer suggested, and not confirmed twice
    assert "leuven-parkeerplaatsen" not in _listed(
        call(site[who], "prioritization_type_suggestion_list"))
    with pytest.raises(helpers.logic.ValidationError) as refused:
        call(site[who], "prioritization_type_suggestion_confirm",
             id="leuven-parkeerplaatsen", dataset_type_code="noise")
    assert refused.value.error_dict == {"dataset_type_code": [
        "This dataset already has a dataset type"]}


def test_secretariat_may_choose_another_type_of_a_private_dataset(site):
    call(site.secretary, "prioritization_type_suggestion_confirm",
         id="gent-afval", dataset_type_code="road-works")
    shown = helpers.call_action("package_show", id="gent-afval")
    assert shown["dataset_type_code"] == "road-works"
    assert shown["private"] is True


@pytest.mark.parametrize("code", ["nope", "Parking"])
def test_a_bad_type_is_refused_naming_the_field(site, code):
    with pytest.raises(helpers.logic.ValidationError) as refused:
        call(site.secretary, "prioritization_type_suggestion_confirm",
             id="leuven-parkeerplaatsen", dataset_type_code=code)
    assert refused.value.error_dict == {"dataset_type_code": [
        f'"{code}" is not a type of the dataset-type catalogue']}
    with pytest.raises(helpers.logic.ValidationError) as missing:
        call(site.secretary, "prioritization_type_suggestion_confirm",
             id="leuven-parkeerplaatsen")
    assert set(missing.value.error_dict) == {"dataset_type_code"}


def _type_of(name):
    model.Session.remove()  # read what the request committed
    return helpers.call_action("package_show", id=name).get(
        "dataset_type_code")


def test_form_needs_the_csrf_token_and_the_secretariat(app, site):
    form = {"id": "leuven-parkeerplaatsen", "dataset_type_code": "parking"}
    # what makes CKAN 2.12 stop checking the view: a token-bearing request
    app.test_client().get(URL, headers={"Authorization":
                                        site["tokens"]["reuser"]})
    secretary = logged_in(app, site.secretary)
    forged = secretary.post(URL, data=form)
    assert forged.status_code == 400
    assert "CSRF" in forged.get_data(as_text=True)
    assert not _type_of("leuven-parkeerplaatsen")
    # an editor of Leuven with a valid token: not the secretariat
    editor = logged_in(app, site.editor)
    token = csrf_token_of(editor, "/prioritization/coverage")
    refused = editor.post(URL, data={**form, "_csrf_token": token})
    assert refused.status_code == 403
    assert "confirm a suggested dataset type" in refused.get_data(
        as_text=True)
    assert not _type_of("leuven-parkeerplaatsen")
    # the secretariat with its token
    token = csrf_token_of(secretary, URL)
    done = secretary.post(URL, data={**form, "_csrf_token": token},
                          follow_redirects=True)
    assert done.status_code == 200
    assert "dataset type Parking (locations and occupancy) set" in \
        done.get_data(as_text=True)
    assert _type_of("leuven-parkeerplaatsen") == "parking"


def test_a_bad_type_posted_is_named_in_the_readers_language(app, site):
    secretary = logged_in(app, site.secretary)
    token = csrf_token_of(secretary, URL)
    done = secretary.post("/da_DK" + URL, follow_redirects=True, data={
        "id": "leuven-parkeerplaatsen", "dataset_type_code": "nope",
        "_csrf_token": token})
    body = done.get_data(as_text=True)
    assert "Datasættype: &#34;nope&#34; er ikke en type i kataloget" in body \
        or 'Datasættype: "nope" er ikke en type i kataloget' in body
    assert not _type_of("leuven-parkeerplaatsen")
