"""The demo portal's pages in the browser, as a visitor reads them (issue
#20): at 1280 px and at 390 px (a phone), in English and in Danish, no
page scrolls sideways, no word is broken inside, and no vocabulary code
stands where a name belongs. Then, page by page, what each used to get
wrong: the charter block's codes, the principles 5 and 6 of the
international charter, the cut facet labels, the network page's columns
and months, the maturity table outside its card, the form's cut steps
and twelve translation boxes, the Danish /da/ prefix, the front page's
placeholder picture and English texts.

The data is the demo's own (demo/data, then the plugins' demo loaders),
loaded once for the tests that only read it."""
from __future__ import annotations

import re

import pytest

from ckan.tests import factories

from tests.browser import log_in, visit
from tests.demo_portal import PORTAL, load

PLUGINS = ("postgres_search municipal_schema scheming_datasets "
           "scheming_organizations dcat maturity prioritization charter")
pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", PLUGINS),
    pytest.mark.ckan_config("ckan.locales_offered", "en da_DK nl sv"),
    pytest.mark.ckan_config("ckanext.charter.charters",
                            "smart-flanders-2018 open-data-charter-2015"),
    pytest.mark.ckan_config("ckanext.charter.adopted_only", "true"),
    pytest.mark.e2e,
]

WIDTHS = (1280, 390)
LANGUAGES = ("", "/da_DK")
# Codes that must never be what a visitor reads (the vocabulary's label
# belongs there): licence, frequency and access-rights codes in brackets,
# a bare ELI address, the index's charter keys.
CODES = re.compile(r"\((cc-by|cc-zero|odc-odbl)\)|\b(UPDATE_CONT|HOURLY|"
                   r"NON_PUBLIC|RESTRICTED)\b|data\.europa\.eu/eli/|"
                   r"\b(smart-flanders|open-data-charter):\d")

# What the browser measures on a page: the width it needs, the visible
# elements whose own text may be broken inside a word, and the text.
MEASURE = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length) { continue; }
    const own = [...el.childNodes].filter(n => n.nodeType === 3)
      .map(n => n.textContent).join('').trim();
    if (!own) { continue; }
    const style = getComputedStyle(el);
    if (style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all') {
      broken.push(el.tagName + '.' + el.className + ': ' + own.slice(0, 40));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth, broken: broken.slice(0, 10),
          text: document.body.innerText};
}"""


def _load_demo():
    from ckanext.charter.demo import load_demo as charter_demo
    from ckanext.maturity.demo import load_demo_assessments
    from ckanext.prioritization.demo import load_demo as screening_demo
    load.sync(PORTAL)
    load_demo_assessments()
    screening_demo()
    charter_demo()
    return True


@pytest.fixture
def demo(shared_data):
    return shared_data(_load_demo)


def read(page, path: str, width: int) -> dict:
    """Open a page at a width and measure it; the checks every page
    passes."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    seen = page.evaluate(MEASURE)
    where = f"{path} at {width} px"
    assert seen["scrollWidth"] <= seen["innerWidth"], \
        f"{where} scrolls sideways: {seen['scrollWidth']} px wide"
    assert not seen["broken"], f"{where} breaks words: {seen['broken']}"
    codes = sorted({m.group(0) for m in CODES.finditer(seen["text"])})
    assert not codes, f"{where} shows codes: {codes}"
    return seen


PAGES = [
    "/",
    "/dataset/aarhus-parkeringshuse-belaegning",
    "/dataset/aarhus-parkeringshuse-belaegning/charter",
    "/dataset/?_vocab_charter_proven_limit=0",
    "/organization/aarhus-kommune/charter",
    "/organization/stad-gent/charter",
    "/charter",
    "/organization/aarhus-kommune/maturity",
    "/maturity",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_and_reads_as_words(demo, ckan_server, page, path):
    for lang in LANGUAGES:
        for width in WIDTHS:
            read(page, lang + path, width)


def test_front_page_translated_without_placeholder(demo, ckan_server, page):
    seen = read(page, "/da_DK/", 1280)
    for danish in ("Søg data", "Populære tags", "Modenhed for åbne data"):
        assert danish in seen["text"], danish
    for english in ("Search data", "Popular tags", "This is a featured"):
        assert english not in seen["text"], english
    assert page.locator("img[src*='placeholder-420x220']").count() == 0
    assert page.get_by_placeholder("F.eks. miljø").count() == 1


def test_dataset_charter_block_reads_labels(demo, ckan_server, page):
    """Aarhus adopted the international charter only: its dataset shows
    that charter, with the licence and frequency by name, freshness in
    words, and the legislation by its title."""
    seen = read(page, "/da_DK/dataset/aarhus-parkeringshuse-belaegning",
                1280)
    block = page.locator("#charter-summary")
    text = block.inner_text()
    assert "Det internationale Open Data-charter" in text
    assert "Smart Flanders" not in text
    assert "Creative Commons Navngivelse 4.0" in text
    assert "Løbende opdateret" in text
    assert "for 0 dage siden" not in seen["text"]
    legislation = page.locator("td.dataset-details a[href*='eli/reg_impl']")
    assert legislation.inner_text() == \
        "Gennemførelsesforordning (EU) 2023/138 (datasæt af høj værdi)"


def test_organization_principles_read_from_the_assessment(demo, ckan_server,
                                                          page):
    seen = read(page, "/organization/aarhus-kommune/charter", 1280)
    assert "no submitted maturity assessment" not in seen["text"]
    for number in (5, 6):
        row = page.locator(
            f"tr[data-principle='open-data-charter:{number}']")
        assert "Maturity assessment:" in row.inner_text()
    # only the charter Aarhus adopted
    assert page.locator("h2", has_text="Smart Flanders").count() == 0


def test_facet_labels_whole_and_distinct(demo, ckan_server, page):
    read(page, "/dataset/?_vocab_charter_proven_limit=0", 1280)
    labels = page.locator(
        "a[href*='vocab_charter_proven='] .item-label").all_inner_texts()
    assert "Smart Flanders 1. Open by default" in labels
    assert "International charter 1. Open by default" in labels
    assert not [label for label in labels if label.endswith("...")]


def test_network_names_principles_and_shows_missing_months(demo, ckan_server,
                                                           page):
    read(page, "/charter", 1280)
    heads = page.locator("table.charter-compliance tbody th")
    assert "1. Open by default" in heads.all_inner_texts()
    # the demo's history ends 2026-10, its own snapshot is this month:
    # the months between are rows saying so
    assert page.locator("tr.charter-month-missing").count() >= 1
    # the chart's last month label lies inside the chart
    svg = page.locator("svg.charter-chart")
    last = svg.locator("text").last
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= \
        svg.bounding_box()["x"] + svg.bounding_box()["width"] + 0.5


def test_maturity_table_within_its_card(demo, ckan_server, page):
    for width in WIDTHS:
        seen = read(page, "/organization/aarhus-kommune/maturity", width)
        card = page.locator(".primary").first.bounding_box()
        table = page.locator(".maturity-result .maturity-table-wrap")
        box = table.bounding_box()
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5
        # the same one-level step reads the same everywhere
        steps = set(re.findall(r"\+1 level \(\+(\d+)%\)", seen["text"]))
        assert len(steps) <= 1, steps


def test_short_language_prefix(demo, ckan_server, page):
    response = page.goto("/da/dataset?q=parkering")
    assert response.status == 200
    assert page.url.endswith("/da_DK/dataset?q=parkering")
    assert page.locator("html").get_attribute("lang").startswith("da")


PASSWORD = "correct-horse-battery-staple"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_form_steps_and_translations(ckan_server, page):
    admin = factories.Sysadmin(name="form-admin", password=PASSWORD)
    factories.Organization(name="aarhus", title="Aarhus")
    log_in(page, admin["name"], PASSWORD)
    for lang in LANGUAGES:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            visit(page, lang + "/dataset/new")
            seen = read(page, lang + "/dataset/new", width)
            # every step's title shown whole
            for step in page.locator(".stages li").all():
                assert step.evaluate(
                    "e => e.scrollHeight <= e.clientHeight + 1"
                    " && e.scrollWidth <= e.clientWidth + 1"), \
                    (width, step.inner_text())
            # one box per translated field shown, the others behind
            # "Add a translation"
            shown = page.locator(
                "input[name^=title_translated-]:visible").count()
            assert shown == 1, shown
            assert "select above" not in seen["text"]
