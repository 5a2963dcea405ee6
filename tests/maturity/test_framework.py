"""Unit tests of the pure framework module (no CKAN involved)."""
import pytest
import yaml

from ckanext.municipal_opendata.labels import pick_label

from ckanext.maturity import framework as fw

pytestmark = pytest.mark.ckan_config("ckan.plugins", "postgres_search maturity")

LANGS = ("en", "nl", "da", "sv")


@pytest.fixture(scope="module")
def framework():
    versions = fw.load_frameworks(fw.DATA_DIR)
    return versions[fw.latest_version(versions)]


def full_answers(framework, value=3, need=0):
    answers = {}
    for d in framework.domains:
        for s in d.statements:
            answers[f"{d.code}.{s.code}"] = value
        answers[f"{d.code}.need"] = need
    return answers


class TestShippedFramework:
    def test_eleven_domains_in_design_order(self, framework):
        assert [d.code for d in framework.domains] == [
            "sponsoring", "vision", "governance", "attitude", "knowledge",
            "inspiration", "dialogue", "infrastructure", "data_management",
            "standards", "legal"]

    def test_levels_and_needs(self, framework):
        assert [lv.label["nl"] for lv in framework.levels] == [
            "Niet aanwezig", "Opgestart", "Gevorderd", "Verworven"]
        assert [n.label["nl"] for n in framework.needs] == [
            "Geen nood", "Redelijke nood", "Sterke nood / prioritair"]

    def test_every_text_in_four_languages(self, framework):
        def check(labels):
            assert all(labels.get(lang) for lang in LANGS), labels
        for option in (framework.scale + framework.levels + framework.needs
                       + framework.audiences):
            check(option.label)
        for labels in framework.principles.values():
            check(labels)
        for d in framework.domains:
            check(d.name)
            check(d.description)
            assert 3 <= len(d.statements) <= 5
            for s in d.statements:
                check(s.text)
            assert set(d.actions) == {lv.code for lv in framework.levels}
            for by_audience in d.actions.values():
                assert set(by_audience) == {"management", "experts"}
                for labels in by_audience.values():
                    check(labels)

    def test_principles_exist(self, framework):
        assert set(framework.principles) == set(range(1, 21))
        for d in framework.domains:
            assert d.principles
            assert set(d.principles) <= set(framework.principles)

    def test_as_dict_one_language(self, framework):
        data = framework.as_dict("nl")
        assert data["domains"][5]["name"] == "Inspiratie & concept"
        assert data["levels"][0]["label"] == "Niet aanwezig"


class TestLoading:
    def test_versions_side_by_side(self, tmp_path):
        data = yaml.safe_load((fw.DATA_DIR / "framework-2025.1.yaml")
                              .read_text())
        data["version"] = "2026.1"
        data["domains"] = data["domains"][:2]
        (tmp_path / "framework-2026.1.yaml").write_text(yaml.safe_dump(data))
        versions = fw.load_frameworks(fw.DATA_DIR, tmp_path)
        assert set(versions) >= {"2025.1", "2026.1"}
        assert fw.latest_version(versions) == "2026.1"
        assert len(versions["2025.1"].domains) == 11
        assert len(versions["2026.1"].domains) == 2

    def test_latest_version_numeric(self):
        assert fw.latest_version(["2025.9", "2025.10", "2024.12"]) == "2025.10"

    @pytest.mark.parametrize("data", [
        {},
        {"version": "x", "levels": [], "domains": []},
    ])
    def test_invalid_framework(self, data):
        with pytest.raises(fw.FrameworkError):
            fw.parse_framework(data)

    def test_text_fallback(self):
        assert pick_label({"en": "E", "da": "D"}, "da_DK") == "D"
        assert pick_label({"en": "E"}, "sv") == "E"
        assert pick_label(None, "sv") == ""


class TestCheckAnswers:
    def test_valid(self, framework):
        clean, problems = fw.check_answers(
            framework, {"sponsoring.budget": "2", "sponsoring.need": 1,
                        "vision.policy": None})
        assert problems == []
        assert clean == {"sponsoring.budget": 2, "sponsoring.need": 1,
                         "vision.policy": None}

    @pytest.mark.parametrize("key,value,code", [
        ("nowhere.budget", 1, "unknown_domain"),
        ("sponsoring.nothing", 1, "unknown_statement"),
        ("sponsoring", 1, "unknown_statement"),
        ("sponsoring.budget", 4, "out_of_scale"),
        ("sponsoring.budget", -1, "out_of_scale"),
        ("sponsoring.budget", "a lot", "out_of_scale"),
        ("sponsoring.budget", 1.5, "out_of_scale"),
        ("sponsoring.budget", True, "out_of_scale"),
        ("sponsoring.need", 3, "out_of_scale"),
    ])
    def test_problems(self, framework, key, value, code):
        clean, problems = fw.check_answers(framework, {key: value})
        assert [(p.field, p.code) for p in problems] == [(key, code)]

    def test_missing_and_progress(self, framework):
        answers = full_answers(framework)
        del answers["legal.need"]
        answers["vision.policy"] = None
        assert fw.missing_answers(framework, answers) == [
            "vision.policy", "legal.need"]
        prog = fw.progress(framework, answers)
        assert prog["total"] == len(framework.keys())
        assert prog["answered"] == prog["total"] - 2
        assert prog["domains_complete"]["sponsoring"]
        assert not prog["domains_complete"]["legal"]


class TestScoring:
    def test_levels_from_mean(self, framework):
        assert fw.level_for(0, framework) == 0
        assert fw.level_for(0.49, framework) == 0
        assert fw.level_for(0.5, framework) == 1
        assert fw.level_for(1.5, framework) == 2
        assert fw.level_for(2.5, framework) == 3
        assert fw.level_for(3, framework) == 3

    def test_full_score(self, framework):
        result = fw.score(framework, full_answers(framework, 3, 2))
        assert result["complete"]
        assert result["overall_level"] == 3
        assert result["overall_percent"] == 100
        for d in result["domains"]:
            assert (d["level"], d["gap"], d["priority"]) == (3, 0, 0)
            assert d["priority_class"] == "none"
            assert d["level_code"] == "verworven"
            assert d["need_code"] == "sterke_nood"

    def test_priorities_need_and_gap(self, framework):
        answers = full_answers(framework, 3, 0)
        # governance: level 0, strong need -> first
        for s in framework.domain("governance").statements:
            answers[f"governance.{s.code}"] = 0
        answers["governance.need"] = 2
        # legal: level 0, no need -> gap but low
        for s in framework.domain("legal").statements:
            answers[f"legal.{s.code}"] = 0
        # knowledge: level 2, strong need
        for s in framework.domain("knowledge").statements:
            answers[f"knowledge.{s.code}"] = 2
        answers["knowledge.need"] = 2
        # vision: level 3 but strong need -> no priority
        answers["vision.need"] = 2
        result = fw.score(framework, answers)
        order = [d["domain"] for d in fw.priorities(result)]
        # legal and knowledge tie on score 3: the higher need goes first
        assert order[:3] == ["governance", "knowledge", "legal"]
        by = {d["domain"]: d for d in result["domains"]}
        assert by["governance"]["priority"] == 9
        assert by["governance"]["priority_class"] == "high"
        assert by["legal"]["priority"] == 3
        assert by["knowledge"]["priority"] == 3
        assert by["vision"]["priority"] == 0

    def test_tie_broken_by_need(self, framework):
        answers = full_answers(framework, 3, 0)
        for s in framework.domain("legal").statements:
            answers[f"legal.{s.code}"] = 0          # gap 3, need 0 -> 3
        for s in framework.domain("knowledge").statements:
            answers[f"knowledge.{s.code}"] = 2      # gap 1, need 2 -> 3
        answers["knowledge.need"] = 2
        order = [d["domain"] for d in fw.priorities(fw.score(framework,
                                                             answers))]
        assert order[:2] == ["knowledge", "legal"]

    def test_partial_score(self, framework):
        result = fw.score(framework, {"sponsoring.budget": 1})
        assert not result["complete"]
        sp = result["domains"][0]
        assert sp["level"] == 1 and sp["need"] is None and sp["priority"] is None
        assert result["domains"][1]["level"] is None

    def test_actions(self, framework):
        actions = fw.recommended_actions(framework, "legal", 0, "sv")
        assert [a["audience"] for a in actions] == ["management", "experts"]
        assert actions[0]["audience_label"] == "Ledning och politik"
        assert "licens" in actions[0]["text"]
        assert fw.recommended_actions(framework, "nope", 0, "en") == []


class TestCompareAndNetwork:
    def test_compare(self, framework):
        old = fw.score(framework, full_answers(framework, 1, 2))
        new = fw.score(framework, full_answers(framework, 2, 1))
        changes = fw.compare(new, old)
        assert changes["legal"]["level"] == 1
        assert changes["legal"]["need"] == -1
        assert changes["legal"]["previous_level"] == 1
        assert fw.compare(new, None)["legal"]["level"] is None

    def test_same_step_same_percent(self, framework):
        """One level up reads +33 % from "started" to "advanced" and from
        "advanced" to "achieved" (the rounded percents 33, 67 and 100
        gave +34 and +33)."""
        top = max(o.value for o in framework.scale)
        one, two, three = (fw.score(framework, full_answers(framework, v))
                           for v in (1, 2, 3))
        low = fw.compare(two, one, top_scale=top)["legal"]["percent"]
        high = fw.compare(three, two, top_scale=top)["legal"]["percent"]
        assert low == high == 33
        # without the scale: the difference of the rounded percents
        assert fw.compare(two, one)["legal"]["percent"] == 34

    def test_compare_across_versions(self, framework):
        new = fw.score(framework, full_answers(framework, 2, 1))
        old = {"domains": [dict(new["domains"][0], level=0)]}
        changes = fw.compare(new, old)
        assert changes["sponsoring"]["level"] == 2
        assert changes["legal"]["level"] is None
