"""`ckan search-index` and search errors, against postgres_search.

Reference: ckan/tests/cli/test_search_index.py,
ckan/tests/lib/search/test_search.py (local parameters),
ckan/tests/logic/action/test_get.py (test_bad_solr_parameter,
test_bad_action_parameter, test_local_parameters_not_supported) and the
search error handling of ckan/views/api.py: a query the engine refuses is
an HTTP 409 of the action API, never a 500.
"""
import datetime

import pytest

import ckan.model as model
from ckan.cli.cli import ckan
from ckan.lib.search import SearchError, index_for
from ckan.tests import factories, helpers
from ckanext.municipal_opendata import compat

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true"),
]


def count(q, **kwargs):
    return helpers.call_action("package_search", q=q, **kwargs)["count"]


def index_orphan(name):
    now = datetime.datetime.now().isoformat()
    orphan = {
        "id": f"{name}-id", "name": name, "title": name.replace("-", " "),
        "state": "active", "private": False, "type": "dataset",
        "owner_org": None, "metadata_created": now, "metadata_modified": now,
    }
    orphan["with_custom_schema"] = dict(orphan)
    index_for(model.Package).index_package(orphan)
    # index writes join the session's transaction (docs/search.md)
    model.Session.commit()


class TestSearchIndexCommand:
    def test_rebuild(self, cli):
        # CKAN's test uses "Before rebuild" / "After update"; "after" is an
        # English stop word for PostgreSQL (see TestKnownDifferences).
        dataset = factories.Dataset(title="Original title")
        model.Session.query(model.Package).filter_by(
            id=dataset["id"]).update({"title": "Renamed title"})
        model.Session.commit()
        assert count("Renamed") == 0

        result = cli.invoke(ckan, ["search-index", "rebuild"])
        assert not result.exit_code, result.output
        assert count("Renamed") == 1
        assert count("Original") == 0

        result = cli.invoke(ckan, ["search-index", "rebuild", "-e"])
        assert not result.exit_code, result.output
        assert count("Renamed") == 1

    def test_main_operations(self, cli):
        dataset = factories.Dataset(title="First package")
        another = factories.Dataset(title="Second package")
        assert count("package") == 2

        result = cli.invoke(ckan, ["search-index", "clear", dataset["id"]])
        assert not result.exit_code, result.output
        assert count("package") == 1

        result = cli.invoke(ckan, ["search-index", "rebuild", dataset["id"]])
        assert not result.exit_code, result.output
        assert count("package") == 2

        cli.invoke(ckan, ["search-index", "clear", another["id"]])
        result = cli.invoke(ckan, ["search-index", "check"])
        assert not result.exit_code, result.output
        assert "1 out of 2" in result.output
        assert count("package") == 1

        result = cli.invoke(ckan, ["search-index", "show", dataset["id"]])
        assert not result.exit_code, result.output
        assert "First package" in result.output
        assert "Second package" not in result.output

        result = cli.invoke(ckan, ["search-index", "show", another["id"]])
        assert result.exit_code
        assert isinstance(result.exception, SearchError)
        assert str(result.exception) == (
            f"Dataset not found in the search index: {another['id']}")

        result = cli.invoke(ckan, ["search-index", "rebuild", "-o"])
        assert not result.exit_code, result.output
        assert count("package") == 2

    def test_clear_everything(self, cli):
        factories.Dataset(title="First package")
        factories.Dataset(title="Second package")
        result = cli.invoke(ckan, ["search-index", "clear"])
        assert not result.exit_code, result.output
        assert count("") == 0
        result = cli.invoke(ckan, ["search-index", "rebuild"])
        assert not result.exit_code, result.output
        assert count("") == 2

    def test_rebuild_invalid_dataset(self, cli):
        result = cli.invoke(ckan, ["search-index", "rebuild",
                                   "invalid-dataset"])
        assert result.exit_code, result.output
        assert "Couldn't find" in result.output

    def test_rebuild_drops_orphans(self, cli):
        factories.Dataset(title="Test Dataset")
        index_orphan("fake-orphaned-package")
        assert count("Fake") == 1
        result = cli.invoke(ckan, list(compat.REBUILD_DROPPING_ORPHANS))
        assert not result.exit_code, result.output
        assert count("Fake") == 0
        assert count("Test") == 1

    def test_rebuild_keep_orphans(self, cli):
        factories.Dataset(title="Test Dataset")
        index_orphan("fake-orphaned-package-2")
        result = cli.invoke(ckan, list(compat.REBUILD_KEEPING_ORPHANS))
        assert not result.exit_code, result.output
        assert count("Fake") == 1
        assert count("Test") == 1

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", True)
    def test_rebuild_leaves_deleted_out(self, cli):
        factories.Dataset(title="Deleted package", name="deleted-pkg")
        helpers.call_action("package_delete", id="deleted-pkg")
        result = cli.invoke(ckan, ["search-index", "rebuild"])
        assert not result.exit_code, result.output
        assert count("Deleted") == 0

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
    def test_rebuild_keeps_deleted(self, cli):
        dataset = factories.Dataset(title="Deleted package",
                                    name="deleted-pkg")
        helpers.call_action("package_delete", id="deleted-pkg")
        result = cli.invoke(ckan, ["search-index", "rebuild"])
        assert not result.exit_code, result.output
        result = helpers.call_action("package_search", q="Deleted",
                                     include_deleted=True)
        assert [r["id"] for r in result["results"]] == [dataset["id"]]


class TestSearchErrors:
    def test_bad_parameters_raise_search_error(self):
        with pytest.raises(SearchError, match="Invalid search parameters"):
            helpers.call_action("package_search", weird_param=1)
        with pytest.raises(SearchError, match='Invalid "sort" parameter'):
            helpers.call_action("package_search", sort="metadata_modified")
        with pytest.raises(SearchError,
                           match="Local parameters are not supported"):
            helpers.call_action("package_search",
                                q='{!child of="content_type:parentDoc"}')
        # CKAN puts its own filters first, so it refuses these as misplaced.
        with pytest.raises(SearchError, match="Local parameters must be "
                           "defined at the beginning of param 'fq'"):
            helpers.call_action("package_search", fq="{!bool must=test}")

    @pytest.mark.parametrize("params", [
        {"q": "title:(unbalanced"},
        {"q": "--included"},
        {"q": 'tags:"unterminated'},
        {"q": "name:[a TO"},
        {"fq": "tags:(aa OR"},
        {"fq": 'title:"open'},
        {"fq": "metadata_modified:[NOW-BOGUS TO NOW]"},
        {"fq": "metadata_modified:[yesterday TO today]"},
        {"fq": "tags:-water"},
        {"fq": "tags:"},
        {"q": "{!lucene}title:x"},
    ])
    def test_malformed_query_is_409(self, app, params):
        # Solr refuses these (SyntaxError, invalid date): CKAN raises
        # SearchError, which the action API answers with 409.
        factories.Dataset(title="Rivers", tags=[{"name": "water"}])
        response = app.get("/api/3/action/package_search",
                           query_string=params)
        assert response.status_code == 409, response.body
        body = response.json
        assert body["success"] is False
        assert body["error"]["__type"] == "Search Error"
        # CKAN's wording, with the reason: the engine's refusal, or CKAN's
        # own for local parameters (which CKAN checks before asking).
        message = body["error"]["message"]
        assert message.startswith("Search error: ")
        assert ("SOLR returned an error running query" in message
                and "SolrError" in message) or \
            "Local parameters are not supported in param 'q'" in message, \
            message

    @pytest.mark.parametrize("sort", [
        "gvgyr_fgevat nfp", "metadata_modified", "name sideways"])
    def test_malformed_sort_is_400(self, app, sort):
        # Solr's "Can't determine a Sort Order" becomes SearchQueryError,
        # which the action API answers with 400.
        factories.Dataset(title="Rivers")
        response = app.get("/api/3/action/package_search",
                           query_string={"sort": sort})
        assert response.status_code == 400, response.body
        assert response.json["error"]["__type"] == "Search Query Error"
        # CKAN checks the sort spec itself before the engine sees it.
        assert response.json["error"]["message"] == (
            "Search Query is invalid: 'Invalid \"sort\" parameter'")

    def test_valid_queries_are_200(self, app):
        factories.Dataset(title="Rivers", tags=[{"name": "water"}])
        for params in ({"q": "rivers"}, {"q": "tags:water"},
                       {"fq": "tags:(water OR fire)"},
                       {"fq": "metadata_modified:[NOW-1DAY TO *]"},
                       {"q": "name:* AND -tags:fire"},
                       {"q": "title:rivers~"}, {"q": "title:riv*"},
                       {"q": 'title:"rivers"^2'}):
            response = app.get("/api/3/action/package_search",
                               query_string=params)
            assert response.status_code == 200, (params, response.body)
            assert response.json["result"]["count"] == 1, params

    def test_field_no_dataset_has_matches_nothing(self, app):
        factories.Dataset(title="Rivers")
        for params in ({"fq": "nonexistent_field:value"},
                       {"q": "nonexistent_field:value"},
                       {"fq": "extras_nonexistent:value"},
                       {"fq": "nonexistent_date:[NOW-1YEAR TO NOW]"}):
            response = app.get("/api/3/action/package_search",
                               query_string=params)
            assert response.status_code == 200, (params, response.body)
            assert response.json["result"]["count"] == 0, params


class TestKnownDifferences:
    """Where the backend still answers differently from Solr."""

    def test_stop_words_are_searchable(self):
        factories.Dataset(title="After update")
        assert count("After") == 1
