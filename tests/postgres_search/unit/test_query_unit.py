"""The pure modules of postgres_search, without CKAN or a database."""
import datetime as dt

import pytest

from ckanext.postgres_search import datemath, fields, query, textsearch

NOW = dt.datetime(2026, 11, 22, 15, 42, 7, 123000)


@pytest.mark.parametrize("expression, expected", [
    ("NOW", NOW),
    ("NOW/DAY", dt.datetime(2026, 11, 22)),
    ("NOW-1DAY/DAY", dt.datetime(2026, 11, 21)),
    ("NOW-1YEAR", dt.datetime(2025, 11, 22, 15, 42, 7, 123000)),
    ("NOW+6MONTHS/MONTH", dt.datetime(2027, 5, 1)),
    ("NOW-2HOURS/HOUR", dt.datetime(2026, 11, 22, 13)),
    ("2024-02-29T10:00:00Z+1YEAR", dt.datetime(2025, 2, 28, 10)),
    ("2024-01-01T00:00:00.5Z", dt.datetime(2024, 1, 1, 0, 0, 0, 500000)),
    ("now/day", dt.datetime(2026, 11, 22)),
])
def test_date_math_resolves_like_solr(expression, expected):
    assert datemath.resolve(expression, NOW) == expected


@pytest.mark.parametrize("expression", [
    "yesterday", "NOW-1FORTNIGHT", "NOW-DAY", "2024-13-01T00:00:00Z"])
def test_date_math_rejects_what_solr_rejects(expression):
    with pytest.raises(datemath.DateMathError):
        datemath.resolve(expression, NOW)


@pytest.mark.parametrize("spec, optional, needed", [
    ("2<-1 5<80%", 1, 1), ("2<-1 5<80%", 2, 2), ("2<-1 5<80%", 3, 2),
    ("2<-1 5<80%", 5, 4), ("2<-1 5<80%", 10, 8),
    ("1", 4, 1), ("-1", 4, 3), ("75%", 4, 3), ("-25%", 4, 3), ("100%", 3, 3),
    (None, 3, 3),
])
def test_minimum_should_match_follows_dismax(spec, optional, needed):
    assert query.minimum_should_match(spec, optional) == needed


def test_field_types_follow_ckans_solr_schema():
    assert fields.field_type("tags") == fields.STRING
    assert fields.field_type("organization") == fields.STRING
    assert fields.field_type("title") == fields.TEXT
    assert fields.field_type("extras_theme") == fields.TEXT
    assert fields.field_type("vocab_data_themes") == fields.STRING
    assert fields.field_type("metadata_modified") == fields.DATE
    assert fields.field_type("temporal_start_date") == fields.DATE
    assert fields.field_type("municipality_code") == fields.STRING


def test_index_row_splits_a_ckan_document():
    row = fields.index_row({
        "index_id": "abc", "id": "pkg-1", "site_id": "site",
        "name": "bike-counts", "title": "Bike counts", "notes": "Daily counts",
        "tags": ["mobility", "bicycle"], "groups": [],
        "res_format": ["CSV", "CSV", "JSON"], "private": False,
        "metadata_modified": "2024-05-01T10:00:00.123456Z",
        "validated_data_dict": "{}", "permission_labels": ["public"],
        "extras_municipality_code": "751", "municipality_code": "751",
    })
    # One count per doc: two CSV resources are one CSV dataset.
    assert row.columns["v_res_format"] == ["CSV", "JSON"]
    assert row.columns["v_groups"] == []
    assert "res_format" not in row.fields
    assert row.fields["private"] == ["false"]
    assert row.text_fields["title"] == ["Bike counts"]
    assert row.metadata_modified == "2024-05-01T10:00:00.123456Z"
    assert "validated_data_dict" in row.doc
    assert "validated_data_dict" not in row.fields
    # Solr returns stored fields only.
    assert "permission_labels" not in row.doc
    assert "municipality_code" not in row.doc
    assert row.doc["extras_municipality_code"] == "751"
    assert "Bike counts" in row.weighted_text["A"]
    assert "mobility" in row.weighted_text["B"]
    assert "Daily counts" in row.weighted_text["D"]


def test_dates_normalise_to_sortable_utc_text():
    assert fields.normalise_date("2024-05-01") == "2024-05-01T00:00:00.000000Z"
    assert fields.normalise_date("2024-05-01T12:00:00+02:00") == \
        "2024-05-01T10:00:00.000000Z"
    assert fields.normalise_date("not a date") is None


@pytest.mark.parametrize("params", [
    {"q": "title:(parking"},
    {"q": "*:*", "fq": "tags:[a TO"},
    {"q": "*:*", "sort": "metadata_modified sideways"},
    {"q": "*:*", "sort": "metadata_modified"},
    {"q": "{!lucene}title:x"},
    {"q": "*:*", "rows": "many"},
    {"q": "*:*", "fq": "metadata_modified:[yesterday TO NOW]"},
    {"q": "*:*", "defType": "surround"},
])
def test_malformed_requests_raise_a_syntax_error(params):
    with pytest.raises(query.QuerySyntaxError):
        query.compile_search(params, "english", now=NOW)


def test_sort_error_carries_the_text_ckan_maps_to_invalid_sort():
    with pytest.raises(query.QuerySyntaxError,
                       match="Can't determine a Sort Order"):
        query.compile_search({"sort": "name upwards"}, "english", now=NOW)


def test_values_are_bound_as_parameters_never_inlined():
    hostile = "x'); DROP TABLE package; --"
    compiled = query.compile_search(
        {"q": f'name:"{hostile}"', "fq": f'tags:"{hostile}"',
         "facet": "true", "facet.field": [hostile]}, "english", now=NOW)
    assert "DROP TABLE" not in compiled.sql
    assert any("DROP TABLE" in str(v) for v in compiled.params.values())


def test_field_list_returns_what_fl_asks_for():
    doc = {"id": "1", "name": "a", "validated_data_dict": "{}"}
    assert query.FieldList.parse("id validated_data_dict").select(doc, 1.0) \
        == {"id": "1", "validated_data_dict": "{}"}
    assert query.FieldList.parse("name,score").select(doc, 0.5) == \
        {"name": "a", "score": 0.5}
    assert query.FieldList.parse("*").select(doc, 1.0) == doc


@pytest.mark.parametrize("params", [
    {"q": "park\x00ing"}, {"fq": ["+tags:a", "title:\x00"]},
    {"q": "*:*", "sort": "name asc\x00"}, {"facet.field": ["tags\x00"]},
    {"fl": "name \x00"}])
def test_nul_character_is_refused_before_sql_is_built(params):
    with pytest.raises(query.QuerySyntaxError, match=r"NUL \(0x00\)"):
        query.compile_search(params, "simple", NOW)


def test_nul_character_in_delete_query_is_refused():
    with pytest.raises(query.QuerySyntaxError, match=r"NUL \(0x00\)"):
        query.compile_delete("id:\x00", "simple", NOW)


@pytest.mark.parametrize("locale, configuration", [
    ("da_DK", "postgres_search_danish"), ("da", "postgres_search_danish"),
    ("nl", "postgres_search_dutch"), ("sv", "postgres_search_swedish"),
    ("en_GB", "postgres_search_english"), ("nb_NO", "postgres_search_norwegian"),
    ("pt_BR", "simple"), (None, "postgres_search_english")])
def test_locale_picks_a_configuration_the_migration_creates(
        locale, configuration):
    assert textsearch.for_locale(locale) == configuration
    assert configuration == "simple" or \
        configuration in textsearch.CONFIGURATIONS


LISTING = {"q": "*:*", "fq": ["+dataset_type:dataset", '+site_id:"s"',
                              "+state:active",
                              '+permission_labels:("public" OR "member-o")'],
           "facet": "true", "rows": 20,
           "facet.field": ["organization", "groups", "tags", "res_format",
                           "license_id"],
           "sort": "score desc, metadata_modified desc"}


def test_listing_with_default_facets_sums_group_counts():
    compiled = query.compile_search(LISTING, "simple", NOW)
    assert "postgres_search_facet_count" in compiled.sql
    assert "unnest" not in compiled.sql


def test_sorted_listing_counts_its_hits_from_group_counts():
    compiled = query.compile_search(
        {"q": "*:*", "fq": LISTING["fq"], "sort": "metadata_modified desc",
         "rows": 20}, "simple", NOW)
    assert "postgres_search_facet_count" in compiled.sql
    assert "count(*)" not in compiled.sql


@pytest.mark.parametrize("change", [
    {"q": "parking"},                                   # text: ranks rows
    {"fq": LISTING["fq"] + ["+tags:green"]},            # a facet filter
    {"fq": LISTING["fq"] + ["metadata_modified:[NOW-1YEAR TO NOW]"]},
    {"facet.field": ["organization", "extras_theme"]},  # a facet not kept
])
def test_queries_the_group_counts_cannot_answer_count_rows(change):
    compiled = query.compile_search(dict(LISTING, **change), "simple", NOW)
    assert "postgres_search_facet_count" not in compiled.sql
    assert "unnest" in compiled.sql or "jsonb_array_elements_text" in \
        compiled.sql


@pytest.mark.parametrize("text, parts", [
    ("ShortStories and short-stories", "Short Stories short stories"),
    ("data.gov.dk opens", "data gov dk"),
    ("no compounds here", ""),
    # one long token (a pasted blob in a description) is passed over in
    # linear time: the old whole-text pattern took minutes on it
    ("ø" * 100_000 + " BusStops", "Bus Stops"),
])
def test_compound_words_are_indexed_by_their_parts(text, parts):
    assert fields.word_parts(text) == parts
