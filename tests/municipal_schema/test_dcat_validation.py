"""The SHACL check of a dataset's RDF (dcat_validation.py), without CKAN:
the shipped DCAT-AP 3.0.1 and HVD 3.0.0 shapes, what a violation says,
and each fault reported once."""
import rdflib

from ckanext.municipal_schema import dcat_validation as dv

PREFIXES = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix dcatap: <http://data.europa.eu/r5r/> .
"""
DISTRIBUTION = """
<https://x.example/d/csv> a dcat:Distribution ;
    dcat:accessURL <https://x.example/files/d.csv> {more} .
"""


def graph(dataset: str, distribution: str = "") -> rdflib.Graph:
    text = PREFIXES + f"""
<https://x.example/d> a dcat:Dataset ;
    dct:title "Parkering"@da ;
    dcat:distribution <https://x.example/d/csv> {dataset} .
""" + DISTRIBUTION.format(more=distribution)
    return rdflib.Graph().parse(data=text, format="turtle")


def test_a_dataset_with_what_dcat_ap_requires_conforms():
    result = dv.check(graph('; dct:description "P-pladser"@da'))
    assert result.conforms
    assert result.shapes == ("DCAT-AP 3.0.1",)
    assert result.as_dict() == {"shapes": ["DCAT-AP 3.0.1"],
                                "conforms": True, "violations": []}


def test_a_missing_description_is_named_with_its_property():
    result = dv.check(graph(""))
    assert not result.conforms
    [violation] = result.violations
    assert (violation.focus, violation.focus_class, violation.path,
            violation.constraint, violation.kind) == (
        "https://x.example/d", "dcat:Dataset", "dct:description",
        "MinCount", "missing")


def test_a_high_value_dataset_is_held_to_the_hvd_shapes_too():
    result = dv.check(graph(
        '; dct:description "Stoppesteder"@da ; dcatap:hvdCategory '
        '<http://data.europa.eu/bna/c_b79e35eb>'))
    assert result.shapes == ("DCAT-AP 3.0.1", "HVD 3.0.0")
    found = {(v.focus_class, v.path, v.kind) for v in result.violations}
    # the HVD regulation, on the dataset and on each distribution
    assert ("dcat:Dataset", "dcatap:applicableLegislation",
            "missing") in found
    assert ("dcat:Distribution", "dcatap:applicableLegislation",
            "missing") in found


def test_a_fault_is_reported_once():
    # a format as text breaks the shapes' class and node-kind constraints,
    # stated in both the shapes and the ranges
    result = dv.check(graph('; dct:description "P"@da', '; dct:format "CSV"'))
    assert [(v.path, v.kind, v.value) for v in result.violations] == [
        ("dct:format", "wrong_kind", "CSV")]


def test_properties_are_shown_with_their_usual_prefix():
    assert dv.compact("http://purl.org/dc/terms/format") == "dct:format"
    assert dv.compact("http://data.europa.eu/r5r/hvdCategory") == \
        "dcatap:hvdCategory"
    assert dv.compact("https://x.example/own") == "https://x.example/own"
