"""What ckanext.municipal_opendata.compat promises: the same answers on
CKAN 2.11 and 2.12."""
import pytest

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata import compat


def test_knows_the_running_ckan():
    assert compat.CKAN_2_11 == tk.check_ckan_version("2.11", "2.11.99")


@pytest.mark.parametrize("value,expected", [
    (True, True), (False, False), (None, False), (tk.missing, False),
    ("true", True), ("True", True), ("yes", True), ("t", True), ("y", True),
    ("1", True), ("false", False), ("no", False), ("", False),
    ("maybe", False), (1, True), (0, False), (5, True),
    # CKAN 2.11's own validator fails on these with an AttributeError.
    (4.5, False), ([1], False), ({"da": 5}, False), ([None], False),
])
def test_boolean_validator(value, expected):
    assert compat.boolean_validator(value, {}) is expected
