"""In the browser: an editor claims a principle on a dataset, sees the
proven ones and the quality score with its advice, and filters the
dataset search by a principle."""
import pytest

from ckan.tests import factories

from tests.browser import log_in, visit
from .conftest import bad_dataset, good_dataset

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search charter"),
              pytest.mark.e2e]

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_claim_see_proofs_and_filter(ckan_server, page):
    from playwright.sync_api import expect

    editor = factories.User(name="lies-editor", password=PASSWORD)
    org = factories.Organization(name="mechelen", title="Mechelen", users=[
        {"name": editor["name"], "capacity": "editor"}])
    factories.Dataset(name="parking", owner_org=org["id"], **good_dataset())
    factories.Dataset(name="report", owner_org=org["id"], **bad_dataset())

    log_in(page, editor["name"], PASSWORD)
    visit(page, "/dataset/parking")
    page.get_by_role("link", name="Charter and quality").first.click()

    # the score and what to fill in
    expect(page.locator(".charter-score").first).to_contain_text("/ 405")
    advice = page.locator("table.charter-advice")
    expect(advice).to_contain_text("Give each resource a direct download")
    # proven principles, with their reasons
    proven = page.locator("ul.charter-proven").first
    expect(proven).to_contain_text("9. Open, machine-readable formats")
    expect(proven).to_contain_text("Published in an open, machine-readable "
                                   "format (CSV).")

    # claim principle 11, which no metadata can prove
    page.get_by_label("11. Quality").check()
    page.get_by_role("button", name="Save claims").click()
    expect(page.get_by_text("Claims saved")).to_be_visible()
    claimed = page.locator("ul.charter-claimed").first
    expect(claimed).to_contain_text("11. Quality")
    expect(page.locator("ul.charter-proven").first).not_to_contain_text(
        "11. Quality")

    # the search: the claim is a facet of its own; filter by it
    visit(page, "/dataset/")
    # the facet's section, by its heading (CKAN 2.11 and 2.12 label the
    # list inside it differently)
    claimed_facet = page.locator("section.module").filter(
        has=page.locator("h2.module-heading",
                         has_text="Charter principle (claimed)"))
    expect(claimed_facet).to_contain_text("11. Quality")
    claimed_facet.get_by_role("link").first.click()
    expect(page).to_have_url(
        "/dataset/?vocab_charter_claimed=smart-flanders%3A11")
    expect(page.locator(".dataset-list")).to_contain_text("Parking occupancy")
    expect(page.locator(".dataset-list")).not_to_contain_text("Old report")
    # and by a proven principle, from the facet's list of all items
    visit(page, "/dataset/?_vocab_charter_proven_limit=0")
    page.locator('a[href$="vocab_charter_proven='
                 'smart-flanders%3A9"]').click()
    expect(page.locator(".dataset-list")).to_contain_text("Parking occupancy")
    expect(page.locator(".dataset-list")).not_to_contain_text("Old report")
