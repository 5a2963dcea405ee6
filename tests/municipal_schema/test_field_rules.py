"""The written rule of every field (docs/schema.md, "What the schema does
with each value"): each value a portal sends is stored as given,
normalised to one documented form, or refused with a message naming the
field; never silently turned into something else. One test per field of
the schema, fed the shapes real portals send: strings, lists, booleans,
date-times, upper- and lower-case codes, empty values."""
import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.municipal_schema import vocab

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]

GIVEN = "stored as given"
REFUSED = "refused"
HVD = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
MOBILITY = "http://data.europa.eu/bna/c_b79e35eb"
EU = "http://publications.europa.eu/resource/authority/"


def normalised(value):
    return ("normalised", value)


# field: [(sent, outcome)]; "resources.<field>" is a field of the resource
RULES = {
    "title": [("Parkering i Aarhus", GIVEN),
              (" Parkering ", normalised("Parkering")),   # CKAN's strip
              (5, REFUSED), (["a"], REFUSED), ("x\x00y", REFUSED)],
    "name": [("parkering-aarhus", GIVEN), ("Parkering Aarhus", REFUSED),
             (["a"], REFUSED)],
    "title_translated": [
        ({"da": "Parkering", "en": "Parking"}, GIVEN),
        ({"da": "Parkering", "en": ""}, GIVEN),
        ({"fr": "Stationnement", "de": "Parken"}, GIVEN),
        ({"fi": "Pysäköinti"}, GIVEN),          # kept by default
        ({"nl-BE": "Parkeren"}, GIVEN),
        ('{"da": "Parkering"}', normalised({"da": "Parkering"})),
        ({"Deutsch": "Parken"}, REFUSED), ({"da": 5}, REFUSED),
        ("Parkering", REFUSED), (["da"], REFUSED)],
    "notes": [("Belægning.\n\nMere tekst.", GIVEN), ("", REFUSED),
              ("   ", REFUSED), (None, REFUSED), ({"da": "x"}, REFUSED)],
    "notes_translated": [({"da": "Belægning", "sv": "Beläggning"}, GIVEN),
                         ({}, normalised({})), ({"da": ["x"]}, REFUSED)],
    "tag_string": [("parkering,trafik", normalised(["parkering", "trafik"])),
                   (["parkering", "trafik"],
                    normalised(["parkering", "trafik"])),
                   (5, REFUSED)],
    "municipality_code": [("751", GIVEN), (751, normalised("751")),
                          ("", normalised("751")),   # the organization's
                          ("0751", REFUSED), ("9999", REFUSED),
                          (["751"], REFUSED)],
    "dataset_type_code": [("parking", GIVEN), ("", normalised("")),
                          ("Parking", REFUSED), (["parking"], REFUSED)],
    "data_themes": [
        (["TRAN", "REGI"], GIVEN), (["tran"], normalised(["TRAN"])),
        ("TRAN,REGI", normalised(["TRAN", "REGI"])),
        ('["TRAN"]', normalised(["TRAN"])),
        ([EU + "data-theme/TRAN"], normalised(["TRAN"])),
        (["TRAN", "TRAN"], normalised(["TRAN"])), ([], GIVEN),
        (["SPORTS"], REFUSED), ({"TRAN": 1}, REFUSED), (5, REFUSED)],
    "language": [(["DAN"], GIVEN), (["da", "en"], normalised(["DAN", "ENG"])),
                 (["DA"], normalised(["DAN"])), (["xx"], REFUSED)],
    "license_id": [("cc-by", GIVEN), ("CC-BY", normalised("cc-by")),
                   (EU + "licence/CC_BY_4_0", normalised("CC_BY_4_0")),
                   ("CC-BY-4.0", GIVEN), ("my-licence", REFUSED),
                   # any spelling of a known licence URI is its code
                   ("https://creativecommons.org/licenses/by/4.0/deed.da",
                    normalised("CC_BY_4_0")),
                   # another licence's web address is kept (not known to
                   # be open, not refused)
                   ("https://portal.example.org/licence", GIVEN),
                   # none of its own: derived from its resources' (cc-by)
                   ("", normalised("cc-by")), (["cc-by"], REFUSED)],
    "license_label": [("Licens efter aftale", GIVEN)],
    "access_rights": [("PUBLIC", GIVEN), ("public", normalised("PUBLIC")),
                      (EU + "access-right/PUBLIC", normalised("PUBLIC")),
                      ("OPEN", REFUSED), (True, REFUSED),
                      # another authority's value, kept as given
                      ("https://rights.example.org/intern", GIVEN)],
    "access_rights_label": [("Kun for kommunens ansatte", GIVEN)],
    "access_rights_source": [
        ("http://inspire.ec.europa.eu/metadata-codelist/"
         "LimitationsOnPublicAccess/noLimitations", GIVEN),
        ("no address", REFUSED)],
    "in_series": [("", normalised([])), (["no-such-series"], REFUSED),
                  (5, REFUSED)],
    "update_frequency": [("DAILY", GIVEN), ("daily", normalised("DAILY")),
                         (EU + "frequency/DAILY", normalised("DAILY")),
                         ("", normalised("")), ("every day", REFUSED)],
    "update_frequency_notes": [("Hver nat.", GIVEN), (5, REFUSED)],
    "temporal_start": [
        ("2020-01-01", GIVEN), ("2020-01-01T06:00:00+01:00", GIVEN),
        ("2020-01-01T06:00", GIVEN), (" 2020-01-01 ", normalised("2020-01-01")),
        ("", normalised("")), ("01/01/2020", REFUSED), ("2020", REFUSED),
        ("2020-02-30", REFUSED), (20200101, REFUSED)],
    "temporal_end": [("2024-12-31", GIVEN), ("2024-12-31T23:59:59Z", GIVEN),
                     ("2019-12-31", REFUSED)],   # before the start
    "hvd_category": [
        ([MOBILITY], GIVEN), (["c_b79e35eb"], normalised([MOBILITY])),
        (["C_B79E35EB"], normalised([MOBILITY])), (["Mobility"], REFUSED)],
    "applicable_legislation": [
        ([HVD], GIVEN),                           # without HVD category: kept
        (["http://data.europa.eu/eli/dir/2007/2/oj"], GIVEN),
        ("http://data.europa.eu/eli/dir/2007/2/oj",
         normalised(["http://data.europa.eu/eli/dir/2007/2/oj"])),
        (["eli/2007/2"], REFUSED)],
    "conforms_to": [(["https://www.datex2.eu/"], GIVEN),
                    ("https://www.datex2.eu/",
                     normalised(["https://www.datex2.eu/"])),
                    (["ftp://x.org"], REFUSED), ({"a": 1}, REFUSED)],
    "author": [("Aarhus Kommune", GIVEN), ("", REFUSED), (None, REFUSED),
               (["Aarhus"], REFUSED)],
    "author_email": [("opendata@aarhus.dk", GIVEN),
                     (" opendata@aarhus.dk ", normalised("opendata@aarhus.dk")),
                     ("mailto:opendata@aarhus.dk",
                      normalised("opendata@aarhus.dk")),
                     ("opendata(at)aarhus.dk", REFUSED), ("", REFUSED)],
    "landing_page": [("https://www.aarhus.dk/parkering", GIVEN),
                     ("www.aarhus.dk", REFUSED),
                     ("https://x.dk/" + "a" * 2000, REFUSED),
                     ({}, REFUSED), ([], REFUSED)],
    "documentation": [("https://www.aarhus.dk/doc.pdf", GIVEN),
                      ("", normalised("")), (["https://x.dk"], REFUSED)],
    "issued": [("2020-02-01", GIVEN), ("2020-02-01T10:15:00Z", GIVEN),
               ("yesterday", REFUSED)],
    "modified": [("2024-06-30T08:00:00.123+02:00", GIVEN),
                 ("30-06-2024", REFUSED)],
    "version": [("2.1", GIVEN), ("v" * 101, REFUSED), (2.1, REFUSED)],
    "data_directory": [
        (True, GIVEN), (False, GIVEN), ("true", normalised(True)),
        ("True", normalised(True)), (["True"], normalised(True)),
        ("on", normalised(True)), ("off", normalised(False)),
        ("1", normalised(True)), (0, normalised(False)),
        ("no", normalised(False)), ("", normalised(False)),
        ("maybe", REFUSED), (["on", "off"], REFUSED), (2, REFUSED)],
    "contact": [
        ([{"name": "Data", "email": "data@aarhus.dk"}], GIVEN),
        ([{"name": "A", "email": "a@aarhus.dk"},
          {"name": "B", "uri": "https://aarhus.dk/b"}], GIVEN),
        ([{"name": "Data", "email": "mailto:data@aarhus.dk"}],
         normalised([{"name": "Data", "email": "data@aarhus.dk"}])),
        ([{"email": "data@aarhus.dk"}], REFUSED),
        ([{"name": "Data", "email": "no"}], REFUSED)],
    "publisher": [
        ([{"name": "Aarhus Kommune", "uri": "https://www.aarhus.dk",
           "type": "http://purl.org/adms/publishertype/LocalAuthority"}],
         GIVEN),
        ([{"uri": "https://www.aarhus.dk"}], REFUSED),
        ([{"name": "Aarhus", "url": "aarhus.dk"}], REFUSED)],
    "creator": [([{"name": "VMM"}, {"name": "Stad Gent"}], GIVEN),
                ([{"name": "VMM", "identifier": "0887.290.276"}], GIVEN),
                ([{"url": "https://vmm.be"}], REFUSED)],
    "resources.url": [("https://www.aarhus.dk/p.csv", GIVEN), ("", GIVEN),
                      ("https://x.dk/" + "a" * 2000, REFUSED),
                      (5, REFUSED)],
    "resources.name": [("Belægning", GIVEN), ({"da": "x"}, REFUSED)],
    "resources.description": [("Pr. time", GIVEN), (["x"], REFUSED)],
    "resources.format": [("CSV", GIVEN), ("csv", normalised("CSV")),
                         ("GEOJSON", normalised("GeoJSON")),
                         ("geojson", normalised("GeoJSON")),
                         ("Shapefile", normalised("SHP")),
                         ("my-format", GIVEN), (["CSV"], REFUSED)],
    "resources.license_id": [("cc-zero", GIVEN), ("CC-ZERO",
                                                  normalised("cc-zero")),
                             ("", normalised("")), ("mine", REFUSED)],
    "resources.planned_availability": [("STABLE", GIVEN),
                                       ("stable", normalised("STABLE")),
                                       ("SOON", REFUSED)],
}


def _send(org, base, field, value):
    data = dict(base, owner_org=org["id"],
                resources=[dict(r) for r in base["resources"]])
    if field.startswith("resources."):
        data["resources"][0][field.split(".", 1)[1]] = value
    else:
        data[field] = value
    return data


def _stored(shown, field):
    if field.startswith("resources."):
        return shown["resources"][0].get(field.split(".", 1)[1])
    if field == "tag_string":
        return sorted(t["name"] for t in shown["tags"])
    return shown.get(field)


def _empty(value):
    return value in ("", None, [], {})


def test_every_field_has_its_rule():
    import yaml

    path = vocab.DATA_DIR.parent / "schemas" / "dataset.yaml"
    fields = yaml.safe_load(path.read_text("utf-8"))
    names = {f["field_name"] for f in fields["dataset_fields"]} | {
        "resources." + f["field_name"] for f in fields["resource_fields"]}
    assert names - {"owner_org"} == set(RULES)


@pytest.mark.parametrize("field", sorted(RULES))
def test_rule_of_the_field(municipality, municipal_dataset, field):
    org = municipality("751")
    created = 0
    for index, (sent, outcome) in enumerate(RULES[field]):
        where = (field, sent if len(repr(sent)) < 60 else repr(sent)[:60])
        data = _send(org, dict(municipal_dataset, name=f"rule-{index}"),
                     field, sent)
        if field == "temporal_end":
            data["temporal_start"] = "2020-01-01"
        if outcome == REFUSED:
            with pytest.raises(tk.ValidationError) as raised:
                helpers.call_action("package_create", **data)
            key = field.split(".")[0]
            if field == "tag_string":
                key = "tags"
            assert key in raised.value.error_dict or (
                field == "tag_string"
                and "tag_string" in raised.value.error_dict), (
                where, raised.value.error_dict)
            model.Session.rollback()
            assert model.Session.query(model.Package).count() == created, \
                where
            continue
        new = helpers.call_action("package_create", **data)
        created += 1
        stored = _stored(helpers.call_action("package_show",
                                             id=new["id"]), field)
        expected = sent if outcome == GIVEN else outcome[1]
        if field == "tag_string" and outcome == GIVEN:
            expected = sorted(sent)
        if isinstance(expected, list) and expected and isinstance(
                expected[0], dict):
            stored = [{k: v for k, v in e.items() if v} for e in stored]
        if _empty(expected):
            assert _empty(stored), where
        else:
            assert stored == expected, where


@pytest.mark.ckan_config("ckanext.municipal_schema.unknown_content_language",
                         "refuse")
@pytest.mark.ckan_config("ckanext.municipal_schema.content_languages",
                         "da en fr")
def test_a_portal_may_refuse_other_content_languages(municipality,
                                                     municipal_dataset):
    org = municipality("751")
    municipal_dataset["title_translated"] = {"da": "Parkering",
                                             "fr": "Stationnement"}
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    assert created["title_translated"]["fr"] == "Stationnement"
    municipal_dataset.update(name="other", title_translated={
        "da": "Parkering", "sv": "Parkering"})
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", owner_org=org["id"],
                            **municipal_dataset)
    assert raised.value.error_dict == {"title_translated": [
        'Title (translations): "sv" is not a content language of this '
        'portal (da, en, fr).']}


@pytest.mark.ckan_config("ckanext.municipal_schema.content_languages",
                         "da en fr")
def test_the_form_offers_the_content_languages(app, municipality,
                                               municipal_dataset):
    from bs4 import BeautifulSoup

    from ckan.tests import factories
    user = factories.Sysadmin()
    org = municipality("751")
    municipal_dataset["title_translated"] = {"da": "Parkering",
                                             "fi": "Pysäköinti"}
    helpers.call_action("package_create", owner_org=org["id"],
                        **municipal_dataset)
    page = app.get(f"/dataset/edit/{municipal_dataset['name']}",
                   headers={"Authorization": factories.APIToken(
                       user=user["id"])["token"]})
    form = BeautifulSoup(page.body, "html.parser")
    inputs = {i["name"]: i.get("value", "") for i in form.select(
        "input[name^=title_translated-]")}
    # the portal's content languages, then the dataset's other one (kept)
    assert inputs == {"title_translated-da": "Parkering",
                      "title_translated-en": "", "title_translated-fr": "",
                      "title_translated-fi": "Pysäköinti"}
