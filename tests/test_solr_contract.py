"""Portals on Solr, checked on paper: the suite's index fields and queries
against the Solr schema CKAN ships.

No Solr runs here, yet the README promises that the charter facets, the
quality sort and the prioritization score work on CKAN's own Solr schema.
This test reads ``ckan/config/solr/schema.xml`` of the CKAN it runs under
(each supported version is a run of its own) and checks what the suite
really sends to the search engine, not a hand-written list: with every
plugin on, it loads demo municipalities, datasets and candidates, imports a
DCAT-AP document, opens the dataset search page with each sort it offers,
and calls the actions that search; a pass-through spy on the search
connection records every index document and every search request.

- every field of every index document resolves to a Solr field or dynamic
  field whose type accepts the value (a list only where multi-valued);
- every field the suite filters, sorts or facets on resolves too; facets
  and the suite's sorts are on string fields (StrField: a facet on a text
  field counts words, a sort on one is refused), single-valued for sorts;
- the suite's sort fields hold fixed-width digit strings, so that their
  order as strings is their order as numbers;
- every ``q`` and ``fq`` parses as Lucene syntax (luqum).
"""
from __future__ import annotations

import importlib.util
import pathlib
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from luqum.parser import parser as lucene
from luqum.tree import SearchField

import ckan
from ckan.tests import factories, helpers

from ckanext.postgres_search import backend

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMA = pathlib.Path(ckan.__file__).parent / "config" / "solr" / "schema.xml"
PLUGINS = ("postgres_search municipal_schema scheming_datasets "
           "scheming_organizations dcat maturity prioritization charter")
# Fields CKAN itself adds to its queries and documents; the suite's are
# the rest. Only the suite's sorts must be strings (CKAN sorts dates too).
CKAN_SORTS = {"score", "metadata_modified", "metadata_created",
              "title_string", "name", "views_recent"}
# Solr pseudo-fields and CKAN's local params, not schema fields.
PSEUDO = {"score", "_val_", "*"}

_spec = importlib.util.spec_from_file_location(
    "demo_load_solr", ROOT / "demo" / "load.py")
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


# -- CKAN's Solr schema ----------------------------------------------------
class SolrSchema:
    def __init__(self, path: pathlib.Path):
        root = ET.parse(path).getroot()
        self.types = {t.get("name"): t.attrib
                      for t in root.iter("fieldType")}
        self.fields = {f.get("name"): f.attrib for f in root.iter("field")}
        self.dynamic = [f.attrib for f in root.iter("dynamicField")]

    def field(self, name: str) -> dict | None:
        """The field Solr uses for ``name``: the explicit one, else the
        dynamic field with the longest matching pattern (Solr's rule)."""
        if name in self.fields:
            return self.fields[name]
        matches = [d for d in self.dynamic if _matches(d["name"], name)]
        return max(matches, key=lambda d: len(d["name"]), default=None)

    def describe(self, name: str) -> tuple[str, bool] | None:
        """(Solr class of the field's type, multi-valued) or None."""
        field = self.field(name)
        if field is None:
            return None
        kind = self.types[field["type"]]
        multi = field.get("multiValued", kind.get("multiValued", "false"))
        return kind["class"], multi == "true"


def _matches(pattern: str, name: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*"):
        return name.endswith(pattern[1:])
    return name.startswith(pattern[:-1])


def _accepts(solr_class: str, value) -> bool:
    if value is None or value == "":
        return True  # CKAN drops empty values before indexing
    if solr_class in ("solr.StrField", "solr.TextField"):
        return isinstance(value, (str, int, float, bool))
    if solr_class in ("solr.IntPointField", "solr.LongPointField"):
        return re.fullmatch(r"-?\d+", str(value)) is not None
    if solr_class in ("solr.FloatPointField", "solr.DoublePointField"):
        return re.fullmatch(r"-?\d+(\.\d+)?", str(value)) is not None
    if solr_class == "solr.DatePointField":
        return re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z",
                            str(value)) is not None
    if solr_class == "solr.BoolField":
        return str(value).lower() in ("true", "false")
    return False


# -- what the suite sends ----------------------------------------------------
class Spy:
    """Records what CKAN hands the search connection, and passes it on."""

    def __init__(self, monkeypatch):
        self.docs: list[dict] = []
        self.searches: list[dict] = []
        add, search = (backend.PostgresSearchConnection.add,
                       backend.PostgresSearchConnection.search)

        def spy_add(connection, docs, *args, **kwargs):
            self.docs.extend(dict(d) for d in docs)
            return add(connection, docs, *args, **kwargs)

        def spy_search(connection, q=None, **kwargs):
            self.searches.append(dict(kwargs, q=q))
            return search(connection, q, **kwargs)

        monkeypatch.setattr(backend.PostgresSearchConnection, "add", spy_add)
        monkeypatch.setattr(backend.PostgresSearchConnection, "search",
                            spy_search)


def _exercise(app):
    """What a portal with the suite does that reaches the search engine."""
    from ckanext.charter.demo import load_demo as charter_demo
    from ckanext.prioritization.demo import load_demo as prioritization_demo

    # the demo's municipalities, and the datasets the demos screen and
    # claim principles on (all forty would only take longer)
    portal = load.read_portal()
    demos = "".join((ROOT / "ckanext" / plugin / "data" / "demo.yaml")
                    .read_text(encoding="utf-8")
                    for plugin in ("prioritization", "charter"))
    portal["datasets"] = [d for d in portal["datasets"] if d["name"] in demos]
    load.sync(portal)
    prioritization_demo()
    charter_demo()
    sysadmin = {"user": load._context()["user"], "ignore_auth": True}
    document = (ROOT / "tests" / "data" / "dcat-ap" / "municipal" /
                "aarhus-dk.ttl").read_text(encoding="utf-8")
    helpers.call_action("municipal_dcat_import", context=dict(sysadmin),
                        document=document, organization="aarhus-kommune")
    anonymous = {"user": "", "ignore_auth": False}
    helpers.call_action("municipal_dataset_type_list", context=anonymous,
                        with_counts=True)
    helpers.call_action("municipal_dataset_type_show", context=anonymous,
                        id="parking")
    # the dataset search page: the suite's facets, and each sort it offers
    page = app.get("/dataset/").get_data(as_text=True)
    sorts = re.findall(r'<option value="([^"]+)"', page.split(
        'name="sort"', 1)[1].split("</select>", 1)[0])
    assert any("metadata_quality_score" in s for s in sorts), sorts
    for sort in sorts:
        assert app.get("/dataset/", query_string={"sort": sort}).status_code \
            == 200
    # every sort and filter the README and docs show, as anonymous with
    # scores hidden (a search naming a score reaches no engine for a
    # viewer who may see none) and as a viewer who sees them all
    # (over HTTP: the hook knows the viewer of a request)
    token = factories.SysadminWithToken()["token"]
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for key, value in re.findall(r"`(sort|fq)=([^`]+)`", text):
            params = {key: " ".join(value.split())}
            helpers.call_action("package_search", context=dict(anonymous),
                                **params)
            assert app.post("/api/3/action/package_search", json=params,
                            headers={"Authorization": token}).status_code \
                == 200, params
    return sorts


def fields_of(query: str) -> set[str]:
    """The fields a Lucene query names (luqum raises on bad syntax)."""
    found, nodes = set(), [lucene.parse(query)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, SearchField):
            found.add(node.name)
        nodes.extend(node.children)
    return found


@pytest.mark.ckan_config("ckanext.prioritization.public_scores", "false")
def test_what_the_suite_sends_fits_ckans_solr_schema(app, monkeypatch):
    schema = SolrSchema(SCHEMA)
    spy = Spy(monkeypatch)
    sorts_offered = _exercise(app)
    problems: list[str] = []

    # index documents: every field resolves and takes its value
    values = defaultdict(list)
    for doc in spy.docs:
        for name, value in doc.items():
            values[name].append(value)
    assert {"vocab_charter_proven", "metadata_quality_score",
            "prioritization_score_sort", "dataset_type_code"} <= set(values)
    for name, seen in sorted(values.items()):
        found = schema.describe(name)
        if found is None:
            problems.append(f"index field {name}: no Solr field")
            continue
        solr_class, multi = found
        for value in seen:
            items = value if isinstance(value, list) else [value]
            if isinstance(value, list) and len(value) > 1 and not multi:
                problems.append(f"index field {name}: a list {value!r:.60} "
                                f"into a single-valued {solr_class}")
            bad = [v for v in items if not _accepts(solr_class, v)]
            if bad:
                problems.append(f"index field {name}: {bad[0]!r:.60} does "
                                f"not fit {solr_class}")

    # search requests: queries parse, named fields resolve, facets and
    # the suite's sorts are on string fields
    assert spy.searches
    sort_fields, facet_fields, query_fields = set(), set(), set()
    for params in spy.searches:
        fq = params.get("fq") or []
        for query in [params.get("q") or "", *(
                [fq] if isinstance(fq, str) else fq)]:
            if not query:
                continue
            try:
                query_fields |= fields_of(query)
            except Exception as error:  # luqum's ParseError and kin
                problems.append(f"query {query!r}: not Lucene ({error})")
        for clause in (params.get("sort") or "").split(","):
            if clause.strip():
                sort_fields.add(clause.split()[0])
        facet = params.get("facet.field") or []
        facet_fields |= set([facet] if isinstance(facet, str) else facet)
    assert {"metadata_quality_score", "prioritization_score_sort"} \
        <= sort_fields
    assert {"vocab_charter_proven", "vocab_charter_claimed",
            "metadata_quality", "dataset_type_code",
            "municipality_code"} <= facet_fields
    assert {"prioritization_status", "owner_org",
            "dataset_type_code", "extras_uri"} <= query_fields

    for name in sorted((query_fields | sort_fields | facet_fields) - PSEUDO):
        if schema.describe(name) is None:
            problems.append(f"search field {name}: no Solr field")
    for name in sorted(facet_fields):
        found = schema.describe(name)
        if found and found[0] != "solr.StrField":
            problems.append(f"facet {name}: on a {found[0]}, not a string")
    for name in sorted(sort_fields - CKAN_SORTS):
        found = schema.describe(name)
        if found != ("solr.StrField", False):
            problems.append(f"sort {name}: on {found}, not a single-valued "
                            "string")
        seen = sorted({v for v in values.get(name, []) if v})
        digits = all(re.fullmatch(r"\d+(\.\d+)?", v) for v in seen)
        if len({len(v) for v in seen}) != 1 or not digits:
            problems.append(f"sort {name}: values are not fixed-width "
                            f"digits ({seen[:5]})")
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert sorts_offered
