"""Fixtures of the prioritization tests: two municipalities with users in
every role, the programme's secretariat, candidates public and private."""
import pytest

from ckan.tests import factories

from tests.roles import (  # noqa: F401 (the tests import them from here)
    SECRETARIAT, Roles, make_tokens)
from tests.roles import make_roles as _make_roles

PLUGINS = "postgres_search prioritization"


@pytest.fixture
def roles(clean_db, clean_index):
    return make_roles()


def make_roles():
    return _make_roles(secretariat=True)


def make_dataset(org, name, private=False, **extras):
    return factories.Dataset(owner_org=org["id"], name=name,
                             title=name.replace("-", " ").title(),
                             private=private, **extras)


@pytest.fixture
def candidates(roles):
    """Leuven: a public and a private candidate; Gent: a private candidate
    (same dataset type) and a public one."""
    return make_candidates(roles)


def make_candidates(roles):
    site = {"ignore_auth": True}
    from ckan.tests import helpers
    made = {
        "public": make_dataset(roles.org, "leuven-parking"),
        "private": make_dataset(roles.org, "leuven-trees", private=True),
        "other_private": make_dataset(roles.other_org, "gent-secret-noise",
                                      private=True),
        "other_public": make_dataset(roles.other_org, "gent-budget"),
    }
    scores = {"public": 4, "private": 3, "other_private": 2,
              "other_public": 1}
    for key, pkg in made.items():
        helpers.call_action(
            "prioritization_screening_update", context=dict(site),
            id=pkg["id"], status="candidate",
            scores={"demand": scores[key], "quality": scores[key]},
            personal_data="none", confidentiality="none")
    return made


def call(user, action, **data):
    """Call an action as a user (None: anonymous), with auth checks."""
    from ckan.tests import helpers
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **data)


@pytest.fixture
def tokens(roles):
    """An API token per role, so page requests run as that user."""
    return make_tokens(roles)



def headers(tokens, who):
    return {} if who in (None, "anonymous") else {
        "Authorization": tokens[who]}


def make_role_matrix():
    """What a role matrix reads: the roles, their tokens, the candidates
    (for ``shared_data``)."""
    roles = make_roles()
    return {"roles": dict(roles), "tokens": make_tokens(roles),
            "candidates": make_candidates(roles)}


class SharedRoleMatrix:
    """For test classes whose tests only read: ``roles``, ``tokens`` and
    ``candidates`` built once for the consecutive tests that read them
    (``shared_data``, docs/testing.md), instead of for every role."""

    @pytest.fixture
    def role_matrix(self, shared_data):
        return shared_data(make_role_matrix)

    @pytest.fixture
    def roles(self, role_matrix):
        return Roles(role_matrix["roles"])

    @pytest.fixture
    def tokens(self, role_matrix):
        return role_matrix["tokens"]

    @pytest.fixture
    def candidates(self, role_matrix):
        return role_matrix["candidates"]
