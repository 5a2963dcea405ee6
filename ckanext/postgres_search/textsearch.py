"""The text search configurations of the index: one list, used by the
migration that creates them and by the backend that picks one.

Pure Python, no CKAN import. CKAN's Solr text field stems but has no stop
filter, so "the" or "og" must be found: each portal language gets a copy
of PostgreSQL's configuration with its snowball stemmer and without the
stop-word dictionary (docs/search.md, "Text and stemming").
"""
from __future__ import annotations

# PostgreSQL snowball languages the migration builds a configuration for.
LANGUAGES = ("danish", "dutch", "swedish", "english", "german", "french",
             "finnish", "norwegian")

# CKAN locale (language part) -> snowball language.
LOCALE_LANGUAGES = {
    "da": "danish", "nl": "dutch", "sv": "swedish", "en": "english",
    "de": "german", "fr": "french", "fi": "finnish", "nb": "norwegian",
    "no": "norwegian",
}

# A locale without a stemmer of its own: words are only lower-cased.
FALLBACK = "simple"

# The token types PostgreSQL's default parser gives words.
_WORD_TOKENS = ("asciiword, asciihword, hword_asciipart, word, hword, "
                "hword_part")


def configuration_name(language: str) -> str:
    return f"postgres_search_{language}"


def dictionary_name(language: str) -> str:
    return f"postgres_search_{language}_stem"


CONFIGURATIONS = tuple(configuration_name(lang) for lang in LANGUAGES)


def for_locale(locale: str | None) -> str:
    """The configuration for a CKAN locale such as ``da_DK`` or ``sv``."""
    language = LOCALE_LANGUAGES.get((locale or "en").split("_")[0].lower())
    return configuration_name(language) if language else FALLBACK


def create_statements() -> list[str]:
    """SQL creating the plugin's configurations (after dropping leftovers:
    a database reset drops tables, not configurations)."""
    statements = drop_statements()
    for language in LANGUAGES:
        config, dictionary = (configuration_name(language),
                              dictionary_name(language))
        statements += [
            f"CREATE TEXT SEARCH DICTIONARY {dictionary} "
            f"(TEMPLATE = snowball, Language = {language})",
            f"CREATE TEXT SEARCH CONFIGURATION {config} "
            f"(COPY = pg_catalog.{language})",
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
            f"{_WORD_TOKENS} WITH {dictionary}",
        ]
    return statements


def drop_statements() -> list[str]:
    statements = []
    for language in LANGUAGES:
        statements += [
            "DROP TEXT SEARCH CONFIGURATION IF EXISTS "
            f"{configuration_name(language)}",
            f"DROP TEXT SEARCH DICTIONARY IF EXISTS {dictionary_name(language)}",
        ]
    return statements
