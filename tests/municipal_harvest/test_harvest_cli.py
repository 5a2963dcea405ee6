"""``ckan harvester source create ... municipal_dcat`` and ``ckan
harvester run-test`` through the installed ``ckan`` command, against a
DCAT-AP catalogue served on 127.0.0.1: publishers' organizations, a second
run that changes nothing, updates, withdrawals, two sources with the same
dataset, a source answering 500, a document that is not RDF, a paged
catalogue and a page of it that fails."""
import json

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.tests import factories

from . import catalogue as cat
from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("harvest_db")]

DATASETS = [cat.dataset("parkering", "Parkering i Aarhus"),
            cat.dataset("affald", "Affald i Gent", cat.GENT),
            cat.dataset("luft", "Luftkvalitet i Göteborg", cat.GOTEBORG)]


def create_source(ckan_cli, name, url, config=None, cli=False):
    """The source ``name`` of the organization ``region``, through the
    installed ``ckan harvester source create`` where ``cli`` (as the
    README has it), else through the action (a command's start-up
    saved: the runs go through the command)."""
    stderr = ""
    if cli:
        stderr = ckan_cli("harvester", "source", "create", name, url,
                          "municipal_dcat", f"Source {name}", "true",
                          "region", "MANUAL",
                          *([json.dumps(config)] if config else [])).stderr
    else:
        tk.get_action("harvest_source_create")(
            {"user": factories.Sysadmin()["name"]},
            {"name": name, "url": url, "source_type": "municipal_dcat",
             "title": f"Source {name}", "active": True,
             "owner_org": "region", "frequency": "MANUAL",
             "config": json.dumps(config) if config else ""})
    # ckanext-harvest 1.6.3 creates the source, then fails printing it
    # (its status is not yet there when package_create shows the new
    # source): what counts is that the source exists, with our type.
    source = tk.get_action("harvest_source_show")(
        {"ignore_auth": True}, {"id": name})
    assert source["source_type"] == "municipal_dcat", stderr
    return source


def run(ckan_cli, name):
    done = ckan_cli("harvester", "run-test", name)
    assert done.returncode == 0, done.stderr[-3000:]
    source = tk.get_action("harvest_source_show")(
        {"ignore_auth": True}, {"id": name})
    job = tk.get_action("harvest_job_list")(
        {"ignore_auth": True}, {"source_id": source["id"]})[0]
    report = tk.get_action("harvest_job_report")(
        {"ignore_auth": True}, {"id": job["id"]})
    return job, report


def show(name):
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": name})


def activities(name):
    """The dataset's activities, those of the site user too (which
    package_activity_list hides: ckan.hide_activity_from_users)."""
    from ckanext.activity.model import Activity
    return model.Session.query(Activity).filter(
        Activity.object_id == show(name)["id"]).count()


def organization(name):
    return tk.get_action("organization_show")(
        {"ignore_auth": True}, {"id": name, "include_extras": True})


def test_gathers_into_publishers_organizations(ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url, {"create_organizations": True},
                  cli=True)
    job, report = run(ckan_cli, "regional")
    assert report["gather_errors"] == [] and report["object_errors"] == {}
    assert job["stats"]["added"] == 3
    # Aarhus by the authority URI of its municipality code
    assert show("parkering")["organization"]["name"] == "aarhus"
    # Gent and Göteborg created, with code, country and region
    gent = organization(show("affald")["organization"]["name"])
    assert (gent["title"], gent["municipality_code"], gent["country"],
            gent["region"]) == ("Stad Gent", "44021", "BE",
                                "Provincie Oost-Vlaanderen")
    goteborg = organization(show("luft")["organization"]["name"])
    assert (goteborg["municipality_code"], goteborg["country"]) == (
        "1480", "SE")
    # imported as `ckan municipal-schema import` would: the schema's fields
    parkering = show("parkering")
    assert parkering["title"] == "Parkering i Aarhus"
    assert parkering["resources"][0]["url"] == \
        "https://data.example.org/files/parkering.csv"


def test_without_creating_organizations_the_source_org_takes_them(
        ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url)
    job, _report = run(ckan_cli, "regional")
    assert job["stats"]["added"] == 3
    assert show("parkering")["organization"]["name"] == "aarhus"
    assert show("affald")["organization"]["name"] == "region"
    assert [o for o in tk.get_action("organization_list")(
        {"ignore_auth": True}, {}) if "gent" in o] == []


def test_kept_in_step(ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url)
    run(ckan_cli, "regional")
    before = {d: show(d)["metadata_modified"] for d in
              ("parkering", "affald", "luft")}
    activity = {d: activities(d) for d in before}
    assert activity == dict.fromkeys(before, 1)  # "created"

    job, report = run(ckan_cli, "regional")
    assert job["stats"]["not modified"] == 3, job["stats"]
    assert job["stats"]["added"] == job["stats"]["updated"] == 0
    assert {d: show(d)["metadata_modified"] for d in before} == before
    assert {d: activities(d) for d in before} == activity

    changed = [cat.dataset("parkering", "Parkering i Aarhus midtby"),
               DATASETS[1]]
    catalogue.serve("/catalog.ttl", cat.turtle(changed))
    job, report = run(ckan_cli, "regional")
    assert (job["stats"]["updated"], job["stats"]["not modified"],
            job["stats"]["deleted"]) == (1, 1, 1), job["stats"]
    assert show("parkering")["title"] == "Parkering i Aarhus midtby"
    assert activities("parkering") == 2
    assert show("affald")["metadata_modified"] == before["affald"]
    assert activities("affald") == 1
    assert show("luft")["state"] == "deleted"


def test_same_dataset_from_two_sources_first_kept(ckan_cli, catalogue,
                                                  region):
    first = catalogue.serve("/a.ttl", cat.turtle(DATASETS[:1]))
    second = catalogue.serve("/b.ttl", cat.turtle(
        [cat.dataset("parkering", "Parkering (kopi)")]))
    create_source(ckan_cli, "first", first)
    create_source(ckan_cli, "second", second)
    run(ckan_cli, "first")
    job, report = run(ckan_cli, "second")
    assert job["stats"]["errored"] == 1
    (error,) = report["object_errors"].values()
    assert error["guid"] == cat.BASE + "parkering"
    assert 'Already harvested from the source "Source first"' in \
        error["errors"][0]["message"]
    assert show("parkering")["title"] == "Parkering i Aarhus"
    found = tk.get_action("package_search")(
        {"ignore_auth": True}, {"q": "parkering"})
    assert found["count"] == 1
    # the second source's run withdraws nothing of the first's
    run(ckan_cli, "second")
    assert show("parkering")["state"] == "active"


def test_source_answering_500_changes_nothing(ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url)
    run(ckan_cli, "regional")
    catalogue.serve("/catalog.ttl", "boom", status=500,
                    content_type="text/plain")
    job, report = run(ckan_cli, "regional")
    (error,) = report["gather_errors"]
    assert "500" in error["message"] and url in error["message"]
    assert job["stats"]["deleted"] == 0
    assert all(show(d)["state"] == "active"
               for d in ("parkering", "affald", "luft"))


def test_document_that_is_not_rdf(ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url)
    run(ckan_cli, "regional")
    catalogue.serve("/catalog.ttl", "<html><body>Maintenance</body></html>",
                    content_type="text/html")
    job, report = run(ckan_cli, "regional")
    (error,) = report["gather_errors"]
    assert error["message"].startswith(
        f"{url}: The document is not RDF (Turtle, RDF/XML or JSON-LD)")
    assert job["stats"]["deleted"] == 0
    assert show("luft")["state"] == "active"

    catalogue.serve("/catalog.ttl", cat.turtle(DATASETS).encode("latin-1"))
    job, report = run(ckan_cli, "regional")
    (error,) = report["gather_errors"]
    assert error["message"] == f"{url}: The document is not RDF (Turtle, " \
        "RDF/XML or JSON-LD): not UTF-8 text"
    assert job["stats"]["deleted"] == 0


def test_paged_catalogue_and_a_page_that_fails(ckan_cli, catalogue, region):
    first = catalogue.url + "/catalog.ttl"
    second = catalogue.url + "/catalog.ttl?page=2"
    catalogue.serve("/catalog.ttl", cat.turtle(
        DATASETS[:2], page=first, next_page=second))
    catalogue.serve("/catalog.ttl?page=2", cat.turtle(
        DATASETS[2:], page=second))
    create_source(ckan_cli, "regional", first)
    job, _report = run(ckan_cli, "regional")
    assert job["stats"]["added"] == 3
    assert show("luft")["state"] == "active"

    catalogue.serve("/catalog.ttl?page=2", "down", status=503,
                    content_type="text/plain")
    job, report = run(ckan_cli, "regional")
    (error,) = report["gather_errors"]
    assert "503" in error["message"] and "page=2" in error["message"]
    # a failing page withdraws neither its datasets nor the others
    assert job["stats"]["deleted"] == 0
    assert all(show(d)["state"] == "active"
               for d in ("parkering", "affald", "luft"))


def test_source_create_refuses_wrong_settings(ckan_cli, catalogue, region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    done = ckan_cli("harvester", "source", "create", "regional", url,
                    "municipal_dcat", "Regional", "true", "region", "MANUAL",
                    json.dumps({"profiles": ["nope"],
                                "create_organizations": "yes"}))
    assert done.returncode != 0
    assert '"profiles": "nope" is no RDF profile of this portal' in \
        done.stderr
    assert '"create_organizations": must be true or false, not "yes"' in \
        done.stderr
    with pytest.raises(tk.ObjectNotFound):
        tk.get_action("harvest_source_show")({"ignore_auth": True},
                                             {"id": "regional"})


def test_job_report_counts_and_worst_problems(app, ckan_cli, catalogue,
                                              region):
    url = catalogue.serve("/catalog.ttl", cat.turtle(
        DATASETS[:2] + [cat.dataset("untitled", "")]))
    create_source(ckan_cli, "regional", url)
    run(ckan_cli, "regional")
    job, _report = run(ckan_cli, "regional")
    page = f"/harvest/regional/job/{job['id']}"
    admin = factories.Sysadmin()
    token = factories.APIToken(user=admin["name"])["token"]
    response = app.get(page, headers={"Authorization": token}, status=200)
    html = BeautifulSoup(response.body, "html.parser")
    section = html.find("section", class_="municipal-harvest-report")
    counts = {row.th.get_text(strip=True): row.td.get_text(strip=True)
              for row in section.find_all("tr")}
    assert counts == {"Created": "0", "Updated": "0", "Unchanged": "2",
                      "Refused": "1", "Withdrawn": "0"}
    problems = section.find("ul", class_="municipal-harvest-problems")
    assert cat.BASE + "untitled" in problems.get_text()
    assert "Title: is required." in problems.get_text()

    # the report follows the job: not for anonymous, nor for an editor of
    # another organization
    app.get(page, status=403)
    outsider = factories.User()
    factories.Organization(users=[{"name": outsider["name"],
                                   "capacity": "editor"}])
    for headers in ({}, {"Authorization": factories.APIToken(
            user=outsider["name"])["token"]}):
        answer = app.get("/api/action/municipal_harvest_job_report",
                         params={"id": job["id"]}, headers=headers,
                         status=403)
        assert answer.json["error"]["message"] == \
            "Access denied: Not authorized to see this harvest job"
    answer = app.get("/api/action/municipal_harvest_job_report",
                     params={"id": job["id"]},
                     headers={"Authorization": token}, status=200)
    assert answer.json["result"]["counts"]["refused"] == 1
