"""quality.py without CKAN: the table from indicator to the function that
reads it."""
from ckanext.charter import quality

from .test_pure import complete_dataset


def test_one_function_per_indicator_of_the_method():
    assert set(quality.INDICATORS) == {
        i.code for i in quality.method().indicators}


def test_each_reads_a_share_or_unknown():
    unchecked = quality.reading(complete_dataset())
    checked = quality.reading(complete_dataset(), links={
        "r1": {"access": True, "download": False}})
    for code, read in quality.INDICATORS.items():
        for r in (unchecked, checked):
            share = read(r)
            assert share is None or 0.0 <= share <= 1.0, code
    assert quality.INDICATORS["access_url_status"](unchecked) is None
    assert quality.INDICATORS["access_url_status"](checked) == 1.0
    assert quality.INDICATORS["download_url_status"](checked) == 0.0


def test_score_is_the_table_summed():
    result = quality.score(complete_dataset())
    r = quality.reading(complete_dataset())
    by_code = {row["code"]: row for row in result["indicators"]}
    for ind in quality.method().indicators:
        share = quality.INDICATORS[ind.code](r)
        row = by_code[ind.code]
        if share is None:
            assert (row["status"], row["points"]) == (quality.UNKNOWN, 0)
        else:
            assert row["points"] == round(ind.points * share), ind.code
    assert result["score"] == sum(row["points"] for row in by_code.values())
