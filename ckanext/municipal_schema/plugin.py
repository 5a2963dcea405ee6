import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import dcat_profile


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class MunicipalSchemaPlugin(p.SingletonPlugin, DefaultTranslation):
    """Municipal dataset schema (on ckanext-scheming), vocabularies,
    dataset-type catalogue and DCAT-AP 3 profile (on ckanext-dcat)."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        dcat_profile.default_profiles(config)
