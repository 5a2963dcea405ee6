"""Labels, help, choices and messages in da, nl, sv and en."""
import gettext
import pathlib
import re

import pytest
import yaml

from ckan.tests import factories

from ckanext.municipal_schema import rules, vocab

from .conftest import PLUGINS

PACKAGE = pathlib.Path(vocab.__file__).parent
LANGUAGES = ("da", "nl", "sv", "en")
# CKAN's locale names, which the translation folders follow
LOCALES = ("da_DK", "nl", "sv", "en")


def _interface_messages():
    """Every message of the plugin: the msgids of its English catalogue."""
    po = PACKAGE / "i18n" / "en" / "LC_MESSAGES" / "ckanext-municipal_schema.po"
    return tuple(msgid for msgid in re.findall(
        r'^msgid "(.*)"$', po.read_text("utf-8"), re.M) if msgid)


def test_translation_folders_are_ckan_locales():
    folders = {p.name for p in (PACKAGE / "i18n").iterdir() if p.is_dir()}
    assert folders == set(LOCALES)


@pytest.mark.parametrize("lang", LOCALES)
def test_compiled_catalogue_translates_every_message(lang):
    mo = PACKAGE / "i18n" / lang / "LC_MESSAGES" / "ckanext-municipal_schema.mo"
    catalogue = gettext.GNUTranslations(open(mo, "rb"))
    for msgid in rules.MESSAGES + _interface_messages():
        text = catalogue.gettext(msgid)
        assert text, msgid
        if lang != "en" and msgid in rules.MESSAGES:
            assert text != msgid, (lang, msgid)
        # the placeholders survive translation
        for name in ("{field}", "{value}", "{start}", "{end}"):
            assert (name in msgid) == (name in text), (lang, msgid)


def _labelled(node):
    """Every label, help text and choice label of a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("label", "help_text", "title", "description",
                       "form_placeholder") and not isinstance(value, list):
                yield key, value
            else:
                yield from _labelled(value)
    elif isinstance(node, list):
        for item in node:
            yield from _labelled(item)


@pytest.mark.parametrize("schema", ["dataset.yaml", "organization.yaml"])
def test_schema_texts_in_four_languages(schema):
    data = yaml.safe_load(open(PACKAGE / "schemas" / schema, encoding="utf-8"))
    texts = list(_labelled(data["dataset_fields"] + data["resource_fields"]
                           if "dataset_fields" in data else data["fields"]))
    assert len(texts) > 10
    for key, value in texts:
        if key == "form_placeholder" and isinstance(value, str):
            continue
        assert isinstance(value, dict), (key, value)
        assert set(value) == set(LANGUAGES), (key, value)


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("lang,words", [
    ("da_DK", "Licens: et offentligt datasæt skal have en åben licens"),
    ("nl", "Licentie: een publieke dataset heeft een open licentie nodig"),
    ("sv", "Licens: en offentlig datamängd behöver en öppen licens"),
    ("en", "Licence: a public dataset needs an open licence"),
])
def test_api_error_in_the_portal_language(request, ckan_config, monkeypatch,
                                          municipality, municipal_dataset,
                                          lang, words):
    monkeypatch.setitem(ckan_config, "ckan.locale_default", lang)
    app = request.getfixturevalue("app")
    org = municipality("751")
    user = factories.SysadminWithToken()
    data = dict(municipal_dataset, owner_org=org["id"],
                license_id="other-closed", temporal_end="1999-01-01")
    response = app.post("/api/action/package_create", json=data,
                        headers={"Authorization": user["token"]}, status=409)
    error = response.json["error"]
    assert words in error["license_id"][0]
    assert "1999-01-01" in error["temporal_end"][0]
