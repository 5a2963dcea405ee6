"""Fixtures of the maturity tests: a municipality with a user in every
role, a user of another municipality, and a sysadmin."""
import pytest


from ckanext.maturity import framework as fw
from ckanext.maturity import registry

from tests.roles import make_roles, make_tokens


@pytest.fixture
def framework():
    return registry.get()


@pytest.fixture
def roles(clean_db):
    return make_roles(editor2=True)


def full_answers(framework, value=2, need=1):
    answers = {}
    for d in framework.domains:
        for s in d.statements:
            answers[f"{d.code}.{s.code}"] = value
        answers[f"{d.code}.{fw.NEED}"] = need
    return answers


@pytest.fixture
def tokens(roles):
    """An API token per role, so page requests run as that user."""
    return make_tokens(roles)
