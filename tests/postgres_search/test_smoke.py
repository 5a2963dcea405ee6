import pytest
from ckan.tests import factories, helpers


@pytest.mark.usefixtures("search_ready")
def test_dataset_is_found():
    org = factories.Organization()
    factories.Dataset(owner_org=org["id"], title="Bicycle counts 2024", tags=[{"name": "mobility"}])
    result = helpers.call_action("package_search", q="bicycle", **{"facet.field": '["tags"]'})
    assert result["count"] == 1
    assert result["facets"]["tags"] == {"mobility": 1}
