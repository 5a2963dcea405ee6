"""The page rows of ``display`` without CKAN: the caller gives the model,
the language, ``_`` and the names of types and municipalities."""
import ast
import pathlib

from ckanext.prioritization import criteria as cr
from ckanext.prioritization import display

MODEL = cr.load_model()


def reader(**names):
    return display.Reader(model=MODEL, lang="en", _=lambda s: f"<{s}>",
                          **names)


def test_display_imports_no_ckan():
    tree = ast.parse(pathlib.Path(display.__file__).read_text())
    imported = {n.module if isinstance(n, ast.ImportFrom) else a.name
                for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in n.names}
    assert not {m for m in imported if m and (
        m == "ckan" or m.startswith(("ckan.", "flask")))}


def test_sentences_are_translated_with_the_given_function():
    r = reader()
    assert display.reason_sentence(r, None) == \
        "<No score yet: no weighted criterion is scored.>"
    sentence = display.reason_sentence(r, {
        "score": 66.66, "strongest": ["demand"], "weakest": [],
        "unknown": 2})
    assert sentence.startswith("<Scores 66.7 of 100>")


def test_coverage_names_come_from_the_reader():
    result = {"types": ["parking"], "municipalities": ["44021"],
              "cells": {"parking|44021": {"state": "published",
                                          "score": None,
                                          "status": "published"}},
              "per_type": {"parking": {"published": 1, "candidates": 0,
                                       "mean_score": None}},
              "per_municipality": {"44021": {"published": 1,
                                             "candidates": 0}},
              "joint": [], "municipality_labels": {"44021": "org"}}
    view = display.coverage_view(reader(types={"parking": "Parking"},
                                        municipalities={"44021": "Gent"}),
                                 result)
    assert view["rows"][0]["label"] == "Parking"
    assert view["rows"][0]["cells"][0]["text"] == "<Published>"
    assert view["municipalities"][0]["label"] == "Gent"


def test_facet_addresses_come_from_the_given_function():
    facets = display.facets_view(
        reader(), {"status": [{"name": "candidate", "count": 3}]},
        {"q": "bus"}, lambda **params: sorted(params.items()))
    (status,) = [f for f in facets if f["key"] == "status"]
    assert status["items"][0]["url"] == [("q", "bus"),
                                         ("status", "candidate")]
