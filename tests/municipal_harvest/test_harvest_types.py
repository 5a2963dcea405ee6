"""The job report counts the source's datasets without a dataset type,
which the coverage matrix does not count, and links whoever may confirm
suggested types (sysadmins, the secretariat) to them; an editor of the
source's organization sees the count, not the link."""
import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from .conftest import PLUGINS
from .test_harvest_cli import DATASETS, create_source, run
from . import catalogue as cat

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS + " prioritization"),
    pytest.mark.usefixtures("harvest_db")]


def untyped_line(app, job, token):
    html = BeautifulSoup(app.get(
        f"/harvest/regional/job/{job['id']}",
        headers={"Authorization": token}, status=200).body, "html.parser")
    return html.find("p", class_="municipal-harvest-untyped")


def test_the_report_counts_untyped_datasets_and_links_to_suggestions(
        app, ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url, {"create_organizations": True})
    job, _report = run(ckan_cli, "regional")
    admin = factories.Sysadmin()
    report = tk.get_action("municipal_harvest_job_report")(
        {"user": admin["name"]}, {"id": job["id"]})
    assert report["untyped"] == 3
    # a type the secretariat confirmed counts: two left
    tk.get_action("prioritization_type_suggestion_confirm")(
        {"user": admin["name"]}, {"id": "parkering",
                                  "dataset_type_code": "parking"})
    assert tk.get_action("municipal_harvest_job_report")(
        {"user": admin["name"]}, {"id": job["id"]})["untyped"] == 2
    line = untyped_line(app, job, factories.APIToken(
        user=admin["name"])["token"])
    assert line.get_text(" ", strip=True).startswith(
        "2 datasets of this source have no dataset type yet: the coverage "
        "matrix does not count them.")
    assert line.find("a")["href"] == "/prioritization/type-suggestions"
    # the source's editors see the job and the count, not the list, which
    # names private datasets of every organization
    editor = factories.User()
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": region["id"], "username": editor["name"],
                                "role": "editor"})
    line = untyped_line(app, job, factories.APIToken(
        user=editor["name"])["token"])
    assert line.get_text(" ", strip=True).startswith("2 datasets")
    assert line.find("a") is None
