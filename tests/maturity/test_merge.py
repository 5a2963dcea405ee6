"""Unit tests of the conflict merge of two editors' answers
(framework.merge_answers, framework.changed_answers): pure, no CKAN."""
import pytest

from ckanext.maturity import framework as fw


@pytest.fixture
def _suite_plugins(no_plugins):
    """Pure functions: no CKAN plugins to load."""


# what is stored: key -> (value, the assessment version it changed in)
STORED = {"a.s1": (1, 1), "a.s2": (2, 3), "a.need": (None, 3)}


def test_changed_answers_are_new_or_different():
    stored = {"a.s1": 1, "a.s2": None}
    incoming = {"a.s1": 1, "a.s2": 2, "a.s3": 0, "a.s4": None}
    assert fw.changed_answers(stored, incoming) == {"a.s2": 2, "a.s3": 0}


def test_a_stored_answer_can_be_cleared():
    assert fw.changed_answers({"a.s1": 1}, {"a.s1": None}) == {"a.s1": None}


def test_nothing_changed():
    assert fw.changed_answers({"a.s1": 1}, {"a.s1": 1}) == {}
    assert fw.merge_answers(STORED, {"a.s1": 1}, 3) == ({}, [])


def test_on_the_latest_version_every_change_is_stored():
    changed, conflicts = fw.merge_answers(
        STORED, {"a.s1": 3, "a.s2": 0, "a.s3": 1}, 3)
    assert conflicts == []
    assert changed == {"a.s1": 3, "a.s2": 0, "a.s3": 1}


def test_answers_others_did_not_touch_merge():
    # a.s2 changed in version 3, after the caller's version 2; the caller
    # answers other statements only
    changed, conflicts = fw.merge_answers(STORED, {"a.s1": 0, "a.s3": 2}, 2)
    assert (changed, conflicts) == ({"a.s1": 0, "a.s3": 2}, [])


def test_the_same_answer_as_the_other_editor_is_no_conflict():
    changed, conflicts = fw.merge_answers(STORED, {"a.s2": 2, "a.s1": 3}, 2)
    assert (changed, conflicts) == ({"a.s1": 3}, [])


def test_another_value_for_an_answer_changed_since_is_a_conflict():
    changed, conflicts = fw.merge_answers(
        STORED, {"a.need": 1, "a.s1": 0, "a.s2": 1}, 2)
    assert conflicts == ["a.need", "a.s2"]  # in the order given
    assert changed == {}  # nothing is stored then


def test_an_answer_changed_in_the_callers_version_is_no_conflict():
    changed, conflicts = fw.merge_answers(STORED, {"a.s2": 1}, 3)
    assert (changed, conflicts) == ({"a.s2": 1}, [])
