import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import registry


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class MaturityPlugin(p.SingletonPlugin, DefaultTranslation):
    """Open-data maturity self-assessment for municipalities."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ITranslation)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    def configure(self, config):
        # A framework option pointing nowhere stops CKAN here, with the
        # option named, rather than as a 500 on the first assessment.
        registry.check_configuration(config)
