"""The network figures against the attacks of docs/maturity.md ("Network
figures that cannot be undone"), through the action and through the page,
for every role: anonymous, a member, editor and admin of Leuven, Gent's
admin (a member of one of the municipalities, the attacker in most
scenarios) and a sysadmin.

Each scenario checks non-interference: what every role sees is the same
whatever the victim answered, or before and after the victim's step."""
import re

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.maturity import framework as fw

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.usefixtures("clean_db")]

ROLES = ["anonymous", "member", "editor", "admin", "other", "sysadmin"]


def answers_at(framework, level, need=1, **per_domain):
    """Every statement answered ``level`` (so the domain's level is
    ``level``), or per domain ``domain=(level, need)``."""
    answers = {}
    for d in framework.domains:
        lv, nd = per_domain.get(d.code, (level, need))
        for s in d.statements:
            answers[f"{d.code}.{s.code}"] = lv
        answers[f"{d.code}.{fw.NEED}"] = nd
    return answers


@pytest.fixture
def submit(framework):
    """Submit an assessment for an organization (created when new)."""
    site_user = helpers.call_action("get_site_user")["name"]

    def submit(org, level, need=1, shared=False, **per_domain):
        if not helpers.call_action("organization_list",
                                   organizations=[org]):
            factories.Organization(name=org, title=org.title())
        context = {"user": site_user}
        a = helpers.call_action(
            "maturity_assessment_create", context=dict(context),
            organization_id=org, shared=shared,
            answers=answers_at(framework, level, need, **per_domain))
        return helpers.call_action("maturity_assessment_submit",
                                   context=dict(context), id=a["id"])
    return submit


def summary(roles, who, **data):
    user = "" if who == "anonymous" else roles[who]["name"]
    return helpers.call_action("maturity_network_summary",
                               context={"user": user, "ignore_auth": False},
                               **data)


def figures_seen(roles):
    """The network figures as every role gets them from the action."""
    return {who: summary(roles, who)["statistics"] for who in ROLES}


def headers(tokens, who):
    return {} if who == "anonymous" else {"Authorization": tokens[who]}


FIGURE_TABLES = re.compile(
    r'<table class="[^"]*maturity-network[^"]*".*?</table>', re.S)


def page_figures(app, tokens, who):
    """The figure tables of /maturity as one role sees them, and the
    sentence shown when there are none."""
    body = app.get("/maturity", headers=headers(tokens, who)).body
    tables = FIGURE_TABLES.findall(body)
    return tables, "No network figures yet" in body


def pages_seen(app, tokens):
    return {who: page_figures(app, tokens, who) for who in ROLES}


def levels(stats, domain="legal"):
    return stats["domains"][domain]["levels"]


class TestSubtraction:
    """The issue's attack: Leuven shares, Gent (the attacker) and Aalst do
    not. Counts over all three, minus Leuven's shared result, minus Gent's
    own, were Aalst's answers."""

    @pytest.fixture
    def three(self, roles, submit):
        submit("leuven", 3, shared=True)
        submit("gent", 0)

    @pytest.mark.parametrize("victim_level", [1, 2])
    def test_action_shows_nothing_to_subtract_from(self, roles, three,
                                                   submit, victim_level):
        before = figures_seen(roles)
        submit("aalst", victim_level, need=victim_level)
        after = figures_seen(roles)
        for who in ROLES:
            assert after[who] is None, who
            assert after[who] == before[who], who
            got = summary(roles, who)
            assert got["count"] == 3, who
            # Aalst is in no list anyone gets
            assert [s["organization_name"] for s in got["shared"]] == [
                "leuven"], who

    def test_page_shows_nothing_to_subtract_from(self, app, roles, tokens,
                                                 three, submit):
        submit("aalst", 2)
        for who in ROLES:
            body = app.get("/maturity", headers=headers(tokens, who)).body
            assert "3 municipalities have submitted" in body, who
            assert "No network figures yet" in body, who
            assert not FIGURE_TABLES.findall(body), who
            shared = body[body.index("Municipalities that share"):]
            assert "Leuven" in shared and "Aalst" not in shared, who

    def test_attacker_asking_about_the_victim(self, app, roles, tokens,
                                              three, submit):
        submit("aalst", 2)
        got = summary(roles, "other", organization_id="aalst")
        assert got["own"] is None and got["statistics"] is None
        body = app.get("/maturity?organization=aalst",
                       headers=headers(tokens, "other")).body
        assert "No results of aalst to compare" in body
        assert "against the network median" not in body


class TestDifferencing:
    """Three varied unshared results are published; one more municipality
    submits; comparing the page before and after must show nothing of its
    answers."""

    @pytest.fixture
    def published(self, roles, submit):
        submit("leuven", 3, shared=True)
        submit("gent", 0, need=0)
        submit("aalst", 1, need=1)
        submit("brugge", 2, need=2)
        stats = summary(roles, "anonymous")["statistics"]
        assert levels(stats) == {0: 1, 1: 1, 2: 1, 3: 0}
        return stats

    @pytest.mark.parametrize("newcomer_level", [0, 3])
    def test_action_same_before_and_after(self, roles, published, submit,
                                          newcomer_level):
        before = figures_seen(roles)
        submit("mechelen", newcomer_level, need=newcomer_level % 3)
        after = figures_seen(roles)
        for who in ROLES:
            assert after[who] == before[who] == published, who

    def test_page_same_before_and_after(self, app, roles, tokens,
                                        published, submit):
        before = pages_seen(app, tokens)
        submit("mechelen", 3)
        after = pages_seen(app, tokens)
        for who in ROLES:
            tables, empty = after[who]
            assert not empty and len(tables) == 2, who
            assert (tables, empty) == before[who], who

    def test_moves_on_with_k_varied_newcomers(self, roles, published,
                                              submit):
        for org, level in (("mechelen", 3), ("hasselt", 0)):
            submit(org, level, need=level % 3)
            assert summary(roles, "anonymous")["statistics"] == published
        submit("kortrijk", 2, need=2)
        moved = summary(roles, "anonymous")["statistics"]
        assert levels(moved) == {0: 2, 1: 1, 2: 2, 3: 1}
        for who in ROLES:
            assert summary(roles, who)["statistics"] == moved, who

    def test_uniform_newcomers_do_not_move_it(self, roles, published,
                                              submit):
        for org in ("mechelen", "hasselt", "kortrijk"):
            submit(org, 3, need=2)
        for who in ROLES:
            assert summary(roles, who)["statistics"] == published, who

    def test_attacker_probing_with_own_resubmissions(self, roles,
                                                     published, submit):
        """Gent submits new assessments with other answers, hoping the
        median or counts move against the others' answers."""
        for level in (3, 2, 0):
            submit("gent", level, need=level % 3)
            for who in ROLES:
                assert summary(roles, who)["statistics"] == published, who

    def test_attacker_probing_seen_on_the_page(self, app, roles, tokens,
                                               published, submit):
        before = page_figures(app, tokens, "other")
        assert len(before[0]) == 2 and not before[1]
        for level in (3, 0):
            submit("gent", level, need=level % 3)
            assert page_figures(app, tokens, "other") == before, level
        for who in ROLES:
            assert page_figures(app, tokens, who) == before, who

    def test_shared_later_no_longer_protects(self, app, roles, tokens,
                                             published):
        """Aalst shares the result the figures were made from: with its
        answers public, Gent could read Brugge's; the figures go."""
        aalst = helpers.call_action("maturity_assessment_list",
                                    organization_id="aalst")[0]
        helpers.call_action("maturity_assessment_update", id=aalst["id"],
                            shared=True)
        for who in ROLES:
            assert summary(roles, who)["statistics"] is None, who
            tables, empty = page_figures(app, tokens, who)
            assert empty and not tables, who

    def test_unsharing_does_not_make_a_result_unknown_again(
            self, roles, published, submit):
        """Results once shared never count as newcomers: two new results
        plus one unshared again would otherwise move the figure with one
        unknown besides the attacker's own."""
        shared = helpers.call_action("maturity_assessment_list",
                                     organization_id="leuven")[0]
        submit("mechelen", 0, need=0)
        submit("hasselt", 2, need=2)
        helpers.call_action("maturity_assessment_update", id=shared["id"],
                            shared=False)
        for who in ROLES:
            assert summary(roles, who)["statistics"] == published, who


class TestUniformDomain:
    """Everyone at one level in one domain: counts there would tell each
    municipality's level; that domain is withheld, the others shown."""

    @pytest.fixture
    def network(self, roles, submit):
        for org, level in (("gent", 0), ("aalst", 1), ("brugge", 2)):
            submit(org, level, need=level, legal=(1, 1))

    def test_action(self, roles, network):
        for who in ROLES:
            stats = summary(roles, who)["statistics"]
            assert stats["domains"]["legal"]["levels"] is None, who
            assert stats["domains"]["legal"]["needs"] is None, who
            assert stats["domains"]["legal"]["median_level"] is None, who
            assert levels(stats, "vision") == {0: 1, 1: 1, 2: 1, 3: 0}, who

    def test_page(self, app, roles, tokens, network):
        for who in ROLES:
            body = app.get("/maturity", headers=headers(tokens, who)).body
            table = FIGURE_TABLES.findall(body)[0]
            legal = re.search(r"Legal and procurement</th>(.*?)</tr>",
                              table, re.S).group(1)
            assert "Not shown: too few or too similar results" in legal, who
            vision = re.search(r"Vision and strategy</th>(.*?)</tr>",
                               table, re.S).group(1)
            assert re.findall(r">(\d+)</span>", vision) == [
                "1", "1", "1", "0"], who
            assert "Started" in vision, who  # the median level


class TestReleaseAfterUpgrade:
    """A portal upgrading to migration 0002 has submitted results but no
    release yet: `ckan maturity release` (sysadmins: the action) publishes
    them by the same rule."""

    @pytest.fixture
    def upgraded(self, roles, submit):
        from ckan import model
        from ckanext.maturity import model as mmodel
        for org, level in (("gent", 0), ("aalst", 1), ("brugge", 2)):
            submit(org, level, need=level)
        model.Session.query(mmodel.NetworkRelease).delete()
        model.Session.commit()
        assert summary(roles, "anonymous")["statistics"] is None

    @pytest.mark.parametrize("who", ["anonymous", "member", "editor",
                                     "admin", "other"])
    def test_only_sysadmins(self, roles, upgraded, who):
        user = "" if who == "anonymous" else roles[who]["name"]
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("maturity_network_release",
                                context={"user": user,
                                         "ignore_auth": False})
        assert summary(roles, "anonymous")["statistics"] is None

    def test_action(self, roles, upgraded):
        moved = helpers.call_action(
            "maturity_network_release",
            context={"user": roles.sysadmin["name"], "ignore_auth": False})
        assert moved == {"moved": True}
        stats = summary(roles, "anonymous")["statistics"]
        assert levels(stats) == {0: 1, 1: 1, 2: 1, 3: 0}
        # again: nothing new
        assert helpers.call_action(
            "maturity_network_release",
            context={"user": roles.sysadmin["name"]}) == {"moved": False}

    def test_cli(self, cli, roles, upgraded):
        # the plugin's command group, as `ckan maturity` runs it
        from ckanext.maturity.cli import maturity
        result = cli.invoke(maturity, ["release"])
        assert result.exit_code == 0, result.output
        assert "network figures moved on" in result.output
        assert levels(summary(roles, "other")["statistics"]) == {
            0: 1, 1: 1, 2: 1, 3: 0}
        result = cli.invoke(maturity, ["release"])
        assert "network figures unchanged" in result.output
