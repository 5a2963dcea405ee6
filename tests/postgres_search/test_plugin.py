"""How the plugin sits in CKAN: on when enabled, Solr untouched when not."""
import pysolr
import pytest
import sqlalchemy as sa

import ckan.lib.search as search
from ckan import model
from ckan.lib.search import common, index, query
from ckan.tests import factories

from ckanext.postgres_search.backend import PostgresSearchConnection


def test_enabled_plugin_answers_every_search_module():
    for module in (common, index, query, search):
        assert isinstance(module.make_connection(), PostgresSearchConnection)


@pytest.mark.ckan_config("ckan.plugins", "")
@pytest.mark.ckan_config("solr_url", "http://127.0.0.1:8983/solr/ckan")
def test_disabled_plugin_leaves_ckan_talking_to_solr():
    connection = common.make_connection()
    assert isinstance(connection, pysolr.Solr)
    assert connection.url == "http://127.0.0.1:8983/solr/ckan"


@pytest.mark.usefixtures("clean_db")
def test_missing_index_table_names_the_migration_to_run():
    organization = factories.Organization()
    with model.meta.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE postgres_search_index"))
    try:
        with pytest.raises(search.SearchIndexError,
                           match="ckan db upgrade -p postgres_search"):
            factories.Dataset(owner_org=organization["id"])
    finally:
        model.Session.rollback()
        model.repo.clean_db()
