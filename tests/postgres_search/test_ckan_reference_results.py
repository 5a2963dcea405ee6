"""Facets, sort, paging and fl of package_search, against postgres_search.

Reference: TestPackageSearch in ckan/tests/logic/action/test_get.py
(test_facets, test_facet_limit, test_facet_no_limit, test_sort*,
test_rows_returned_*, test_search_fl, test_bad_solr_parameter) and the
group_list/organization_list package_count sorts, which CKAN answers with
search facets.
"""
import pytest

from ckan.lib.search import SearchError
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true"),
]


def package_search(**kwargs):
    return helpers.call_action("package_search", **kwargs)


def names(result):
    return [r["name"] for r in result["results"]]


class TestFacets:
    def test_facets(self):
        org = factories.Organization(name="test-org-facet", title="Test Org")
        factories.Dataset(owner_org=org["id"])
        factories.Dataset(owner_org=org["id"])
        result = package_search(**{"facet.field": ["organization"]})
        assert result["count"] == 2
        assert result["search_facets"] == {
            "organization": {
                "items": [{"count": 2, "display_name": "Test Org",
                           "name": "test-org-facet"}],
                "title": "organization",
            }
        }

    def test_facet_limit(self):
        group1 = factories.Group(name="test-group-fl1", title="Test Group 1")
        group2 = factories.Group(name="test-group-fl2", title="Test Group 2")
        factories.Dataset(groups=[{"name": group1["name"]},
                                  {"name": group2["name"]}])
        factories.Dataset(groups=[{"name": group1["name"]}])
        factories.Dataset()
        result = package_search(**{"facet.field": ["groups"],
                                   "facet.limit": 1})
        assert result["search_facets"] == {
            "groups": {
                "items": [{"count": 2, "display_name": "Test Group 1",
                           "name": "test-group-fl1"}],
                "title": "groups",
            }
        }

    def test_facet_no_limit(self):
        group1 = factories.Group()
        group2 = factories.Group()
        factories.Dataset(groups=[{"name": group1["name"]},
                                  {"name": group2["name"]}])
        factories.Dataset(groups=[{"name": group1["name"]}])
        factories.Dataset()
        result = package_search(**{"facet.field": ["groups"],
                                   "facet.limit": -1})
        assert len(result["search_facets"]["groups"]["items"]) == 2

    @pytest.fixture
    def tagged(self):
        factories.Dataset(name="d1", tags=[{"name": "bb"}, {"name": "aa"}],
                          license_id="cc-by")
        factories.Dataset(name="d2", tags=[{"name": "bb"}, {"name": "cc"}],
                          license_id="cc-by")
        factories.Dataset(name="d3", tags=[{"name": "bb"}, {"name": "aa"},
                                           {"name": "ZZ"}],
                          license_id="odc-odbl")
        factories.Dataset(name="d4", tags=[{"name": "dd"}])

    def test_facet_order_is_count_then_value(self, tagged):
        result = package_search(**{"facet.field": ["tags"]})
        # count descending; ties in index (byte) order, as Solr returns
        # them (search_facets items are re-sorted by CKAN, facets are not)
        assert list(result["facets"]["tags"].items()) == [
            ("bb", 3), ("aa", 2), ("ZZ", 1), ("cc", 1), ("dd", 1)]

    def test_facets_count_within_filters(self, tagged):
        result = package_search(fq="tags:aa", **{
            "facet.field": ["tags", "license_id"]})
        assert result["count"] == 2
        assert result["facets"]["tags"] == {"aa": 2, "bb": 2, "ZZ": 1}
        assert result["facets"]["license_id"] == {"cc-by": 1, "odc-odbl": 1}

        result = package_search(q="tags:bb", fq="-tags:aa",
                                **{"facet.field": ["tags"]})
        assert result["facets"]["tags"] == {"bb": 1, "cc": 1}

    def test_facets_count_within_free_text(self):
        factories.Dataset(title="Rivers", tags=[{"name": "water"}])
        factories.Dataset(title="Rivers and lakes", tags=[
            {"name": "water"}, {"name": "lakes"}])
        factories.Dataset(title="Roads", tags=[{"name": "transport"}])
        result = package_search(q="rivers", **{"facet.field": ["tags"]})
        assert result["facets"]["tags"] == {"water": 2, "lakes": 1}

    def test_facet_mincount(self, tagged):
        result = package_search(**{"facet.field": ["tags"],
                                   "facet.mincount": 2})
        assert result["facets"]["tags"] == {"bb": 3, "aa": 2}

    def test_license_display_name(self, tagged):
        result = package_search(**{"facet.field": ["license_id"]})
        assert list(result["facets"]["license_id"].items()) == [
            ("cc-by", 2), ("odc-odbl", 1)]
        items = {i["name"]: i for i in
                 result["search_facets"]["license_id"]["items"]}
        assert items["cc-by"]["display_name"] == (
            "Creative Commons Attribution")
        assert items["odc-odbl"]["count"] == 1

    def test_facets_of_empty_result(self, tagged):
        result = package_search(q="tags:nothing", **{"facet.field": ["tags"]})
        assert result["count"] == 0
        assert result["facets"] == {"tags": {}}

    def test_facet_on_field_no_dataset_has(self, tagged):
        result = package_search(**{"facet.field": ["no_such_field"]})
        assert result["count"] == 4
        assert result["facets"] == {"no_such_field": {}}


class TestPackageCountOfGroups:
    def test_group_list_sort_by_package_count(self):
        factories.Group(name="aa")
        factories.Group(name="bb")
        factories.Dataset(groups=[{"name": "aa"}, {"name": "bb"}])
        factories.Dataset(groups=[{"name": "aa"}])
        assert helpers.call_action(
            "group_list", sort="package_count asc") == ["bb", "aa"]
        assert helpers.call_action(
            "group_list", sort="package_count desc") == ["aa", "bb"]
        groups = helpers.call_action("group_list", all_fields=True)
        assert {g["name"]: g["package_count"] for g in groups} == {
            "aa": 2, "bb": 1}

    def test_organization_list_package_count(self):
        org1 = factories.Organization(name="org-one")
        org2 = factories.Organization(name="org-two")
        factories.Dataset(owner_org=org1["id"])
        factories.Dataset(owner_org=org2["id"])
        factories.Dataset(owner_org=org2["id"])
        orgs = helpers.call_action("organization_list", all_fields=True)
        assert {o["name"]: o["package_count"] for o in orgs} == {
            "org-one": 1, "org-two": 2}
        assert helpers.call_action(
            "organization_list", sort="package_count desc") == [
            "org-two", "org-one"]


class TestSort:
    def test_sort_metadata_created(self):
        for name in ("test0", "test1", "test2"):
            factories.Dataset(name=name)
        assert names(package_search(sort="metadata_created desc")) == [
            "test2", "test1", "test0"]
        assert names(package_search(sort="metadata_created asc")) == [
            "test0", "test1", "test2"]

    @pytest.mark.ckan_config("ckan.search.default_package_sort",
                             "metadata_created asc")
    def test_sort_default_from_config(self):
        for name in ("test0", "test1", "test2"):
            factories.Dataset(name=name)
        assert names(package_search()) == ["test0", "test1", "test2"]

    def test_sort_metadata_modified(self):
        first = factories.Dataset(name="first")
        factories.Dataset(name="second")
        factories.Dataset(name="third")
        helpers.call_action("package_patch", id=first["id"], notes="changed")
        assert names(package_search(sort="metadata_modified desc")) == [
            "first", "third", "second"]
        assert names(package_search(sort="metadata_modified asc")) == [
            "second", "third", "first"]

    def test_sort_name_and_title_string(self):
        factories.Dataset(name="c-dataset", title="banana")
        factories.Dataset(name="a-dataset", title="cherry")
        factories.Dataset(name="b-dataset", title="Apple")
        factories.Dataset(name="d-dataset", title="Zebra")
        assert names(package_search(sort="name asc")) == [
            "a-dataset", "b-dataset", "c-dataset", "d-dataset"]
        assert names(package_search(sort="name desc")) == [
            "d-dataset", "c-dataset", "b-dataset", "a-dataset"]
        # title_string is a Solr string: byte order, upper case first
        result = package_search(sort="title_string asc")
        assert [r["title"] for r in result["results"]] == [
            "Apple", "Zebra", "banana", "cherry"]
        result = package_search(sort="title_string desc")
        assert [r["title"] for r in result["results"]] == [
            "cherry", "banana", "Zebra", "Apple"]

    def test_sort_several_keys(self):
        factories.Dataset(name="b1", license_id="cc-by")
        factories.Dataset(name="a1", license_id="odc-odbl")
        factories.Dataset(name="a2", license_id="cc-by")
        assert names(package_search(sort="license_id asc, name desc")) == [
            "b1", "a2", "a1"]

    def test_sort_by_relevance(self):
        factories.Dataset(name="in-notes", title="Lakes",
                          notes="Not about rivers at all")
        factories.Dataset(name="in-title", title="Rivers")
        factories.Dataset(name="unrelated", title="Roads")
        assert names(package_search(q="rivers", sort="score desc")) == [
            "in-title", "in-notes"]
        # package_search's default sort is score desc, metadata_modified desc
        assert names(package_search(q="rivers")) == ["in-title", "in-notes"]

    def test_equal_scores_fall_back_to_metadata_modified(self):
        for name in ("rivers-aa", "rivers-bb", "rivers-cc"):
            factories.Dataset(name=name, title="Rivers")
        assert names(package_search(
            q="rivers", sort="score desc, metadata_modified desc")) == [
            "rivers-cc", "rivers-bb", "rivers-aa"]

    def test_bad_sort(self):
        factories.Dataset()
        with pytest.raises(SearchError):
            package_search(sort="metadata_modified")
        with pytest.raises(SearchError):
            package_search(sort="gvgyr_fgevat nfp")


class TestPaging:
    def test_rows_returned_default(self):
        for i in range(11):
            factories.Dataset(name=f"rows_default_{i}")
        result = package_search()
        assert result["count"] == 11
        assert len(result["results"]) == 10

    @pytest.mark.ckan_config("ckan.search.rows_max", "3")
    def test_rows_returned_limited(self):
        for i in range(5):
            factories.Dataset(name=f"rows_limited_{i}")
        result = package_search(rows="15")
        assert result["count"] == 5
        assert len(result["results"]) == 3

    def test_rows_and_start(self):
        for i in range(7):
            factories.Dataset(name=f"page-{i}")
        pages = [names(package_search(sort="name asc", rows=3, start=start))
                 for start in (0, 3, 6)]
        assert pages == [["page-0", "page-1", "page-2"],
                         ["page-3", "page-4", "page-5"], ["page-6"]]
        beyond = package_search(sort="name asc", rows=3, start=20)
        assert beyond["count"] == 7
        assert beyond["results"] == []

    def test_rows_zero_still_counts_and_facets(self):
        factories.Dataset(tags=[{"name": "xx"}])
        factories.Dataset(tags=[{"name": "xx"}])
        result = package_search(rows=0, **{"facet.field": ["tags"]})
        assert result["count"] == 2
        assert result["results"] == []
        assert result["facets"]["tags"] == {"xx": 2}


class TestFieldList:
    def test_search_fl(self):
        d1 = factories.Dataset(title="Rivers", name="test_ri")
        factories.Dataset(title="Lakes")
        assert package_search(q="rivers", fl=["title", "name"])[
            "results"] == [{"title": "Rivers", "name": "test_ri"}]
        assert package_search(q="rivers", fl="title,name")["results"] == [
            {"title": "Rivers", "name": "test_ri"}]
        assert package_search(q="rivers", fl=["id"])["results"] == [
            {"id": d1["id"]}]

    def test_fl_unstored_and_missing_fields_are_left_out(self):
        factories.Dataset(title="Rivers", name="test_ri")
        # title_string and text are indexed, not stored (schema.xml)
        assert package_search(
            q="rivers", fl=["name", "title_string", "text", "nothing"])[
            "results"] == [{"name": "test_ri"}]

    def test_full_results_are_validated_data_dicts(self):
        dataset = factories.Dataset(title="Rivers", notes="About rivers",
                                    tags=[{"name": "water"}])
        result = package_search(q="rivers")
        found = result["results"][0]
        assert found["id"] == dataset["id"]
        assert found["notes"] == "About rivers"
        assert [t["name"] for t in found["tags"]] == ["water"]
