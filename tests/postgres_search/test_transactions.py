"""The index row is written in the request's own transaction: it commits
or rolls back with the dataset, and a request never needs a second
database connection to index (twenty concurrent editors exhausted the
pool that way: each request held its session's connection and waited for
another one for the index)."""
from __future__ import annotations

import collections
import threading

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.municipal_opendata import compat
from ckanext.postgres_search import consistency
from tests.threads import at_once

pytestmark = pytest.mark.usefixtures("search_ready")


def found(q):
    return helpers.call_action("package_search", q=q)["count"]


def test_index_rolls_back_with_the_dataset():
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], title="Bicycle counts")
    # a request changes the dataset, indexes it, then fails
    model.Package.get(dataset["id"]).title = "Pedestrian counts"
    model.Session.flush()
    compat.index_package(dataset["id"])
    assert found("pedestrian") == 1  # the request reads its own writes
    model.Session.rollback()
    # the dataset kept its title: so did the index
    assert model.Package.get(dataset["id"]).title == "Bicycle counts"
    assert found("pedestrian") == 0
    assert found("bicycle") == 1
    assert consistency.verify() == []


@pytest.fixture
def connections_held():
    """The most pooled connections one thread held at once."""
    held = collections.Counter()
    most = collections.Counter()

    def checkout(*args):
        thread = threading.get_ident()
        held[thread] += 1
        most[thread] = max(most[thread], held[thread])

    def checkin(*args):
        held[threading.get_ident()] -= 1

    engine = model.meta.engine
    sa.event.listen(engine, "checkout", checkout)
    sa.event.listen(engine, "checkin", checkin)
    yield most
    sa.event.remove(engine, "checkout", checkout)
    sa.event.remove(engine, "checkin", checkin)


def test_an_edit_and_a_search_use_one_connection(connections_held):
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], title="Bicycle counts")
    model.Session.remove()
    helpers.call_action("package_patch", id=dataset["id"],
                        title="Bicycle counts 2024")
    assert found("2024") == 1
    assert max(connections_held.values()) == 1


def test_twenty_concurrent_editors_of_one_dataset():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"],
                                         "capacity": "editor"}])
    dataset = factories.Dataset(owner_org=org["id"], title="Bicycle counts")
    model.Session.remove()

    def patch(number):
        return lambda: helpers.call_action(
            "package_patch", context={"user": user["name"],
                                      "ignore_auth": False},
            id=dataset["name"], notes=f"Edit number {number}")

    # more editors than the pool has connections (5 + 10 overflow)
    outcome = at_once([patch(n) for n in range(20)], timeout=25)
    assert outcome.errors == []
    notes = model.Package.get(dataset["id"]).notes
    result = helpers.call_action("package_search", q=f'id:{dataset["id"]}')
    assert result["results"][0]["notes"] == notes
    assert consistency.verify() == []
