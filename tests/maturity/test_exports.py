"""The assessment's CSV export writes text that starts like a formula as
text (issue #17, item 3). Of its cells only the organization's name is
typed by a user (the rest comes from the framework's data files), and a
name may start with "-" only: a municipality named "-2-1" must not be
read as the formula -2-1."""
import csv
import io

import pytest

from ckan.tests import factories, helpers

from .conftest import full_answers

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]


def test_organization_name_is_text_numbers_are_numbers(app, framework):
    editor = factories.User()
    factories.Organization(name="-2-1", users=[
        {"name": editor["name"], "capacity": "editor"}])
    context = {"user": editor["name"], "ignore_auth": False}
    draft = helpers.call_action(
        "maturity_assessment_create", context=dict(context),
        organization_id="-2-1", answers=full_answers(framework, 2, 1))
    helpers.call_action("maturity_assessment_submit", context=dict(context),
                        id=draft["id"])
    token = factories.APIToken(user=editor["id"])["token"]
    body = app.get("/organization/-2-1/maturity/export.csv",
                   headers={"Authorization": token}).get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"),
                                           newline="")))
    assert len(rows) == len(framework.domains)
    assert {r["Organization name"] for r in rows} == {"'-2-1"}
    assert {r["Gap"] for r in rows} == {"1"}  # numbers stay numbers
