"""The pages, for every role: anonymous, member, editor, admin of the
organization, a user of another organization and a sysadmin."""
import csv
import io

import pytest

from ckan.tests import helpers

from .conftest import full_answers

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]

ALL = ["anonymous", "member", "editor", "admin", "other", "sysadmin"]
WRITERS = {"editor", "admin", "sysadmin"}
READERS = WRITERS | {"member"}


def headers(tokens, who):
    return {} if who == "anonymous" else {"Authorization": tokens[who]}


def call(roles, who, action, **data):
    return helpers.call_action(action, context={
        "user": roles[who]["name"], "ignore_auth": False}, **data)


@pytest.fixture
def two_submitted(roles, framework):
    """Leuven's assessments of two years: the second one better."""
    ids = []
    for value, need in ((1, 2), (2, 1)):
        a = call(roles, "editor", "maturity_assessment_create",
                 organization_id="leuven",
                 answers=full_answers(framework, value, need))
        ids.append(call(roles, "editor", "maturity_assessment_submit",
                        id=a["id"])["id"])
    return ids


class TestTab:
    def test_organization_page_has_tab(self, app, roles):
        response = app.get("/organization/leuven")
        assert "/organization/leuven/maturity" in response.body
        assert "Open-data maturity" in response.body


class TestResults:
    @pytest.mark.parametrize("who", ALL)
    def test_access(self, app, roles, tokens, two_submitted, who):
        response = app.get("/organization/leuven/maturity",
                           headers=headers(tokens, who))
        assert response.status_code == 200
        body = response.body
        if who in READERS:
            assert "<svg" in body and "maturity-chart" in body
            assert "Priorities and recommended actions" in body
            assert "Management and policy" in body
            assert "Charter principles" in body
            # the second assessment is compared with the first
            assert "Previous assessment" in body
            assert "+1 level" in body
        else:
            assert "<svg" not in body
            assert "has not shared its results" in body
        assert ("Take the assessment" in body) == (who in WRITERS)

    def test_shared_results_are_public(self, app, roles, tokens,
                                       two_submitted):
        call(roles, "admin", "maturity_assessment_update",
             id=two_submitted[1], shared=True)
        for who in ("anonymous", "other"):
            body = app.get("/organization/leuven/maturity",
                           headers=headers(tokens, who)).body
            assert "<svg" in body
            # the earlier, unshared assessment is not compared with
            assert "Previous assessment" not in body

    @pytest.mark.parametrize("who", ALL)
    def test_names_only_for_members(self, app, roles, tokens, two_submitted,
                                    who):
        """Who submitted is shown to the organization's members and
        sysadmins, never to others of a shared result."""
        call(roles, "admin", "maturity_assessment_update",
             id=two_submitted[1], shared=True)
        body = app.get("/organization/leuven/maturity",
                       headers=headers(tokens, who)).body
        assert "<svg" in body  # everyone sees the shared result
        # by the person's name, never the account's
        name = roles.editor["fullname"]
        assert (f"Submitted by {name}." in body) == (who in READERS)
        assert "Submitted by org_editor" not in body
        assert "org_editor" not in body or who in READERS

    def test_table_beside_chart(self, app, roles, tokens, two_submitted):
        body = app.get("/organization/leuven/maturity",
                       headers=headers(tokens, "member")).body
        assert "<table" in body and "<caption>" in body
        assert "Gevorderd" not in body  # English page
        assert "Advanced" in body

    def test_no_assessment(self, app, roles, tokens):
        body = app.get("/organization/leuven/maturity",
                       headers=headers(tokens, "editor")).body
        assert "No submitted assessment yet" in body

    def test_unknown(self, app, roles, tokens, two_submitted):
        response = app.get("/organization/nowhere/maturity")
        assert response.status_code == 404
        assert "Organization not found" in response.body
        response = app.get("/organization/leuven/maturity?assessment=nope",
                           headers=headers(tokens, "admin"))
        assert response.status_code == 404
        assert "Assessment not found" in response.body

    def test_share_form(self, app, roles, tokens, two_submitted):
        body = app.get("/organization/leuven/maturity",
                       headers=headers(tokens, "admin")).body
        assert "Share with the network" in body
        assert 'name="_csrf_token"' in body
        response = app.post("/organization/leuven/maturity/share",
                            headers=headers(tokens, "admin"),
                            data={"assessment_id": two_submitted[1],
                                  "shared": "true"})
        assert response.status_code == 200
        assert "The results are now shared with the network" in \
            response.body
        assert "Stop sharing" in response.body
        assert call(roles, "member", "maturity_assessment_show",
                    id=two_submitted[1])["shared"]

    @pytest.mark.parametrize("who", ["member", "other"])
    def test_share_denied(self, app, roles, tokens, two_submitted, who):
        response = app.post("/organization/leuven/maturity/share",
                            headers=headers(tokens, who),
                            data={"assessment_id": two_submitted[1],
                                  "shared": "true"})
        assert response.status_code == 403
        assert "Not authorized to change sharing" in response.body
        assert not call(roles, "admin", "maturity_assessment_show",
                        id=two_submitted[1])["shared"]


class TestAssess:
    @pytest.mark.parametrize("who", ALL)
    def test_access(self, app, roles, tokens, who):
        response = app.get("/organization/leuven/maturity/assess",
                           headers=headers(tokens, who))
        if who in WRITERS:
            assert response.status_code == 200
            assert "Start the assessment" in response.body
            assert 'name="_csrf_token"' in response.body
        else:
            assert response.status_code == 403
            assert "Only editors and admins of the organization can take " \
                "its assessment" in response.body
            assert "Start the assessment" not in response.body

    @pytest.mark.parametrize("who", ["member", "other"])
    def test_post_denied(self, app, roles, tokens, who):
        response = app.post("/organization/leuven/maturity/assess",
                            headers=headers(tokens, who),
                            data={"start": "1"})
        assert response.status_code == 403
        assert "Only editors and admins of the organization can take its " \
            "assessment" in response.body
        assert call(roles, "admin", "maturity_assessment_list",
                    organization_id="leuven") == []

    def test_whole_assessment(self, app, roles, tokens, framework):
        h = headers(tokens, "editor")
        url = "/organization/leuven/maturity/assess"
        app.post(url, headers=h, data={"start": "1"})
        body = app.get(url, headers=h).body
        assert "Step 1 of 11" in body
        assert "Sponsoring" in body
        version = call(roles, "editor", "maturity_assessment_list",
                       organization_id="leuven")[0]["version"]
        for step, domain in enumerate(framework.domains):
            data = {"step": str(step), "version": str(version),
                    "go": "next" if step < 10 else "submit"}
            for key in domain.keys():
                data[key] = "1" if key.endswith(".need") else "2"
            response = app.post(url, headers=h, data=data)
            assert response.status_code == 200, step
            if step < 10:
                assert f"Step {step + 2} of 11" in response.body, step
            version += 1
        assert "Assessment submitted" in response.body
        assert "<svg" in response.body
        assert "Priorities and recommended actions" in response.body
        listed = call(roles, "member", "maturity_assessment_list",
                      organization_id="leuven")
        assert [a["state"] for a in listed] == ["submitted"]

    def test_resume_and_incomplete_submit(self, app, roles, tokens):
        h = headers(tokens, "editor")
        url = "/organization/leuven/maturity/assess"
        app.post(url, headers=h, data={"start": "1"})
        response = app.post(url, headers=h, data={
            "step": "0", "version": "1", "go": "stay",
            "sponsoring.budget": "3"})
        assert "Draft saved" in response.body
        # another editor resumes the draft and sees the answer
        body = app.get(url + "?step=0",
                       headers=headers(tokens, "editor2")).body
        assert 'value="3" checked' in body
        response = app.post(url, headers=h, data={
            "step": "10", "version": "2", "go": "submit"})
        assert "The assessment is not complete" in response.body
        assert "Sponsoring: The council or board" in response.body
        assert call(roles, "member", "maturity_assessment_list",
                    organization_id="leuven")[0]["state"] == "draft"

    def test_conflict_shown(self, app, roles, tokens):
        h1, h2 = headers(tokens, "editor"), headers(tokens, "editor2")
        url = "/organization/leuven/maturity/assess"
        app.post(url, headers=h1, data={"start": "1"})
        # both load version 1, then save the same statement differently
        app.post(url, headers=h1, data={"step": "0", "version": "1",
                                        "go": "stay",
                                        "sponsoring.budget": "3"})
        response = app.post(url, headers=h2, data={
            "step": "0", "version": "1", "go": "stay",
            "sponsoring.budget": "0", "sponsoring.need": "2"})
        assert "Someone else changed these answers" in response.body
        a = call(roles, "member", "maturity_assessment_list",
                 organization_id="leuven")[0]
        shown = call(roles, "member", "maturity_assessment_show", id=a["id"])
        assert shown["answers"] == {"sponsoring.budget": 3}

    def test_merge_different_statements(self, app, roles, tokens):
        h1, h2 = headers(tokens, "editor"), headers(tokens, "editor2")
        url = "/organization/leuven/maturity/assess"
        app.post(url, headers=h1, data={"start": "1"})
        app.post(url, headers=h1, data={"step": "0", "version": "1",
                                        "go": "stay",
                                        "sponsoring.budget": "3"})
        # the second editor's form still says budget unanswered, and the
        # browser posts only what is checked: budget is not touched
        app.post(url, headers=h2, data={"step": "0", "version": "1",
                                        "go": "stay",
                                        "sponsoring.need": "2"})
        a = call(roles, "member", "maturity_assessment_list",
                 organization_id="leuven")[0]
        shown = call(roles, "member", "maturity_assessment_show", id=a["id"])
        assert shown["answers"] == {"sponsoring.budget": 3,
                                    "sponsoring.need": 2}

    def test_bad_value_not_stored(self, app, roles, tokens):
        h = headers(tokens, "editor")
        url = "/organization/leuven/maturity/assess"
        app.post(url, headers=h, data={"start": "1"})
        response = app.post(url, headers=h, data={
            "step": "0", "version": "1", "go": "next",
            "sponsoring.budget": "9", "sponsoring.need": "1"})
        assert response.status_code == 200
        assert "outside the scale" in response.body
        a = call(roles, "member", "maturity_assessment_list",
                 organization_id="leuven")[0]
        assert call(roles, "member", "maturity_assessment_show",
                    id=a["id"])["answers"] == {}


class TestHistoryAndExport:
    @pytest.mark.parametrize("who", ALL)
    def test_history(self, app, roles, tokens, two_submitted, who):
        response = app.get("/organization/leuven/maturity/history",
                           headers=headers(tokens, who))
        assert response.status_code == 200
        if who in READERS:
            assert "Compare two assessments" in response.body
            assert "<svg" in response.body
        else:
            assert "No assessments to show" in response.body

    def test_compare_any_two(self, app, roles, tokens, two_submitted):
        a, b = two_submitted
        body = app.get(f"/organization/leuven/maturity/history?a={b}&b={a}",
                       headers=headers(tokens, "member")).body
        # 33% now, 67% before: one level down, the same -33% as any
        # one-level step (the rounded percents' difference was -34%)
        assert "-33%" in body
        response = app.get(f"/organization/leuven/maturity/history?a=x&b={a}",
                           headers=headers(tokens, "member"))
        assert response.status_code == 404
        assert "Assessment not found" in response.body

    @pytest.mark.parametrize("who", ALL)
    def test_csv(self, app, roles, tokens, two_submitted, who):
        response = app.get("/organization/leuven/maturity/export.csv",
                           headers=headers(tokens, who))
        if who not in READERS:
            assert response.status_code == 404
            assert "Assessment not found" in response.body
            assert "Priority rank" not in response.body
            return
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(
            response.get_data().decode("utf-8-sig"), newline="")))
        assert len(rows) == 11
        assert rows[0]["Priority rank"] == "1"
        # the level's label, its number in a column of its own
        assert {(r["Level"], r["Level number"]) for r in rows} == {
            ("Advanced", "2")}
        assert rows[0]["Assessment"] == two_submitted[1]


class TestNetwork:
    @pytest.fixture
    def network(self, roles, framework, two_submitted):
        """Leuven (level 2, unshared), Aalst (0, unshared), Brugge (3,
        shared), Gent (1, unshared)."""
        from ckan.tests import factories
        for name, value in (("aalst", 0), ("brugge", 3), ("gent", 1)):
            if name != "gent":
                admin = factories.User()
                factories.Organization(name=name, title=name.title(), users=[
                    {"name": admin["name"], "capacity": "admin"}])
            site_user = helpers.call_action("get_site_user")["name"]
            a = helpers.call_action(
                "maturity_assessment_create", context={"user": site_user},
                organization_id=name, shared=(name == "brugge"),
                answers=full_answers(framework, value, value % 3))
            helpers.call_action("maturity_assessment_submit",
                                context={"user": site_user}, id=a["id"])

    @pytest.mark.parametrize("who", ALL)
    def test_page(self, app, roles, tokens, network, who):
        response = app.get("/maturity?organization=leuven",
                           headers=headers(tokens, who))
        assert response.status_code == 200
        body = response.body
        assert "4 municipalities have submitted" in body
        assert "Number of municipalities per maturity level" in body
        # levels 0, 1 and 2 of the three unshared results; Brugge's shared
        # 3 is not counted
        row = body[body.index("Legal and procurement</th>"):]
        row = row[:row.index("</tr>")]
        assert [c.split(">")[-1] for c in row.split("</span>")[:-1]] == [
            "1", "1", "1", "0"]
        assert "Started" in row  # the median level
        # Brugge shared, Aalst did not
        shared = body[body.index("Municipalities that share their"):]
        assert "Brugge" in shared and "Aalst" not in shared
        # Leuven's own position only for its members
        assert ("against the network median" in body) == (who in READERS)
        if who in READERS:
            assert "(above the median)" in row

    @pytest.mark.parametrize("who", ALL)
    def test_too_few_for_aggregates(self, app, roles, tokens, two_submitted,
                                    who):
        body = app.get("/maturity", headers=headers(tokens, who)).body
        assert "1 municipality has submitted an assessment." in body
        assert "No network figures yet" in body
        assert "maturity-network" not in body
        assert "No municipality shares its results yet." in body

    def test_unknown_organization(self, app, roles):
        response = app.get("/maturity?organization=nowhere")
        assert response.status_code == 404
        assert "Organization not found" in response.body


class TestTranslations:
    def test_results_in_dutch(self, app, roles, tokens, two_submitted):
        body = app.get("/nl/organization/leuven/maturity",
                       headers=headers(tokens, "member")).body
        assert "Prioriteiten en aanbevolen acties" in body
        assert "Gevorderd" in body          # level, from the framework
        assert "Management en beleid" in body
        assert "Pas toe of leg uit" in body  # charter principle 2

    @pytest.mark.parametrize("lang,text", [
        ("da_DK", "Svaret 9 er uden for skalaen"),
        ("sv", "Svaret 9 ligger utanför skalan"),
        ("nl", "Antwoord 9 valt buiten de schaal"),
        ("en", "Answer 9 is outside the scale")])
    def test_bad_input_message(self, app, roles, tokens, lang, text):
        h = headers(tokens, "editor")
        prefix = "" if lang == "en" else "/" + lang
        url = prefix + "/organization/leuven/maturity/assess"
        app.post(url, headers=h, data={"start": "1"})
        body = app.post(url, headers=h, data={
            "step": "0", "version": "1", "go": "next",
            "sponsoring.budget": "9"}).body
        assert text in body

    def test_danish_framework_text(self, app, roles, tokens):
        h = headers(tokens, "editor")
        app.post("/organization/leuven/maturity/assess", headers=h,
                 data={"start": "1"})
        body = app.get("/da_DK/organization/leuven/maturity/assess",
                       headers=h).body
        assert "Opbakning" in body           # domain name
        assert "Gem og næste" in body        # interface
        assert "Slet ikke" in body           # answer scale
