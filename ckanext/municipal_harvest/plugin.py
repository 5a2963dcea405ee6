import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from .harvester import MunicipalDCATHarvester


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
class MunicipalHarvestPlugin(MunicipalDCATHarvester, DefaultTranslation):
    """The harvester type ``municipal_dcat`` (ckanext-harvest, on
    ckanext-dcat's DCAT RDF harvester) and its import reports."""

    p.implements(p.ITranslation)
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
