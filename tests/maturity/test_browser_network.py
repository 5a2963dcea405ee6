"""In the browser at 1280 px: the network tables of /maturity stay inside
the page, with the widest content they can have (a municipality's own
column, long municipality names, Dutch labels)."""
import pytest

from ckan.tests import factories, helpers

from ckanext.maturity import framework as fw
from ckanext.maturity import registry
from tests.browser import log_in, visit

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.e2e]

PASSWORD = "correct-horse-battery-staple"

# For each figure table: how far it reaches past its container and past
# the main column, and whether the page scrolls sideways.
OVERFLOW = """
() => Array.from(document.querySelectorAll(
        'table.maturity-network, table.maturity-network-needs, '
        + 'table.maturity-shared')).map(table => {
    const main = table.closest('[role=main]') || table.parentElement;
    return {
        table: table.className,
        beyond_container: table.scrollWidth - table.parentElement.clientWidth,
        beyond_main: Math.round(table.getBoundingClientRect().right
                                - main.getBoundingClientRect().right),
        page_scrolls: document.documentElement.scrollWidth
                      > document.documentElement.clientWidth,
    };
})
"""


def _submit(org, level, need, shared, framework, site_user):
    answers = {}
    for d in framework.domains:
        for s in d.statements:
            answers[f"{d.code}.{s.code}"] = level
        answers[f"{d.code}.{fw.NEED}"] = need
    context = {"user": site_user}
    a = helpers.call_action("maturity_assessment_create",
                            context=dict(context), organization_id=org,
                            shared=shared, answers=answers)
    helpers.call_action("maturity_assessment_submit", context=dict(context),
                        id=a["id"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_network_tables_fit_at_1280(ckan_server, page):
    framework = registry.get()
    site_user = helpers.call_action("get_site_user")["name"]
    member = factories.User(name="network-member", password=PASSWORD)
    orgs = [("sint-niklaas", "Sint-Niklaas", 0, False),
            ("oostende", "Oostende", 1, False),
            ("roeselare", "Roeselare", 2, False),
            ("turnhout", "Turnhout", 3, False),
            ("vg-regionen", "Västra Götalandsregionens kommunalförbund", 3,
             True),
            ("kobenhavn", "Københavns Kommune, Teknik- og Miljøforvaltningen",
             2, True)]
    for name, title, level, shared in orgs:
        users = ([{"name": member["name"], "capacity": "member"}]
                 if name == "sint-niklaas" else [])
        factories.Organization(name=name, title=title, users=users)
        _submit(name, level, level % 3, shared, framework, site_user)

    log_in(page, member["name"], PASSWORD)
    assert page.viewport_size["width"] == 1280
    for url in ("/maturity?organization=sint-niklaas",
                "/nl/maturity?organization=sint-niklaas",
                "/da_DK/maturity?organization=sint-niklaas"):
        visit(page, url)
        page.locator("table.maturity-network").wait_for()
        measured = page.evaluate(OVERFLOW)
        assert len(measured) == 3, url
        for m in measured:
            assert m["beyond_container"] <= 0, (url, m)
            assert m["beyond_main"] <= 0, (url, m)
            assert not m["page_scrolls"], (url, m)
        # the figures and both shared municipalities are on the page
        assert page.locator("table.maturity-network tbody tr").count() == 11
        assert page.locator("table.maturity-shared tbody tr").count() == 2
