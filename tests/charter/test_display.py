"""display.py without CKAN: a dataset's evaluation as the page shows it."""
import datetime
import subprocess
import sys

import pytest

from ckanext.municipal_opendata.labels import pick_label

from ckanext.charter import charters as ch
from ckanext.charter import display, quality, rules

from .test_pure import complete_dataset

TODAY = datetime.date(2026, 11, 23)


def reason(code, params, lang):
    return f"{lang}|{code}|{sorted(params)}"


@pytest.fixture(scope="module")
def sf():
    return ch.select(ch.load_directory(ch.CHARTER_DIR),
                     ["smart-flanders-2018"])


@pytest.fixture(scope="module")
def result(sf):
    return rules.evaluate(sf, complete_dataset(license_id="other-closed"),
                          claims={"smart-flanders": [11, 16]}, today=TODAY)


def test_principles_with_their_texts_and_reasons(sf, result):
    shown = display.evaluation(result, sf, "nl", reason)
    (charter,) = shown["charters"]
    charter_sf = sf["smart-flanders"]
    assert charter["code"] == "smart-flanders"
    assert charter["title"] == pick_label(charter_sf.title, "nl")
    assert [p["number"] for p in charter["principles"]] == [
        r["number"] for r in result["charters"]["smart-flanders"]]
    for row, p in zip(result["charters"]["smart-flanders"],
                      charter["principles"]):
        principle = charter_sf.principle(p["number"])
        assert p["key"] == f"smart-flanders:{p['number']}"
        assert p["title"] == pick_label(principle.title, "nl")
        assert p["explanation"] == pick_label(principle.explanation, "nl")
        assert p["claimed"] is row["claimed"]
        derived = row["derived"]
        if derived:
            assert (p["status"], p["reason"]) == (derived["status"],
                                                  derived["reason"])
            assert p["message"] == reason(derived["reason"],
                                          derived["params"], "nl")
        else:
            assert p["status"] is p["reason"] is p["message"] is None
    assert [p["key"] for p in charter["proven"]] == result["proven"]
    assert [p["key"] for p in charter["contradicted"]] == \
        result["contradicted"]
    assert [p["key"] for p in charter["claimed"]] == result["claimed"] == [
        "smart-flanders:11", "smart-flanders:16"]
    assert charter["contradicted"], "a closed licence contradicts"
    for key in ("proven", "claimed", "contradicted", "closed_reason"):
        assert shown[key] == result.get(key)


def test_quality_with_labels_and_what_to_gain(sf, result):
    shown = display.evaluation(result, sf, "en", reason)["quality"]
    q = result["quality"]
    assert (shown["score"], shown["max"], shown["pending"],
            shown["rating"]) == (q["score"], q["max"], q["pending"],
                                 q["rating"])
    assert shown["rating_label"] == pick_label(
        quality.method().rating_label(q["rating"]), "en")
    assert shown["dimensions"] == display.dimension_rows(q, "en")
    assert shown["indicators"] == display.advice_rows(q, "en")
    gain = quality.to_gain(q)
    assert [r["code"] for r in shown["to_gain"]] == [r["code"] for r in gain]
    assert gain, "a closed licence leaves points to gain"
    assert all(r["advice"] for r in shown["to_gain"])


def test_charters_the_portal_no_longer_has_are_left_out(result):
    shown = display.evaluation(result, {}, "en", reason)
    assert shown["charters"] == []
    assert shown["proven"] == result["proven"]


def test_display_imports_no_ckan():
    code = ("import sys, ckanext.charter.display; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('ckan', 'flask')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
