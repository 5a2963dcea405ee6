"""A schema or profile option pointing nowhere: CKAN refuses to start and
the message names the option and why (not a 500 on the first dataset
page). Started as an operator starts it: the `ckan` command on an ini."""
import os
import pathlib
import subprocess
import sys

import pytest

from ckanext.municipal_schema import config_check

from .conftest import PLUGINS

TEST_INI = pathlib.Path(__file__).resolve().parents[2] / "test.ini"
CKAN = pathlib.Path(sys.executable).parent / "ckan"


# The logging sections every ini made by `ckan generate config` has: CKAN
# 2.11 reads them whenever it loads a config file.
LOGGING = """
[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARNING
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic
[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
"""


def _start(tmp_path, *lines):
    ini = tmp_path / "portal.ini"
    ini.write_text("\n".join([
        "[app:main]", f"use = config:{TEST_INI}",
        f"ckan.plugins = {PLUGINS}", *lines, LOGGING]))
    return subprocess.run([str(CKAN), "-c", str(ini), "sysadmin", "list"],
                          capture_output=True, text=True, env=os.environ,
                          timeout=120)


@pytest.mark.parametrize("option,value,reason", [
    ("scheming.dataset_schemas",
     "ckanext.municipal_schema:schemas/datset.yaml", "there is no file"),
    ("scheming.organization_schemas", "ckanext.municipal:organization.yaml",
     'there is no Python module "ckanext.municipal"'),
    ("scheming.presets", "ckanext.municipal_schema:schemas/presets.yml",
     "there is no file"),
    ("ckanext.municipal_schema.rdf_profiles",
     "euro_dcat_ap_3 municipal_dcat_ap3",
     '"municipal_dcat_ap3" is not an RDF profile installed'),
    ("ckanext.dcat.rdf.profiles", "euro_dcat_ap_4",
     '"euro_dcat_ap_4" is not an RDF profile installed'),
    ("ckanext.municipal_schema.content_languages", "da en_GB",
     "en_GB is not a list of language tags"),
    ("ckanext.municipal_schema.unknown_content_language", "drop",
     '"drop" is neither "keep" nor "refuse"'),
])
def test_ckan_refuses_to_start_naming_the_option(tmp_path, option, value,
                                                 reason):
    started = _start(tmp_path, f"{option} = {value}")
    assert started.returncode != 0
    last = started.stderr.strip().splitlines()[-1]
    assert last.startswith("ckanext.municipal_schema.config_check."
                           "ConfigurationError: municipal_schema cannot "
                           f"start: {option}: "), last
    assert reason in last, last


def test_ckan_starts_with_the_defaults(tmp_path):
    started = _start(tmp_path)
    assert started.returncode == 0, started.stderr[-2000:]
    assert "ConfigurationError" not in started.stderr


def test_a_schema_of_another_extension_is_accepted():
    assert config_check.schema_location_problem(
        "ckanext.scheming:ckan_dataset.yaml") is None
    assert config_check.schema_location_problem(
        "https://portal.example.org/schema.yaml") is None
    assert "is neither" in config_check.schema_location_problem("dataset.yaml")
    assert config_check.problems({}) == []
