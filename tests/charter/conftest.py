"""Fixtures of the charter tests: two municipalities with a user in every
role, a sysadmin, and datasets (public and private) of both."""
import pytest

from ckan.tests import factories

from tests.roles import Roles, make_roles, make_tokens


def good_dataset(**over):
    """A plain-CKAN dataset with complete metadata (extras as ckanext-dcat
    reads them)."""
    data = {
        "title": "Parking occupancy", "notes": "Free places per car park",
        "license_id": "cc-by", "author": "Mobility",
        "author_email": "mobility@leuven.be",
        "tags": [{"name": "parking"}],
        "extras": [{"key": "theme", "value": "TRAN"},
                   {"key": "spatial_uri", "value": "http://x/leuven"},
                   {"key": "temporal_start", "value": "2020-01-01"},
                   {"key": "frequency", "value": "MONTHLY"},
                   {"key": "access_rights", "value": "PUBLIC"}],
        "resources": [{"url": "https://leuven.example/parking",
                       "format": "CSV", "size": 100, "rights": "Leuven"}],
    }
    data.update(over)
    return data


def bad_dataset(**over):
    data = {"title": "Old report", "notes": "",
            "resources": [{"url": "https://leuven.example/report.pdf",
                           "format": "PDF"}]}
    data.update(over)
    return data


@pytest.fixture
def roles(clean_db, clean_index):
    return make_roles()


ROLES = ["admin", "editor", "member", "other", "sysadmin", None]


@pytest.fixture
def datasets(roles):
    """Leuven: a good and a bad public dataset and a private one; Gent: a
    public and a private one."""
    return Roles(
        good=factories.Dataset(name="parking", owner_org=roles.org["id"],
                               **good_dataset()),
        bad=factories.Dataset(name="report", owner_org=roles.org["id"],
                              **bad_dataset()),
        private=factories.Dataset(name="secret", owner_org=roles.org["id"],
                                  private=True,
                                  **good_dataset(title="Secret")),
        gent=factories.Dataset(name="gent-trees",
                               owner_org=roles.other_org["id"],
                               **good_dataset(title="Trees")),
        gent_private=factories.Dataset(name="gent-secret", private=True,
                                       owner_org=roles.other_org["id"],
                                       **bad_dataset(title="Gent secret")),
    )


@pytest.fixture
def tokens(roles):
    return make_tokens(roles)
