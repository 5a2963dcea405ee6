"""The pages, for every role: anonymous, member, editor, admin of the
organization, a user of another organization and a sysadmin."""
import csv
import io

import pytest

from ckan.tests import helpers

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search charter"),
              pytest.mark.usefixtures("clean_db")]

ALL = ["anonymous", "member", "editor", "admin", "other", "sysadmin"]
WRITERS = {"editor", "admin", "sysadmin"}
READERS = WRITERS | {"member"}


def headers(tokens, who):
    return {} if who == "anonymous" else {"Authorization": tokens[who]}


class TestDatasetPage:
    def test_read_page_shows_proven_claimed_contradicted(self, app, datasets):
        helpers.call_action("charter_claims_update", id="report",
                            charter_claims=["smart-flanders:11"])
        body = app.get("/dataset/report").body
        assert "Charter and metadata quality" in body
        assert "Proven by the metadata" in body
        assert "Claimed by the publisher" in body
        assert "Contradicted by the metadata" in body
        assert "11. Quality" in body
        # the reason, in words
        assert "No resource in an open, machine-readable format (only PDF)" \
            in body

    @pytest.mark.parametrize("who", ALL)
    def test_charter_page(self, app, datasets, tokens, who):
        response = app.get("/dataset/parking/charter",
                           headers=headers(tokens, who))
        assert response.status_code == 200
        body = response.body
        assert "Metadata quality score" in body
        assert "What to fill in to gain points" in body
        assert ("Save claims" in body) == (who in WRITERS)

    @pytest.mark.parametrize("who", ALL)
    def test_private_dataset(self, app, datasets, tokens, who):
        response = app.get("/dataset/secret/charter",
                           headers=headers(tokens, who))
        assert response.status_code == (200 if who in READERS else 404)

    def test_advice_for_a_poor_dataset(self, app, datasets, tokens):
        body = app.get("/dataset/report/charter").body
        assert "Add keywords people would search for." in body
        assert "Also publish the data in a machine-readable format" in body
        assert "points depend on a link check that has not run yet" in body

    def test_claim_form(self, app, datasets, tokens):
        response = app.post("/dataset/parking/charter",
                            headers=headers(tokens, "editor"),
                            data={"charter_claims": ["smart-flanders:11",
                                                     "smart-flanders:17"]})
        # 17 is an organization principle: refused, named, nothing stored
        assert response.status_code == 200
        assert "concerns the organization" in response.body
        assert helpers.call_action("charter_dataset_show",
                                   id="parking")["claimed"] == []
        response = app.post("/dataset/parking/charter",
                            headers=headers(tokens, "editor"),
                            data={"charter_claims": ["smart-flanders:11"]})
        assert "Claims saved" in response.body
        assert helpers.call_action("charter_dataset_show",
                                   id="parking")["claimed"] == [
            "smart-flanders:11"]

    @pytest.mark.parametrize("who", ["member", "other", "anonymous"])
    def test_claim_denied(self, app, datasets, tokens, who):
        response = app.post("/dataset/parking/charter",
                            headers=headers(tokens, who),
                            data={"charter_claims": ["smart-flanders:11"]})
        assert response.status_code == 403
        assert "Not authorized to change the claims" in response.body
        assert helpers.call_action("charter_dataset_show",
                                   id="parking")["claimed"] == []

    def test_search_facets(self, app, datasets):
        body = app.get("/dataset/").body
        assert "Charter principle (proven)" in body
        assert "Metadata quality" in body
        assert "9. Open, machine-readable formats and standards" in body
        body = app.get("/dataset/?vocab_charter_proven=smart-flanders:9").body
        assert "/dataset/parking" in body
        assert "/dataset/report" not in body


    def test_sort_by_quality(self, app, datasets):
        body = app.get("/dataset/").body
        assert "Best metadata quality" in body
        body = app.get("/dataset/?sort=metadata_quality_score+asc,"
                       "+metadata_modified+desc").body
        assert body.index("/dataset/report") < body.index("/dataset/parking")
        body = app.get("/dataset/?sort=metadata_quality_score+desc,"
                       "+metadata_modified+desc").body
        assert body.index("/dataset/parking") < body.index("/dataset/report")


class TestOrganizationPage:
    @pytest.mark.parametrize("who", ALL)
    def test_page(self, app, datasets, tokens, who):
        response = app.get("/organization/leuven/charter",
                           headers=headers(tokens, who))
        assert response.status_code == 200
        body = response.body
        assert "2 public datasets." in body
        assert "Datasets to fix first" in body
        assert ("Secret" in body) == (who in READERS)
        assert ("Record the adoption" in body) == (who in {"admin",
                                                          "sysadmin"})

    def test_tab(self, app, datasets):
        assert "/organization/leuven/charter" in app.get(
            "/organization/leuven").body

    def test_adoption_form(self, app, datasets, tokens):
        response = app.post("/organization/leuven/charter",
                            headers=headers(tokens, "admin"),
                            data={"charter": "smart-flanders",
                                  "adopted": "2999-01-01",
                                  "decision_url": "not a url"})
        assert "is in the future" in response.body
        assert "Not a web address" in response.body
        response = app.post("/organization/leuven/charter",
                            headers=headers(tokens, "admin"),
                            data={"charter": "smart-flanders",
                                  "adopted": "2018-06-01",
                                  "decision_url": "https://leuven.be/b"})
        assert "adopted on 2018-06-01" in response.body

    @pytest.mark.parametrize("who", ["editor", "member", "other",
                                     "anonymous"])
    def test_adoption_denied(self, app, datasets, tokens, who):
        response = app.post("/organization/leuven/charter",
                            headers=headers(tokens, who),
                            data={"charter": "smart-flanders",
                                  "adopted": "2018-06-01"})
        assert response.status_code == 403
        assert "Only admins of the organization can record" in response.body
        assert helpers.call_action("charter_adoption_list") == []

    def test_unknown(self, app, datasets):
        assert app.get("/organization/nowhere/charter").status_code == 404


class TestNetworkPage:
    def test_page_and_csv(self, app, datasets):
        helpers.call_action("charter_adoption_create",
                            organization_id="gent", charter="smart-flanders",
                            adopted="2018-03-01")
        helpers.call_action("charter_snapshot_take", month="2026-10")
        body = app.get("/charter").body
        assert "Open Data Charter across the network" in body
        assert "3 public datasets." in body
        assert "<svg" in body and "2026-10" in body
        assert "2018-03-01" in body
        assert "Secret" not in body
        response = app.get("/charter/export.csv")
        rows = list(csv.DictReader(io.StringIO(
            response.get_data().decode("utf-8-sig"), newline="")))
        nine = {r["Organization name"]: r["Share proven (%)"] for r in rows
                if r["Principle"] == "9"}
        assert nine == {"gent": "100", "leuven": "50"}
