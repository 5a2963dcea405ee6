"""Validation in production: each harvested dataset, as the portal
publishes it, checked against the DCAT-AP 3.0.1 shapes (and HVD 3.0.0
where it claims to be high-value); the result kept with the job, shown on
the job page, reused for an unchanged dataset, and read by the charter's
"DCAT-AP compliance" indicator instead of its stand-in."""
import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from . import catalogue as cat
from .conftest import PLUGINS
from .test_harvest_cli import create_source, run

WITH_CHARTER = PLUGINS + " charter"
# A portal still publishing with ckanext-dcat's DCAT-AP 2 profile: it
# writes formats as text and leaves HVD distributions without their
# legislation, which the 3.0.1 and HVD shapes refuse
PLAIN_DCAT = {"ckanext.dcat.rdf.profiles": "euro_dcat_ap_2"}
PARSE_WITH = {"profiles": "euro_dcat_ap_3 municipal_dcat_ap_3"}
HVD = ("\n    dcatap:hvdCategory <http://data.europa.eu/bna/c_b79e35eb> ;")
DATASETS = [cat.dataset("parkering", "Parkering i Aarhus"),
            cat.dataset("stoppesteder", "Stoppesteder i Aarhus", more=HVD)]

pytestmark = [pytest.mark.ckan_config("ckan.plugins", WITH_CHARTER),
              pytest.mark.usefixtures("harvest_db")]


def job_report(job):
    return tk.get_action("municipal_harvest_job_report")(
        {"ignore_auth": True}, {"id": job["id"]})


def indicator(name):
    shown = tk.get_action("charter_dataset_show")(
        {"ignore_auth": True}, {"id": name})
    return next(row for row in shown["quality"]["indicators"]
                if row["code"] == "dcat_ap_compliance")


def test_the_portals_own_profile_publishes_what_the_shapes_accept(
        ckan_cli, catalogue, region):
    ckan_cli.configure(WITH_CHARTER)
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url)
    job, _ = run(ckan_cli, "regional")
    validation = job_report(job)["validation"]
    assert (validation["checked"], validation["conforming"],
            validation["violating"]) == (2, 2, 0)
    # the HVD dataset was checked against the HVD shapes too
    assert validation["shapes"] == ["DCAT-AP 3.0.1", "HVD 3.0.0"]
    row = indicator("stoppesteder")
    assert (row["status"], row["points"]) == ("met", 30)
    assert row["shacl"] == {"shapes": ["DCAT-AP 3.0.1", "HVD 3.0.0"],
                            "violations": 0}


@pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_2")
def test_violations_are_kept_with_the_job_and_shown(app, ckan_cli, catalogue,
                                                    region):
    ckan_cli.configure(WITH_CHARTER, **PLAIN_DCAT)
    url = catalogue.serve("/catalog.ttl", cat.turtle(DATASETS))
    create_source(ckan_cli, "regional", url, PARSE_WITH)
    job, _ = run(ckan_cli, "regional")
    validation = job_report(job)["validation"]
    assert (validation["checked"], validation["conforming"],
            validation["violating"]) == (2, 0, 2)
    worst = validation["worst"][0]
    assert worst["title"] == "Stoppesteder i Aarhus"  # the most violations
    texts = [v["text"] for v in worst["violations"]]
    assert ("A distribution: dcatap:applicableLegislation is missing; "
            "DCAT-AP requires it.") in texts
    assert "A distribution: dct:format has a value of the wrong kind (CSV)." \
        in texts
    frequent = {v["text"]: v["datasets"] for v in validation["frequent"]}
    assert frequent["A distribution: dct:format has a value of the wrong "
                    "kind."] == 2
    # one fault once (dct:format breaks two constraints of two files)
    assert len(texts) == len(set(texts))

    # the job page, to the source organization's sysadmin
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    html = BeautifulSoup(app.get(f"/harvest/regional/job/{job['id']}",
                                 headers={"Authorization": token},
                                 status=200).body, "html.parser")
    summary = html.find(class_="municipal-harvest-validation-summary")
    assert summary.get_text(" ", strip=True).startswith(
        "0 of 2 datasets conform to DCAT-AP 3.0.1, HVD 3.0.0; 2 have "
        "violations.")
    listed = html.find("ul", class_="municipal-harvest-violations")
    assert "Stoppesteder i Aarhus" in listed.get_text()
    assert "dcatap:applicableLegislation is missing" in listed.get_text()

    # the charter reads the SHACL result, not its stand-in (which the
    # dataset meets: title, description, an access URL)
    row = indicator("parkering")
    assert (row["status"], row["points"]) == ("missed", 0)
    assert row["shacl"]["violations"] >= 1

    # an unchanged dataset keeps the result of the run that checked it
    job2, _ = run(ckan_cli, "regional")
    again = job_report(job2)
    assert again["counts"]["unchanged"] == 2
    assert again["validation"]["worst"] == validation["worst"]


def test_a_dataset_no_harvest_checked_keeps_the_stand_in(region):
    dataset = factories.Dataset(owner_org=region["id"], notes="Beskrivelse",
                                resources=[{"url": "https://x.example/a"}])
    row = indicator(dataset["name"])
    assert (row["status"], row["points"]) == ("met", 30)
    assert "shacl" not in row
