"""The actions against the real database, search index and CKAN, and who
may call them."""
import datetime

import pytest

import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.charter import model as cmodel
from .conftest import ROLES

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search charter"),
              pytest.mark.usefixtures("clean_db")]


def call(user, action, **data):
    """Call an action as a user (None: anonymous), with auth checks."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def who_(roles, who):
    return roles[who] if who else None


class TestCharters:
    def test_list_default_is_smart_flanders(self):
        charters = call(None, "charter_list", lang="nl")
        assert [c["code"] for c in charters] == ["smart-flanders"]
        assert len(charters[0]["principles"]) == 20
        assert charters[0]["principles"][15]["title"] == "Licenties"

    @pytest.mark.ckan_config("ckanext.charter.charters",
                             "open-data-charter-2015 smart-flanders")
    def test_configured_charters(self):
        charters = call(None, "charter_list", lang="en")
        assert [c["code"] for c in charters] == ["open-data-charter",
                                                 "smart-flanders"]
        odc = call(None, "charter_show", id="open-data-charter", lang="en")
        assert [p["title"] for p in odc["principles"]][0] == "Open by default"
        assert len(odc["principles"]) == 6

    def test_unknown_charter(self):
        with pytest.raises(tk.ValidationError) as e:
            call(None, "charter_show", id="nowhere")
        assert "Unknown charter" in e.value.error_dict["id"][0]


def stored_claims():
    return [(r.package_id, r.claims)
            for r in model.Session.query(cmodel.DatasetStatement)]


class TestDatasetEvaluation:
    def test_evaluation_of_a_good_dataset(self, roles, datasets):
        ev = call(None, "charter_dataset_show", id="parking")
        sf = ev["charters"][0]
        proven = {p["number"] for p in sf["proven"]}
        assert {1, 5, 9, 12, 13, 16} <= proven
        assert sf["claimed"] == []
        licence = next(p for p in sf["proven"] if p["number"] == 16)
        # the licence by its name, not its code (cc-by)
        assert licence["message"] == \
            "Open licence (Creative Commons Attribution 4.0)."
        assert ev["quality"]["pending"] == 50
        assert ev["quality"]["rating"] in ("good", "sufficient")

    def test_refreshed_when_the_dataset_changes(self, roles, datasets):
        row = model.Session.get(cmodel.Evaluation, datasets.good["id"])
        assert "smart-flanders:16" in row.proven
        helpers.call_action("package_patch", id="parking",
                            license_id="other-closed")
        model.Session.expire_all()
        row = model.Session.get(cmodel.Evaluation, datasets.good["id"])
        assert "smart-flanders:16" in row.contradicted
        assert "smart-flanders:16" not in row.proven

    def test_refreshed_when_a_resource_is_added(self, roles, datasets):
        helpers.call_action("resource_create", package_id="report",
                            url="https://leuven.example/report.csv",
                            format="CSV")
        model.Session.expire_all()
        row = model.Session.get(cmodel.Evaluation, datasets.bad["id"])
        assert "smart-flanders:9" in row.proven
        found = helpers.call_action(
            "package_search", fq='vocab_charter_proven:"smart-flanders:9"')
        assert "report" in {d["name"] for d in found["results"]}

    def test_index_fields_fit_an_unmodified_solr_schema(self, roles,
                                                         datasets):
        """Lists only in vocab_* fields (multi-valued in CKAN's Solr
        schema), single strings elsewhere (its catch-all field)."""
        from ckanext.charter.hooks import CharterHooks
        import json
        dataset = helpers.call_action("package_show", id="parking")
        doc = CharterHooks().before_dataset_index(
            {"id": dataset["id"], "validated_data_dict": json.dumps(dataset)})
        for key in ("vocab_charter_proven", "vocab_charter_claimed",
                    "vocab_charter_contradicted"):
            assert isinstance(doc[key], list)
        assert isinstance(doc["metadata_quality"], str)
        assert len(doc["metadata_quality_score"]) == 4
        assert doc["metadata_quality_score"].isdigit()

    @pytest.mark.parametrize("who,allowed", [
        ("admin", True), ("editor", True), ("member", True),
        ("other", False), ("sysadmin", True), (None, False)])
    def test_private_dataset(self, roles, datasets, who, allowed):
        if allowed:
            ev = call(who_(roles, who), "charter_dataset_show", id="secret")
            assert ev["package_name"] == "secret"
        else:
            with pytest.raises(logic.NotAuthorized):
                call(who_(roles, who), "charter_dataset_show", id="secret")
            with pytest.raises(logic.NotAuthorized):
                call(who_(roles, who), "charter_link_check_list", id="secret")

    def test_unknown_dataset(self, roles):
        with pytest.raises(logic.NotFound):
            call(None, "charter_dataset_show", id="nowhere")


class TestClaims:
    @pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
    def test_allowed(self, roles, datasets, who):
        ev = call(who_(roles, who), "charter_claims_update", id="parking",
                  charter_claims=["smart-flanders:11", "smart-flanders:9"])
        assert ev["claimed"] == ["smart-flanders:9", "smart-flanders:11"]
        claimed = [p["number"] for p in ev["charters"][0]["claimed"]]
        assert claimed == [9, 11]
        # 11 is claimed, never proven by the metadata
        assert 11 not in [p["number"] for p in ev["charters"][0]["proven"]]
        assert stored_claims() == [(datasets.good["id"],
                                    {"smart-flanders": [9, 11]})]

    @pytest.mark.parametrize("who", ["member", "other", None])
    def test_denied(self, roles, datasets, who):
        with pytest.raises(logic.NotAuthorized):
            call(who_(roles, who), "charter_claims_update", id="parking",
                 charter_claims=["smart-flanders:9"])
        assert stored_claims() == []

    @pytest.mark.parametrize("claims,text", [
        (["nowhere:1"], "Unknown charter: nowhere"),
        (["smart-flanders:42"], "has no principle 42"),
        (["smart-flanders:19"], "concerns the organization"),
        ("nine", "Not a claim: nine"),
        (["smart-flanders:9", "smart-flanders:3"], "concerns the organization"),
    ])
    def test_bad_claims_store_nothing(self, roles, datasets, claims, text):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "charter_claims_update", id="parking",
                 charter_claims=claims)
        assert text in e.value.error_dict["charter_claims"][0]
        assert stored_claims() == []

    def test_claims_replace_and_reason(self, roles, datasets):
        call(roles.editor, "charter_claims_update", id="report",
             charter_claims={"smart-flanders": [9]})
        ev = call(roles.editor, "charter_claims_update", id="report",
                  charter_claims=[], closed_reason="Contains personal data")
        assert ev["claimed"] == []
        assert ev["closed_reason"] == "Contains personal data"

    def test_claims_are_indexed_apart(self, roles, datasets):
        call(roles.editor, "charter_claims_update", id="report",
             charter_claims=["smart-flanders:9"])
        claimed = helpers.call_action(
            "package_search", fq='vocab_charter_claimed:"smart-flanders:9"')
        assert [d["name"] for d in claimed["results"]] == ["report"]
        proven = helpers.call_action(
            "package_search", fq='vocab_charter_proven:"smart-flanders:9"')
        assert {d["name"] for d in proven["results"]} == {"parking",
                                                          "gent-trees"}


class TestSearch:
    @pytest.mark.parametrize("who,visible", [
        ("admin", {"parking", "secret", "gent-trees"}),
        ("member", {"parking", "secret", "gent-trees"}),
        ("other", {"parking", "gent-trees"}),
        (None, {"parking", "gent-trees"}),
        ("sysadmin", {"parking", "secret", "gent-trees"}),
    ])
    def test_facets_count_only_visible(self, roles, datasets, who, visible):
        context = {"user": roles[who]["name"] if who else "",
                   "ignore_auth": False}
        result = helpers.call_action(
            "package_search", context=context,
            fq='vocab_charter_proven:"smart-flanders:9"',
            include_private=True,
            **{"facet.field": '["vocab_charter_proven", "metadata_quality"]'})
        assert {d["name"] for d in result["results"]} == visible
        items = {i["name"]: i for i in
                 result["search_facets"]["vocab_charter_proven"]["items"]}
        assert items["smart-flanders:9"]["count"] == len(visible)
        assert items["smart-flanders:9"]["display_name"] == \
            "9. Open, machine-readable formats and standards"

    def test_sort_by_score(self, roles, datasets):
        result = helpers.call_action("package_search",
                                     sort="metadata_quality_score desc")
        names = [d["name"] for d in result["results"]]
        assert names[-1] == "report"
        result = helpers.call_action("package_search",
                                     sort="metadata_quality_score asc")
        assert result["results"][0]["name"] == "report"

    def test_rating_facet(self, roles, datasets):
        result = helpers.call_action("package_search", fq="metadata_quality:bad")
        assert [d["name"] for d in result["results"]] == ["report"]


class TestAdoption:
    @pytest.mark.parametrize("who", ["admin", "sysadmin"])
    def test_allowed(self, roles, who):
        a = call(who_(roles, who), "charter_adoption_create",
                 organization_id="leuven", charter="smart-flanders",
                 adopted="2018-06-01",
                 decision_url="https://leuven.be/besluit")
        assert a["adopted"] == "2018-06-01"
        assert call(None, "charter_adoption_list")[0]["organization_name"] \
            == "leuven"

    @pytest.mark.parametrize("who", ["editor", "member", "other", None])
    def test_denied(self, roles, who):
        with pytest.raises(logic.NotAuthorized):
            call(who_(roles, who), "charter_adoption_create",
                 organization_id="leuven", charter="smart-flanders",
                 adopted="2018-06-01")
        assert call(None, "charter_adoption_list") == []

    @pytest.mark.parametrize("field,value,text", [
        ("adopted", "tomorrow", "Not a date"),
        ("adopted", (datetime.date.today() + datetime.timedelta(days=1))
         .isoformat(), "is in the future"),
        ("decision_url", "javascript:alert(1)", "Not a web address"),
        ("decision_url", "leuven.be/besluit", "Not a web address"),
        ("charter", "nowhere", "Unknown charter"),
        ("organization_id", "nowhere", "Organization not found"),
    ])
    def test_bad_input_stores_nothing(self, roles, field, value, text):
        data = {"organization_id": "leuven", "charter": "smart-flanders",
                "adopted": "2018-06-01",
                "decision_url": "https://leuven.be/besluit", field: value}
        with pytest.raises((tk.ValidationError, logic.NotFound)) as e:
            call(roles.sysadmin, "charter_adoption_create", **data)
        if isinstance(e.value, tk.ValidationError):
            assert text in e.value.error_dict[field][0]
        assert model.Session.query(cmodel.Adoption).count() == 0

    def test_delete(self, roles):
        call(roles.admin, "charter_adoption_create", organization_id="leuven",
             charter="smart-flanders", adopted="2018-06-01")
        with pytest.raises(logic.NotAuthorized):
            call(roles.other, "charter_adoption_delete",
                 organization_id="leuven", charter="smart-flanders")
        call(roles.admin, "charter_adoption_delete", organization_id="leuven",
             charter="smart-flanders")
        assert call(None, "charter_adoption_list") == []


class TestOrganizationSummary:
    @pytest.mark.parametrize("who", ROLES)
    def test_counts_public_datasets_only(self, roles, datasets, who):
        s = call(who_(roles, who), "charter_organization_summary", id="leuven")
        assert s["datasets"] == 2
        rows = {p["number"]: p for p in s["charters"][0]["principles"]}
        assert rows[9]["proven"] == 1 and rows[9]["share"] == 50
        assert rows[9]["contradicted"] == 1
        assert rows[19]["scope"] == "organization"
        ratings = {r["code"]: r["count"] for r in s["ratings"]}
        assert sum(ratings.values()) == 2 and ratings["bad"] == 1
        names = [d["name"] for d in s["fix_first"]]
        assert names[0] == "report"
        # the private dataset only for those who may see it
        sees_private = who in ("admin", "editor", "member", "sysadmin")
        assert ("secret" in names) == sees_private

    def test_cached_figures_follow_changes(self, roles, datasets):
        def count():
            return call(None, "charter_organization_summary",
                        id="leuven")["datasets"]
        assert count() == 2
        helpers.call_action("package_patch", id="secret", private=False)
        assert count() == 3
        helpers.call_action("package_patch", id="secret", private=True)
        assert count() == 2
        helpers.call_action("package_delete", id="report")
        assert count() == 1
        network = call(None, "charter_network_summary")
        assert network["datasets"] == 2

    def test_network(self, roles, datasets):
        call(roles.admin, "charter_adoption_create", organization_id="leuven",
             charter="smart-flanders", adopted="2018-06-01")
        s = call(None, "charter_network_summary")
        assert s["datasets"] == 3
        assert [o["name"] for o in s["organizations"]] == ["gent", "leuven"]
        sf = s["charters"][0]
        nine = [p["number"] for p in sf["principles"]].index(9)
        shares = {o["name"]: o["shares"][nine] for o in sf["organizations"]}
        assert shares == {"gent": 100, "leuven": 50}
        assert s["adoptions"][0]["organization_name"] == "leuven"

    def test_snapshot(self, roles, datasets):
        with pytest.raises(logic.NotAuthorized):
            call(roles.admin, "charter_snapshot_take")
        call(roles.sysadmin, "charter_snapshot_take", month="2026-10")
        call(roles.sysadmin, "charter_snapshot_take", month="2026-11")
        history = call(None, "charter_network_summary")["history"]
        assert [h["month"] for h in history] == ["2026-10", "2026-11"]
        assert history[0]["datasets"] == 3
        with pytest.raises(tk.ValidationError):
            call(roles.sysadmin, "charter_snapshot_take", month="last year")
