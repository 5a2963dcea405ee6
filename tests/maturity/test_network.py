"""Unit tests of the pure network module: when a network figure may be
shown and when it moves on (docs/maturity.md, "Network figures that
cannot be undone"). The same attacks against the action and the page are
in test_network_privacy.py."""
import itertools

import pytest

from ckanext.maturity import framework as fw
from ckanext.maturity import network

pytestmark = pytest.mark.ckan_config("ckan.plugins",
                                     "postgres_search maturity")

K = 3


@pytest.fixture(scope="module")
def framework():
    versions = fw.load_frameworks(fw.DATA_DIR)
    return versions[fw.latest_version(versions)]


def result(framework, level, need=1, **per_domain):
    """A scored result with ``level`` in every domain, or per domain."""
    return {"domains": [{"domain": d.code,
                         "level": per_domain.get(d.code, level),
                         "need": need} for d in framework.domains]}


def members(framework, *levels, need_of=lambda i: i % 3):
    return {f"a{i}": network.member(f"org{i}",
                                    result(framework, lv, need_of(i)))
            for i, lv in enumerate(levels)}


class TestUndoable:
    @pytest.mark.parametrize("values,hidden", [
        ([], True),
        ([1], True),
        ([1, 2], True),             # fewer than k
        ([0, 1, 2], False),         # any one subtracted: two different left
        ([1, 1, 2], True),          # the 2 knows both others are at 1
        ([1, 1, 1, 1, 1], True),    # everyone at one level
        ([1, 1, 1, 2, 2], False),
        ([1, 1, 1, 1, 2], True),    # the 2 knows all others are at 1
        ([0, 0, 1, 1], False),
    ])
    def test_rule(self, values, hidden):
        assert network.undoable(values, K) is hidden

    def test_no_member_can_subtract_itself_to_an_answer(self):
        """Exhaustively for up to 6 results on the 4 levels: whoever knows
        one of the values, subtracting it from a distribution that may be
        shown, never faces a remainder where everyone is at one level."""
        shown = 0
        for n in range(1, 7):
            for values in itertools.product(range(4), repeat=n):
                if network.undoable(values, K):
                    continue
                shown += 1
                for i in range(n):
                    remainder = values[:i] + values[i + 1:]
                    assert len(set(remainder)) >= 2, (values, i)
        assert shown > 1000  # the rule still lets most networks be shown

    def test_larger_k_protects_coalitions(self):
        # k = 4: two municipalities pooling what they know still face two
        # different values
        for values in itertools.product(range(4), repeat=6):
            if network.undoable(values, 4):
                continue
            for i, j in itertools.combinations(range(6), 2):
                remainder = [v for n, v in enumerate(values)
                             if n not in (i, j)]
                assert len(set(remainder)) >= 2, (values, i, j)


class TestAdvance:
    def test_first_release_when_varied(self, framework):
        cohort = members(framework, 0, 1, 2)
        published = network.advance(framework, {}, {}, cohort, K)
        assert published["legal.level"] == ["a0", "a1", "a2"]
        # needs 0, 1, 2 as well
        assert published["legal.need"] == ["a0", "a1", "a2"]

    def test_no_release_from_uniform_results(self, framework):
        cohort = members(framework, 1, 1, 2)
        published = network.advance(framework, {}, {}, cohort, K)
        assert published["legal.level"] == []

    def test_one_more_result_changes_nothing(self, framework):
        """The differencing attack: the figure before and after one more
        municipality submits is the same figure."""
        cohort = members(framework, 0, 1, 2)
        first = network.advance(framework, {}, {}, cohort, K)
        cohort["a3"] = network.member("org3", result(framework, 3))
        second = network.advance(framework, first, cohort, cohort, K)
        assert second == first
        shown = [network.figures(framework, p, cohort, set(), K)
                 for p in (first, second)]
        assert shown[0] == shown[1]

    def test_moves_on_after_k_varied_new_results(self, framework):
        cohort = members(framework, 0, 1, 2)
        first = network.advance(framework, {}, {}, cohort, K)
        for i, level in ((3, 3), (4, 0)):
            cohort[f"a{i}"] = network.member(f"org{i}",
                                             result(framework, level))
            assert network.advance(framework, first, cohort, cohort,
                                   K)["legal.level"] == first["legal.level"]
        cohort["a5"] = network.member("org5", result(framework, 1))
        moved = network.advance(framework, first, cohort, cohort, K)
        assert moved["legal.level"] == [f"a{i}" for i in range(6)]

    def test_uniform_newcomers_do_not_move_it(self, framework):
        """Three newcomers all at one level: the difference would show
        each of them; the figure waits."""
        cohort = members(framework, 0, 1, 2)
        first = network.advance(framework, {}, {}, cohort, K)
        for i in (3, 4, 5):
            cohort[f"a{i}"] = network.member(f"org{i}",
                                             result(framework, 2))
        moved = network.advance(framework, first, cohort, cohort, K)
        assert moved["legal.level"] == first["legal.level"]

    def test_resubmissions_count_once_per_municipality(self, framework):
        """A municipality probing with new assessments of its own: only its
        latest is in the cohort, so it never makes up k newcomers alone."""
        cohort = members(framework, 0, 1, 2)
        first = network.advance(framework, {}, {}, cohort, K)
        for n, level in enumerate((0, 3, 1, 2)):
            probe = dict(cohort)
            probe[f"probe{n}"] = network.member("org9",
                                                result(framework, level))
            assert network.advance(framework, first, cohort, probe,
                                   K) == first


class TestFigures:
    def test_counts_and_lower_median(self, framework):
        cohort = members(framework, 0, 1, 2, 3)
        published = network.advance(framework, {}, {}, cohort, K)
        stats = network.figures(framework, published, cohort, set(), K)
        legal = stats["domains"]["legal"]
        assert legal["levels"] == {0: 1, 1: 1, 2: 1, 3: 1}
        assert legal["level_count"] == 4
        assert legal["median_level"] == 1
        assert legal["needs"] == {0: 2, 1: 1, 2: 1}

    def test_results_shared_later_no_longer_protect(self, framework):
        cohort = members(framework, 0, 1, 2)
        published = network.advance(framework, {}, {}, cohort, K)
        assert network.figures(framework, published, cohort, set(), K)
        # a1 shares: the two left would be readable by subtraction
        assert network.figures(framework, published, cohort, {"a1"},
                               K) is None

    def test_domain_withheld_alone(self, framework):
        cohort = {f"a{i}": network.member(
            f"org{i}", result(framework, i % 4, i % 3, legal=1))
            for i in range(4)}
        published = network.advance(framework, {}, {}, cohort, K)
        stats = network.figures(framework, published, cohort, set(), K)
        assert stats["domains"]["legal"]["levels"] is None
        assert stats["domains"]["legal"]["median_level"] is None
        assert stats["domains"]["vision"]["levels"] == {0: 1, 1: 1, 2: 1,
                                                        3: 1}

    def test_position(self, framework):
        cohort = members(framework, 0, 1, 2, 3)
        published = network.advance(framework, {}, {}, cohort, K)
        stats = network.figures(framework, published, cohort, set(), K)
        assert network.position(result(framework, 0), stats)["legal"] \
            == "below"
        assert network.position(result(framework, 1), stats)["legal"] == "at"
        assert network.position(result(framework, 3), stats)["legal"] \
            == "above"
        assert network.position(result(framework, 3), None)["legal"] is None

    def test_prune_keeps_what_figures_use(self, framework):
        cohort = members(framework, 0, 1, 2)
        published = network.advance(framework, {}, {}, cohort, K)
        assert network.prune(published, {**cohort, "old": {}}) == cohort
