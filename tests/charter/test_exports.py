"""The network's CSV export writes organization titles that start like a
formula as text (issue #17, item 3)."""
import csv
import io

import pytest

from ckan.tests import factories

from ..test_exports import PAYLOAD, STARTS
from .conftest import good_dataset

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search charter"),
              pytest.mark.usefixtures("clean_db")]


def test_organization_titles_are_text(app):
    for i, start in enumerate(STARTS):
        org = factories.Organization(name=f"evil-{i}",
                                     title=start + PAYLOAD)
        factories.Dataset(name=f"evil-set-{i}", owner_org=org["id"],
                          **good_dataset())
    body = app.get("/charter/export.csv").get_data()  # open to anyone
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"),
                                           newline="")))
    titles = {r["Organization name"]: r["Organization"] for r in rows}
    assert titles == {f"evil-{i}": "'" + start + PAYLOAD
                      for i, start in enumerate(STARTS)}
    assert {r["Public datasets"] for r in rows} == {"1"}
