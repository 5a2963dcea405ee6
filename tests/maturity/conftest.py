"""Fixtures of the maturity tests: a municipality with a user in every
role, a user of another municipality, and a sysadmin."""
import pytest

from ckan.tests import factories

from ckanext.maturity import framework as fw
from ckanext.maturity import registry


class Roles(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def framework():
    return registry.get()


@pytest.fixture
def roles(clean_db):
    admin = factories.User(name="org_admin")
    editor = factories.User(name="org_editor")
    editor2 = factories.User(name="org_editor2")
    member = factories.User(name="org_member")
    other = factories.User(name="other_admin")
    sysadmin = factories.Sysadmin(name="the_sysadmin")
    org = factories.Organization(name="leuven", title="Leuven", users=[
        {"name": admin["name"], "capacity": "admin"},
        {"name": editor["name"], "capacity": "editor"},
        {"name": editor2["name"], "capacity": "editor"},
        {"name": member["name"], "capacity": "member"},
    ])
    other_org = factories.Organization(name="gent", title="Gent", users=[
        {"name": other["name"], "capacity": "admin"}])
    return Roles(admin=admin, editor=editor, editor2=editor2, member=member,
                 other=other, sysadmin=sysadmin, org=org, other_org=other_org)


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
    return {who: factories.APIToken(user=roles[who]["id"])["token"]
            for who in ("admin", "editor", "editor2", "member", "other",
                        "sysadmin")}
