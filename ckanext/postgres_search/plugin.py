import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import backend
# The index table on CKAN's metadata: CKAN's database reset empties it too.
from . import model  # noqa: F401


@tk.blanket.config_declarations
class PostgresSearchPlugin(p.SingletonPlugin):
    """CKAN's dataset search answered by PostgreSQL instead of Solr."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config):
        backend.install()
        # CKAN declares solr_url as required; a portal without Solr has none.
        if not config.get("solr_url"):
            config["solr_url"] = backend.NO_SOLR_URL

    def configure(self, config):
        # Called once the database engine exists: a misnamed option stops
        # CKAN here rather than failing every search later.
        backend.check_text_search_config()
