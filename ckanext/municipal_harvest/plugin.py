import ckan.plugins as p
from ckan.lib.plugins import DefaultTranslation

from .harvester import MunicipalDCATHarvester


class MunicipalHarvestPlugin(MunicipalDCATHarvester, DefaultTranslation):
    """The harvester type ``municipal_dcat`` (ckanext-harvest, on
    ckanext-dcat's DCAT RDF harvester) and its import reports."""

    p.implements(p.ITranslation)
