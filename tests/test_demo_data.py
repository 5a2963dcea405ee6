"""The demo portal's data (demo/data/*.yaml), loaded by the demo's own
loader (demo/load.py) into the test database: what a visitor of
`make demo` would notice."""
import importlib.util
from pathlib import Path

import pytest

from ckan.plugins import toolkit as tk
from ckan.tests import helpers

_LOADER = Path(__file__).resolve().parents[1] / "demo" / "load.py"
_spec = importlib.util.spec_from_file_location("demo_load", _LOADER)
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

PORTAL = load.read_portal()


def _anonymous(action, **data):
    return helpers.call_action(action, context={"user": "", "ignore_auth": False},
                               **data)


@pytest.fixture
def demo_portal(clean_db, clean_index):
    return load.sync(PORTAL)


def test_yaml_describes_the_three_regions():
    countries = {org["country"] for org in PORTAL["organizations"]}
    assert countries == {"DK", "BE", "SE"}
    assert 30 <= len(PORTAL["datasets"]) <= 45
    assert any(d.get("private") for d in PORTAL["datasets"])


@pytest.mark.usefixtures("demo_portal")
def test_every_municipality_is_an_organization():
    shown = {org["name"]: org for org in _anonymous(
        "organization_list", all_fields=True, include_extras=True)}
    for spec in PORTAL["organizations"]:
        org = shown[spec["name"]]
        assert org["title"] == spec["title"]
        extras = {e["key"]: e["value"] for e in org["extras"]}
        assert extras["municipality_code"] == spec["municipality_code"]
        assert extras["country"] == spec["country"]
    names = {org["name"] for org in PORTAL["organizations"]}
    assert {"aarhus-kommune", "stad-gent", "goteborgs-stad"} <= names


@pytest.mark.usefixtures("demo_portal")
def test_a_demo_dataset_is_found_by_a_word_of_its_title():
    result = _anonymous("package_search", q="parkeergarages")
    assert [d["name"] for d in result["results"]] == [
        "gent-bezetting-parkeergarages"]
    dataset = result["results"][0]
    assert dataset["organization"]["name"] == "stad-gent"
    assert {r["format"] for r in dataset["resources"]} >= {"CSV", "JSON"}
    # facets a visitor clicks on: the organizations and themes
    facets = _anonymous("package_search", rows=0,
                        **{"facet.field": '["organization", "groups"]'})
    assert len(facets["facets"]["organization"]) == len(PORTAL["organizations"])
    assert facets["facets"]["groups"]["mobility"] >= 5


@pytest.mark.usefixtures("demo_portal")
def test_private_demo_datasets_are_not_visible_anonymously():
    private = [d for d in PORTAL["datasets"] if d.get("private")]
    public = [d for d in PORTAL["datasets"] if not d.get("private")]
    everything = _anonymous("package_search", rows=1000, include_private=True)
    assert everything["count"] == len(public)
    assert not {d["name"] for d in private} & \
        {d["name"] for d in everything["results"]}
    for spec in private:
        with pytest.raises(tk.NotAuthorized):
            _anonymous("package_show", id=spec["name"])
        # ... while the organization's editors do see it
        assert helpers.call_action("package_show", id=spec["name"])["private"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_loading_again_updates_only_what_changed():
    first = load.sync(PORTAL)
    assert first["datasets"]["created"] == len(PORTAL["datasets"])
    before = helpers.call_action("package_show", id="kk-gadetraeer")

    second = load.sync(PORTAL)
    for kind, counts in second.items():
        assert set(counts) == {"unchanged"}, (kind, counts)
    assert helpers.call_action("package_search", include_private=True,
                               rows=0)["count"] == len(PORTAL["datasets"])

    changed = dict(PORTAL, datasets=[
        dict(d, title="Bytræer i København", tags=d["tags"] + ["bytræer"])
        if d["name"] == "kk-gadetraeer" else d for d in PORTAL["datasets"]])
    third = load.sync(changed)
    assert third["datasets"] == {"updated": 1,
                                 "unchanged": len(PORTAL["datasets"]) - 1}
    after = helpers.call_action("package_show", id="kk-gadetraeer")
    assert after["id"] == before["id"]
    assert after["title"] == "Bytræer i København"
    assert "bytræer" in {t["name"] for t in after["tags"]}
    assert [r["id"] for r in after["resources"]] == \
        [r["id"] for r in before["resources"]]
    found = helpers.call_action("package_search", q="bytræer")
    assert [d["name"] for d in found["results"]] == ["kk-gadetraeer"]


@pytest.mark.usefixtures("clean_db")
def test_the_demo_sysadmin_keeps_its_password():
    from ckan import model
    assert load.ensure_sysadmin("admin", "first-password") == "created"
    assert load.ensure_sysadmin("admin", "first-password") == "unchanged"
    assert load.ensure_sysadmin("admin", "second-password") == "updated"
    user = model.User.get("admin")
    assert user.sysadmin and user.validate_password("second-password")
