"""Labels in da, nl, sv and en: the shipped catalogues are complete, and
the pages speak the visitor's language."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ckan.tests import factories

I18N = Path(__file__).resolve().parents[2] / "ckanext" / "charter" / "i18n"


@pytest.mark.parametrize("lang", ["da_DK", "nl", "sv", "en"])
def test_catalogue_complete(lang):
    pot = {m.id for m in read_po((I18N / "ckanext-charter.pot").open("rb"))
           if m.id}
    po = read_po((I18N / lang / "LC_MESSAGES" / "ckanext-charter.po")
                 .open("rb"))
    translated = {m.id for m in po if m.id and m.string}
    assert not po.fuzzy  # `make i18n` skips fuzzy catalogues
    assert pot - translated == set()
    assert (I18N / lang / "LC_MESSAGES" / "ckanext-charter.mo").exists()


@pytest.mark.ckan_config("ckan.plugins", "postgres_search charter")
@pytest.mark.ckan_config("ckan.locales_offered", "en da_DK nl sv")
@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("lang,texts", [
    ("nl", ["Aangetoond door de metadata", "16. Licenties",
            "Open licentie (Creative Commons Naamsvermelding 4.0).", "Trefwoorden"]),
    ("da_DK", ["Påvist af metadata", "16. Licenser", "Åben licens (Creative Commons Navngivelse 4.0)."]),
    ("sv", ["Påvisad av metadata", "16. Licenser", "Öppen licens (Creative Commons Erkännande 4.0)."]),
])
def test_dataset_page_in_language(app, lang, texts):
    org = factories.Organization()
    factories.Dataset(name="parking", owner_org=org["id"], license_id="cc-by",
                      resources=[{"url": "https://x.example/a.csv",
                                  "format": "CSV"}])
    body = app.get(f"/{lang}/dataset/parking/charter").body
    for text in texts:
        assert text in body, text
