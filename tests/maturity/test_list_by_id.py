"""maturity_assessment_list takes the organization as ``id`` too, as
CKAN's own list actions name it (issue #20)."""
import pytest

from ckan.tests import factories, helpers

from .conftest import full_answers

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]


def test_list_by_id_or_organization_id(framework):
    editor = factories.User()
    org = factories.Organization(name="aarhus", users=[
        {"name": editor["name"], "capacity": "editor"}])
    context = {"user": editor["name"], "ignore_auth": False}
    draft = helpers.call_action(
        "maturity_assessment_create", context=dict(context),
        organization_id="aarhus", answers=full_answers(framework, 2, 1))
    for key, value in (("id", "aarhus"), ("id", org["id"]),
                       ("organization_id", "aarhus")):
        listed = helpers.call_action("maturity_assessment_list",
                                     context=dict(context), **{key: value})
        assert [a["id"] for a in listed] == [draft["id"]]
