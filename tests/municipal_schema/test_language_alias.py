"""Danish visitors type /da/, the portal's locale is da_DK: the short
prefix reaches the page (issue #20), for GET only, and only where no page
answers."""
import pytest

from ckanext.municipal_schema.views import language_aliases

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search municipal_schema "
                                      "scheming_datasets "
                                      "scheming_organizations dcat"),
              pytest.mark.ckan_config("ckan.locales_offered",
                                      "en da_DK nl sv")]


def test_aliases_of_the_offered_locales():
    assert language_aliases(["en", "da_DK", "nl", "sv"]) == {"da": "da_DK"}
    # a short code that is offered itself, or shared, is no alias
    assert language_aliases(["da", "da_DK"]) == {}
    assert language_aliases(["pt_BR", "pt_PT"]) == {}


@pytest.mark.usefixtures("clean_db")
@pytest.mark.parametrize("path,target", [
    ("/da", "/da_DK/"),
    ("/da/", "/da_DK/"),
    ("/da/dataset?q=parkering", "/da_DK/dataset?q=parkering"),
    ("/da/dataset-types/parking", "/da_DK/dataset-types/parking"),
])
def test_short_prefix_redirects(app, path, target):
    response = app.get(path, follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"].endswith(target)


@pytest.mark.usefixtures("clean_db")
def test_other_prefixes_and_posts_are_left_alone(app):
    assert app.get("/xx/dataset", follow_redirects=False).status_code == 404
    # a form is never sent on to another address
    assert app.post("/da/dataset", follow_redirects=False).status_code \
        in (400, 403, 404, 405)
    # CKAN's own prefix answers as before
    assert app.get("/da_DK/dataset").status_code == 200
