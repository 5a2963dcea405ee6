"""The pure parts of the harvest (no CKAN): which municipality and which
organization a publisher is, the organization made for one, and a
source's settings checked."""
import pytest

from ckanext.municipal_harvest import report, source_config
from ckanext.municipal_schema import publishers


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure modules: no CKAN plugins to load."""


@pytest.mark.parametrize("publisher,code", [
    ({"uri": "https://api.dataforsyningen.dk/kommuner/0751"}, "751"),
    ({"uri": "https://data.vlaanderen.be/id/gemeente/44021/"}, "44021"),
    ({"identifier": "0751"}, "751"),
    ({"identifier": "https://example.org/kommunkod/1480"}, "1480"),
    ({"name": "Aarhus Kommune"}, "751"),
    ({"name": "Stad Gent"}, "44021"),
    ({"name": "Göteborgs Stad"}, "1480"),
    ({"name": "Västra Götalandsregionen"}, None),
    ({"uri": "https://example.org/agent", "name": "Vejdirektoratet"}, None),
])
def test_municipality_of(publisher, code):
    term = publishers.municipality_of(publisher)
    assert (term.code if term else None) == code


ORGS = [
    {"name": "by-website", "website": "https://www.gent.be/"},
    {"name": "by-code", "municipality_code": "44021"},
    {"name": "by-title", "title": "Stad Gent"},
]
GENT = {"uri": "https://gent.be", "identifier": "44021", "name": "Stad Gent"}


@pytest.mark.parametrize("organizations,expected", [
    (ORGS, "by-website"),       # URI first
    (ORGS[1:], "by-code"),      # then the official code
    (ORGS[2:], "by-title"),     # then the name
    ([{"name": "gent", "municipality_code": "44021"}], "gent"),
    ([{"name": "other", "municipality_code": "751"}], None),
])
def test_match_organization_by_uri_code_then_name(organizations, expected):
    assert publishers.match_organization(GENT, organizations) == expected


def test_match_by_the_municipality_a_name_is():
    orgs = [{"name": "goteborg", "title": "Göteborg",
             "municipality_code": "1480"}]
    assert publishers.match_organization(
        {"uri": "", "name": "Göteborgs Stad"}, orgs) == "goteborg"


def test_organization_for_a_municipality_has_code_country_region():
    org = publishers.organization_dict(
        {"uri": "https://api.dataforsyningen.dk/kommuner/0751",
         "name": "Aarhus Kommune"})
    assert org == {"name": "aarhus-kommune", "title": "Aarhus Kommune",
                   "municipality_code": "751", "country": "DK",
                   "region": "Region Midtjylland"}


def test_organization_for_another_publisher_keeps_its_address():
    org = publishers.organization_dict(
        {"uri": "https://www.trafikverket.se", "name": "Trafikverket"})
    assert org == {"name": "trafikverket", "title": "Trafikverket",
                   "website": "https://www.trafikverket.se"}
    assert publishers.match_organization(
        {"uri": "https://trafikverket.se/", "name": ""}, [org]) == \
        "trafikverket"


def test_no_organization_for_a_publisher_without_name():
    assert publishers.organization_dict({"uri": "https://x.example/a",
                                         "name": ""}) is None


# -- a source's settings -----------------------------------------------------

PROFILES = ["euro_dcat_ap_3", "municipal_dcat_ap_3"]


def check(text, **kwargs):
    kwargs.setdefault("profiles", PROFILES)
    kwargs.setdefault("organization_exists", lambda name: name == "region")
    settings, problems = source_config.parse(text, **kwargs)
    return settings, [(p.field, p.message.format(**p.params))
                      for p in problems]


@pytest.mark.parametrize("text", [None, "", "  ", "{}"])
def test_no_settings_are_the_defaults(text):
    assert check(text) == (source_config.Settings(), [])


def test_all_settings():
    settings, problems = check(
        '{"profiles": "euro_dcat_ap_3 municipal_dcat_ap_3", '
        '"default_organization": "region", "dataset_type": "dataset", '
        '"create_organizations": true, "rdf_format": "turtle"}')
    assert problems == []
    assert settings == source_config.Settings(
        PROFILES, "region", "dataset", True, "turtle")


@pytest.mark.parametrize("text,field,words", [
    ("{not json", "config", "The configuration is not JSON"),
    ("[1]", "config", "must be a JSON object"),
    ('{"profile": []}', "profile", '"profile" is no setting'),
    ('{"profiles": []}', "profiles", "must be a list of RDF profile names"),
    ('{"profiles": ["nope"]}', "profiles",
     '"nope" is no RDF profile of this portal; the profiles are: '
     "euro_dcat_ap_3, municipal_dcat_ap_3"),
    ('{"default_organization": "elsewhere"}', "default_organization",
     'there is no organization "elsewhere"'),
    ('{"default_organization": 3}', "default_organization",
     "must be a text, not 3"),
    ('{"dataset_type": "harvest"}', "dataset_type",
     '"harvest" is no dataset type of this portal; the types are: dataset'),
    ('{"create_organizations": "yes"}', "create_organizations",
     'must be true or false, not "yes"'),
    ('{"rdf_format": "n3"}', "rdf_format",
     '"n3" is not one of turtle, xml, json-ld'),
])
def test_wrong_settings_named(text, field, words):
    _settings, problems = check(text)
    assert len(problems) == 1, problems
    assert problems[0][0] == field and words in problems[0][1]


# -- a job's import report ---------------------------------------------------

def row(status, title="T", errors=None, notes=()):
    return {"ref": f"https://x.example/{title}", "title": title,
            "status": status, "name": None, "errors": errors or {},
            "notes": list(notes)}


def test_report_counts_and_worst_problems_first():
    rows = [row("created", notes=["Licence: missing"]),
            row("unchanged", notes=["Licence: missing"]),
            row("refused", "one", {"title": ["Title: is required."]}),
            row("refused", "two", {"title": ["a"], "owner_org": ["b", "c"]}),
            row("updated")]
    summary = report.summarise(rows, limit=1)
    assert summary["counts"] == {"created": 1, "updated": 1, "unchanged": 1,
                                 "refused": 2}
    assert summary["total"] == 5
    assert [p["title"] for p in summary["problems"]] == ["two"]
    assert summary["problems"][0]["errors"] == [
        ("owner_org", "b"), ("owner_org", "c"), ("title", "a")]
    assert summary["more_problems"] == 1
    assert summary["notes"] == [{"text": "Licence: missing", "count": 2}]


def test_report_of_nothing():
    assert report.summarise([])["counts"] == dict.fromkeys(
        report.STATUSES, 0)


def _checked(ref, violations, shapes=("DCAT-AP 3.0.1",), status="created"):
    return {"ref": ref, "title": ref.upper(), "status": status, "name": ref,
            "errors": {}, "notes": [],
            "shacl": {"shapes": list(shapes), "conforms": not violations,
                      "violations": violations}}


def _fault(path, kind="missing", focus_class="dcat:Distribution"):
    return {"focus": "x", "focus_class": focus_class, "path": path,
            "constraint": "MinCount", "kind": kind, "value": None,
            "message": ""}


def test_validation_counts_and_the_datasets_with_most_violations_first():
    rows = [_checked("a", []),
            _checked("b", [_fault("dct:format", "wrong_kind")]),
            _checked("c", [_fault("dct:format", "wrong_kind"),
                           _fault("dcat:accessURL")],
                     shapes=("DCAT-AP 3.0.1", "HVD 3.0.0")),
            {"ref": "d", "title": "D", "status": "unchanged", "name": "d",
             "errors": {}, "notes": [], "shacl": None},
            {"ref": "e", "title": "E", "status": "refused", "name": None,
             "errors": {"title": ["Title: is required."]}, "notes": []}]
    v = report.summarise(rows)["validation"]
    assert (v["checked"], v["conforming"], v["violating"],
            v["not_checked"]) == (3, 1, 2, 1)
    assert v["shapes"] == ["DCAT-AP 3.0.1", "HVD 3.0.0"]
    assert [w["ref"] for w in v["worst"]] == ["c", "b"]
    assert v["worst"][0]["count"] == 2
    assert v["frequent"][0] == {"focus_class": "dcat:Distribution",
                                "path": "dct:format", "kind": "wrong_kind",
                                "datasets": 2}
