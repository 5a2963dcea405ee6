"""The actions against the real database, and who may call them."""
import pytest

import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.maturity import model as mmodel
from .conftest import full_answers


pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]


def call(user, action, **data):
    """Call an action as a user (None: anonymous), with auth checks."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


def count_rows():
    return (model.Session.query(mmodel.Assessment).count(),
            model.Session.query(mmodel.Answer).count())


class TestFramework:
    def test_show_anonymous(self):
        result = call(None, "maturity_framework_show", lang="nl")
        assert result["version"] == "2025.1"
        assert len(result["domains"]) == 11
        assert result["levels"][3]["label"] == "Verworven"
        assert result["current"] is True

    def test_unknown_version(self):
        with pytest.raises(tk.ValidationError) as e:
            call(None, "maturity_framework_show", version="1999.9")
        assert "Unknown framework version" in e.value.error_dict["version"][0]


class TestCreate:
    @pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
    def test_allowed(self, roles, who):
        a = call(roles[who], "maturity_assessment_create",
                 organization_id="leuven",
                 answers={"sponsoring.budget": 2})
        assert a["state"] == "draft"
        assert a["version"] == 1
        assert a["answers"] == {"sponsoring.budget": 2}
        assert a["framework_version"] == "2025.1"
        assert a["created_by"] == roles[who]["name"]
        assert a["progress"]["answered"] == 1

    @pytest.mark.parametrize("who", ["member", "other", None])
    def test_denied(self, roles, who):
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None, "maturity_assessment_create",
                 organization_id="leuven")
        assert count_rows() == (0, 0)

    def test_unknown_org(self, roles):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.sysadmin, "maturity_assessment_create",
                 organization_id="nowhere")
        assert "Organization not found" in \
            e.value.error_dict["organization_id"][0]
        with pytest.raises(logic.NotFound):
            call(roles.editor, "maturity_assessment_create",
                 organization_id="nowhere")

    def test_one_draft_at_a_time(self, roles):
        first = call(roles.editor, "maturity_assessment_create",
                     organization_id="leuven")
        with pytest.raises(tk.ValidationError) as e:
            call(roles.admin, "maturity_assessment_create",
                 organization_id="leuven")
        assert e.value.error_dict["draft_id"] == [first["id"]]
        assert count_rows() == (1, 0)

    @pytest.mark.parametrize("answers,field,text", [
        ({"nowhere.x": 1}, "nowhere.x", "Unknown domain"),
        ({"sponsoring.x": 1}, "sponsoring.x", "Unknown statement"),
        ({"sponsoring.budget": 7}, "sponsoring.budget", "outside the scale"),
        ({"sponsoring.need": 3}, "sponsoring.need", "outside the scale"),
    ])
    def test_bad_answers_store_nothing(self, roles, answers, field, text):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven", answers=answers)
        assert text in e.value.error_dict[field][0]
        assert count_rows() == (0, 0)

    def test_unknown_framework_version(self, roles):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven", framework_version="0.1")
        assert "Unknown framework version" in \
            e.value.error_dict["framework_version"][0]
        assert count_rows() == (0, 0)

    def test_copy_previous(self, roles, framework):
        a = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven",
                 answers=full_answers(framework, 1, 2))
        call(roles.editor, "maturity_assessment_submit", id=a["id"])
        b = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven", copy_previous=True)
        assert b["answers"] == a["answers"]
        assert b["id"] != a["id"]


class TestUpdateAndSubmit:
    @pytest.fixture
    def draft(self, roles):
        return call(roles.editor, "maturity_assessment_create",
                    organization_id="leuven")

    @pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
    def test_update_allowed(self, roles, draft, who):
        a = call(roles[who], "maturity_assessment_update", id=draft["id"],
                 version=draft["version"],
                 answers={"vision.policy": "3", "vision.need": 0})
        assert a["answers"] == {"vision.policy": 3, "vision.need": 0}
        assert a["version"] == draft["version"] + 1
        assert a["modified_by"] == roles[who]["name"]

    @pytest.mark.parametrize("who", ["member", "other", None])
    def test_update_denied(self, roles, draft, who):
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None, "maturity_assessment_update",
                 id=draft["id"], version=1, answers={"vision.policy": 3})
        assert count_rows() == (1, 0)

    def test_update_unknown_assessment(self, roles):
        with pytest.raises(logic.NotFound):
            call(roles.sysadmin, "maturity_assessment_update", id="nope",
                 version=1, answers={"vision.policy": 3})

    def test_update_bad_input_stores_nothing(self, roles, draft):
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=1, answers={"vision.policy": 3, "vision.x": 1})
        assert list(e.value.error_dict) == ["vision.x"]
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 answers={"vision.policy": 3})
        assert "version" in e.value.error_dict
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version="abc", answers={"vision.policy": 3})
        assert "version" in e.value.error_dict
        with pytest.raises(tk.ValidationError):
            call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=99, answers={"vision.policy": 3})
        assert count_rows() == (1, 0)

    def test_clear_answer(self, roles, draft):
        a = call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=1, answers={"vision.policy": 3})
        a = call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=a["version"], answers={"vision.policy": None})
        assert a["answers"] == {"vision.policy": None}

    def test_submit_incomplete_lists_missing(self, roles, draft, framework):
        answers = full_answers(framework)
        del answers["legal.need"], answers["vision.policy"]
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=1, answers=answers)
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor, "maturity_assessment_submit", id=draft["id"])
        message = e.value.error_dict["answers"][0]
        assert "not complete" in message
        assert "Vision and strategy: A written open-data policy" in message
        assert "Legal and procurement: need to improve" in message
        assert e.value.error_dict["missing"] == ["vision.policy",
                                                 "legal.need"]
        assert call(roles.editor, "maturity_assessment_show",
                    id=draft["id"])["state"] == "draft"

    @pytest.mark.parametrize("who", ["member", "other", None])
    def test_submit_denied(self, roles, draft, who, framework):
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=1, answers=full_answers(framework))
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None, "maturity_assessment_submit",
                 id=draft["id"])

    @pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
    def test_submit_and_keep(self, roles, draft, framework, who):
        a = call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=1, answers=full_answers(framework, 1, 2))
        s = call(roles[who], "maturity_assessment_submit", id=draft["id"],
                 version=a["version"])
        assert s["state"] == "submitted"
        assert s["submitted_by"] == roles[who]["name"]
        # what a page shows: the person's name, not the account's
        assert s["submitted_by_display"] == roles[who]["fullname"]
        assert s["result"]["overall_level"] == 1
        assert s["result"]["complete"]
        # submitted answers never change
        with pytest.raises(tk.ValidationError):
            call(roles.admin, "maturity_assessment_update", id=draft["id"],
                 version=s["version"], answers={"vision.policy": 3})
        with pytest.raises(tk.ValidationError):
            call(roles.admin, "maturity_assessment_submit", id=draft["id"])
        # a new assessment is a new row; the old one stays
        new = call(roles.editor, "maturity_assessment_create",
                   organization_id="leuven")
        assert new["id"] != s["id"]
        listed = call(roles.member, "maturity_assessment_list",
                      organization_id="leuven")
        assert [x["id"] for x in listed] == [new["id"], s["id"]]

    def test_sharing_after_submit(self, roles, draft, framework):
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=1, answers=full_answers(framework))
        call(roles.editor, "maturity_assessment_submit", id=draft["id"])
        with pytest.raises(logic.NotAuthorized):
            call(None, "maturity_assessment_show", id=draft["id"])
        with pytest.raises(logic.NotAuthorized):
            call(roles.member, "maturity_assessment_update", id=draft["id"],
                 shared=True)
        a = call(roles.admin, "maturity_assessment_update", id=draft["id"],
                 shared=True)
        assert a["shared"] and a["state"] == "submitted"
        assert call(None, "maturity_assessment_show",
                    id=draft["id"])["result"]["complete"]
        assert call(roles.other, "maturity_assessment_show",
                    id=draft["id"])["id"] == draft["id"]


def test_submitted_by_without_a_full_name_is_the_organization(roles,
                                                               framework):
    """An account without a full name is shown as the organization that
    submitted, never by its account name ("municipal-demo")."""
    user = model.User.get(roles.editor["id"])
    user.fullname = ""
    model.Session.commit()
    draft = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven")
    call(roles.editor, "maturity_assessment_update", id=draft["id"],
         version=1, answers=full_answers(framework))
    s = call(roles.editor, "maturity_assessment_submit", id=draft["id"],
             version=2)
    assert s["submitted_by_display"] == "Leuven"


class TestConcurrentEditing:
    """Two editors load the same draft (version 1) and save."""

    @pytest.fixture
    def draft(self, roles):
        return call(roles.editor, "maturity_assessment_create",
                    organization_id="leuven",
                    answers={"vision.policy": 1, "legal.licence": 1})

    def test_different_statements_merge(self, roles, draft):
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=draft["version"], answers={"vision.policy": 3})
        second = call(roles.editor2, "maturity_assessment_update",
                      id=draft["id"], version=draft["version"],
                      answers={"legal.licence": 2})
        assert second["answers"] == {"vision.policy": 3, "legal.licence": 2}
        assert second["version"] == draft["version"] + 2

    def test_same_statement_conflict(self, roles, draft):
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=draft["version"], answers={"vision.policy": 3})
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor2, "maturity_assessment_update",
                 id=draft["id"], version=draft["version"],
                 answers={"vision.policy": 0, "legal.licence": 2})
        errors = e.value.error_dict
        assert "Someone else changed these answers" in errors["conflict"][0]
        assert "A written open-data policy exists" in errors["conflict"][0]
        assert errors["conflict_keys"] == ["vision.policy"]
        shown = call(roles.editor, "maturity_assessment_show",
                     id=draft["id"])
        # nothing of the second save stored, the first one intact
        assert shown["answers"] == {"vision.policy": 3, "legal.licence": 1}

    def test_same_value_is_no_conflict(self, roles, draft):
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=draft["version"], answers={"vision.policy": 3})
        a = call(roles.editor2, "maturity_assessment_update",
                 id=draft["id"], version=draft["version"],
                 answers={"vision.policy": 3})
        assert a["answers"]["vision.policy"] == 3

    def test_own_later_save_is_no_conflict(self, roles, draft):
        a = call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=draft["version"], answers={"vision.policy": 3})
        a = call(roles.editor, "maturity_assessment_update", id=draft["id"],
                 version=a["version"], answers={"vision.policy": 2})
        assert a["answers"]["vision.policy"] == 2

    def test_stale_submit_refused(self, roles, draft, framework):
        answers = full_answers(framework)
        call(roles.editor, "maturity_assessment_update", id=draft["id"],
             version=draft["version"], answers=answers)
        with pytest.raises(tk.ValidationError) as e:
            call(roles.editor2, "maturity_assessment_submit", id=draft["id"],
                 version=draft["version"])
        assert "conflict" in e.value.error_dict


class TestReadAccess:
    @pytest.fixture
    def submitted(self, roles, framework):
        a = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven",
                 answers=full_answers(framework))
        return call(roles.editor, "maturity_assessment_submit", id=a["id"])

    @pytest.mark.parametrize("who", ["member", "editor", "admin",
                                     "sysadmin"])
    def test_show_allowed(self, roles, submitted, who):
        a = call(roles[who], "maturity_assessment_show", id=submitted["id"])
        assert a["answers"]["legal.need"] == 1

    @pytest.mark.parametrize("who", ["other", None])
    def test_show_denied(self, roles, submitted, who):
        with pytest.raises(logic.NotAuthorized):
            call(roles[who] if who else None, "maturity_assessment_show",
                 id=submitted["id"])

    def test_draft_never_public(self, roles):
        a = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven", shared=True)
        with pytest.raises(logic.NotAuthorized):
            call(None, "maturity_assessment_show", id=a["id"])
        assert call(None, "maturity_assessment_list",
                    organization_id="leuven") == []

    @pytest.mark.parametrize("who,count", [
        ("member", 2), ("editor", 2), ("admin", 2), ("sysadmin", 2),
        ("other", 0), (None, 0)])
    def test_list(self, roles, submitted, who, count):
        call(roles.editor, "maturity_assessment_create",
             organization_id="leuven")
        listed = call(roles[who] if who else None,
                      "maturity_assessment_list", organization_id="leuven")
        assert len(listed) == count

    def test_list_shared_for_public(self, roles, submitted):
        call(roles.admin, "maturity_assessment_update", id=submitted["id"],
             shared=True)
        listed = call(None, "maturity_assessment_list",
                      organization_id="leuven")
        assert [a["id"] for a in listed] == [submitted["id"]]
        assert "answers" not in listed[0]

    @pytest.mark.parametrize("who,sees_names", [
        ("member", True), ("editor", True), ("admin", True),
        ("sysadmin", True), ("other", False), (None, False)])
    def test_user_names_only_for_members(self, roles, submitted, who,
                                         sees_names):
        """As CKAN keeps its activity to members: the editors' user names
        of a shared result are not given to others."""
        call(roles.admin, "maturity_assessment_update", id=submitted["id"],
             shared=True)
        user = roles[who] if who else None
        shown = call(user, "maturity_assessment_show", id=submitted["id"])
        listed = call(user, "maturity_assessment_list",
                      organization_id="leuven")
        summary = call(user, "maturity_network_summary",
                       organization_id="leuven")
        assert summary["shared"][0]["assessment_id"] == submitted["id"]
        for got in (shown, listed[0]):
            names = (got["created_by"], got["modified_by"],
                     got["submitted_by"])
            if sees_names:
                assert names == ("org_editor", "org_admin", "org_editor")
            else:
                assert names == (None, None, None)
                assert "org_editor" not in repr(got)
                assert "org_admin" not in repr(got)
        assert "org_editor" not in repr(summary)

    def test_list_bad_state(self, roles):
        with pytest.raises(tk.ValidationError):
            call(roles.admin, "maturity_assessment_list",
                 organization_id="leuven", state="deleted")


class TestNetworkSummary:
    @pytest.fixture
    def network(self, roles, framework):
        from ckan.tests import factories
        from ckanext.maturity.demo import load_demo_assessments
        names = ["leuven", "gent", "aalst", "brugge", "mechelen", "hasselt",
                 "kortrijk", "genk"]
        for name in names[2:]:
            factories.Organization(name=name)
        # the demo's four profiles in turn: leuven, aalst, mechelen and
        # kortrijk share; gent, brugge, hasselt and genk do not
        return load_demo_assessments(names)

    def test_demo_loaded_once(self, roles, network):
        assert len(network) == 12
        from ckanext.maturity.demo import load_demo_assessments
        assert load_demo_assessments(["leuven"]) == []
        listed = call(roles.member, "maturity_assessment_list",
                      organization_id="leuven")
        assert [a["submitted"][:10] for a in listed] == [
            "2025-03-20", "2024-03-14"]

    @pytest.mark.parametrize("who", ["anonymous", "member", "editor",
                                     "admin", "other", "sysadmin"])
    def test_aggregates_of_unshared_results_for_everyone(self, roles,
                                                         network, who):
        summary = call(None if who == "anonymous" else roles[who],
                       "maturity_network_summary")
        assert summary["count"] == 8
        assert summary["min_count"] == 3
        stats = summary["statistics"]
        # the four unshared results: two just started (legal level 0),
        # two strong on technique (legal level 1)
        assert stats["domains"]["legal"]["levels"] == {0: 2, 1: 2, 2: 0,
                                                       3: 0}
        assert stats["domains"]["legal"]["level_count"] == 4
        assert stats["domains"]["legal"]["median_level"] == 0
        # vision is "not present" in all four: withheld
        assert stats["domains"]["vision"]["levels"] is None
        assert {s["organization_name"] for s in summary["shared"]} == {
            "aalst", "leuven", "mechelen", "kortrijk"}

    @pytest.mark.parametrize("who,sees_gent", [
        ("anonymous", False), ("member", False), ("editor", False),
        ("admin", False), ("other", True), ("sysadmin", True)])
    def test_own_position(self, roles, network, who, sees_gent):
        user = None if who == "anonymous" else roles[who]
        # brugge did not share: only its members (none here) and sysadmins
        brugge = call(user, "maturity_network_summary",
                      organization_id="brugge")
        assert (brugge["own"] is not None) == (who == "sysadmin")
        # leuven shared: everyone
        leuven = call(user, "maturity_network_summary",
                      organization_id="leuven")
        assert leuven["own"]["position"]["legal"] == "above"
        # gent did not share; "other" is gent's admin
        gent = call(user, "maturity_network_summary", organization_id="gent")
        assert (gent["own"] is not None) == sees_gent
        if gent["own"]:
            assert gent["own"]["position"]["legal"] == "at"
            assert gent["own"]["position"]["vision"] is None  # withheld

    def test_too_few(self, roles, framework):
        a = call(roles.editor, "maturity_assessment_create",
                 organization_id="leuven", answers=full_answers(framework))
        call(roles.editor, "maturity_assessment_submit", id=a["id"])
        summary = call(None, "maturity_network_summary")
        assert summary["count"] == 1 and summary["statistics"] is None

    def test_unknown_org(self, roles):
        with pytest.raises(tk.ValidationError) as e:
            call(None, "maturity_network_summary", organization_id="nowhere")
        assert "Organization not found" in \
            e.value.error_dict["organization_id"][0]
