"""Template helpers: choices for the schema's select fields, labels of
vocabulary terms and the dataset-type catalogue in the portal's language."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.municipal_opendata.lang import current_lang

from . import vocab

__all__ = [
    "municipal_choices", "municipal_dataset_type_choices",
    "municipal_term_label", "municipal_term_uri", "municipal_dataset_types",
    "municipal_dataset_type", "municipal_lang", "scheming_language_text",
    "scheming_choices_label", "municipal_translations",
    "municipal_has_value", "municipal_portal_links",
    "municipal_legislation_label", "municipal_licence_page_title",
    "municipal_language_name", "municipal_translation_boxes",
    "municipal_series_choices", "municipal_kept_choice",
]

# The pages of the suite's plugins the front page points to: endpoint,
# title, what a visitor finds there (msgids, translated when shown).
PORTAL_PAGES = (
    ("dataset.search", "Datasets",
     "Search the data the municipalities publish."),
    ("municipal_schema.dataset_types", "Dataset types",
     "Which municipality publishes which kind of data."),
    ("maturity.network", "Open-data maturity",
     "How far the municipalities have come with open data."),
    ("prioritization.ranking", "Priorities",
     "Which datasets to open first."),
    ("charter.network", "Charter and metadata quality",
     "The charters the municipalities adopted, and how well their "
     "datasets are described."),
)


def municipal_series_choices(field):
    """The dataset series a dataset may be put in (logic/series.py)."""
    from .logic.series import series_choices
    return series_choices(field)


def municipal_has_value(value) -> bool:
    """Whether a field holds something to show: not missing, not empty
    text, not an empty list or mapping (False is a value)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return any(municipal_has_value(v) for v in (
            value.values() if isinstance(value, dict) else value))
    return True


@tk.chained_helper
def scheming_choices_label(next_helper, choices, value):
    """The label of ``value`` among ``choices``, for regional locales too
    (see ``scheming_language_text``); a yes/no field's boolean matches its
    "true"/"false" choice."""
    if isinstance(value, bool):
        value = "true" if value else "false"
    for choice in choices or []:
        if choice.get("value") == value:
            return tk.h.scheming_language_text(choice.get("label", value))
    return next_helper(choices, value)


@tk.chained_helper
def scheming_language_text(next_helper, text, prefer_lang=None):
    """ckanext-scheming's label picker, also for regional locales: CKAN's
    Danish locale is ``da_DK`` while the schema's texts are keyed ``da``."""
    if isinstance(text, dict):
        lang = prefer_lang or municipal_lang()
        if lang and lang not in text:
            base = lang.replace("-", "_").split("_")[0]
            if base in text:
                return next_helper(text, prefer_lang=base)
    return next_helper(text, prefer_lang=prefer_lang)


def municipal_lang() -> str:
    return current_lang()


def municipal_choices(field: dict) -> list:
    """Scheming ``choices_helper``: the terms of ``field['vocabulary']``,
    valued by code (or by URI with ``vocabulary_value: uri``)."""
    voc = vocab.vocabulary(field["vocabulary"])
    return voc.choices(field.get("vocabulary_value", "code"))


def municipal_kept_choice(field: dict, data: dict) -> dict | None:
    """The stored value of an ``other_uris`` field that its vocabulary does
    not list, as one more choice of the form's select, named by the field
    ``other_label_field`` holds (the licence's title) or by the address."""
    value = (data or {}).get(field["field_name"])
    if not field.get("other_uris") or not isinstance(value, str) \
            or not value or _known_term(field, value):
        return None
    label = data.get(field.get("other_label_field") or "")
    return {"value": value,
            "label": label if isinstance(label, str) and label else value}


def _known_term(field: dict, value: str) -> bool:
    return vocab.vocabulary(field["vocabulary"]).code_for(value) is not None


def municipal_dataset_type_choices(field: dict) -> list:
    return [{"value": t.code, "label": dict(t.names)}
            for t in vocab.dataset_types()]


def municipal_term_label(vocabulary: str, value) -> str:
    voc = vocab.vocabulary(vocabulary)
    code = voc.code_for(value)
    return voc.get(code).label(municipal_lang()) if code else (value or "")


def municipal_term_uri(vocabulary: str, value):
    voc = vocab.vocabulary(vocabulary)
    code = voc.code_for(value)
    return voc.uri(code) if code else None


def municipal_dataset_types() -> list:
    lang = municipal_lang()
    return [t.as_dict(lang) for t in vocab.dataset_types()]


def municipal_dataset_type(code):
    t = vocab.dataset_type(code)
    return t.as_dict(municipal_lang()) if t else None


def municipal_translations(value) -> list[tuple[str, str]]:
    """(language, text) of a ``*_translated`` field for its form inputs:
    one per content language of the portal, then any other language the
    dataset has (kept, so saving the form does not drop it)."""
    import json

    from . import config_check
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = {}
    value = value if isinstance(value, dict) else {}
    languages = list(config_check.content_languages(tk.config))
    languages += [lang for lang in value if lang not in languages]
    return [(lang, value.get(lang) or "") for lang in languages]


def municipal_portal_links() -> list[dict[str, str]]:
    """The portal's pages for the front page, those of the plugins that
    are on, with their title and purpose in the reader's language."""
    _ = tk._
    # the msgids, for extraction (make pot)
    _("Datasets"), _("Search the data the municipalities publish.")
    _("Dataset types"), _("Which municipality publishes which kind of data.")
    _("Open-data maturity")
    _("How far the municipalities have come with open data.")
    _("Priorities"), _("Which datasets to open first.")
    _("Charter and metadata quality")
    _("The charters the municipalities adopted, and how well their "
      "datasets are described.")
    links = []
    for endpoint, title, text in PORTAL_PAGES:
        try:
            url = tk.h.url_for(endpoint)
        except Exception:  # werkzeug's BuildError: that plugin is off
            continue
        links.append({"url": url, "title": _(title), "text": _(text)})
    return links


def municipal_legislation_label(uri) -> str:
    """The name of an act given by its ELI URI, in the reader's language
    (the legislation vocabulary); the URI itself when it is not listed."""
    key = vocab.normalise_uri(uri)
    for term in vocab.vocabulary("legislation"):
        if term.uri and vocab.normalise_uri(term.uri) == key:
            return term.label(municipal_lang())
    return "" if uri is None else str(uri)


def municipal_licence_page_title(dataset_type: str) -> str:
    """The title of the form page with the licence field."""
    pages = tk.h.scheming_get_dataset_form_pages(dataset_type) or []
    for page in pages:
        if any(f.get("field_name") == "license_id"
               for f in page.get("fields") or []):
            return tk.h.scheming_language_text(page.get("title"))
    return ""


def municipal_language_name(code: str) -> str:
    """A language's name in the reader's language (``da``: "dansk" to a
    Danish reader, "Danish" to an English one)."""
    from babel import Locale, UnknownLocaleError
    try:
        name = Locale.parse(code).get_display_name(
            Locale.parse(municipal_lang().replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name or code


def municipal_translation_boxes(value) -> tuple[list, list]:
    """The translation inputs of a ``*_translated`` field, split: those
    shown (the portal's default language, and every language that has a
    text) and those a publisher opens to add a translation."""
    default = str(tk.config.get("ckan.locale_default") or "en")
    default = default.split("_")[0].split("-")[0]
    shown, more = [], []
    for lang, text in municipal_translations(value):
        (shown if lang == default or text else more).append((lang, text))
    return shown, more
