"""The maturity forms refuse a post that lacks the CSRF token of the
person's session. CKAN 2.12 checks every plugin's form; CKAN 2.11, by
default, none (`ckan.csrf_protection.ignore_extensions`), so the suite adds
the check there (ckanext.municipal_opendata.compat.csrf_protected).
These tests run with 2.11's default left as it is."""
import re

import pytest

from ckan.tests import factories, helpers

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]

PASSWORD = "correct-horse-battery-staple"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def form_token(client, url):
    body = client.get(url).get_data(as_text=True)
    match = TOKEN.search(body)
    assert match, f"no CSRF token in the form of {url}"
    return match.group(1)


@pytest.fixture
def editor_session(app):
    """A browser session of an editor of Leuven, logged in through the
    login form (cookies kept between requests)."""
    editor = factories.User(name="leuven-editor", fullname="Lies Peeters",
                            password=PASSWORD)
    factories.Organization(name="leuven", users=[
        {"name": editor["name"], "capacity": "editor"}])
    client = app.test_client()
    response = client.post("/user/login", follow_redirects=True, data={
        "login": editor["name"], "password": PASSWORD,
        "_csrf_token": form_token(client, "/user/login")})
    assert "Lies Peeters" in response.get_data(as_text=True)
    return client


def assessments():
    return helpers.call_action("maturity_assessment_list",
                               organization_id="leuven",
                               context={"ignore_auth": True})


def test_start_without_token_is_refused(editor_session):
    response = editor_session.post("/organization/leuven/maturity/assess",
                                   data={"start": "1"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert assessments() == []


def test_start_with_wrong_token_is_refused(editor_session):
    response = editor_session.post("/organization/leuven/maturity/assess",
                                   data={"start": "1",
                                         "_csrf_token": "forged"})
    assert response.status_code == 400
    assert assessments() == []


def test_start_with_the_form_token_starts_the_assessment(editor_session):
    url = "/organization/leuven/maturity/assess"
    response = editor_session.post(url, data={
        "start": "1", "_csrf_token": form_token(editor_session, url)})
    assert response.status_code in (200, 302)
    listed = assessments()
    assert [a["state"] for a in listed] == ["draft"]
