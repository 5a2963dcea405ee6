"""The pure modules: charters as data, claims, rules, the MQA score."""
import datetime

import pytest

from ckanext.municipal_opendata.labels import pick_label

from ckanext.charter import charters as ch
from ckanext.charter import chart, display, quality, rules

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def available():
    return ch.load_directory(ch.CHARTER_DIR)


@pytest.fixture(scope="module")
def sf(available):
    return ch.select(available, ["smart-flanders-2018"])


def complete_dataset(**over):
    dataset = {
        "id": "d1", "name": "parking", "title": "Parking", "notes": "Occupancy",
        "tags": [{"name": "parking"}], "data_themes": ["TRAN"],
        "municipality_code": "44021", "temporal_start": "2020-01-01",
        "update_frequency": "MONTHLY", "modified": "2026-11-01",
        "license_id": "cc-by", "access_rights": "PUBLIC",
        "author": "Mobility", "author_email": "mobility@gent.be",
        "organization": {"id": "o1", "name": "gent"}, "private": False,
        "resources": [{"id": "r1", "url": "https://gent.be/parking",
                       "download_url": "https://gent.be/p.csv",
                       "format": "CSV", "mimetype": "text/csv",
                       "rights": "Stad Gent", "size": 1024,
                       "created": "2026-01-01T00:00:00",
                       "metadata_modified": "2026-11-01T00:00:00"}],
    }
    dataset.update(over)
    return dataset


class TestCharters:
    def test_smart_flanders_has_twenty_principles_in_four_languages(
            self, available):
        charter = available["smart-flanders-2018"]
        assert [p.number for p in charter.principles] == list(range(1, 21))
        for p in charter.principles:
            assert set(p.title) == {"nl", "en", "da", "sv"}, p.number
            assert set(p.explanation) == {"nl", "en", "da", "sv"}, p.number
            assert p.scope in ("dataset", "organization")
            assert p.rule is None or p.rule in rules.RULES, p.number
        assert charter.principle(9).rule == "open_formats"
        assert charter.principle(19).scope == "organization"

    def test_open_data_charter_has_six(self, available):
        charter = available["open-data-charter-2015"]
        assert [pick_label(p.title, "en") for p in charter.principles][:2] == [
            "Open by default", "Timely and comprehensive"]
        assert len(charter.principles) == 6

    def test_select_by_code_or_file_and_unknown(self, available):
        both = ch.select(available, ["open-data-charter", "smart-flanders-2018"])
        assert list(both) == ["open-data-charter", "smart-flanders"]
        with pytest.raises(ch.CharterFileError, match="Unknown charter"):
            ch.select(available, ["nowhere"])

    def test_text_falls_back(self):
        assert pick_label({"nl": "Licenties", "en": "Licences"}, "da_DK") == \
            "Licences"
        assert pick_label({"da": "Licenser", "en": "x"}, "da_DK") == "Licenser"

    def test_bad_file(self):
        with pytest.raises(ch.CharterFileError, match="scope"):
            ch.parse({"code": "x", "version": "1", "title": {"en": "X"},
                      "principles": [{"number": 1, "scope": "city",
                                      "title": {"en": "a"}}]})


class TestClaims:
    @pytest.mark.parametrize("raw", [
        {"smart-flanders": [16, 9, 9]}, ["smart-flanders:9",
                                         "smart-flanders:16"],
        "smart-flanders:9, smart-flanders:16"])
    def test_shapes(self, sf, raw):
        assert ch.parse_claims(sf, raw) == ({"smart-flanders": [9, 16]}, [])

    @pytest.mark.parametrize("raw,code", [
        (["nowhere:1"], "unknown_charter"),
        (["smart-flanders:21"], "unknown_principle"),
        (["smart-flanders:x"], "unknown_principle"),
        (["smart-flanders:19"], "organization_principle"),
        (["nine"], "bad_claim"),
        ({"smart-flanders": {"a": 1}}, "not_a_list"),
    ])
    def test_problems(self, sf, raw, code):
        claims, problems = ch.parse_claims(sf, raw)
        assert [p.code for p in problems] == [code]
        assert problems[0].field == "charter_claims"
        assert claims == {}


class TestQuality:
    def test_complete_dataset_without_link_check(self):
        result = quality.score(complete_dataset())
        assert result["max"] == 405
        # everything but access-rights? no: all given; links unknown
        assert result["pending"] == 80
        unknown = {i["code"] for i in result["indicators"]
                   if i["status"] == "unknown"}
        assert unknown == {"access_url_status", "download_url_status"}
        assert result["score"] == 405 - 80
        assert result["rating"] == "good"

    def test_links_checked_make_it_excellent(self):
        result = quality.score(complete_dataset(), links={
            "r1": {"access": True, "download": True}})
        assert result["score"] == 405
        assert result["pending"] == 0
        assert result["rating"] == "excellent"

    def test_failed_link_is_missed(self):
        result = quality.score(complete_dataset(), links={
            "r1": {"access": False, "download": True}})
        assert result["score"] == 355
        row = next(i for i in result["indicators"]
                   if i["code"] == "access_url_status")
        assert row["status"] == "missed"

    def test_bare_dataset_is_bad_with_advice(self):
        result = quality.score({"id": "x", "title": "T", "resources": [
            {"id": "r", "url": "https://x.org/a.pdf", "format": "PDF"}]})
        assert result["rating"] == "bad"
        gain = quality.to_gain(result)
        codes = [g["code"] for g in gain]
        assert "keyword" in codes and "theme" in codes
        assert "format_machine_readable" in codes
        # most points for least work first: keywords (30, effort 1) early
        assert codes.index("keyword") < codes.index(
            "format_machine_readable")
        assert all(g["gain"] > 0 for g in gain)

    def test_share_of_distributions(self):
        dataset = complete_dataset()
        dataset["resources"].append({"id": "r2", "url": "https://x/a.pdf",
                                     "format": "PDF"})
        result = quality.score(dataset)
        row = next(i for i in result["indicators"]
                   if i["code"] == "format_machine_readable")
        assert (row["status"], row["points"], row["share"]) == (
            "partial", 10, 0.5)

    def test_ratings_bounds(self):
        m = quality.method()
        assert [m.rating(s) for s in (405, 351, 350, 221, 220, 121, 120, 0)] \
            == ["excellent", "excellent", "good", "good", "sufficient",
                "sufficient", "bad", "bad"]
        dims = {d["code"]: d["points"] for d in m.dimensions}
        assert dims == {"findability": 100, "accessibility": 100,
                        "interoperability": 110, "reusability": 75,
                        "contextuality": 20}
        for d in m.dimensions:
            assert sum(i.points for i in m.indicators
                       if i.dimension == d["code"]) == d["points"]

    def test_sortable(self):
        assert quality.sortable(45) == "0045"
        assert sorted([quality.sortable(s) for s in (5, 405, 45)]) == [
            "0005", "0045", "0405"]

    def test_plain_ckan_extras(self):
        result = quality.score({"id": "x", "extras": [
            {"key": "spatial_uri", "value": "http://x"},
            {"key": "temporal_start", "value": "2020"}]})
        met = {i["code"] for i in result["indicators"] if i["status"] == "met"}
        assert {"spatial", "temporal"} <= met


def derived(result, number, charter="smart-flanders"):
    row = next(r for r in result["charters"][charter] if r["number"] == number)
    return row["derived"] and (row["derived"]["status"],
                               row["derived"]["reason"])


class TestRules:
    def test_complete_dataset_proves(self, sf):
        result = rules.evaluate(sf, complete_dataset(), dcat_feed=True,
                                today=TODAY)
        for number, reason in [(1, "open_and_public"), (2, "complies_open"),
                               (5, "contact_email"), (6, "quality_good"),
                               (9, "open_format"), (12, "web_addresses"),
                               (13, "temporal_and_frequency"),
                               (15, "in_dcat_feed"), (16, "open_licence"),
                               (18, "fresh")]:
            assert derived(result, number) == ("proven", reason), number
        assert "smart-flanders:9" in result["proven"]
        assert result["contradicted"] == []
        assert result["claimed"] == []
        # organization principles are never derived from a dataset
        assert {r["number"] for r in result["charters"]["smart-flanders"]} \
            .isdisjoint({3, 4, 7, 8, 14, 17, 19, 20})

    def test_contradictions(self, sf):
        dataset = complete_dataset(
            license_id="other-closed", access_rights="NON_PUBLIC",
            modified="2024-01-01", author="", author_email="",
            tags=[], data_themes=[], municipality_code=None,
            temporal_start=None,
            resources=[{"id": "r", "url": "https://x/a.pdf", "format": "PDF",
                        "metadata_modified": "2024-01-01"}])
        result = rules.evaluate(sf, dataset, today=TODAY)
        assert derived(result, 1) == ("contradicted", "access_restricted")
        assert derived(result, 2) == ("contradicted", "closed_without_reason")
        assert derived(result, 5) == ("contradicted", "no_contact")
        # 130 points (+50 awaiting the link check): sufficient, neither
        assert derived(result, 6) is None
        assert derived(result, 9) == ("contradicted", "no_open_format")
        assert derived(result, 16) == ("contradicted", "licence_not_open")
        assert derived(result, 18) == ("contradicted", "stale")
        assert derived(result, 13) is None
        assert derived(result, 15) is None  # no DCAT feed on this portal

    def test_bad_quality_contradicts_data_hygiene(self, sf):
        result = rules.evaluate(sf, {"id": "x", "title": "T", "resources": [
            {"id": "r", "url": "https://x.org/a.pdf", "format": "PDF"}]},
            today=TODAY)
        assert result["quality"]["rating"] == "bad"
        assert derived(result, 6) == ("contradicted", "quality_bad")
        assert derived(result, 16) == ("contradicted", "no_licence")

    def test_recorded_reason_proves_comply_or_explain(self, sf):
        dataset = complete_dataset(access_rights="RESTRICTED",
                                   charter_closed_reason="Personal data")
        result = rules.evaluate(sf, dataset, today=TODAY)
        assert derived(result, 2) == ("proven", "reason_recorded")

    def test_claims_apart_from_proofs(self, sf):
        result = rules.evaluate(sf, complete_dataset(license_id="other-closed"),
                                claims={"smart-flanders": [11, 16]},
                                today=TODAY)
        assert result["claimed"] == ["smart-flanders:11", "smart-flanders:16"]
        assert "smart-flanders:16" in result["contradicted"]
        assert "smart-flanders:16" not in result["proven"]
        assert "smart-flanders:11" not in result["proven"]

    def test_private_dataset_not_in_feed(self, sf):
        result = rules.evaluate(sf, complete_dataset(private=True),
                                dcat_feed=True, today=TODAY)
        assert derived(result, 15) == ("contradicted", "private_not_in_feed")

    def test_freshness_without_promise(self, sf):
        result = rules.evaluate(sf, complete_dataset(update_frequency="IRREG"),
                                today=TODAY)
        assert derived(result, 18) is None

    def test_other_charter_reuses_rules(self, available):
        odc = ch.select(available, ["open-data-charter"])
        result = rules.evaluate(odc, complete_dataset(), today=TODAY)
        assert derived(result, 3, "open-data-charter") == ("proven",
                                                           "open_format")
        assert result["proven"][0].startswith("open-data-charter:")


class TestSummary:
    FRAMEWORK = {"levels": [{"value": v, "label": f"L{v}"}
                            for v in range(4)],
                 "domains": [{"code": "a", "name": "A",
                              "principles": [1, 20]},
                             {"code": "b", "name": "B",
                              "principles": [20]}]}

    def test_maturity_principles(self, sf):
        result = {"domains": [{"domain": "a", "level": 3},
                              {"domain": "b", "level": 1}]}
        sf = sf["smart-flanders"]
        found = display.maturity_principles(sf, self.FRAMEWORK, result, "en")
        assert found[1]["met"] is True
        assert found[20] == {"level": 1, "domains": ["A", "B"],
                             "level_label": "L1", "met": False}

    def test_named_domains_are_the_frameworks(self, available):
        import yaml
        from ckanext.maturity import framework as fw
        codes = set()
        for path in fw.DATA_DIR.glob("framework-*.yaml"):
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
            codes |= {d["code"] for d in content["domains"]}
        named = {d for c in available.values() for p in c.principles
                 for d in p.maturity_domains}
        assert named and named <= codes
        assert display.maturity_principles(sf, self.FRAMEWORK, None,
                                           "en") == {}

    def test_other_charter_reads_the_domains_it_names(self, available):
        """The international charter's organization principles 5 and 6
        are read from the same assessment as Smart Flanders' (they used to
        say "no submitted maturity assessment" beside it)."""
        odc = ch.select(available, ["open-data-charter"])["open-data-charter"]
        framework = {"levels": self.FRAMEWORK["levels"], "domains": [
            {"code": "governance", "name": "Governance", "principles": [3]},
            {"code": "dialogue", "name": "Dialogue", "principles": [5]},
            {"code": "inspiration", "name": "Inspiration",
             "principles": [4]}]}
        result = {"domains": [{"domain": "governance", "level": 3},
                              {"domain": "dialogue", "level": 2},
                              {"domain": "inspiration", "level": 1}]}
        found = display.maturity_principles(odc, framework, result, "en")
        assert set(found) == {5, 6}
        assert found[5]["level"] == 2 and found[5]["met"] is True
        assert found[6] == {"level": 1, "domains": ["Inspiration",
                                                    "Dialogue"],
                            "level_label": "L1", "met": False}


class TestGeneratedBadInput:
    """Whatever a client sends as claims, the result is valid claims or
    problems, never an exception and never an unknown principle."""

    def test_claims_never_crash(self, sf):
        from hypothesis import given, settings, strategies as st

        scalar = st.one_of(st.none(), st.booleans(), st.integers(),
                           st.floats(allow_nan=True), st.text(max_size=30))
        value = st.recursive(scalar, lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(max_size=20), inner, max_size=3)),
            max_leaves=8)

        @settings(max_examples=300, deadline=None)
        @given(value)
        def check(raw):
            claims, problems = ch.parse_claims(sf, raw)
            for code, numbers in claims.items():
                charter = sf[code]
                for n in numbers:
                    assert charter.principle(n).scope == "dataset"
            assert all(p.field == "charter_claims" for p in problems)

        check()

    def test_score_never_crashes_on_odd_values(self):
        from hypothesis import given, settings, strategies as st

        odd = st.one_of(st.none(), st.integers(), st.text(max_size=10),
                        st.lists(st.text(max_size=5), max_size=2))
        resource = st.dictionaries(
            st.sampled_from(["id", "url", "format", "mimetype",
                             "download_url", "license_id", "size",
                             "rights", "last_modified"]), odd)

        @settings(max_examples=200, deadline=None)
        @given(st.dictionaries(
            st.sampled_from(["license_id", "access_rights", "tags",
                             "update_frequency", "modified", "private",
                             "temporal_start", "title", "notes"]), odd),
            st.lists(resource, max_size=3))
        def check(fields, resources):
            dataset = {**fields, "resources": resources}
            result = rules.evaluate(sf_charters(), dataset, today=TODAY)
            assert 0 <= result["quality"]["score"] <= 405

        check()


def sf_charters():
    return ch.select(ch.load_directory(ch.CHARTER_DIR),
                     ["smart-flanders-2018"])


class TestLicenceLists:
    """Open Data DK's register and the EU table's codes, as the municipal
    schema stores them."""

    @pytest.mark.parametrize("code,is_open,is_eu", [
        ("cco", True, True), ("oddk", True, False), ("cc-bysa", True, True),
        ("CC_BY_4_0", True, True), ("CC_BYNC_4_0", False, True),
        ("other-closed", False, False), ("vlaamse-modellicentie", True,
                                         False)])
    def test_codes(self, code, is_open, is_eu):
        m = quality.method()
        assert (code in m.open_licences) == is_open
        assert (code in m.eu_licences) == is_eu


def test_chart_draws_the_rating_bands_of_the_method():
    """The bands behind the monthly score line are the MQA method's ratings
    (data/mqa.yaml), on its scale of points, not numbers of the chart's."""
    m = quality.method()
    minimums = [r["min"] for r in m.ratings]
    svg = chart.line_chart([{"label": "2026-01", "value": 300}], "Score",
                           minimums, m.max_points)
    assert svg.count("<rect") == len(m.ratings)
    for lower in minimums:
        assert f'text-anchor="end">{lower}</text>' in svg
    other = chart.line_chart([{"label": "2026-01", "value": 50}], "Score",
                             [80, 0], 100)
    assert other.count("<rect") == 2
    assert 'text-anchor="end">80</text>' in other
