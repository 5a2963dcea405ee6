"""A dataset's RDF checked against SEMIC's SHACL shapes: DCAT-AP 3.0.1
(its shapes and ranges) and, for a dataset that claims to be high-value,
the HVD 3.0.0 shapes. The shapes are copied unchanged into
``data/shacl/`` (provenance in its README). Plain Python (rdflib and
pyshacl, no CKAN import), so the harvest, the charter and the tests read
the same result."""
from __future__ import annotations

import dataclasses
import functools
import pathlib
from typing import Any, Optional

import rdflib
from pyshacl import validate
from rdflib.namespace import RDF, SH

__all__ = ["DCAT_AP", "HVD", "Violation", "Result", "shapes", "claims_hvd",
           "check", "violations", "describe", "compact"]

SHAPES_DIR = pathlib.Path(__file__).parent / "data" / "shacl"
DCAT_AP = ("dcat-ap-3.0.1-shapes.ttl", "dcat-ap-3.0.1-ranges.ttl")
HVD = ("dcat-ap-hvd-3.0.0-shapes.ttl",)
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
HVD_LEGISLATION = rdflib.URIRef(
    "http://data.europa.eu/eli/reg_impl/2023/138/oj")
# The prefixes a report shows properties and classes with.
PREFIXES = {
    "http://purl.org/dc/terms/": "dct:",
    "http://www.w3.org/ns/dcat#": "dcat:",
    "http://data.europa.eu/r5r/": "dcatap:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2006/vcard/ns#": "vcard:",
    "http://www.w3.org/ns/adms#": "adms:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://spdx.org/rdf/terms#": "spdx:",
    "http://www.w3.org/ns/odrl/2/": "odrl:",
    "http://www.w3.org/ns/locn#": "locn:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}


# What a constraint says is wrong, as a report words it.
KINDS = {"MinCount": "missing", "MaxCount": "too_many"}
WRONG_KIND = ("Class", "Datatype", "NodeKind", "Node", "In", "Pattern",
              "MinLength", "MaxLength", "LanguageIn", "Or", "Xone")


@dataclasses.dataclass(frozen=True)
class Violation:
    """One sh:Violation: on what (``focus``, its class ``focus_class``),
    which property (``path``), which constraint (``constraint``:
    ``MinCount``, ``MaxCount``, ``Class``, ``Datatype``, ...) and so what
    kind of fault (``kind``: missing, too_many, wrong_kind, other), the
    value at fault if any and pyshacl's own message."""
    focus: str
    focus_class: str
    path: str
    constraint: str
    kind: str
    value: Optional[str]
    message: str


@dataclasses.dataclass(frozen=True)
class Result:
    shapes: tuple[str, ...]  # e.g. ("DCAT-AP 3.0.1", "HVD 3.0.0")
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def as_dict(self) -> dict[str, Any]:
        return {"shapes": list(self.shapes), "conforms": self.conforms,
                "violations": [dataclasses.asdict(v)
                               for v in self.violations]}


KIND_WORDS = {"missing": "missing", "too_many": "more values than allowed",
              "wrong_kind": "a value of the wrong kind"}


def describe(violation: Violation) -> str:
    """One line for an operator, in DCAT-AP's terms:
    ``dcat:Distribution dct:format: a value of the wrong kind ("CSV")``."""
    what = KIND_WORDS.get(violation.kind) or \
        f"does not conform ({violation.message})"
    value = f" ({violation.value})" if violation.value and \
        violation.kind != "other" else ""
    return f"{violation.focus_class or '-'} {violation.path or '-'}: " \
        f"{what}{value}"


def compact(term: Any) -> str:
    text = str(term)
    for namespace, prefix in PREFIXES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


@functools.lru_cache(maxsize=None)
def shapes(*files: str) -> rdflib.Graph:
    """The shapes of ``files`` in one graph. The 3.0.1 ranges file lists
    property shapes it never defines (no sh:path anywhere), which pyshacl
    refuses as malformed; those dangling references are dropped (they
    carry no constraint)."""
    graph = rdflib.Graph()
    for name in files:
        graph.parse(SHAPES_DIR / name, format="turtle")
    for node, _, shape in list(graph.triples((None, SH.property, None))):
        if graph.value(shape, SH.path) is None:
            graph.remove((node, SH.property, shape))
    return graph


def claims_hvd(graph: rdflib.Graph) -> bool:
    """A dataset of the graph names the HVD regulation as applicable
    legislation or an HVD category."""
    return (None, DCATAP.applicableLegislation, HVD_LEGISLATION) in graph \
        or (None, DCATAP.hvdCategory, None) in graph


def _violation(report: rdflib.Graph, data: rdflib.Graph, node) -> Violation:
    focus = report.value(node, SH.focusNode)
    value = report.value(node, SH.value)
    component = str(report.value(node, SH.sourceConstraintComponent) or "")
    constraint = component.rsplit("#", 1)[-1].removesuffix(
        "ConstraintComponent")
    return Violation(
        focus=str(focus), focus_class=compact(data.value(focus, RDF.type)
                                              or ""),
        path=compact(report.value(node, SH.resultPath) or ""),
        constraint=constraint,
        kind=KINDS.get(constraint) or ("wrong_kind" if constraint in
                                       WRONG_KIND else "other"),
        # a blank node's identifier says nothing to anyone
        value=None if value is None or isinstance(value, rdflib.BNode)
        else str(value),
        message=str(report.value(node, SH.resultMessage) or ""))


def violations(data: rdflib.Graph, *files: str) -> list[Violation]:
    """The sh:Violations of ``data`` against the shapes of ``files``
    (warnings and infos are not violations)."""
    _conforms, report, _text = validate(
        data, shacl_graph=shapes(*files), inference="none",
        allow_warnings=True, advanced=True)
    found = sorted((_violation(report, data, r)
                    for r in report.subjects(RDF.type, SH.ValidationResult)
                    if report.value(r, SH.resultSeverity) == SH.Violation),
                   key=lambda v: (v.focus_class != "dcat:Dataset", v.focus,
                                  v.path, v.constraint, v.value or ""))
    # one fault once: the shapes and the ranges both state some
    # constraints, and a value of the wrong kind breaks several at once
    seen: set = set()
    unique = []
    for v in found:
        key = (v.focus, v.path, v.kind, v.value)
        if key not in seen:
            seen.add(key)
            unique.append(v)
    return unique


def check(data: rdflib.Graph) -> Result:
    """``data`` (one dataset as the portal publishes it) against DCAT-AP
    3.0.1, and HVD 3.0.0 too when it claims to be high-value."""
    hvd = claims_hvd(data)
    files = DCAT_AP + HVD if hvd else DCAT_AP
    names = ("DCAT-AP 3.0.1", "HVD 3.0.0") if hvd else ("DCAT-AP 3.0.1",)
    return Result(shapes=names, violations=tuple(violations(data, *files)))
