"""A publisher fills in the municipal dataset form page by page, meets a
validation error, corrects it, and sees the dataset page in Danish."""

import pytest
from playwright.sync_api import expect

from ckan.tests import factories

from tests.browser import (choose_option, log_in, resource_link_button,
                           visit)

from .conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.e2e,
              pytest.mark.usefixtures("clean_db", "clean_index")]

PASSWORD = "correct-horse-battery-staple"


def test_publish_through_the_form_then_read_in_danish(ckan_server, page):
    publisher = factories.User(name="mette", password=PASSWORD,
                               fullname="Mette Publisher")
    factories.Organization(
        name="aarhus-kommune", title="Aarhus Kommune", municipality_code="751",
        users=[{"name": publisher["name"], "capacity": "editor"}])

    log_in(page, publisher["name"], PASSWORD)

    # Page 1: describe the dataset
    visit(page, "/dataset/new")
    expect(page.get_by_text("Describe the dataset").first).to_be_visible()
    page.locator("#field-title").fill("Parkering i Aarhus")
    expect(page.locator("#field-name")).to_have_value("parkering-i-aarhus")
    page.locator("#field-notes").fill("Belægning af parkeringshuse.")
    choose_option(page.locator("#field-organizations"),
                  label="Aarhus Kommune")
    page.locator("#field-municipality_code").select_option(value="751")
    page.locator("#field-dataset_type_code").select_option(value="parking")
    page.locator("#field-data_themes").select_option(["TRAN"])
    page.locator("button[name=save]").last.click()

    # Page 2: licence, access and coverage; the end before the start
    expect(page.locator("#field-license_id")).to_be_visible()
    page.locator("#field-license_id").select_option(value="cc-by")
    page.locator("#field-update_frequency").select_option(value="DAILY")
    page.locator("#field-temporal_start").fill("2024-06-01")
    page.locator("#field-temporal_end").fill("2024-01-01")
    page.locator("button[name=save]").last.click()
    expect(page.locator(".error-explanation")).to_contain_text(
        "Temporal coverage end: 2024-01-01 is before the start 2024-06-01.")

    # corrected
    page.locator("#field-temporal_end").fill("2024-12-31")
    page.locator("button[name=save]").last.click()

    # Page 3: contact
    expect(page.locator("#field-author")).to_be_visible()
    page.locator("#field-author").fill("Aarhus Kommune, Teknik og Miljø")
    page.locator("#field-author_email").fill("opendata@aarhus.dk")
    page.locator("button[name=save]").last.click()

    # The data
    resource_link_button(page).click()
    page.locator("#field-resource-url").fill(
        "https://www.aarhus.dk/parkering.csv")
    page.locator("#field-name").fill("Belægning")
    page.get_by_role("button", name="Finish").or_(
        page.get_by_role("button", name="Publish")).click()
    # The dataset page (CKAN 2.11 heads its side panel with the title too).
    expect(page.get_by_role("article").get_by_role(
        "heading", level=1, name="Parkering i Aarhus")).to_be_visible()

    # The dataset page in Danish
    visit(page, "/da_DK/dataset/parkering-i-aarhus")
    body = page.locator("body")
    expect(body).to_contain_text("Kommune")
    expect(body).to_contain_text("Aarhus")
    expect(body).to_contain_text("Datasættype")
    expect(body).to_contain_text("Parkering (placering og belægning)")
    expect(body).to_contain_text("Tidsmæssig dækning, slut")
    expect(body).to_contain_text("Dagligt")
