"""The round trip over every dataset fixture of the suite: the demo
portal's datasets and the Danish, Flemish and Swedish documents of
tests/data/datasets/. Each is created through package_create, read back
with package_show, serialized to DCAT-AP 3 by the portal's profiles,
validated against the SEMIC DCAT-AP 3.0.1 shapes and ranges (and the HVD
shapes for HVD datasets), parsed back with ckanext-dcat and compared field
by field with what was stored.

The fields that still change on the way, and why, are the functions of
ROUND_TRIP_CHANGES (docs/schema.md, "What a round trip keeps")."""
import importlib.util
import pathlib
from urllib.parse import unquote

import pytest
import rdflib
import yaml
from rdflib.namespace import RDF

from ckan.tests import factories, helpers
from ckanext.dcat.processors import RDFParser, RDFSerializer

from ckanext.municipal_schema import vocab

from .conftest import PLUGINS
from .shacl import DCAT, DCAT_AP, HVD, violations

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.ckan_config("ckan.site_title", "Municipal portal"),
              pytest.mark.usefixtures("clean_db", "clean_index")]

PROFILES = ["euro_dcat_ap_3", "municipal_dcat_ap_3"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE_DIR = ROOT / "tests" / "data" / "datasets"


def _demo_datasets():
    spec = importlib.util.spec_from_file_location(
        "demo_load", ROOT / "demo" / "load.py")
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    portal = load.read_portal()
    result = []
    for entry in portal["datasets"]:
        data = load.dataset_dict(entry)
        data.pop("groups")
        data.pop("owner_org")
        result.append(("demo", data))
    return result


def _fixture_datasets():
    result = []
    for path in sorted(FIXTURE_DIR.glob("*.yaml")):
        for data in yaml.safe_load(path.read_text("utf-8"))["datasets"]:
            result.append((path.stem, data))
    return result


def _oddk_datasets():
    """Datasets as Open Data DK's own schema stores them: the dataset of
    the suite's fixtures and a portal's package_show export."""
    from .conftest import ODDK_DATASET
    from .test_oddk_roundtrip import ODDK_EXPORT
    export = {k: v for k, v in ODDK_EXPORT.items()
              if k not in ("organization", "owner_org")}
    return [("oddk", dict(ODDK_DATASET)), ("oddk-export", export)]


FIXTURES = _fixture_datasets() + _oddk_datasets() + _demo_datasets()


# -- what still changes on the way, and why ----------------------------------
def _parsed_translations(value):
    """Translations: an empty one is no translation and is not published
    (every language is, and comes back)."""
    return {lang: text for lang, text in (value or {}).items() if text}


def _dropped(value):
    """Open Data DK's and the suite's own fields with no DCAT-AP property:
    not in the RDF, so not parsed back."""
    return None


def _read_date_time(value):
    """Dates and date-times come back as given, but for the zone of a
    date-time, which rdflib reads in its normal form (``Z`` as
    ``+00:00``: the same instant)."""
    return value[:-1] + "+00:00" if value and value.endswith("Z") else value


def _contacts(value, shown):
    """Open Data DK's author is published as the first contact point; the
    parser gives it back in the contact list too."""
    if not shown.get("author"):
        return list(value or [])  # an import may carry no author
    author = {"name": shown["author"], "email": shown.get("author_email")}
    return [author] + list(value or [])


def _placed(vocabulary):
    """A licence or frequency is published as its URI and parsed back as
    the code the authority uses for that URI: cc-by comes back as
    CC_BY_4_0, Open Data DK's historical spelling CONTINOUOUS as CONT; a
    value without a URI in the vocabulary (other-closed) is not
    published, so not parsed back."""
    def placed(value):
        terms = vocab.vocabulary(vocabulary)
        uri = terms.uri(value)
        return terms.code_for(uri) if uri else None
    return placed


_placed_licence = _placed("licences")


def file_type(value):
    """A format is published as the EU file-type URI and parsed back as
    its code (GeoJSON -> GEOJSON)."""
    return "".join(c for c in value.upper() if c.isalnum()) if value \
        else value


ROUND_TRIP_CHANGES = {
    "license_id": _placed_licence,
    "update_frequency": _placed("frequencies"),
    "title_translated": _parsed_translations,
    "notes_translated": _parsed_translations,
    "temporal_start": _read_date_time,
    "temporal_end": _read_date_time,
    "issued": _read_date_time,
    "modified": _read_date_time,
    "data_directory": _dropped,
    "dataset_type_code": _dropped,
    "update_frequency_notes": _dropped,
}
COMPARED = (
    "title", "notes", "title_translated", "notes_translated",
    "municipality_code", "data_themes", "language", "license_id",
    "access_rights", "update_frequency", "temporal_start", "temporal_end",
    "hvd_category", "applicable_legislation", "conforms_to", "author",
    "author_email", "landing_page", "documentation", "issued", "modified",
    "version", "publisher", "creator", "contact",
    "dataset_type_code", "data_directory", "update_frequency_notes")
RESOURCE_COMPARED = ("url", "name", "description", "format", "mimetype",
                     "planned_availability")


def _agents(value):
    """Agents as sets of their non-empty details (RDF keeps no order)."""
    return sorted({tuple(sorted((k, v) for k, v in agent.items() if v))
                   for agent in value or [] if any(agent.values())})


def _comparable(field, value):
    if field in ("publisher", "creator", "contact"):
        return _agents(value)
    if isinstance(value, list):
        return sorted(value)
    if value in ("", [], {}):
        return None
    return value


def _expected(field, shown):
    value = shown.get(field)
    if field == "contact":
        return _contacts(value, shown)
    change = ROUND_TRIP_CHANGES.get(field)
    return change(value) if change else value


@pytest.fixture
def organizations():
    made = {}

    def of(code):
        if code not in made:
            made[code] = factories.Organization(
                name=f"municipality-{code}",
                title=vocab.vocabulary("municipalities").get(code).label(),
                municipality_code=code)
        return made[code]
    return of


@pytest.mark.parametrize("source,data", FIXTURES,
                         ids=[f"{s}:{d['name']}" for s, d in FIXTURES])
def test_round_trip(organizations, source, data):
    # a dataset without a code takes its organization's: Aarhus
    org = organizations(data.get("municipality_code") or "751")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **data)
    shown = helpers.call_action("package_show", id=created["id"])
    _assert_round_trip(data, shown)


# DCAT-AP documents through `municipal_dcat_import`: the Danish, Flemish
# and Swedish municipalities' and SEMIC's worked examples that load (the
# others are refused: tests/municipal_schema/test_import_semic.py)
DOCUMENTS = ROOT / "tests" / "data" / "dcat-ap"
IMPORTED = sorted((DOCUMENTS / "municipal").iterdir()) + [
    DOCUMENTS / "examples" / name for name in (
        "example-bee-population.ttl",
        "example-bee-population-2022-2023.ttl",
        "example-bee-populaton-2022-2023.ttl")]


@pytest.mark.parametrize("path", IMPORTED,
                         ids=[f"import:{p.name}" for p in IMPORTED])
def test_round_trip_of_imported_datasets(organizations, path):
    """What the import stored is what goes out and comes back."""
    for code in ("751", "44021", "1480"):
        organizations(code)  # publishers matched by their authority URI
    fallback = factories.Organization(name="imports")
    report = helpers.call_action(
        "municipal_dcat_import", document=path.read_text(encoding="utf-8"),
        name=path.name, organization=fallback["name"])
    created = [row["name"] for row in report["rows"]
               if row["status"] == "created"]
    assert created and len(created) == len(report["rows"]), report
    for name in created:
        shown = helpers.call_action("package_show", id=name)
        stored = {field: value for field, value in shown.items()
                  if value not in (None, "", [], {})}
        _assert_round_trip(stored, shown)


def _assert_round_trip(data, shown):
    """Serialized, valid against the SEMIC shapes, parsed back: every
    field of ``data`` as ``shown`` holds it, but for ROUND_TRIP_CHANGES."""
    text = RDFSerializer(profiles=PROFILES).serialize_dataset(
        shown, _format="turtle")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    shapes = DCAT_AP + (HVD if shown.get("hvd_category") else ())
    found = violations(graph, *shapes)
    assert found == [], found
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1

    parser = RDFParser(profiles=PROFILES)
    parser.parse(text, _format="turtle")
    parsed, = list(parser.datasets())
    contacts = _expected("contact", shown)
    for field in COMPARED:
        if field not in data:
            continue
        if field in ("author", "author_email") and (
                shown.get("contact") or shown.get("maintainer")):
            # with several contact points (ckanext-dcat publishes the
            # maintainer as one too), the parser takes one of them (RDF
            # keeps no order) as Open Data DK's author
            key = "name" if field == "author" else "email"
            maintainer = {"name": shown.get("maintainer"),
                          "email": shown.get("maintainer_email")}
            assert parsed.get(field) in {
                c.get(key) for c in contacts + [maintainer]}, field
            continue
        assert _comparable(field, parsed.get(field)) == _comparable(
            field, _expected(field, shown)), field
    assert sorted(t["name"] for t in parsed.get("tags", [])) == sorted(
        t["name"] for t in shown["tags"])
    by_url = {unquote(r.get("url") or ""): r for r in parsed["resources"]}
    assert len(parsed["resources"]) == len(shown["resources"])
    for resource in shown["resources"]:
        if not resource["url"]:
            continue  # published with the landing or dataset page
        # characters not allowed in an IRI ({, }) are percent-encoded
        back = by_url[unquote(resource["url"])]
        for field in RESOURCE_COMPARED:
            expected = resource.get(field)
            if field == "format":
                expected = file_type(expected)
            if field == "url":
                expected = unquote(expected)
            assert _comparable(field, unquote(back.get(field)) if field ==
                               "url" else back.get(field)) == _comparable(
                field, expected), (resource["url"], field)
        assert back.get("license_id") == _placed_licence(
            resource.get("license_id") or shown["license_id"])
