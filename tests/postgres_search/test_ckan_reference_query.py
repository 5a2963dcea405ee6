"""CKAN's own search tests, ported to run against postgres_search.

Reference: ckan/tests/lib/search/test_query.py (TestPackageQuery),
ckan/tests/lib/search/test_search.py, ckan/tests/lib/search/test_index.py
and ckan/tests/logic/action/test_get.py (TestPackageSearch,
TestPackageAutocomplete). What Solr-backed CKAN returns for these requests
is what the PostgreSQL backend must return: free text (dismax), fielded q
(lucene), fq clauses, date ranges, extras, vocabulary tags, dataset types.
"""
import datetime

import pytest

import ckan.lib.search as search
import ckan.model as model
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.usefixtures("clean_db", "clean_index"),
    # CKAN's own test-core.ini allows datasets without an organization.
    pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true"),
]


def package_search(**kwargs):
    return helpers.call_action("package_search", **kwargs)


def names(result):
    return sorted(r["name"] for r in result["results"])


def run(query):
    """CKAN's PackageSearchQuery, as ckan/tests/lib/search uses it."""
    return search.query_for(model.Package).run(query)


# -- free text (dismax) ---------------------------------------------------
class TestFreeText:
    def test_all_records_by_shared_notes(self):
        pkgs = [factories.Dataset(notes="shared") for _ in range(3)]
        result = run({"q": "shared"})
        assert set(result["results"]) == {p["name"] for p in pkgs}

    def test_single_by_name(self):
        factories.Dataset(name="verycomplexnameoffirstdataset")
        factories.Dataset(name="verycomplexnameofseconddataset")
        result = run({"q": "verycomplexnameoffirstdataset"})
        assert result["results"] == ["verycomplexnameoffirstdataset"]

    def test_name_multiple_results(self):
        factories.Dataset(name="first-record")
        factories.Dataset(name="second-record")
        factories.Dataset(name="third-dataset")
        result = run({"q": "record"})
        assert set(result["results"]) == {"first-record", "second-record"}

    def test_quotation(self):
        pkg1 = factories.Dataset(title="Government Expenditure")
        factories.Dataset(title="Government Extra Expenditure")
        assert run({"q": '"Government Expenditure"'})["results"] == [
            pkg1["name"]]
        assert run({"q": '"Expenditure Government"'})["results"] == []

    def test_tags_field_split_word(self):
        pkg1 = factories.Dataset(tags=[{"name": "split todo"}])
        assert run({"q": "todo split"})["results"] == [pkg1["name"]]

    def test_tags_field_with_capitals(self):
        pkg1 = factories.Dataset(tags=[{"name": "capitals"}])
        assert run({"q": "CAPITALS"})["results"] == [pkg1["name"]]

    def test_search_rivers(self):
        factories.Dataset(title="Rivers")
        factories.Dataset(title="Lakes")
        result = package_search(q="rivers")
        assert result["count"] == 1
        assert result["results"][0]["title"] == "Rivers"

    def test_search_all_without_q(self):
        factories.Dataset(title="Rivers")
        factories.Dataset(title="Lakes")
        assert package_search()["count"] == 2
        assert package_search(q="")["count"] == 2
        assert package_search(q="*:*")["count"] == 2

    def test_search_on_resource_name(self):
        factories.Resource(name="resource_abc")
        factories.Dataset()
        result = package_search(q="resource_abc")
        assert result["count"] == 1
        assert result["results"][0]["resources"][0]["name"] == "resource_abc"

    def test_two_words_both_required(self):
        # mm "2<-1 5<80%": with two optional words, both must match.
        factories.Dataset(name="rivers-only", title="Rivers")
        factories.Dataset(name="both", title="Rivers and lakes")
        assert names(package_search(q="rivers lakes")) == ["both"]

    def test_three_words_all_but_one_required(self):
        # mm "2<-1": with three optional words, any two of them match.
        factories.Dataset(name="one", title="Rivers")
        factories.Dataset(name="two", title="Rivers and lakes")
        factories.Dataset(name="three", title="Rivers lakes mountains")
        assert names(package_search(q="rivers lakes mountains")) == [
            "three", "two"]

    def test_plus_and_minus_in_free_text(self):
        factories.Dataset(name="rivers", title="Rivers")
        factories.Dataset(name="rivers-lakes", title="Rivers and lakes")
        factories.Dataset(name="lakes", title="Lakes")
        assert names(package_search(q="rivers -lakes")) == ["rivers"]
        assert names(package_search(q="+lakes")) == ["lakes", "rivers-lakes"]

    def test_extras_are_searchable_as_text(self):
        # ckan/tests/lib/search/test_search.py test_02/03/04
        factories.Dataset()
        package = factories.Dataset(
            name="council-owned-litter-bins",
            extras=[{"key": "spatial-reference-system",
                     "value": "test-spatial"}])
        assert run({"q": ""})["count"] == 2
        assert run({"q": "spatial"})["count"] == 1

        package["name"] = "new_name"
        package["extras"].append({"key": "published_by", "value": "barrow"})
        helpers.call_action("package_update", **package)
        assert run({"q": ""})["count"] == 2
        assert run({"q": "barrow"})["results"] == ["new_name"]

        helpers.call_action("package_delete", id=package["id"])
        assert run({"q": ""})["count"] == 1
        assert run({"q": "barrow"})["count"] == 0

    def test_search_is_case_insensitive_and_unicode(self):
        factories.Dataset(name="one", tags=[{"name": "Flexible \u30a1"}])
        factories.Dataset(name="two", tags=[{"name": "Flexible \u30a1"}])
        assert run({"q": "Flexible \u30a1"})["count"] == 2
        assert run({"q": "Flexible"})["count"] == 2
        assert run({"q": "flexible"})["count"] == 2

    def test_no_results(self):
        factories.Dataset(title="Dataset One")
        assert package_search(q="Nout")["count"] == 0


# -- fielded q (lucene) ---------------------------------------------------
class TestFieldedQuery:
    def test_title_token(self):
        pkg1 = factories.Dataset(title="first record")
        pkg2 = factories.Dataset(title="second record")
        factories.Dataset(title="third dataset")
        result = run({"q": "title:record"})
        assert set(result["results"]) == {pkg1["name"], pkg2["name"]}

    def test_not_real_license(self):
        factories.Dataset()
        result = run({"q": 'license:"OKD::Other (PublicsDomain)"'})
        assert result["count"] == 0

    def test_tags_tokens(self):
        pkg1 = factories.Dataset(
            tags=[{"name": "country-sweden"}, {"name": "format-pdf"}])
        pkg2 = factories.Dataset(tags=[{"name": "todo split"}])
        pkg3 = factories.Dataset(tags=[{"name": "surprise."}])
        assert run({"q": "tags:country-sweden"})["results"] == [pkg1["name"]]
        assert run({"q": 'tags:"todo split"'})["results"] == [pkg2["name"]]
        assert run({"q": "tags:country-sweden tags:format-pdf"})[
            "results"] == [pkg1["name"]]
        assert run({"q": 'tags:"surprise."'})["results"] == [pkg3["name"]]
        # tags is a string field: no partial or stemmed matches
        assert run({"q": "tags:country"})["count"] == 0
        assert run({"q": "tags:split"})["count"] == 0
        # q.op is AND
        assert run({"q": 'tags:"todo split" tags:format-pdf'})["count"] == 0

    def test_overall(self):
        user = factories.User()
        david = factories.Group(user=user, name="david")
        roger = factories.Group(user=user, name="roger")
        factories.Dataset(
            name="annakarenina", title="A Novel By Tolstoy", version="0.7a",
            url="http://datahub.io",
            tags=[{"name": "russian"}, {"name": "tolstoy"},
                  {"name": "Flexible \u30a1"}],
            groups=[{"id": david["id"]}, {"id": roger["id"]}])
        factories.Dataset(
            name="warandpeace", groups=[{"id": david["id"]}],
            tags=[{"name": "russian"}, {"name": "Flexible \u30a1"}])

        assert run({"q": "annakarenina"})["count"] == 1
        assert run({"q": "warandpeace"})["count"] == 1
        assert run({"q": ""})["count"] == 2
        assert run({"q": "Tolstoy"})["count"] == 1
        assert run({"q": "title:Novel"})["count"] == 1
        assert run({"q": "title:peace"})["count"] == 0
        assert run({"q": "name:warandpeace"})["count"] == 1
        assert run({"q": "groups:david"})["count"] == 2
        assert run({"q": "groups:roger"})["count"] == 1
        assert run({"q": "groups:lenny"})["count"] == 0
        assert run({"q": 'tags:"russian"'})["count"] == 2
        assert run({"q": 'tags:"Flexible \u30a1"'})["count"] == 2
        assert run({"q": "tags:russian AND tags:tolstoy"})["count"] == 1
        assert run({"q": "tags:tolstoy OR groups:david"})["count"] == 2
        assert run({"q": "groups:david -tags:tolstoy"})["results"] == [
            "warandpeace"]
        assert run({"q": "title:novel AND name:warandpeace"})["count"] == 0

    def test_id_query(self):
        dataset = factories.Dataset()
        factories.Dataset()
        result = package_search(q="id:{}".format(dataset["id"]))
        assert [r["id"] for r in result["results"]] == [dataset["id"]]

    def test_wildcard_on_string_field(self):
        factories.Dataset(name="bicycle-counts")
        factories.Dataset(name="bicycle-parking")
        factories.Dataset(name="car-parking")
        assert names(package_search(q="name:bicycle*")) == [
            "bicycle-counts", "bicycle-parking"]
        assert names(package_search(q="name:*parking")) == [
            "bicycle-parking", "car-parking"]


# -- fq -------------------------------------------------------------------
class TestFilterQuery:
    @pytest.fixture
    def data(self):
        org = factories.Organization(name="city-council")
        other = factories.Organization(name="harbour")
        group = factories.Group(name="mobility")
        factories.Dataset(name="bikes", owner_org=org["id"],
                          tags=[{"name": "transport"}, {"name": "cycling"}],
                          groups=[{"name": group["name"]}])
        factories.Dataset(name="buses", owner_org=org["id"],
                          tags=[{"name": "transport"},
                                {"name": "public transport"}])
        factories.Dataset(name="ships", owner_org=other["id"],
                          tags=[{"name": "transport"}, {"name": "harbour"}],
                          groups=[{"name": group["name"]}])
        factories.Dataset(name="budget", tags=[{"name": "finance"}])

    def fq(self, fq, **kwargs):
        return names(package_search(fq=fq, **kwargs))

    def test_field_value(self, data):
        assert self.fq("tags:transport") == ["bikes", "buses", "ships"]
        assert self.fq("organization:city-council") == ["bikes", "buses"]
        assert self.fq("groups:mobility") == ["bikes", "ships"]
        assert self.fq("name:budget") == ["budget"]

    def test_quoted_value(self, data):
        assert self.fq('tags:"public transport"') == ["buses"]
        assert self.fq('organization:"harbour"') == ["ships"]
        # a quoted value of a string field matches the whole value only
        assert self.fq('tags:"public"') == []

    def test_plus_minus_clauses(self, data):
        assert self.fq("+tags:transport -organization:city-council") == [
            "ships"]
        assert self.fq("-tags:transport") == ["budget"]
        assert self.fq("+tags:transport +groups:mobility") == [
            "bikes", "ships"]
        assert self.fq("tags:transport AND NOT tags:cycling") == [
            "buses", "ships"]

    def test_or_groups(self, data):
        assert self.fq("tags:(cycling OR harbour)") == ["bikes", "ships"]
        assert self.fq("tags:cycling OR tags:finance") == ["bikes", "budget"]
        assert self.fq("organization:(city-council OR harbour) "
                       "-tags:cycling") == ["buses", "ships"]
        assert self.fq('tags:("public transport" OR finance)') == [
            "budget", "buses"]

    def test_match_all(self, data):
        assert len(self.fq("*:*")) == 4
        assert self.fq("*:* -tags:transport") == ["budget"]

    def test_fq_and_q_combine(self, data):
        assert self.fq("organization:city-council", q="tags:cycling") == [
            "bikes"]
        assert self.fq("tags:transport", q="budget") == []

    def test_fq_list(self, data):
        result = package_search(fq_list=["tags:transport",
                                         "organization:harbour"])
        assert names(result) == ["ships"]

    def test_field_no_dataset_has(self, data):
        assert self.fq("no_such_field:anything") == []
        assert self.fq('extras_no_such_extra:"anything"') == []
        assert package_search(q="no_such_field:anything")["count"] == 0

    def test_field_exists(self, data):
        assert self.fq("groups:*") == ["bikes", "ships"]
        assert self.fq("-groups:*") == ["budget", "buses"]

    def test_creator_user_id(self):
        user = factories.User()
        other_user = factories.User()
        factories.Dataset(user=user, name="mine")
        factories.Dataset(user=other_user, name="theirs")
        result = helpers.call_action(
            "package_search", context={"user": user["name"]},
            fq="creator_user_id:{}".format(other_user["id"]))
        assert names(result) == ["theirs"]

    def test_capacity_private_matches_nothing_for_anonymous(self):
        org = factories.Organization()
        factories.Dataset(private=True, owner_org=org["id"])
        factories.Dataset()
        assert package_search(fq="capacity:private")["count"] == 0


# -- dates ----------------------------------------------------------------
class TestDates:
    def test_metadata_modified_ranges_with_date_math(self):
        factories.Dataset(name="recent")
        assert names(package_search(
            fq="metadata_modified:[NOW-1DAY TO NOW+1DAY]")) == ["recent"]
        assert names(package_search(
            fq="metadata_modified:[NOW/DAY-7DAYS TO *]")) == ["recent"]
        assert names(package_search(
            fq="metadata_created:[* TO NOW-1YEAR]")) == []
        assert names(package_search(
            fq="metadata_created:[NOW+1HOUR TO *]")) == []
        assert names(package_search(
            fq="-metadata_modified:[NOW-1DAY TO NOW+1DAY]")) == []

    def test_metadata_modified_range_with_explicit_dates(self):
        factories.Dataset(name="recent")
        today = datetime.datetime.now(datetime.timezone.utc)
        low = (today - datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        high = (today + datetime.timedelta(days=2)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        assert package_search(
            fq="metadata_modified:[{} TO {}]".format(low, high))["count"] == 1
        assert package_search(
            fq="metadata_modified:[2000-01-01T00:00:00Z TO "
               "2001-01-01T00:00:00Z]")["count"] == 0
        assert package_search(
            fq="metadata_modified:{{{} TO *}}".format(low))["count"] == 1

    def test_extra_date_fields(self):
        # ckan/tests/lib/search/test_index.py test_index_date_field
        factories.Dataset(name="older", extras=[
            {"key": "test_date", "value": "2014-03-22"},
            {"key": "test_tim_date", "value": "2014-03-22 05:42:14"}])
        factories.Dataset(name="newer", extras=[
            {"key": "test_date", "value": "2019-10-10T01:15:00Z"},
            {"key": "test_wrong_date", "value": "Not a date"}])
        assert names(package_search(
            fq="test_date:[2014-01-01T00:00:00Z TO 2014-12-31T00:00:00Z]"
        )) == ["older"]
        assert names(package_search(
            fq="test_date:[2015-01-01T00:00:00Z TO NOW]")) == ["newer"]
        assert names(package_search(
            fq="test_tim_date:[2014-03-22T05:00:00Z TO "
               "2014-03-22T06:00:00Z]")) == ["older"]
        assert names(package_search(fq="test_date:[* TO *]")) == [
            "newer", "older"]
        # invalid dates are not indexed
        assert package_search(fq="test_wrong_date:*")["count"] == 0

    def test_stored_dates_are_decoded(self):
        # test_index.py: dates come back as datetimes from the connection
        factories.Dataset(name="monkey", extras=[
            {"key": "test_date", "value": "2014-03-22"},
            {"key": "test_full_iso_date", "value": "2019-10-10T01:15:00Z"},
            {"key": "test_empty_date", "value": ""}])
        response = search.make_connection().search(q="name:monkey")
        assert len(response) == 1
        doc = response.docs[0]
        assert isinstance(doc["test_date"], datetime.datetime)
        assert doc["test_date"].strftime("%Y-%m-%d") == "2014-03-22"
        assert doc["test_full_iso_date"].strftime(
            "%Y-%m-%d %H:%M:%S") == "2019-10-10 01:15:00"
        assert "test_empty_date" not in doc


# -- extras, vocabularies, types -----------------------------------------
class TestExtrasVocabTypes:
    def test_extras_fields(self):
        factories.Dataset(name="aa", extras=[
            {"key": "theme", "value": "Public transport network"}])
        factories.Dataset(name="bb", extras=[
            {"key": "theme", "value": "Road network"}])
        factories.Dataset(name="cc")
        # extras_* are text fields: words match, stemmed
        assert names(package_search(fq="extras_theme:transport")) == ["aa"]
        assert names(package_search(fq="extras_theme:networks")) == [
            "aa", "bb"]
        assert names(package_search(
            fq='extras_theme:"public transport"')) == ["aa"]
        assert names(package_search(q="extras_theme:road")) == ["bb"]
        assert names(package_search(fq="extras_theme:*")) == ["aa", "bb"]
        # the extra's key is also indexed as a string field
        assert names(package_search(
            fq='theme:"Road network"')) == ["bb"]
        # and its value is in the default text
        assert names(package_search(q="road")) == ["bb"]

    def test_vocabulary_tags(self):
        vocab = helpers.call_action("vocabulary_create", name="genre", tags=[
            {"name": "poetry"}, {"name": "prose"}])
        factories.Dataset(name="poems", tags=[
            {"name": "poetry", "vocabulary_id": vocab["id"]},
            {"name": "free"}])
        factories.Dataset(name="novel", tags=[
            {"name": "prose", "vocabulary_id": vocab["id"]}])
        factories.Dataset(name="other", tags=[{"name": "poetry"}])

        assert names(package_search(fq="vocab_genre:poetry")) == ["poems"]
        assert names(package_search(
            fq="vocab_genre:(poetry OR prose)")) == ["novel", "poems"]
        # vocabulary tags are not free tags
        assert names(package_search(fq="tags:poetry")) == ["other"]
        assert names(package_search(fq="tags:prose")) == []
        # but they are in the default text
        assert names(package_search(q="prose")) == ["novel"]
        result = package_search(**{"facet.field": '["vocab_genre"]'})
        assert result["facets"]["vocab_genre"] == {"poetry": 1, "prose": 1}

    def test_custom_dataset_type(self):
        factories.Dataset(name="plain")
        factories.Dataset(name="custom-one", type="custom")
        factories.Dataset(name="custom-two", type="custom")
        assert names(package_search(fq="dataset_type:custom")) == [
            "custom-one", "custom-two"]
        assert names(package_search(fq="+dataset_type:dataset")) == ["plain"]
        assert names(package_search(fq="type:custom")) == [
            "custom-one", "custom-two"]
        assert names(package_search(fq="-dataset_type:custom")) == ["plain"]
        result = package_search(**{"facet.field": '["dataset_type"]'})
        assert result["facets"]["dataset_type"] == {"custom": 2, "dataset": 1}

    def test_res_format(self):
        dataset = factories.Dataset(name="with-csv")
        factories.Resource(package_id=dataset["id"], format="CSV")
        factories.Resource(package_id=dataset["id"], format="JSON")
        other = factories.Dataset(name="with-pdf")
        factories.Resource(package_id=other["id"], format="PDF")
        assert names(package_search(fq="res_format:CSV")) == ["with-csv"]
        assert names(package_search(fq="res_format:csv")) == []
        assert names(package_search(fq='res_format:"PDF"')) == ["with-pdf"]


# -- package_autocomplete -------------------------------------------------
class TestPackageAutocomplete:
    def test_match_name(self):
        pkg = factories.Dataset(name="warandpeace")
        result = helpers.call_action("package_autocomplete", q="war")
        assert result[0]["name"] == pkg["name"]
        assert result[0]["title"] == pkg["title"]
        assert result[0]["match_field"] == "name"
        assert result[0]["match_displayed"] == pkg["name"]

    def test_match_title(self):
        pkg = factories.Dataset(title="A Wonderful Story")
        result = helpers.call_action("package_autocomplete", q="won")
        assert result[0]["name"] == pkg["name"]
        assert result[0]["match_field"] == "title"
        assert result[0]["match_displayed"] == (
            f"A Wonderful Story ({pkg['name']})")

    def test_middle_part_of_title(self):
        factories.Dataset(title="Some public stuff")
        factories.Dataset(title="Some random stuff")
        assert len(helpers.call_action("package_autocomplete", q="bli")) == 1
        assert len(helpers.call_action("package_autocomplete", q="tuf")) == 2

    def test_private_datasets(self):
        user = factories.User()
        org = factories.Organization(
            users=[{"name": user["name"], "capacity": "member"}])
        stranger = factories.User()
        factories.Organization(user=stranger)
        factories.Dataset(owner_org=org["id"], title="Some public stuff")
        factories.Dataset(owner_org=org["id"], private=True,
                          title="Some private stuff")
        anonymous = helpers.call_action(
            "package_autocomplete", context={"ignore_auth": False}, q="some")
        member = helpers.call_action(
            "package_autocomplete",
            context={"user": user["name"], "ignore_auth": False}, q="some")
        other = helpers.call_action(
            "package_autocomplete",
            context={"user": stranger["name"], "ignore_auth": False},
            q="some")
        assert len(anonymous) == 1
        assert len(member) == 2
        assert len(other) == 1

    def test_limit(self):
        for i in range(4):
            factories.Dataset(name=f"autocomplete-{i}")
        assert len(helpers.call_action(
            "package_autocomplete", q="autocomplete", limit=2)) == 2
