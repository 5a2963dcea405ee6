"""The charter demo on top of the demo portal, with the demo's plugins:
claims, adoptions, ratings and history a visitor would look at."""
import importlib.util
from pathlib import Path

import pytest

from ckan.tests import helpers

from ckanext.charter.demo import load_demo

_LOADER = Path(__file__).resolve().parents[2] / "demo" / "load.py"
_spec = importlib.util.spec_from_file_location("demo_load_charter_demo",
                                               _LOADER)
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

pytestmark = [pytest.mark.ckan_config(
    "ckan.plugins", "postgres_search municipal_schema scheming_datasets "
    "scheming_organizations dcat maturity charter"),
    pytest.mark.ckan_config("ckanext.charter.charters",
                            "smart-flanders-2018 open-data-charter-2015")]


def test_demo(clean_db, clean_index, app):
    load.sync(load.read_portal())
    counts = load_demo()
    assert counts == {"adoptions": 5, "claims": 7, "datasets": 2,
                      "months": 6}
    assert load_demo() == {"adoptions": 0, "claims": 0, "datasets": 0,
                           "months": 0}
    network = helpers.call_action("charter_network_summary")
    ratings = {r["code"]: r["count"] for r in network["ratings"]}
    assert ratings["good"] and ratings["sufficient"] and ratings["bad"]
    assert len(network["history"]) == 7  # six demo months and this one
    assert len(network["adoptions"]) == 5
    ev = helpers.call_action("charter_dataset_show",
                             id="odense-budgetforslag-2026")
    assert "smart-flanders:9" in ev["claimed"]
    assert "smart-flanders:9" in ev["contradicted"]
    telraam = helpers.call_action("charter_dataset_show",
                                  id="leuven-telraam-ruwe-data")
    assert "smart-flanders:2" in telraam["proven"]
    gent = helpers.call_action("charter_organization_summary", id="stad-gent")
    assert gent["adoptions"][0]["adopted"] == "2018-05-28"
    assert gent["fix_first"][0]["name"] == "gent-evenementen-placeholder"

    # the dataset page of the municipal schema (ckanext-scheming replaces
    # CKAN's additional-info block) shows the three lists apart
    body = app.get("/dataset/gent-bezetting-parkeergarages").body
    assert "Proven by the metadata" in body
    claimed = body[body.index("Claimed by the publisher"):
                   body.index("Contradicted by the metadata")]
    assert "11. Quality" in claimed
    # private demo datasets stay hidden from anonymous visitors
    assert app.get("/dataset/odense-budgetforslag-2026/charter").status_code \
        == 404
