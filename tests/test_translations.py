"""Every plugin's translation catalogues are complete and current: its
template (.pot) holds every string its code and templates show (and those
of the code the plugins share), and da, nl, sv and en translate each one,
in the plugin's catalogue or, for CKAN's own strings, in CKAN's."""
import functools
import gettext
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel before 2.14 (CKAN 2.11's pin)
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg
from babel.messages.pofile import read_po

import ckan

ROOT = Path(__file__).resolve().parents[1]
PLUGINS = sorted(p.parent.name for p in (ROOT / "ckanext").glob("*/i18n"))
LOCALES = ("da_DK", "nl", "sv", "en")
SHARED = ROOT / "ckanext" / "municipal_opendata"


@functools.cache
def _extracted(folder: Path) -> frozenset[str]:
    """The strings `make pot` extracts from a folder (setup.cfg's options)."""
    with (ROOT / "babel.cfg").open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    # setup.cfg's extractor named by its function: older Babel (CKAN 2.11's)
    # finds entry points only through pkg_resources
    method_map = [(pattern, "ckan.lib.extract:extract_ckan"
                   if method == "ckan" else method)
                  for pattern, method in method_map]
    keywords = dict(DEFAULT_KEYWORDS, translate=None, isPlural=None)
    return frozenset(
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            str(folder), method_map, options_map, keywords=keywords))


def _msgid(message) -> str:
    # a plural message is known by its singular
    return message.id if isinstance(message.id, str) else message.id[0]


def _template(plugin: str) -> set[str]:
    pot = ROOT / "ckanext" / plugin / "i18n" / f"ckanext-{plugin}.pot"
    return {_msgid(m) for m in read_po(pot.open("rb")) if m.id}


CKAN_I18N = Path(ckan.__file__).parent / "i18n"
CKAN_STRINGS = {_msgid(m) for m in read_po((CKAN_I18N / "ckan.pot").open("rb"))
                if m.id}


@functools.cache
def _ckan_catalogue(locale: str) -> gettext.GNUTranslations:
    mo = CKAN_I18N / locale / "LC_MESSAGES" / "ckan.mo"
    with mo.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)


def _translated_by_ckan(msgid: str, locale: str) -> bool:
    if msgid not in CKAN_STRINGS:
        return False
    if locale == "en":
        return True
    return _ckan_catalogue(locale).gettext(msgid) != msgid


def test_every_plugin_has_a_catalogue():
    assert set(PLUGINS) >= {"charter", "maturity", "municipal_schema",
                            "prioritization"}


@pytest.mark.parametrize("plugin", PLUGINS)
def test_template_holds_every_string_shown(plugin):
    shown = _extracted(ROOT / "ckanext" / plugin) | _extracted(SHARED)
    assert shown - _template(plugin) == set(), "run `make pot`"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("plugin", PLUGINS)
def test_catalogue_translates_every_string(plugin, locale):
    po_file = (ROOT / "ckanext" / plugin / "i18n" / locale / "LC_MESSAGES"
               / f"ckanext-{plugin}.po")
    po = read_po(po_file.open("rb"))
    assert not po.fuzzy  # `make i18n` skips fuzzy catalogues
    translated = {_msgid(m) for m in po if m.id and (
        m.string if isinstance(m.string, str) else all(m.string))}
    untranslated = {msgid for msgid in _template(plugin) - translated
                    if not _translated_by_ckan(msgid, locale)}
    assert untranslated == set()
    assert po_file.with_suffix(".mo").exists()
