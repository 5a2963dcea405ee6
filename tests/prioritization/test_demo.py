"""The prioritization demo (ckanext/prioritization/data/demo.yaml) loaded
on top of the demo portal (demo/data) with the demo's plugins: what a
visitor of `make demo` would see on the ranking and coverage pages."""
import importlib.util
from pathlib import Path

import pytest

from ckan.tests import helpers

from ckanext.prioritization.demo import load_demo

_LOADER = Path(__file__).resolve().parents[2] / "demo" / "load.py"
_spec = importlib.util.spec_from_file_location("demo_load_prio", _LOADER)
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

pytestmark = pytest.mark.ckan_config(
    "ckan.plugins", "postgres_search municipal_schema scheming_datasets "
    "scheming_organizations dcat maturity prioritization")


@pytest.fixture
def demo(clean_db, clean_index):
    load.sync(load.read_portal())
    return load_demo()


def anonymous(action, **data):
    return helpers.call_action(action, context={"user": "",
                                                "ignore_auth": False},
                               **data)


def test_demo_screens_candidates_across_municipalities(demo, app):
    screened, demands = demo
    assert screened == 19 and demands == 12
    # a second load changes nothing
    assert load_demo() == (0, 0)
    site = {"ignore_auth": True}
    ranking = helpers.call_action("prioritization_ranking", context=site,
                                  limit=100)
    assert ranking["count"] == 19
    municipalities = {f["name"] for f in ranking["facets"]["municipality"]}
    assert len(municipalities) == 8
    statuses = {f["name"] for f in ranking["facets"]["status"]}
    assert statuses == {"candidate", "in_preparation", "published",
                        "declined"}
    assert {f["name"] for f in ranking["facets"]["recommendation"]} >= {
        "publish_now", "publish_after_anonymisation", "do_not_publish"}
    top = ranking["results"][0]
    assert top["demand_signals"] >= 1 and top["score"] > 70
    # parking: published in Aarhus, Gent, Göteborg; candidates elsewhere
    coverage = helpers.call_action("prioritization_coverage", context=site)
    joint = {j["dataset_type_code"]: j for j in coverage["joint"]}
    assert joint["parking"]["candidates"] >= 4
    assert coverage["per_type"]["parking"]["demand"] == 2
    # the candidates are private: the public sees only the published ones
    public = anonymous("prioritization_ranking")
    assert {r["status"] for r in public["results"]} == {"published"}
    body = app.get("/prioritization/coverage").body
    assert "Coverage of dataset types" in body
    body = app.get("/dataset/aarhus-parkeringshuse-belaegning/screening").body
    assert "strongest on" in body
    # with the municipal schema's catalogue, an unknown type is refused
    import ckan.plugins.toolkit as tk
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("prioritization_demand_create",
                            context={"user": "demo-citizen",
                                     "ignore_auth": False},
                            dataset_type_code="unicorns", audience="citizen")
    assert "Unknown dataset type: unicorns" in \
        e.value.error_dict["dataset_type_code"][0]
