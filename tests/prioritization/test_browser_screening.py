"""In the browser: an editor screens a candidate on its Screening tab,
sees the score with its breakdown, then finds the dataset on the ranking
page and in the coverage matrix."""
import pytest

from ckan.tests import factories

from tests.browser import log_in, visit

pytestmark = [pytest.mark.ckan_config("ckan.plugins",
                                      "postgres_search prioritization"),
              pytest.mark.e2e]

PASSWORD = "correct-horse-battery-staple"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_screen_then_find_on_ranking_and_coverage(ckan_server, page):
    from playwright.sync_api import expect

    editor = factories.User(name="lotte-editor", password=PASSWORD)
    org = factories.Organization(name="mechelen", title="Mechelen", users=[
        {"name": editor["name"], "capacity": "editor"}])
    factories.Dataset(
        name="mechelen-parking", title="Parkeerbezetting Mechelen",
        owner_org=org["id"], private=True,
        extras=[{"key": "dataset_type_code", "value": "parking"}])

    log_in(page, editor["name"], PASSWORD)
    visit(page, "/dataset/mechelen-parking")
    page.get_by_role("link", name="Screening").first.click()
    expect(page.get_by_role("heading", name="Screening and priority")) \
        .to_be_visible()
    expect(page.get_by_text("This dataset has not been screened yet.")) \
        .to_be_visible()

    page.get_by_label("Publication status").select_option("candidate")
    demand = page.locator("#criterion-demand")
    demand.get_by_label("Widely requested, also in council").check()
    demand.get_by_label("Evidence").fill("Asked by the shopkeepers' union")
    page.locator("#criterion-quality").get_by_label(
        "Good, maintained").check()
    page.locator("#criterion-effort").get_by_label(
        "Trivial: an export exists").check()
    page.get_by_label("Personal data").select_option("none")
    page.get_by_label("Security and confidentiality").select_option("none")
    page.get_by_role("button", name="Save screening").click()

    expect(page.get_by_text("Screening saved; the score is updated.")) \
        .to_be_visible()
    # demand 4 (w3), quality 3 (w1), effort 4 (w1), obligation 0 (w2),
    # scale 0 (w3, only municipality): (12 + 3 + 4) / 4 / 10 = 47.5
    result = page.locator("#prioritization-result")
    expect(result.locator(".prioritization-score-value")).to_have_text(
        "47.5")
    expect(result).to_contain_text("Publish now")
    expect(result).to_contain_text("strongest on Demand")
    expect(result).to_contain_text("3 of 8 criteria not yet scored")
    breakdown = result.locator("table.prioritization-breakdown")
    expect(breakdown.locator("tbody tr")).to_have_count(8)
    expect(breakdown).to_contain_text("Only this municipality")

    visit(page, "/prioritization")
    row = page.locator("#rank-mechelen-parking")
    expect(row).to_contain_text("Parkeerbezetting Mechelen")
    expect(row.locator(".prioritization-score-value")).to_have_text("47.5")
    expect(row).to_contain_text("strongest on Demand")

    visit(page, "/prioritization/coverage")
    matrix = page.locator("table.prioritization-matrix")
    expect(matrix.locator("#type-parking")).to_contain_text("47.5")
    expect(matrix.locator("thead")).to_contain_text("Mechelen")
