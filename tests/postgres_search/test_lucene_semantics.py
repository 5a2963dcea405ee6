"""Solr query semantics at the connection CKAN talks to, on index documents
shaped like the ones CKAN builds. What Solr would return for each query is
the expected value."""
import pysolr
import pytest

from ckanext.postgres_search.backend import PostgresSearchConnection


def _doc(name, **fields):
    doc = {
        "index_id": f"idx-{name}", "id": f"id-{name}", "name": name,
        "site_id": "municipal-test", "entity_type": "package",
        "dataset_type": "dataset", "state": "active", "capacity": "public",
        "permission_labels": ["public"], "tags": [], "groups": [],
        "metadata_created": "2024-01-01T00:00:00Z",
        "metadata_modified": "2024-01-01T00:00:00Z",
        "validated_data_dict": "{}",
    }
    doc.update(fields)
    return doc


DOCS = [
    _doc("bike-counts", title="Bicycle counts on the ring road",
         notes="Hourly counts of cyclists.", tags=["mobility", "bicycle"],
         organization="aarhus", res_format=["CSV", "JSON"],
         license_id="cc-by", metadata_modified="2026-11-20T08:00:00Z",
         num_resources=2),
    _doc("parking", title="Parking occupancy",
         notes="Free spaces in car parks, updated every minute.",
         tags=["mobility", "parking"], organization="gent",
         res_format=["JSON"], license_id="cc-zero",
         metadata_modified="2025-06-01T00:00:00Z", num_resources=1),
    _doc("budget", title="Annual budget 2025",
         notes="The municipal budget by department.", tags=["economy"],
         organization="aarhus", res_format=["XLSX"], license_id="cc-by",
         metadata_modified="2023-03-01T00:00:00Z", num_resources=12),
    _doc("air-quality", title="Air quality measurements",
         notes="NO2 and PM10 from parked sensors.", tags=["environment"],
         organization="goteborg", res_format=[], license_id="odc-odbl",
         capacity="private", permission_labels=["member-goteborg"],
         extras_theme="ENVI", metadata_modified="2026-11-22T00:00:00Z",
         num_resources=0),
]


def _index_documents():
    PostgresSearchConnection(decode_dates=False).add(DOCS)


@pytest.fixture
def connection(shared_data):
    """The documents indexed, once for a run of tests that only read them
    (``shared_data``): a test that adds or deletes takes
    ``writable_connection``."""
    shared_data(_index_documents)
    return PostgresSearchConnection(decode_dates=False)


@pytest.fixture
def writable_connection(clean_db, clean_index):
    """The documents indexed for this test alone."""
    conn = PostgresSearchConnection(decode_dates=False)
    conn.add(DOCS)
    return conn


def names(conn, q="*:*", **params):
    params.setdefault("rows", 100)
    params.setdefault("sort", "name asc")
    return [d["name"] for d in conn.search(q=q, fl="name", **params).docs]


@pytest.mark.parametrize("fq, expected", [
    ("tags:mobility", ["bike-counts", "parking"]),
    ('tags:"mobility"', ["bike-counts", "parking"]),
    ("+tags:mobility +organization:aarhus", ["bike-counts"]),
    ("tags:mobility -organization:aarhus", ["parking"]),
    ("organization:(gent OR goteborg)", ["air-quality", "parking"]),
    ("-tags:mobility", ["air-quality", "budget"]),
    ("*:*", ["air-quality", "bike-counts", "budget", "parking"]),
    ("tags:Mobility", []),  # string fields are case-sensitive
    ("res_format:*", ["bike-counts", "budget", "parking"]),
    ("-res_format:*", ["air-quality"]),
    ("name:bike*", ["bike-counts"]),
    ("name:?udget", ["budget"]),
    ("title:parking", ["parking"]),  # text field: stemmed words
    ("notes:park", ["air-quality", "parking"]),  # parked/parks -> park
    ('title:"ring road"', ["bike-counts"]),
    ('title:"road ring"', []),
    ("extras_theme:envi", ["air-quality"]),
    ("no_such_field:anything", []),
    ("metadata_modified:[2025-01-01T00:00:00Z TO *]",
     ["air-quality", "bike-counts", "parking"]),
    ("metadata_modified:[* TO 2025-06-01T00:00:00Z}", ["budget"]),
    ("metadata_modified:[2025-01-01T00:00:00Z TO NOW]",
     ["air-quality", "bike-counts", "parking"]),
    ("metadata_modified:[NOW-100YEARS TO NOW-50YEARS]", []),
    # Deliberately numeric where Solr's catch-all string field would compare
    # text ("12" < "2"): a range of numbers means numbers to a user.
    ("num_resources:[2 TO *]", ["bike-counts", "budget"]),
    ("num_resources:[1 TO 2]", ["bike-counts", "parking"]),
    ("(tags:economy OR tags:environment) AND -capacity:private", ["budget"]),
    ("tags:mobility AND (organization:gent OR res_format:CSV)",
     ["bike-counts", "parking"]),
])
def test_filter_queries_match_like_solr(connection, fq, expected):
    assert names(connection, fq=fq) == expected


def test_several_fq_are_all_applied(connection):
    assert names(connection, fq=["tags:mobility", "res_format:CSV"]) == \
        ["bike-counts"]


@pytest.mark.parametrize("q, expected", [
    ("bicycle", ["bike-counts"]),
    ("cyclists counts", ["bike-counts"]),
    ("parking spaces", ["parking"]),
    ("budget department municipal", ["budget"]),  # mm: 2 of 3 suffice
    ("budget department zebra", ["budget"]),
    ("budget zebra", []),  # two words: both required
    ('"car parks"', ["parking"]),
    ("mobility -parking", ["bike-counts"]),
    ("+economy budget", ["budget"]),
])
def test_free_text_follows_dismax(connection, q, expected):
    assert names(connection, q=q, defType="dismax", mm="2<-1 5<80%") == \
        expected


def test_relevance_puts_title_matches_first(connection):
    ranked = connection.search(q="parking", defType="dismax",
                               sort="score desc", fl="name,score")
    assert [d["name"] for d in ranked.docs] == ["parking", "air-quality"]
    assert ranked.docs[0]["score"] > ranked.docs[1]["score"]


def test_facets_count_the_filtered_documents(connection):
    result = connection.search(
        q="*:*", fq="-capacity:private", rows=0, facet="true",
        **{"facet.field": ["tags", "organization", "res_format"],
           "facet.mincount": 1, "facet.limit": 50})
    assert result.hits == 3
    facets = result.facets["facet_fields"]
    assert facets["tags"] == ["mobility", 2, "bicycle", 1, "economy", 1,
                              "parking", 1]
    assert facets["organization"] == ["aarhus", 2, "gent", 1]
    assert facets["res_format"] == ["JSON", 2, "CSV", 1, "XLSX", 1]


def test_facet_limit_keeps_the_most_frequent(connection):
    result = connection.search(q="*:*", rows=0, facet="true",
                               **{"facet.field": "tags", "facet.limit": 1})
    assert result.facets["facet_fields"]["tags"] == ["mobility", 2]


def test_sort_paging_and_counts(connection):
    assert names(connection, sort="metadata_modified desc") == [
        "air-quality", "bike-counts", "parking", "budget"]
    assert names(connection, sort="metadata_modified asc", rows=2, start=1) \
        == ["parking", "bike-counts"]
    assert connection.search(q="*:*", rows=1).hits == 4


def test_permission_labels_filter_private_documents(connection):
    public = names(connection, fq='+permission_labels:("public")')
    member = names(connection,
                   fq='+permission_labels:("public" OR "member-goteborg")')
    assert "air-quality" not in public
    assert "air-quality" in member


def test_delete_by_query_removes_only_the_named_document(writable_connection):
    connection = writable_connection
    connection.delete(q='+entity_type:package AND +(id:"id-budget" OR '
                        'name:"id-budget") AND +site_id:"municipal-test"')
    assert "budget" not in names(connection)
    assert len(names(connection)) == 3


def test_reindexing_replaces_the_document(writable_connection):
    connection = writable_connection
    connection.add([_doc("budget", title="Budget 2026", tags=["finance"])])
    assert names(connection, fq="tags:finance") == ["budget"]
    assert names(connection, fq="tags:economy") == []


@pytest.mark.parametrize("params", [
    {"q": "title:(unclosed"},
    {"q": "*:*", "fq": "metadata_modified:[yesterday TO NOW]"},
])
def test_malformed_queries_raise_solr_errors(connection, params):
    with pytest.raises(pysolr.SolrError):
        connection.search(**params)


@pytest.mark.parametrize("q, expected", [
    ('name_ngram:"cycl" OR title_ngram:"cycl" OR name:"cycl" OR '
     'title:"cycl"', ["bike-counts"]),
    ('name_ngram:"ARK" OR title_ngram:"ARK"', ["parking"]),
    ('title_ngram:"quality meas"', ["air-quality"]),
])
def test_ngram_fields_match_parts_of_names_and_titles(connection, q,
                                                       expected):
    # package_autocomplete queries name_ngram/title_ngram.
    assert names(connection, q=q) == expected


@pytest.mark.parametrize("q", ["ring-road", "RingRoad", "ring_road"])
def test_compound_query_words_match_their_parts(connection, q):
    # Solr's WordDelimiterGraphFilter splits words at hyphens and case
    # changes: "ring-road" finds "the ring road".
    assert names(connection, q=q, defType="dismax") == ["bike-counts"]


def test_compound_words_in_documents_are_found_by_their_parts(
        writable_connection):
    connection = writable_connection
    connection.add([_doc("osm", title="OpenStreetMap extract")])
    assert names(connection, q="street map", defType="dismax") == ["osm"]
    assert names(connection, q="OpenStreetMap", defType="dismax") == ["osm"]


def test_stop_words_are_searchable(connection):
    # CKAN's Solr text field has no stop filter.
    assert names(connection, q="the", defType="dismax") == [
        "bike-counts", "budget"]
