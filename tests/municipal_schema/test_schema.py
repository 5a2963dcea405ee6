"""The schema in package_create: Open Data DK's shape accepted unchanged,
the municipal and DCAT-AP 3 fields stored and shown."""
import pytest

from ckan.tests import helpers

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("clean_db", "clean_index")]


def test_oddk_shaped_dataset_is_accepted_unchanged(municipality, oddk_dataset):
    org = municipality("751")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **oddk_dataset)
    shown = helpers.call_action("package_show", id=created["id"])
    for key, value in oddk_dataset.items():
        if key == "resources":
            for field, v in value[0].items():
                assert shown["resources"][0][field] == v, field
        elif key == "tag_string":
            assert sorted(t["name"] for t in shown["tags"]) == ["parkering", "trafik"]
        else:
            assert shown[key] == value, key
    # the municipality comes from the organization when the dataset has none
    assert shown["municipality_code"] == "751"


def test_municipal_fields_are_stored(municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset["hvd_category"] = ["http://data.europa.eu/bna/c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["dataset_type_code"] == "parking"
    assert shown["language"] == ["DAN", "ENG"]
    assert shown["hvd_category"] == ["http://data.europa.eu/bna/c_b79e35eb"]
    # an HVD category sets the applicable legislation itself
    assert shown["applicable_legislation"] == [
        "http://data.europa.eu/eli/reg_impl/2023/138/oj"]
    assert shown["issued"] == "2020-02-01"


def test_applicable_legislation_without_hvd_category_is_kept(
        municipality, municipal_dataset):
    """The regulation may apply to data not yet categorised: removing the
    category (or never giving one) keeps the legislation given."""
    hvd = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
    inspire = "http://data.europa.eu/eli/dir/2007/2/oj"
    org = municipality("751")
    municipal_dataset["hvd_category"] = ["http://data.europa.eu/bna/c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    created["hvd_category"] = []
    updated = helpers.call_action("package_update", **created)
    assert updated["applicable_legislation"] == [hvd]
    plain = helpers.call_action(
        "package_create", owner_org=org["id"],
        **dict(municipal_dataset, name="with-legislation", hvd_category=[],
               applicable_legislation=[inspire, hvd]))
    assert plain["applicable_legislation"] == [inspire, hvd]
    assert plain["hvd_category"] == []


def test_vocabulary_uris_are_accepted_as_codes(municipality, municipal_dataset):
    org = municipality("751")
    municipal_dataset["data_themes"] = [
        "http://publications.europa.eu/resource/authority/data-theme/TRAN"]
    municipal_dataset["hvd_category"] = ["c_b79e35eb"]
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    assert created["data_themes"] == ["TRAN"]
    assert created["hvd_category"] == ["http://data.europa.eu/bna/c_b79e35eb"]


def test_schemas_document_themselves_in_the_repository():
    """about_url of each schema is the repository's documentation."""
    import pathlib

    import yaml

    from ckanext.municipal_schema import vocab
    root = pathlib.Path(__file__).resolve().parents[2]
    schemas = pathlib.Path(vocab.__file__).parent / "schemas"
    for name in ("dataset.yaml", "organization.yaml", "presets.yaml"):
        about = yaml.safe_load((schemas / name).read_text("utf-8"))[
            "about_url"]
        path, _, anchor = about.partition("#")
        assert path == "docs/schema.md", name
        text = (root / path).read_text("utf-8")
        headings = {"-".join(line.lstrip("# ").lower().split())
                    for line in text.splitlines() if line.startswith("#")}
        assert anchor in headings, (name, anchor)


def test_dataset_licence_is_one_of_the_licence_list(municipality,
                                                   municipal_dataset):
    """As the resource's: an unknown licence is refused even where no open
    licence is needed; a licence URI is stored as its code."""
    import ckan.plugins.toolkit as tk
    org = municipality("751")
    municipal_dataset.update(license_id="my-own-licence",
                             access_rights="NON_PUBLIC")
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", owner_org=org["id"],
                            **municipal_dataset)
    assert raised.value.error_dict["license_id"] == [
        'Licence: "my-own-licence" is not one of the allowed values.']
    municipal_dataset["license_id"] = (
        "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
    created = helpers.call_action("package_create", owner_org=org["id"],
                                  **municipal_dataset)
    # the URI is stored as the code the licence authority uses for it
    assert created["license_id"] == "CC_BY_4_0"
