"""The actions against the real database and search index, and who may
call them."""
import pytest

import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.prioritization import model as pmodel
from .conftest import PLUGINS, SECRETARIAT, call, make_dataset

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
    pytest.mark.usefixtures("clean_db", "clean_index"),
]

GOOD = {"status": "candidate",
        "scores": {"demand": 4, "transparency": 2, "quality": 3},
        "evidence": {"demand": "Asked by the bike union"},
        "personal_data": "none", "confidentiality": "none"}


def screenings():
    return model.Session.query(pmodel.Screening).count()


class TestScreeningUpdate:
    @pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
    def test_allowed(self, roles, who):
        pkg = make_dataset(roles.org, "leuven-parking", private=True)
        result = call(roles[who], "prioritization_screening_update",
                      id=pkg["name"], **GOOD)
        assert result["status"] == "candidate"
        # demand 4, transparency 2, quality 3, obligation 0 (no HVD) with
        # default weights 3, 2, 1, 2: (3*4 + 2*2 + 1*3 + 0) / 4 / 8 * 100
        assert result["score"] == pytest.approx(59.38, abs=0.01)
        assert result["unknown"] == 4  # economic, scale, effort, machine
        assert result["recommendation"] == "publish_now"
        points = {b["criterion"]: b["points"] for b in result["breakdown"]}
        assert sum(points.values()) == pytest.approx(result["score"],
                                                     abs=0.05)
        shown = call(roles[who], "package_show", id=pkg["id"])
        assert shown["prioritization_status"] == "candidate"
        assert shown["prioritization_score"] == pytest.approx(59.38,
                                                              abs=0.01)
        assert shown["prioritization_recommendation"] == "publish_now"

    @pytest.mark.parametrize("who", ["member", "other", "secretary",
                                     "reuser", None])
    def test_denied(self, roles, who):
        pkg = make_dataset(roles.org, "leuven-parking")
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None,
                 "prioritization_screening_update", id=pkg["id"], **GOOD)
        assert screenings() == 0

    @pytest.mark.parametrize("changes,field,text", [
        ({"status": "someday"}, "status", "unknown status someday"),
        ({"scores": {"demand": 5}}, "scores.demand", "Score of Demand"),
        ({"scores": {"demand": "lots"}}, "scores.demand",
         "choose a whole number from 0 to 4"),
        ({"scores": {"scale": 4}}, "scores.scale", "computed by the portal"),
        ({"personal_data": "medium"}, "personal_data",
         "Personal data: unknown risk level medium"),
        ({"status": "declined"}, "reason", "record why"),
    ])
    def test_bad_input_stores_nothing(self, roles, changes, field, text):
        pkg = make_dataset(roles.org, "leuven-parking")
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "prioritization_screening_update",
                 id=pkg["id"], **{**GOOD, **changes})
        assert text in e.value.error_dict[field][0]
        assert screenings() == 0
        assert call(roles.editor, "package_show", id=pkg["id"])[
            "prioritization_status"] is None

    def test_bad_input_over_http_is_409(self, app, roles):
        pkg = make_dataset(roles.org, "leuven-parking")
        token = factories.APIToken(user=roles.editor["id"])["token"]
        response = app.post(
            "/api/3/action/prioritization_screening_update",
            json={**GOOD, "id": pkg["id"], "scores": {"quality": 9}},
            headers={"Authorization": token}, status=409)
        assert "Score of Data quality" in \
            response.json["error"]["scores.quality"][0]
        assert screenings() == 0

    def test_gates_change_recommendation_not_score(self, roles):
        pkg = make_dataset(roles.org, "leuven-parking")
        a = call(roles.editor, "prioritization_screening_update",
                 id=pkg["id"], **GOOD)
        b = call(roles.editor, "prioritization_screening_update",
                 id=pkg["id"], **{**GOOD, "personal_data": "high",
                                  "reason": "Names of permit holders"})
        assert b["score"] == a["score"]
        assert b["recommendation"] == "do_not_publish"
        assert b["reason"] == "Names of permit holders"


class TestDerivedAndRecompute:
    def test_obligation_from_hvd_category(self, roles):
        pkg = make_dataset(roles.org, "leuven-parking",
                           extras=[{"key": "hvd_category",
                                    "value": "http://data.europa.eu/bna/"
                                             "c_b79e35eb"}])
        result = call(roles.editor, "prioritization_screening_update",
                      id=pkg["id"], **GOOD)
        values = {b["criterion"]: b["value"] for b in result["breakdown"]}
        assert values["obligation"] == 4

    def test_scale_follows_type_counts(self, roles):
        type_extra = [{"key": "dataset_type_code", "value": "parking"}]
        pkg = make_dataset(roles.org, "leuven-parking", extras=type_extra)
        first = call(roles.editor, "prioritization_screening_update",
                     id=pkg["id"], **GOOD)
        assert {b["criterion"]: b["value"] for b in first["breakdown"]}[
            "scale"] == 0
        # another municipality publishes the same type: re-scored at once
        make_dataset(roles.other_org, "gent-parking", extras=type_extra)
        second = call(roles.editor, "prioritization_screening_show",
                      id=pkg["id"])
        assert {b["criterion"]: b["value"] for b in second["breakdown"]}[
            "scale"] == 1
        assert second["score"] > first["score"]
        # and the index follows: sorting by the sortable score field
        found = helpers.call_action(
            "package_search", fq="prioritization_status:candidate",
            sort="prioritization_score_sort desc")
        assert found["results"][0]["name"] == "leuven-parking"
        assert found["results"][0]["prioritization_score"] == \
            second["score"]


class TestSearchIndex:
    def test_filter_and_sort_by_score(self, roles, candidates):
        found = call(roles.sysadmin, "package_search",
                     fq="prioritization_status:candidate",
                     sort="prioritization_score_sort desc",
                     include_private=True)
        assert [r["name"] for r in found["results"]] == [
            "leuven-parking", "leuven-trees", "gent-secret-noise",
            "gent-budget"]
        asc = call(roles.sysadmin, "package_search",
                   fq="prioritization_status:candidate",
                   sort="prioritization_score_sort asc",
                   include_private=True)
        assert asc["results"][0]["name"] == "gent-budget"

    def test_facets_never_count_private_of_others(self, roles, candidates):
        found = call(roles.other, "package_search",
                     fq="prioritization_status:candidate",
                     facet="true",
                     **{"facet.field": ["prioritization_status"]},
                     include_private=True)
        assert found["count"] == 3  # Leuven's private one is not counted
        assert found["search_facets"]["prioritization_status"]["items"][0][
            "count"] == 3


class TestRanking:
    @pytest.mark.parametrize("who,expected", [
        ("sysadmin", ["leuven-parking", "leuven-trees", "gent-secret-noise",
                      "gent-budget"]),
        ("secretary", ["leuven-parking", "leuven-trees",
                       "gent-secret-noise", "gent-budget"]),
        ("admin", ["leuven-parking", "leuven-trees", "gent-budget"]),
        ("editor", ["leuven-parking", "leuven-trees", "gent-budget"]),
        ("member", ["leuven-parking", "leuven-trees", "gent-budget"]),
        ("other", ["leuven-parking", "gent-secret-noise", "gent-budget"]),
        ("reuser", ["leuven-parking", "gent-budget"]),
        (None, ["leuven-parking", "gent-budget"]),
    ])
    def test_who_sees_which_candidates(self, roles, candidates, who,
                                       expected):
        result = call(roles[who] if who else None, "prioritization_ranking")
        assert [r["name"] for r in result["results"]] == expected
        assert result["count"] == len(expected)
        assert sum(f["count"] for f in result["facets"]["status"]) == \
            len(expected)
        assert sum(f["count"] for f in result["facets"]["municipality"]) \
            == len(expected)
        for row in result["results"]:
            assert row["reason"]["strongest"], row["name"]

    @pytest.mark.ckan_config("ckanext.prioritization.public_scores", "false")
    def test_public_scores_off_in_search_results(self, app, roles,
                                                 candidates):
        found = app.get("/api/3/action/package_search",
                        params={"q": "name:leuven-parking"}).json
        assert found["result"]["results"][0]["name"] == "leuven-parking"
        # hidden: absent, not empty
        assert "prioritization_score" not in found["result"]["results"][0]

    @pytest.mark.ckan_config("ckanext.prioritization.public_scores", "false")
    @pytest.mark.parametrize("who,found", [
        ("sysadmin", ["gent-budget", "leuven-parking"]),
        ("secretary", ["gent-budget", "leuven-parking"]),
        ("editor", ["leuven-parking"]), ("other", ["gent-budget"]),
        ("reuser", []), (None, [])])
    def test_public_scores_off_cannot_be_read_by_filtering(
            self, app, roles, candidates, tokens, who, found):
        """A range filter on the indexed score of public datasets answers
        only over those whose score the viewer may see."""
        headers = {"Authorization": tokens[who]} if who else {}
        result = app.get("/api/3/action/package_search", headers=headers,
                         params={"fq": "prioritization_score_sort:[000 TO 100]",
                                 "sort": "prioritization_score_sort desc",
                                 "include_private": "false"}).json["result"]
        assert sorted(r["name"] for r in result["results"]) == found
        # a search that asks nothing of the scores is not narrowed
        everything = app.get("/api/3/action/package_search",
                             headers=headers).json["result"]
        assert everything["count"] >= 2

    @pytest.mark.ckan_config("ckanext.prioritization.public_scores", "false")
    @pytest.mark.parametrize("who,expected", [
        ("sysadmin", 4), ("secretary", 4), ("editor", 2), ("other", 2),
        ("reuser", 0), (None, 0)])
    def test_public_scores_off(self, roles, candidates, who, expected):
        result = call(roles[who] if who else None, "prioritization_ranking")
        assert result["count"] == expected
        shown = call(roles[who] if who else None, "package_show",
                     id="leuven-parking")
        if who in ("sysadmin", "secretary", "editor"):
            assert shown["prioritization_score"] is not None
        else:
            assert "prioritization_score" not in shown

    def test_filters_and_paging(self, roles, candidates):
        result = call(roles.sysadmin, "prioritization_ranking",
                      municipality="gent", limit=1, offset=1)
        assert result["count"] == 2
        assert [r["name"] for r in result["results"]] == ["gent-budget"]
        assert result["results"][0]["rank"] == 2

    def test_count_stops_at_its_limit(self, roles, candidates, app, tokens,
                                      monkeypatch):
        from ckanext.prioritization.logic.action import get as action
        monkeypatch.setattr(action, "COUNT_LIMIT", 2)
        result = call(roles.sysadmin, "prioritization_ranking")
        assert (result["count"], result["count_exact"]) == (2, False)
        assert len(result["results"]) == 4  # the page itself is complete
        body = app.get("/prioritization", headers={
            "Authorization": tokens["sysadmin"]}).body
        assert "More than 2 screened datasets" in body

    @pytest.mark.parametrize("data,field", [
        ({"status": "maybe"}, "status"),
        ({"recommendation": "burn"}, "recommendation"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
    ])
    def test_bad_filters(self, roles, data, field):
        with pytest.raises(tk.ValidationError) as e:
            call(None, "prioritization_ranking", **data)
        assert field in e.value.error_dict


class TestScreeningShow:
    @pytest.mark.parametrize("who,ok", [
        ("sysadmin", True), ("secretary", True), ("admin", True),
        ("editor", True), ("member", True), ("other", False),
        ("reuser", False), (None, False)])
    def test_private_candidate(self, roles, candidates, who, ok):
        user = roles[who] if who else None
        if ok:
            result = call(user, "prioritization_screening_show",
                          id="leuven-trees")
            # demand 3, quality 3, obligation 0 (known: no HVD category)
            assert result["score"] == 50.0
        else:
            with pytest.raises(logic.NotAuthorized):
                call(user, "prioritization_screening_show",
                     id="leuven-trees")

    @pytest.mark.parametrize("who", ["other", "reuser", None])
    def test_public_candidate_for_everyone(self, roles, candidates, who):
        result = call(roles[who] if who else None,
                      "prioritization_screening_show", id="leuven-parking")
        assert result["score"] == pytest.approx(66.67)
        assert "municipalities_with_type" not in result


    @pytest.mark.parametrize("who,named", [
        ("sysadmin", True), ("secretary", True), ("admin", True),
        ("member", True), ("other", False), ("reuser", False),
        (None, False)])
    def test_who_screened_only_for_members(self, roles, who, named):
        make_dataset(roles.org, "leuven-toilets")
        call(roles.editor, "prioritization_screening_update",
             id="leuven-toilets", **GOOD)
        result = call(roles[who] if who else None,
                      "prioritization_screening_show", id="leuven-toilets")
        assert result["score"] is not None
        assert result["modified_by"] == (
            roles.editor["name"] if named else None)


class TestWeights:
    NEW = {"demand": 1, "transparency": 0, "economic_reuse": 0, "scale": 0,
           "obligation": 0, "quality": 5, "effort": 0,
           "machine_readable": 0}

    @pytest.mark.parametrize("who", ["sysadmin", "secretary"])
    def test_update_allowed_recomputes_and_records(self, roles, candidates,
                                                   who):
        before = call(roles.sysadmin, "prioritization_screening_show",
                      id="leuven-parking")
        call(roles[who], "prioritization_weights_update", weights=self.NEW)
        after = call(roles.sysadmin, "prioritization_screening_show",
                     id="leuven-parking")
        assert before["score"] == pytest.approx(66.67)
        assert after["score"] == 100.0  # only demand and quality weigh
        assert call(None, "prioritization_weights_show")["weights"][
            "quality"] == 5
        history = call(roles[who], "prioritization_weights_history")
        assert history[0]["changed_by"] == roles[who]["name"]
        assert history[0]["old"]["demand"] == 3
        assert history[0]["new"]["quality"] == 5

    @pytest.mark.parametrize("who", ["admin", "editor", "member", "other",
                                     "reuser", None])
    def test_update_denied(self, roles, who):
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None,
                 "prioritization_weights_update", weights=self.NEW)
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None,
                 "prioritization_weights_history")
        assert model.Session.query(pmodel.WeightsChange).count() == 0

    @pytest.mark.parametrize("weights,field", [
        ({**NEW, "demand": -1}, "weights.demand"),
        ({**NEW, "demand": "x"}, "weights.demand"),
        ({k: 0 for k in NEW}, "weights"),
    ])
    def test_bad_weights(self, roles, weights, field):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.sysadmin, "prioritization_weights_update",
                 weights=weights)
        assert field in e.value.error_dict
        assert model.Session.query(pmodel.WeightsChange).count() == 0

    def test_preview_changes_nothing(self, roles, candidates):
        result = call(roles.secretary, "prioritization_weights_show",
                      preview={**self.NEW, "quality": 0, "demand": 1})
        assert [r["name"] for r in result["top_current"]] == [
            "leuven-parking", "leuven-trees", "gent-secret-noise",
            "gent-budget"]
        assert len(result["top_preview"]) == 4
        assert model.Session.query(pmodel.WeightsChange).count() == 0
        with pytest.raises(logic.NotAuthorized):
            call(roles.editor, "prioritization_weights_show",
                 preview=self.NEW)


class TestDemand:
    def test_register_once_feeds_demand(self, roles, candidates):
        before = call(roles.sysadmin, "prioritization_screening_show",
                      id="gent-budget")
        call(roles.reuser, "prioritization_demand_create",
             package_id="gent-budget", audience="business", note="for an app")
        after = call(roles.sysadmin, "prioritization_screening_show",
                     id="gent-budget")
        assert after["demand_signals"] == 1
        assert after["score"] >= before["score"]
        with pytest.raises(tk.ValidationError) as e:
            call(roles.reuser, "prioritization_demand_create",
                 package_id="gent-budget", audience="citizen")
        assert "already registered" in e.value.error_dict["package_id"][0]
        summary = call(roles.other, "prioritization_demand_summary",
                       package_id="gent-budget")
        assert summary["count"] == 1
        assert summary["notes"][0]["note"] == "for an app"
        assert "notes" not in call(None, "prioritization_demand_summary",
                                   package_id="gent-budget")

    def test_demand_on_type(self, roles):
        call(roles.reuser, "prioritization_demand_create",
             dataset_type_code="parking", audience="researcher")
        with pytest.raises(tk.ValidationError):
            call(roles.reuser, "prioritization_demand_create",
                 dataset_type_code="parking", audience="researcher")
        assert call(None, "prioritization_demand_summary",
                    dataset_type_code="parking")["count"] == 1

    def test_anonymous_and_private_denied(self, roles, candidates):
        with pytest.raises(logic.NotAuthorized):
            call(None, "prioritization_demand_create",
                 package_id="gent-budget", audience="business")
        # a private dataset is "not found", as one that does not exist
        for name in ("gent-secret-noise", "no-such-dataset"):
            with pytest.raises(tk.ValidationError) as e:
                call(roles.reuser, "prioritization_demand_create",
                     package_id=name, audience="business")
            assert e.value.error_dict["package_id"] == ["Dataset not found"]
        assert model.Session.query(pmodel.Demand).count() == 0

    def test_private_demand_only_from_the_organization(self, roles,
                                                       candidates):
        """The secretariat reads Gent's private candidate but may not move
        its score; Leuven's member may still ask for Leuven's own."""
        def shown(name):
            return call(roles.sysadmin, "prioritization_screening_show",
                        id=name)
        before = shown("gent-secret-noise")
        with pytest.raises(logic.NotAuthorized) as e:
            call(roles.secretary, "prioritization_demand_create",
                 package_id="gent-secret-noise", audience="authority")
        assert "only be registered by members of its organization" in str(
            e.value)
        after = shown("gent-secret-noise")
        assert (after["demand_signals"], after["score"]) == (
            before["demand_signals"], before["score"]) == (0, before["score"])
        assert model.Session.query(pmodel.Demand).count() == 0
        call(roles.member, "prioritization_demand_create",
             package_id="leuven-trees", audience="authority")
        assert shown("leuven-trees")["demand_signals"] == 1
        call(roles.secretary, "prioritization_demand_create",
             package_id="gent-budget", audience="authority")  # public
        assert shown("gent-budget")["demand_signals"] == 1

    def test_bad_audience(self, roles, candidates):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.reuser, "prioritization_demand_create",
                 package_id="gent-budget", audience="alien")
        assert "audience" in e.value.error_dict


class TestRecompute:
    def test_sysadmin_only(self, roles, candidates):
        result = call(roles.sysadmin, "prioritization_recompute")
        assert result["datasets"] == 4
        with pytest.raises(logic.NotAuthorized):
            call(roles.secretary, "prioritization_recompute")

    def test_cli_recompute_restores_rows_the_hooks_missed(self, cli, roles,
                                                         candidates):
        from ckanext.prioritization.cli import prioritization
        # rows lost (e.g. datasets made before the plugin was enabled)
        model.Session.query(pmodel.Dataset).delete()
        model.Session.commit()
        assert call(roles.sysadmin, "prioritization_ranking")["count"] == 0
        result = cli.invoke(prioritization, ["recompute"])
        assert result.exit_code == 0, result.output
        assert "4 datasets, 4 scores changed" in result.output
        ranking = call(roles.sysadmin, "prioritization_ranking")
        assert [r["name"] for r in ranking["results"]][0] == "leuven-parking"
        assert ranking["results"][0]["score"] == pytest.approx(66.67)
