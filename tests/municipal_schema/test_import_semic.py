"""The import on every worked example of the DCAT-AP 3.0.1 release
(tests/data/dcat-ap/examples, SEMIC's own documents): per document, the
datasets found, loaded and refused, with the reason of each refusal. The
examples are fragments illustrating one property each: datasets with no
title or description (both mandatory in DCAT-AP) are refused naming the
field (the series of the examples have no description either: refused
as any dataset would be), and two documents are not valid Turtle (a prefixed name with "/" in its local part)."""
import pathlib

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

EXAMPLES = pathlib.Path(__file__).parent.parent / "data" / "dcat-ap" / \
    "examples"
SERIES = "https://data.gov.gr/id/datasetseries/BeePopulation"
DS = "https://data.gov.gr/id/dataset/"
NOT_TURTLE = "not RDF"

# document -> {reference: status or the refused fields}
EXPECTED = {
    "example-bee-population.ttl": {DS + "BeePopulation": "created"},
    "example-bee-population-2022-2023.ttl": {
        DS + "BeePopulation2022": "created",
        DS + "BeePopulation2023": "created"},
    "example-bee-populaton-2022-2023.ttl": {
        "http://data.gov.gr/id/dataset/BeePopulation2022": "created",
        "http://data.gov.gr/id/dataset/BeePopulation2023": "created"},
    "example-bee-population-dataset-frequency.ttl": {
        DS + "BeePopulation": ["title"]},
    "example-bee-population-dataset-series.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["title"],
        DS + "BeePopulation2023": ["title"]},
    "example-bee-population-dataset-series-ordered.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["title"],
        DS + "BeePopulation2023": ["title"]},
    "example-bee-population-dataset-series-frequency.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["title"],
        DS + "BeePopulation2023": ["title"]},
    "example-bee-population-dataset-series-gea-nha.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2000": ["notes"],
        DS + "BeePopulation2022": ["notes"],
        DS + "BeePopulation2023": ["notes"]},
    "example-bee-population-dataset-series-issued.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["notes"],
        DS + "BeePopulation2023": ["notes"]},
    "example-bee-population-dataset-series-modified.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2000": ["notes"],
        DS + "BeePopulation2022": ["notes"],
        DS + "BeePopulation2023": ["notes"]},
    "example-bee-population-dataset-series-life-count.ttl": {
        DS + "BeePopulationLive": ["notes"]},
    "example-bee-population-dataset-series-spatial-thessaloniki.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["notes"]},
    "example-bee-population-dataset-series-spatial-thessaloniki-athens.ttl": {
        SERIES: ["notes"], DS + "BeePopulation2022": ["notes"],
        DS + "BeePopulation2023": ["notes"]},
    "example-bee-population-dataset-series-api.ttl": NOT_TURTLE,
    "example-bee-population-dataset-series-combined.ttl": NOT_TURTLE,
}


def test_every_example_is_covered():
    assert sorted(p.name for p in EXAMPLES.glob("*.ttl")) == sorted(EXPECTED)


@pytest.mark.parametrize("document", sorted(EXPECTED))
def test_semic_example(document, municipality):
    org = municipality("751")
    text = (EXAMPLES / document).read_text(encoding="utf-8")
    expected = EXPECTED[document]
    try:
        report = helpers.call_action(
            "municipal_dcat_import", document=text, name=document,
            organization=org["name"])
        rows = report["rows"]
    except tk.ValidationError as error:
        if expected == NOT_TURTLE:
            assert error.error_dict["document"][0].startswith(
                "The document is not RDF (Turtle, RDF/XML or JSON-LD): "
                "turtle: at line")
            assert helpers.call_action("package_list") == []
            return
        rows = error.error_dict["datasets"]
    assert expected != NOT_TURTLE
    got = {row["ref"]: (row["status"] if row["status"] != "refused"
                        else sorted(row["errors"])) for row in rows}
    assert got == expected
    reasons = {field: text for row in rows
               for field, texts in row["errors"].items() for text in texts}
    if "title" in reasons:
        assert reasons["title"] == "Title: is required."
    if "notes" in reasons:
        assert reasons["notes"] == "Description: is required."
    created = sorted(row["name"] for row in rows
                     if row["status"] == "created")
    assert sorted(helpers.call_action("package_list")) == created
    for name in created:
        stored = helpers.call_action("package_show", id=name)
        assert stored["title"].startswith("Bee population")
        assert stored["notes"].startswith("A dataset about bee population")
        assert stored["organization"]["name"] == "municipality-751"
