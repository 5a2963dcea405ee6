"""In the browser, on the demo portal (the prioritization demo on top of
demo/data, with the demo's plugins), at a desktop width (1280 px) and a
phone's (390 px), in English and Danish (issue #20):

- /prioritization, /prioritization/coverage and a dataset's Screening tab
  fit the window: the page never scrolls sideways (a wide table scrolls
  inside its own frame);
- no raw vocabulary code (a municipality's number, a status or
  recommendation code, a dataset type's code) is in the visible text;
- the coverage matrix's published and candidate cells have the legend's
  colours (computed style), and its header row and first column stay in
  view when the matrix scrolls;
- the screening form's choices do not end in ":", and a criterion's
  points stay beside its bar.

These tests only read: the demo is built once for all of them."""
import re

import pytest

from ckan.tests import factories, helpers

from tests.browser import visit
from .test_demo import load, load_demo

PLUGINS = ("postgres_search municipal_schema scheming_datasets "
           "scheming_organizations dcat maturity prioritization")

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.e2e]

WIDTHS = [1280, 390]
LANGS = ["en", "da_DK"]
#: A public, screened dataset of the demo (its Screening tab is public).
SCREENED = "aarhus-parkeringshuse-belaegning"


def _build():
    load.sync(load.read_portal())
    load_demo()
    site = {"ignore_auth": True}
    ranking = helpers.call_action("prioritization_ranking", context=site,
                                  limit=100)
    codes = set()
    for row in ranking["results"]:
        codes |= {row["municipality"], row["status"], row["recommendation"],
                  row["dataset_type_code"]}
    # only codes that cannot be an ordinary word of a sentence
    codes = {c for c in codes if c and re.search(r"[\d_-]", c)}
    admin = factories.Sysadmin()
    token = factories.APIToken(user=admin["id"])["token"]
    return {"codes": sorted(codes), "token": token}


@pytest.fixture
def demo(shared_data):
    return shared_data(_build)


def _open(page, path, lang, width, token=None):
    page.set_viewport_size({"width": width, "height": 900})
    if token:
        page.set_extra_http_headers({"Authorization": token})
    prefix = "" if lang == "en" else f"/{lang}"
    visit(page, prefix + path)


def _fits(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth,"
                           " window.innerWidth]")
    wide = [] if widths[0] <= widths[1] else page.evaluate("""() =>
      [...document.querySelectorAll('body *')].filter(el =>
        el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5).map(el => el.tagName + '.' + el.className)""")
    assert widths[0] <= widths[1], \
        f"the page scrolls sideways: {widths}, past the window: {wide}"


def _no_codes(page, codes):
    text = page.evaluate("() => document.body.innerText")
    shown = [c for c in codes
             if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    assert not shown, f"raw codes in the visible text: {shown}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_ranking(page, demo, lang, width):
    from playwright.sync_api import expect
    _open(page, "/prioritization", lang, width)
    expect(page.locator(".prioritization-purpose")).to_be_visible()
    _fits(page)
    _no_codes(page, demo["codes"])
    # the municipality facet names the municipalities (Aarhus is 751)
    facet = page.locator("nav[aria-label] .item-label")
    expect(facet.filter(has_text="Aarhus")).to_have_count(1)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_coverage(page, demo, lang, width):
    _open(page, "/prioritization/coverage", lang, width, demo["token"])
    _fits(page)
    _no_codes(page, demo["codes"])
    colours = page.evaluate("""() => {
      const bg = el => getComputedStyle(el).backgroundColor;
      const cells = state => [...document.querySelectorAll(
        'table.prioritization-matrix td.prioritization-cell-' + state)]
        .map(bg);
      return {
        published: bg(document.getElementById('legend-published')),
        candidate: bg(document.getElementById('legend-candidate')),
        published_cells: cells('published'),
        candidate_cells: cells('candidate')};
    }""")
    assert colours["published"] == "rgb(46, 125, 50)"
    assert colours["candidate"] == "rgb(255, 243, 205)"
    assert colours["published_cells"] and colours["candidate_cells"]
    assert set(colours["published_cells"]) == {colours["published"]}
    assert set(colours["candidate_cells"]) == {colours["candidate"]}
    sticky = page.evaluate("""() => {
      const pos = sel => getComputedStyle(
        document.querySelector(sel)).position;
      return [pos('table.prioritization-matrix thead th'),
              pos('table.prioritization-matrix tbody th')];
    }""")
    assert sticky == ["sticky", "sticky"]
    if width == 1280:
        # the matrix has the page's width: no empty sidebar column
        share = page.evaluate("""() => {
          const width = sel => document.querySelector(sel)
            .getBoundingClientRect().width;
          return width('.main .primary') / width('.main .row.wrapper');
        }""")
        assert share > 0.95


def test_coverage_prints_in_colour(page, demo):
    """(The A4 landscape page is tested on the stylesheet, test_views.)"""
    _open(page, "/prioritization/coverage", "en", 1280, demo["token"])
    page.emulate_media(media="print")
    printed = page.evaluate("""() => {
      const cell = document.querySelector(
        'table.prioritization-matrix td.prioritization-cell-published');
      const style = getComputedStyle(cell);
      return [style.backgroundColor, style.printColorAdjust
              || style.webkitPrintColorAdjust];
    }""")
    assert printed == ["rgb(46, 125, 50)", "exact"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_screening_tab(page, demo, lang, width):
    from playwright.sync_api import expect
    _open(page, f"/dataset/{SCREENED}/screening", lang, width,
          demo["token"])
    expect(page.locator("#prioritization-result")).to_be_visible()
    _fits(page)
    _no_codes(page, demo["codes"])
    labels = page.evaluate("""() => [...document.querySelectorAll(
        'label.prioritization-step, label.prioritization-check')].map(
        l => [l.innerText.trim(),
              getComputedStyle(l, '::after').content])""")
    assert labels
    assert [t for t, after in labels
            if t.endswith(":") or after not in ("none", "normal")] == []
    points = page.evaluate("""() => [...document.querySelectorAll(
        'td.prioritization-points')].map(td => {
          const bar = td.querySelector('meter').getBoundingClientRect();
          const text = td.querySelector('span').getBoundingClientRect();
          return [bar.top < text.bottom && text.top < bar.bottom,
                  text.left >= bar.right];
        })""")
    assert points and all(beside == [True, True] for beside in points)
    expect(page.locator(".prioritization-demand-counts").first) \
        .to_be_visible()
