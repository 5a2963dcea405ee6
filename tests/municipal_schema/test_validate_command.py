"""`ckan municipal-schema validate`: the portal's datasets checked as it
publishes them against DCAT-AP 3.0.1 (and HVD 3.0.0 where they claim it),
each violation named in DCAT-AP's terms, exit status 1 when any violates;
only public datasets unless named. (The installed command runs in
tests/test_documented_commands.py.)"""
import pytest

from ckan.tests import helpers

from ckanext.municipal_schema.cli import municipal_schema

from .conftest import PLUGINS
from .test_dcat import MOBILITY

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


@pytest.fixture
def catalogue(municipality, municipal_dataset):
    """Aarhus: a dataset, an HVD one and a private one; Gent: a dataset."""
    aarhus, gent = municipality("751"), municipality("44021")

    def create(org, name, **fields):
        return helpers.call_action("package_create", owner_org=org["id"],
                                   **dict(municipal_dataset, name=name,
                                          **fields))
    create(aarhus, "parkering")
    create(aarhus, "busstop", hvd_category=[MOBILITY],
           resources=[{"url": "https://aarhus.dk/stop.csv", "name": "Stop",
                       "format": "CSV"}])
    create(aarhus, "udkast", private=True)
    create(gent, "parkeren", municipality_code="44021")


def validate(cli, *args):
    return cli.invoke(municipal_schema, ["validate", *args])


def test_the_portals_own_profile_publishes_datasets_that_conform(
        cli, catalogue):
    result = validate(cli)
    assert result.exit_code == 0, result.output
    # the private draft is not published: not checked
    assert result.output.strip() == (
        "3 datasets checked against DCAT-AP 3.0.1 (1 also against HVD "
        "3.0.0): 3 conform, 0 violate, 0 cannot be written")


@pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_2")
def test_violations_are_named_and_the_exit_status_says_so(cli, catalogue):
    """ckanext-dcat's DCAT-AP 2 profile writes formats as text, and HVD
    distributions without their legislation."""
    result = validate(cli, "--organization", "municipality-751")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "! busstop: 7 violations" in lines
    assert "! parkering: 4 violations" in lines
    for line in ("dcat:Distribution dcatap:applicableLegislation: missing",
                 "dcat:Distribution dct:format: a value of the wrong kind "
                 "(CSV)",
                 "dcat:Dataset dct:language: a value of the wrong kind "
                 "(DAN)",
                 # a blank node is not named by its meaningless identifier
                 "dcat:Dataset dcat:contactPoint: a value of the wrong kind"):
        assert "    " + line in lines
    assert not any("parkeren" in line for line in lines)  # Gent's
    assert lines[-1] == (
        "2 datasets checked against DCAT-AP 3.0.1 (1 also against HVD "
        "3.0.0): 0 conform, 2 violate, 0 cannot be written")


def test_named_datasets_private_ones_too_and_an_unknown_name(cli, catalogue):
    result = validate(cli, "udkast", "parkeren")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 datasets checked")
    result = validate(cli, "parkering", "nowhere")
    assert result.exit_code == 1
    assert "Error: nowhere: no such dataset" in result.output
