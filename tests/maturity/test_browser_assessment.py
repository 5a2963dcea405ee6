"""In the browser: an editor takes the whole assessment, one domain per
step, submits it and sees the chart and the recommended actions."""
import re

import pytest

from ckan.tests import factories

from tests.browser import log_in, visit

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search maturity"),
              pytest.mark.e2e]

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_take_submit_and_see_results(ckan_server, page):
    from playwright.sync_api import expect

    editor = factories.User(name="ilse-editor", password=PASSWORD)
    factories.Organization(name="mechelen", title="Mechelen", users=[
        {"name": editor["name"], "capacity": "editor"}])

    log_in(page, editor["name"], PASSWORD)

    # The organization page has the maturity tab.
    visit(page, "/organization/mechelen")
    page.get_by_role("link", name="Open-data maturity").first.click()
    expect(page.get_by_text("No submitted assessment yet")).to_be_visible()
    page.get_by_role("link", name="Take the assessment").first.click()
    page.get_by_role("button", name="Start the assessment").click()

    for step in range(11):
        expect(page.get_by_text(f"Step {step + 1} of 11")).to_be_visible()
        questions = page.locator("fieldset.maturity-question")
        count = questions.count()
        for i in range(count):
            # statements "Largely", the need question "Moderate need";
            # the first domain gets a lower answer so priorities differ
            q = questions.nth(i)
            if i == count - 1:
                q.get_by_label("Strong need / priority" if step == 2
                               else "Moderate need").check()
            else:
                q.get_by_label("Partly" if step == 2 else "Largely").check()
        if step < 10:
            page.get_by_role("button", name="Save and next").click()
        else:
            page.get_by_role("button", name="Save and submit").click()

    expect(page.get_by_text("Assessment submitted. Here are your results."))\
        .to_be_visible()
    expect(page.locator("svg.maturity-chart")).to_be_visible()
    expect(page.get_by_role("heading",
                            name="Priorities and recommended actions")) \
        .to_be_visible()
    # Governance (strong need, lowest level) comes first, with its actions.
    first = page.locator(".maturity-priority").first
    expect(first.get_by_role("heading")).to_contain_text("Governance")
    expect(first).to_contain_text("Management and policy")
    expect(first).to_contain_text("Data experts")
    expect(first).to_contain_text(re.compile("Charter principles"))
    # The table beside the chart has the same domains.
    expect(page.locator("table.maturity-table tbody tr")).to_have_count(11)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_submit_incomplete_lists_unanswered(ckan_server, page):
    from playwright.sync_api import expect

    editor = factories.User(name="jan-editor", password=PASSWORD)
    factories.Organization(name="hasselt", title="Hasselt", users=[
        {"name": editor["name"], "capacity": "editor"}])
    log_in(page, editor["name"], PASSWORD)

    visit(page, "/organization/hasselt/maturity/assess")
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("button", name=re.compile(r"^\s*11\. ")).click()
    page.get_by_role("button", name="Save and submit").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The assessment is not complete")
    expect(page.get_by_role("alert")).to_contain_text(
        "Sponsoring: need to improve")
