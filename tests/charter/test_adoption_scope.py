"""A dataset is held to the charters its organization adopted
(``ckanext.charter.adopted_only``, on by default): a Danish municipality
that adopted the international charter is not measured against the
Flemish one, and the network page shows each charter with the
organizations that adopted it. Adopting or dropping a charter evaluates
and indexes the organization's datasets again."""
import pytest

from ckan.tests import helpers

from .test_actions import call

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search charter"),
              pytest.mark.ckan_config(
                  "ckanext.charter.charters",
                  "smart-flanders-2018 open-data-charter-2015"),
              pytest.mark.ckan_config("ckanext.charter.adopted_only", "true"),
              pytest.mark.usefixtures("clean_db")]

PROVEN_9 = 'vocab_charter_proven:"smart-flanders:9"'


def _charters(name):
    return [c["code"] for c in
            call(None, "charter_dataset_show", id=name)["charters"]]


def _proven(fq):
    return {d["name"] for d in
            helpers.call_action("package_search", fq=fq)["results"]}


def test_no_adoption_no_charter(roles, datasets):
    assert _charters("parking") == []
    assert _proven(PROVEN_9) == set()
    # the metadata quality score is there all the same
    assert call(None, "charter_dataset_show",
                id="parking")["quality"]["max"] == 405


def test_adoption_applies_its_charter_to_its_datasets(roles, datasets):
    call(roles.admin, "charter_adoption_create", organization_id="leuven",
         charter="smart-flanders", adopted="2018-06-25")
    assert _charters("parking") == ["smart-flanders"]
    # Gent adopted nothing: its dataset proves no principle
    assert _charters("gent-trees") == []
    assert _proven(PROVEN_9) == {"parking"}
    assert _proven('vocab_charter_proven:"open-data-charter:1"') == set()

    network = call(None, "charter_network_summary")
    assert [c["code"] for c in network["charters"]] == ["smart-flanders"]
    assert [o["name"] for o in network["charters"][0]["organizations"]] \
        == ["leuven"]
    organization = call(None, "charter_organization_summary", id="gent")
    assert organization["charters"] == []

    call(roles.admin, "charter_adoption_delete", organization_id="leuven",
         charter="smart-flanders")
    assert _charters("parking") == []
    assert _proven(PROVEN_9) == set()


def test_portal_without_adoptions_holds_every_dataset_to_every_charter(
        roles, datasets, ckan_config):
    ckan_config["ckanext.charter.adopted_only"] = "false"
    assert _charters("gent-trees") == ["smart-flanders", "open-data-charter"]
