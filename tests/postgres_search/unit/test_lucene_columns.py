"""The Lucene translator records which columns of the index a condition
reads, and the search plan is taken from that record (no CKAN)."""
import datetime as dt
import re

import pytest

from ckanext.postgres_search import lucene, query

NOW = dt.datetime(2026, 11, 22, 15, 42, 7)
# What the SQL text names, as an oracle for the record only.
REFERENCE = re.compile(r"\bd\.(\w+)")


def condition(q, fq=(), dismax=False):
    translator = lucene.Translator(lucene.BoundParams(), "simple", NOW,
                                   default_field="text",
                                   default_operator="AND")
    clauses = translator.dismax(q, None) if dismax else translator.lucene(q)
    clauses = [(lucene.MUST, translator.combine(clauses))]
    for f in fq:
        clauses.append((lucene.MUST, translator.combine(translator.lucene(f))))
    return translator.combine(clauses)


@pytest.mark.parametrize("q, fq, columns", [
    ("*:*", (), set()),
    ("*:* OR tags:green", (), set()),          # TRUE: tags is not read
    ("tags:green", (), {"v_tags"}),
    ("tags:green OR tags:blue", (), {"v_tags"}),
    ("extras_theme:x", (), {"text_fields"}),
    ("notes:parking", (), {"text_fields"}),
    ("parking", (), {"search_vector"}),
    ("metadata_modified:[NOW-1YEAR TO NOW]", (), {"metadata_modified"}),
    ("metadata_modified:*", (), {"fields"}),  # exists: in fields
    ("res_format:*", (), {"v_res_format"}),
    ("extras_x:*", (), {"text_fields"}),
    ("title_ngram:bus", (), {"text_fields"}),
    ("name:ab*", (), {"fields"}),
    ("name:/ab.*/", (), {"fields"}),
    ("num_resources:[1 TO 5]", (), {"fields"}),
    ("-state:deleted", ('+site_id:"x"', '+permission_labels:("public")'),
     {"v_state", "v_site_id", "v_permission_labels"}),
])
def test_recorded_columns_are_those_the_condition_reads(q, fq, columns):
    sql = condition(q, fq)
    assert sql.columns == columns
    assert sql.columns == set(REFERENCE.findall(sql.text))


def test_dismax_records_the_text_vector():
    sql = condition("parking +lot -bus", dismax=True)
    assert sql.columns == {"search_vector"}


LISTING = {"q": "*:*", "fq": ['+site_id:"x"', "+state:active",
                              '+permission_labels:("public" OR "member-o")'],
           "rows": 20}


@pytest.mark.parametrize("fq, from_groups", [
    ([], True),
    (["+tags:green"], False),
    (["+capacity:public"], True),
    (["-dataset_type:harvest"], True),
    (["metadata_created:[* TO NOW]"], False),
    (["*:* OR tags:green"], True),
])
def test_the_plan_follows_the_recorded_columns(fq, from_groups):
    params = dict(LISTING, fq=LISTING["fq"] + fq)
    compiled = query.compile_search(params, "simple", NOW)
    assert ("postgres_search_facet_count" in compiled.sql) == from_groups
