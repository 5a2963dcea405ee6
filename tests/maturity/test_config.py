"""A misconfigured maturity plugin stops CKAN at start-up with a message
naming the option and the reason (docs/maturity.md, section 5), instead
of a 500 on the first assessment."""
import os
import shutil

import pytest

from ckan.exceptions import CkanConfigurationException

from ckanext.maturity import framework as fw
from ckanext.maturity import registry

pytestmark = pytest.mark.ckan_config("ckan.plugins",
                                     "postgres_search maturity")

SHIPPED = fw.DATA_DIR / "framework-2025.1.yaml"


def start_ckan_with(ckan_config, make_app, **options):
    """Build CKAN's app (which configures every plugin) with ``options``
    set; the configuration is restored afterwards, so the plugins unload
    cleanly."""
    saved = {key: ckan_config.get(key) for key in options}
    try:
        for key, value in options.items():
            ckan_config[key] = value
        with pytest.raises(CkanConfigurationException) as error:
            make_app()
        return str(error.value)
    finally:
        for key, value in saved.items():
            if value is None:
                ckan_config.pop(key, None)
            else:
                ckan_config[key] = value
        registry.check_configuration(ckan_config)


def test_unknown_framework_version(ckan_config, make_app):
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_version": "1999.9"})
    assert message.startswith("ckanext.maturity.framework_version = 1999.9")
    assert "no framework file has this version" in message
    assert "known versions: 2025.1" in message


def test_missing_framework_directory(ckan_config, make_app, tmp_path):
    missing = tmp_path / "nowhere"
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_directory": str(missing)})
    assert message == (f"ckanext.maturity.framework_directory = {missing}: "
                       f"no such directory")


def test_framework_directory_is_a_file(ckan_config, make_app, tmp_path):
    not_a_directory = tmp_path / "frameworks.yaml"
    not_a_directory.write_text("")
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_directory": str(not_a_directory)})
    assert message == (f"ckanext.maturity.framework_directory = "
                       f"{not_a_directory}: not a directory")


def test_unreadable_framework_directory(ckan_config, monkeypatch, tmp_path):
    """A directory the CKAN user may not read. The tests run as root, who
    reads everything, so the permission check is made to answer no."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: (
        False if str(path) == str(tmp_path) else real_access(path, mode)))
    with pytest.raises(CkanConfigurationException) as error:
        registry.check_configuration(
            {"ckanext.maturity.framework_directory": str(tmp_path)})
    assert str(error.value) == (
        f"ckanext.maturity.framework_directory = {tmp_path}: the directory "
        f"cannot be read by the user CKAN runs as")


def test_framework_file_that_cannot_be_read(ckan_config, make_app,
                                            tmp_path):
    (tmp_path / "framework-2026.1.yaml").mkdir()  # no file to open
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_directory": str(tmp_path)})
    assert message.startswith(
        f"ckanext.maturity.framework_directory = {tmp_path}: a framework "
        f"file cannot be used: {tmp_path / 'framework-2026.1.yaml'}: "
        f"IsADirectoryError")


def test_broken_framework_file(ckan_config, make_app, tmp_path):
    (tmp_path / "framework-2026.1.yaml").write_text(
        "version: '2026.1'\nlevels: [\n")
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_directory": str(tmp_path)})
    assert message.startswith(
        f"ckanext.maturity.framework_directory = {tmp_path}: a framework "
        f"file cannot be used: {tmp_path / 'framework-2026.1.yaml'}")


def test_framework_file_without_domains(ckan_config, make_app, tmp_path):
    (tmp_path / "framework-2026.1.yaml").write_text(
        SHIPPED.read_text().replace('version: "2025.1"',
                                    'version: "2026.1"').split("domains:")[0])
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.framework_directory": str(tmp_path)})
    assert message.endswith("framework-2026.1.yaml: a framework needs "
                            "domains")


def test_network_min_count_below_three(ckan_config, make_app):
    message = start_ckan_with(
        ckan_config, make_app,
        **{"ckanext.maturity.network_min_count": 2})
    assert message.startswith("ckanext.maturity.network_min_count = 2: "
                              "must be at least 3")


def test_a_portal_framework_directory_works(ckan_config, make_app,
                                            tmp_path):
    """The same checks accept a good directory: its version is used."""
    shutil.copy(SHIPPED, tmp_path / "framework-2026.1.yaml")
    text = (tmp_path / "framework-2026.1.yaml").read_text()
    (tmp_path / "framework-2026.1.yaml").write_text(
        text.replace('version: "2025.1"', 'version: "2026.1"'))
    try:
        ckan_config["ckanext.maturity.framework_directory"] = str(tmp_path)
        ckan_config["ckanext.maturity.framework_version"] = "2026.1"
        app = make_app()
        body = app.get("/api/3/action/maturity_framework_show").json
        assert body["result"]["version"] == "2026.1"
        assert body["result"]["versions"] == ["2025.1", "2026.1"]
    finally:
        ckan_config.pop("ckanext.maturity.framework_directory", None)
        ckan_config.pop("ckanext.maturity.framework_version", None)
        registry.check_configuration(ckan_config)
