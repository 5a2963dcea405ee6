"""The pages, for every role: anonymous, a re-user, member, editor, admin
of the municipality, another municipality's admin, the secretariat and a
sysadmin, with private candidates on both sides."""
import csv
import io

import openpyxl
import pytest

import ckan.model as model

from ckanext.prioritization import model as pmodel
from .conftest import (PLUGINS, SECRETARIAT, SharedRoleMatrix, call,
                       headers, make_dataset)

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config(
        "ckanext.prioritization.secretariat_organization", SECRETARIAT),
]

ALL = ["anonymous", "reuser", "member", "editor", "admin", "other",
       "secretary", "sysadmin"]
FULL = {"sysadmin", "secretary"}
LEUVEN = {"member", "editor", "admin"}
EDITORS = {"editor", "admin", "sysadmin"}

TYPE = [{"key": "dataset_type_code", "value": "parking"}]


@pytest.fixture
def typed(roles):
    """Parking: published in Gent, a private candidate in Leuven."""
    site = {"ignore_auth": True}
    from ckan.tests import helpers
    leuven = make_dataset(roles.org, "leuven-parking", private=True,
                          extras=TYPE)
    make_dataset(roles.other_org, "gent-parking", extras=TYPE)
    helpers.call_action("prioritization_screening_update", context=site,
                        id=leuven["id"], status="candidate",
                        scores={"demand": 4, "quality": 2},
                        personal_data="none", confidentiality="none")
    return leuven


class TestScreeningPageByRole(SharedRoleMatrix):
    """Every test here only reads (a page per role): the roles and
    candidates are built once for all of them."""

    @pytest.mark.parametrize("who", ALL)
    def test_private_candidate(self, app, roles, tokens, candidates, who):
        response = app.get("/dataset/leuven-trees/screening",
                           headers=headers(tokens, who),
                           status=None)
        if who in LEUVEN | FULL:
            assert response.status_code == 200
            body = response.body
            assert "Screening and priority" in body
            assert "prioritization-score-value" in body
            assert "50.0" in body
            assert "strongest on Demand" in body
            assert "Breakdown" in body
            if who in EDITORS:
                assert 'name="_csrf_token"' in body
                assert 'name="score-demand"' in body
                assert "Regular requests from several audiences" in body
            else:
                assert 'name="score-demand"' not in body
        else:
            assert response.status_code == 404  # as CKAN: not told it exists
            assert "50.0" not in response.body

    @pytest.mark.parametrize("who", ALL)
    def test_public_candidate(self, app, roles, tokens, candidates, who):
        body = app.get("/dataset/leuven-parking/screening",
                       headers=headers(tokens, who)).body
        assert "66.7" in body
        assert ('name="score-demand"' in body) == (who in EDITORS)

    # (the ranking page's matrix reads the same data)
    @pytest.mark.parametrize("who", ALL)
    def test_who_sees_what(self, app, roles, tokens, candidates, who):
        body = app.get("/prioritization", headers=headers(tokens, who)).body
        # the title says whose list it is (issue #20)
        title = ("Ranking of candidate datasets" if who in FULL else
                 "Ranking of the datasets of your organization"
                 if who in LEUVEN | {"other"} else
                 "Priority scores of public datasets")
        assert f"<h1>{title}</h1>" in body
        assert "Leuven Parking" in body and "Gent Budget" in body
        assert ("Leuven Trees" in body) == (who in LEUVEN | FULL)
        assert ("Gent Secret Noise" in body) == (who in FULL | {"other"})
        expected = 2 + (who in LEUVEN | FULL) + (who in FULL | {"other"})
        assert f"{expected} screened datasets you may see" in body
        assert "strongest on Demand" in body

    @pytest.mark.ckan_config("ckanext.prioritization.public_scores", "false")
    @pytest.mark.parametrize("who", ["anonymous", "reuser", "other"])
    def test_public_scores_off(self, app, roles, tokens, candidates, who):
        body = app.get("/dataset/leuven-parking/screening",
                       headers=headers(tokens, who)).body
        assert "66.7" not in body
        assert "shown only to its organization" in body


class TestScreeningPage:
    def test_dataset_page_has_tab_and_box(self, app, roles, tokens,
                                          candidates):
        body = app.get("/dataset/leuven-parking").body
        assert "/dataset/leuven-parking/screening" in body
        assert "Priority" in body and "66.7" in body

    def test_editor_screens_through_the_form(self, app, roles, tokens):
        pkg = make_dataset(roles.org, "leuven-noise")
        form = {"status": "in_preparation", "score-demand": "3",
                "score-quality": "4", "evidence-demand": "Council asked",
                "personal_data": "low", "confidentiality": "none",
                "reason": "Addresses of complainants must be aggregated"}
        response = app.post("/dataset/leuven-noise/screening", data=form,
                            headers=headers(tokens, "editor"))
        body = response.body
        assert "Screening saved" in body
        assert "Publish after anonymisation or aggregation" in body
        assert "Council asked" in body
        assert "In preparation" in body
        shown = call(roles.editor, "prioritization_screening_show",
                     id=pkg["id"])
        assert shown["scores"] == {"demand": 3, "quality": 4}

    @pytest.mark.parametrize("form,message", [
        ({"status": "candidate", "score-demand": "7"},
         "Score of Demand: 7 is not a score"),
        ({"status": "nonsense"}, "Status: unknown status nonsense"),
        ({"status": "declined"}, "Reason: record why"),
        ({"status": "candidate", "personal_data": "huge"},
         "Personal data: unknown risk level huge"),
    ])
    def test_bad_form_input_shown_and_nothing_stored(
            self, app, roles, tokens, form, message):
        make_dataset(roles.org, "leuven-noise")
        body = app.post("/dataset/leuven-noise/screening", data=form,
                        headers=headers(tokens, "editor")).body
        assert "Nothing was saved" in body
        assert message in body
        assert model.Session.query(pmodel.Screening).count() == 0

    @pytest.mark.parametrize("who", ["anonymous", "reuser", "member",
                                     "other", "secretary"])
    def test_post_denied(self, app, roles, tokens, who):
        make_dataset(roles.org, "leuven-noise")
        response = app.post("/dataset/leuven-noise/screening",
                            data={"status": "candidate"},
                            headers=headers(tokens, who), status=None)
        # refused for who they are, not for a missing CSRF token (400)
        assert response.status_code == 403
        assert "editors can screen it" in response.body
        assert model.Session.query(pmodel.Screening).count() == 0


class TestDemandPages:
    def test_reuser_registers_once(self, app, roles, tokens, candidates):
        h = headers(tokens, "reuser")
        body = app.get("/dataset/gent-budget/screening", headers=h).body
        assert "Register demand" in body
        body = app.post("/dataset/gent-budget/demand", headers=h,
                        data={"audience": "business",
                              "note": "for a budget app"}).body
        assert "your demand is registered" in body
        assert "1 re-user asked for this dataset" in body
        assert "Register demand" not in body
        assert "for a budget app" not in body  # notes: editors only
        editor_view = app.get("/dataset/gent-budget/screening",
                              headers=headers(tokens, "other")).body
        assert "for a budget app" in editor_view
        ranking = app.get("/prioritization").body
        assert "1 demand signal" in ranking

    def test_bad_audience_flashed(self, app, roles, tokens, candidates):
        body = app.post("/dataset/gent-budget/demand",
                        headers=headers(tokens, "reuser"),
                        data={"audience": "alien"}).body
        assert "Unknown audience: alien" in body
        assert model.Session.query(pmodel.Demand).count() == 0

    def test_private_dataset_refused(self, app, roles, tokens, candidates):
        response = app.post("/dataset/gent-secret-noise/demand",
                            headers=headers(tokens, "reuser"),
                            data={"audience": "business"}, status=None)
        assert response.status_code == 404
        assert model.Session.query(pmodel.Demand).count() == 0

    def test_secretariat_refused_on_private_candidate(self, app, roles,
                                                      tokens, candidates):
        h = headers(tokens, "secretary")
        page = app.get("/dataset/gent-secret-noise/screening", headers=h).body
        assert "Register demand" not in page
        assert "can only be registered by members of its organization" in page
        response = app.post("/dataset/gent-secret-noise/demand", headers=h,
                            data={"audience": "authority"}, status=None)
        assert response.status_code == 403
        assert "can only be registered by members of its organization" in \
            response.body
        assert model.Session.query(pmodel.Demand).count() == 0
        own = app.post("/dataset/gent-secret-noise/demand",
                       headers=headers(tokens, "other"),
                       data={"audience": "authority"}).body
        assert "your demand is registered" in own

    def test_anonymous_refused(self, app, roles, candidates):
        response = app.post("/dataset/gent-budget/demand",
                            data={"audience": "business"}, status=None)
        assert response.status_code == 403
        assert "Log in to register demand" in response.body
        assert model.Session.query(pmodel.Demand).count() == 0

    def test_type_demand_from_coverage(self, app, roles, tokens, typed):
        h = headers(tokens, "reuser")
        body = app.post("/prioritization/demand", headers=h, data={
            "dataset_type_code": "parking", "audience": "citizen"}).body
        assert "your demand is registered" in body
        body = app.post("/prioritization/demand", headers=h, data={
            "dataset_type_code": "parking", "audience": "citizen"}).body
        assert "already registered" in body
        assert model.Session.query(pmodel.Demand).count() == 1


class TestRankingPage:
    def test_filters_and_facets(self, app, roles, tokens, candidates):
        body = app.get("/prioritization?municipality=gent",
                       headers=headers(tokens, "sysadmin")).body
        assert "Gent Budget" in body and "Leuven Parking" not in body
        assert "2 screened datasets" in body

    def test_bad_filter(self, app, roles):
        response = app.get("/prioritization?status=maybe", status=400)
        assert "Unknown status: maybe" in response.body

    def test_csv_export(self, app, roles, tokens, candidates):
        response = app.get("/prioritization/ranking.csv",
                           headers=headers(tokens, "other"))
        rows = list(csv.reader(io.StringIO(
            response.get_data().decode("utf-8-sig"), newline="")))
        assert rows[0][:3] == ["Rank", "Dataset", "Title"]
        assert [r[1] for r in rows[1:]] == [
            "leuven-parking", "gent-secret-noise", "gent-budget"]
        assert rows[1][rows[0].index("Score")] == "66.67"

    def test_xlsx_export(self, app, roles, tokens, candidates):
        response = app.get("/prioritization/ranking.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
        sheet = book.active
        names = [row[1] for row in sheet.iter_rows(min_row=2,
                                                    values_only=True)]
        assert names == ["leuven-parking", "gent-budget"]


class TestCoveragePage:
    @pytest.mark.parametrize("who", ALL)
    def test_private_candidate_only_for_those_who_may(
            self, app, roles, tokens, typed, who):
        body = app.get("/prioritization/coverage",
                       headers=headers(tokens, who)).body
        assert "Coverage of dataset types" in body
        assert "prioritization-cell-published" in body  # Gent publishes
        sees = who in LEUVEN | FULL
        assert ('<td class="prioritization-cell-candidate"' in body) == sees
        assert ('<th scope="col" class="prioritization-muni">Leuven</th>'
                in body) == sees

    def test_print_css_and_xlsx(self, app, roles, tokens, typed):
        css = app.get("/prioritization/prioritization.css").body
        assert "size: A4 landscape" in css
        response = app.get("/prioritization/coverage.xlsx",
                           headers=headers(tokens, "sysadmin"))
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
        assert book.sheetnames == ["Coverage", "Joint publication",
                                   "About the columns"]
        coverage = list(book["Coverage"].iter_rows(values_only=True))
        assert coverage[0][:4] == ("Dataset type", "Dataset type code",
                                   "Gent", "Leuven")
        assert coverage[1][:4] == ("parking", "parking", "Published", 47.22)


class TestWeightsPage:
    @pytest.mark.parametrize("who", ALL)
    def test_access(self, app, roles, tokens, who):
        response = app.get("/prioritization/weights",
                           headers=headers(tokens, who), status=None)
        if who in FULL:
            assert response.status_code == 200
            assert "Weights of the screening criteria" in response.body
            assert "History of the weights" in response.body
        else:
            assert response.status_code == 403

    def test_preview_then_save(self, app, roles, tokens, candidates):
        h = headers(tokens, "secretary")
        form = {"weight-demand": "0", "weight-transparency": "0",
                "weight-economic_reuse": "0", "weight-scale": "0",
                "weight-obligation": "0", "weight-quality": "1",
                "weight-effort": "0", "weight-machine_readable": "0"}
        body = app.post("/prioritization/weights", headers=h,
                        data={**form, "go": "preview"}).body
        assert "Top 20: current weights and new weights" in body
        assert model.Session.query(pmodel.WeightsChange).count() == 0
        body = app.post("/prioritization/weights", headers=h,
                        data={**form, "go": "save"}).body
        assert "Weights saved" in body
        assert "secretary" in body  # the history names who
        assert "Demand: 3.0 → 0.0" in body

    @pytest.mark.parametrize("value,message", [
        ("-1", "Weight of Demand: a weight must be zero or more"),
        ("abc", "Weight of Demand: abc is not a number")])
    def test_bad_weight(self, app, roles, tokens, value, message):
        form = {f"weight-{c}": "1" for c in (
            "demand", "transparency", "economic_reuse", "scale",
            "obligation", "quality", "effort", "machine_readable")}
        form["weight-demand"] = value
        body = app.post("/prioritization/weights",
                        headers=headers(tokens, "sysadmin"),
                        data={**form, "go": "save"}).body
        assert message in body
        assert model.Session.query(pmodel.WeightsChange).count() == 0


class TestLanguages:
    @pytest.mark.parametrize("lang,heading,sentence", [
        # anonymous: the scores of public datasets (issue #20)
        ("da_DK", "Prioritetsscorer for offentlige datasæt",
         "stærkest på Efterspørgsel"),
        ("nl", "Prioriteitsscores van openbare datasets", "sterkst op Vraag"),
        ("sv", "Prioritetspoäng för offentliga datamängder",
         "starkast på Efterfrågan"),
    ])
    def test_ranking_translated(self, app, roles, candidates, lang, heading,
                                sentence):
        body = app.get(f"/{lang}/prioritization").body
        assert heading in body
        assert sentence in body

    def test_form_error_translated(self, app, roles, tokens):
        make_dataset(roles.org, "leuven-noise")
        body = app.post("/nl/dataset/leuven-noise/screening",
                        data={"status": "candidate", "score-demand": "9"},
                        headers=headers(tokens, "editor")).body
        assert "Score voor Vraag: 9 is geen score" in body
        assert model.Session.query(pmodel.Screening).count() == 0
