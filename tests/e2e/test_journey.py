"""A publisher's journey through the browser: log in, create an
organization, publish a dataset with a resource, then find it through the
search page and narrow the results with a facet."""
import re

import pytest
from playwright.sync_api import expect

from ckan.tests import factories

from tests.browser import (account_name, choose_option, log_in,
                           resource_link_button, visit)

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.e2e
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_publish_then_find_and_narrow_by_organization(ckan_server, page):
    publisher = factories.User(name="karen-publisher", password=PASSWORD,
                               fullname="Karen Publisher")
    # Another organization's dataset that the same search word finds, so
    # that narrowing by organization is visible.
    other_org = factories.Organization(name="odense-kommune",
                                       title="Odense Kommune")
    factories.Dataset(owner_org=other_org["id"], name="bicycle-lanes-odense",
                      title="Bicycle lanes Odense",
                      tags=[{"name": "infrastructure"}])

    # Log in through the login form.
    log_in(page, publisher["name"], PASSWORD)
    expect(account_name(page)).to_have_text("Karen Publisher")

    # Create an organization through its form.
    visit(page, "/organization/new")
    page.locator("#field-name").fill("Aarhus Mobility")
    expect(page.locator("#field-url")).to_have_value("aarhus-mobility")
    page.get_by_role("button", name="Create Organization").click()
    expect(page.get_by_role("heading", name="Aarhus Mobility")).to_be_visible()

    # Dataset, first stage: the metadata.
    visit(page, "/dataset/new")
    page.locator("#field-title").fill("Bicycle counts Aarhus 2024")
    expect(page.locator("#field-name")).to_have_value(
        "bicycle-counts-aarhus-2024")
    page.locator("#field-notes").fill(
        "Hourly counts from the city's automatic bicycle counters.")
    choose_option(page.locator("#field-organizations"),
                  label="Aarhus Mobility")
    page.locator("#field-private").select_option(label="Public")
    page.get_by_role("button", name="Next: Add Data").click()

    # Second stage: the resource, as a link.
    resource_link_button(page).click()
    page.locator("#field-resource-url").fill(
        "https://data.example.org/aarhus/bicycle-counts-2024.csv")
    page.locator("#field-name").fill("Counts 2024 (CSV)")
    # Format left blank: CKAN guesses it from the URL.
    # "Finish" on CKAN 2.11, "Publish" on 2.12.
    page.get_by_role("button", name="Finish").or_(
        page.get_by_role("button", name="Publish")).click()
    # The article's heading (CKAN 2.11 heads its side panel with it too).
    expect(page.get_by_role("article").get_by_role(
        "heading", level=1, name="Bicycle counts Aarhus 2024")).to_be_visible()
    expect(page.get_by_role("heading", name="Data and Resources")) \
        .to_be_visible()
    expect(page.get_by_text("Counts 2024 (CSV)")).to_be_visible()

    # Search for a word of the title: both datasets are found.
    visit(page, "/dataset")
    page.locator("#field-giant-search").fill("bicycle")
    page.locator("#field-giant-search").press("Enter")
    expect(page.get_by_text('2 datasets found for "bicycle"')).to_be_visible()
    results = page.locator(".dataset-list .dataset-heading")
    expect(results).to_have_count(2)
    expect(results.filter(has_text="Bicycle counts Aarhus 2024")) \
        .to_have_count(1)
    expect(results.filter(has_text="Bicycle lanes Odense")).to_have_count(1)

    # Narrow by the organization facet: only the new dataset remains.
    # The facet is "Filter by: Organizations" on CKAN 2.12, "Organizations"
    # on 2.11.
    page.get_by_role("navigation",
                     name=re.compile(r"^(Filter by: )?Organizations$")) \
        .get_by_role("link", name=re.compile("Aarhus Mobility")).click()
    expect(page.get_by_text('1 dataset found for "bicycle"')).to_be_visible()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Bicycle counts Aarhus 2024")
    expect(page.get_by_text("Bicycle lanes Odense")).to_have_count(0)
