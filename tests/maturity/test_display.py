"""Unit tests of the maturity pages' presenter (display.py): pure, no CKAN.
The language and gettext are passed in, as views.py does."""
import pytest

from ckanext.maturity import display as dsp
from ckanext.maturity import framework as fw


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure functions: no CKAN plugins to load."""


@pytest.fixture(scope="module")
def framework():
    versions = fw.load_frameworks(fw.DATA_DIR)
    return versions[fw.latest_version(versions)]


def marked(text):
    """A gettext that shows it was called."""
    return f"[{text}]"


def answers(framework, value, need=0):
    out = {}
    for d in framework.domains:
        for s in d.statements:
            out[f"{d.code}.{s.code}"] = value
        out[f"{d.code}.need"] = need
    return out


def draft(framework, complete=()):
    return {"answers": {}, "progress": {"domains_complete": {
        d.code: d.code in complete for d in framework.domains}}}


class TestSteps:
    def test_the_step_asked_for_within_the_domains(self, framework):
        last = len(framework.domains) - 1
        assert dsp.step_of(framework, draft(framework), "2") == 2
        assert dsp.step_of(framework, draft(framework), "99") == last
        assert dsp.step_of(framework, draft(framework), "-3") == 0

    def test_else_the_first_domain_not_complete(self, framework):
        done = [d.code for d in framework.domains[:3]]
        assert dsp.step_of(framework, draft(framework, done), None) == 3
        assert dsp.step_of(framework, draft(framework, done), "x") == 3
        every = [d.code for d in framework.domains]
        assert dsp.step_of(framework, draft(framework, every), None) == 0

    def test_buttons(self, framework):
        last = len(framework.domains) - 1
        assert dsp.next_step("next", 1, framework) == 2
        assert dsp.next_step("next", last, framework) == last
        assert dsp.next_step("prev", 1, framework) == 0
        assert dsp.next_step("prev", 0, framework) == 0
        assert dsp.next_step("step-4", 1, framework) == 4
        assert dsp.next_step("step-99", 1, framework) == last
        assert dsp.next_step("step-x", 1, framework) == 1
        assert dsp.next_step("stay", 5, framework) == 5

    def test_form_changes(self, framework):
        domain = framework.domains[0]
        first, second, *_ = domain.keys()
        form = {first: "2", "orig-" + first: "1",
                second: "", "orig-" + second: ""}
        changed, posted = dsp.form_changes(domain, form)
        assert changed == {first: "2"}
        assert posted[first] == "2" and posted[second] is None
        assert set(posted) == set(domain.keys())

    def test_step_form(self, framework):
        shown = dsp.step_form(framework, draft(framework), 0, "nl", marked)
        domain = framework.domains[0]
        assert [s["index"] for s in shown["steps"]] == list(
            range(len(framework.domains)))
        assert shown["steps"][0]["name"] == domain.name["nl"]
        keys = [q["key"] for q in shown["questions"]]
        assert keys == domain.keys()
        need = shown["questions"][-1]
        assert need["need"] and need["text"].startswith("[How much")
        assert [o["label"] for o in need["options"]] == [
            n.label["nl"] for n in framework.needs]
        assert shown["domain"]["name"] == domain.name["nl"]
        assert shown["last_step"] is False
        last = len(framework.domains) - 1
        assert dsp.step_form(framework, draft(framework), last, "nl",
                             marked)["last_step"] is True

    def test_error_messages_leave_out_data(self):
        errors = {"conflict": ["Someone"], "conflict_keys": ["a.b"],
                  "missing": ["a.c"], "draft_id": ["x"], "version": ["3"],
                  "answers": ["No"]}
        assert dsp.error_messages(errors) == {"conflict": ["Someone"],
                                              "answers": ["No"]}


class TestResult:
    def test_rows_labels_and_priorities(self, framework):
        result = fw.score(framework, answers(framework, 1, need=2))
        shown = dsp.result_display(result, framework, "nl", marked)
        assert [r["domain"] for r in shown["rows"]] == [
            d.code for d in framework.domains]
        assert [r["domain"] for r in shown["priorities"]] == [
            d["domain"] for d in fw.priorities(result)]
        row = shown["rows"][0]
        assert row["name"] == framework.domains[0].name["nl"]
        assert row["level_label"] == framework.level(row["level"]).label["nl"]
        assert row["need_label"] == framework.need(2).label["nl"]
        assert row["change"] == {} and row["previous_percent"] is None
        assert row["median_percent"] is None
        assert "[Maturity per domain]" in shown["chart"]
        assert "[Previous assessment]" not in shown["chart"]
        assert shown["overall_percent"] == result["overall_percent"]

    def test_against_a_previous_result_and_the_median(self, framework):
        before = fw.score(framework, answers(framework, 1))
        now = fw.score(framework, answers(framework, 3))
        code = framework.domains[0].code
        shown = dsp.result_display(now, framework, "en", marked, before,
                                   medians={code: {"median_level": 1}})
        row = shown["rows"][0]
        assert row["previous_percent"] == before["domains"][0]["percent"]
        assert row["change"]["previous_level"] == before["domains"][0]["level"]
        assert row["median_percent"] == round(100 / framework.top_level)
        assert shown["rows"][1]["median_percent"] is None
        assert "[Previous assessment]" in shown["chart"]
        assert "[Network median]" in shown["chart"]
        rows = dsp.comparison_rows(shown["rows"], framework, "en")
        assert rows[0]["previous_level_label"] == framework.level(
            before["domains"][0]["level"]).label["en"]
        assert rows[0]["previous_need_label"] == framework.need(0).label["en"]

    def test_a_domain_the_framework_no_longer_has_is_left_out(
            self, framework):
        result = fw.score(framework, answers(framework, 2))
        gone = {**result["domains"][0], "domain": "gone"}
        result = {**result, "domains": [gone] + result["domains"][1:]}
        shown = dsp.result_display(result, framework, "en", marked)
        assert "gone" not in [r["domain"] for r in shown["rows"]]
        assert len(shown["rows"]) == len(framework.domains) - 1


def test_network_tables(framework):
    result = fw.score(framework, answers(framework, 2))
    summary = {"shared": [{"organization_title": "Gent", "result": result}]}
    shown = dsp.network_tables(summary, framework, "da")
    assert shown["shared"][0]["levels"] == [
        d["level"] for d in result["domains"]]
    assert shown["shared"][0]["organization_title"] == "Gent"
    assert shown["domain_names"] == [d.name["da"] for d in framework.domains]
    assert shown["level_labels"] == [lv.label["da"]
                                     for lv in framework.levels]
    assert shown["need_labels"] == [n.label["da"] for n in framework.needs]
