"""Vocabularies and the dataset-type catalogue, read from the YAML files in
``data/``. Pure Python: no CKAN import, so it is unit-tested directly."""
from __future__ import annotations

import dataclasses
import functools
import pathlib
import re
from typing import Any, Iterable, Optional

from ckanext.municipal_opendata.datafiles import load_yaml
from ckanext.municipal_opendata.labels import pick_label

DATA_DIR = pathlib.Path(__file__).parent / "data"
VOCABULARY_DIR = DATA_DIR / "vocabularies"
LANGUAGES = ("da", "nl", "sv", "en")
VOCABULARIES = (
    "data_themes", "frequencies", "hvd_categories", "access_rights",
    "licences", "languages", "municipalities", "planned_availability",
    "file_types", "legislation",
)
# Hosts of the EU authority tables: their URIs are written with http, but
# catalogues (Open Data DK's among them) also write them with https.
_EU_HOSTS = ("publications.europa.eu", "data.europa.eu")


def normalise_uri(value: Any, suffixes: Iterable[str] = ()) -> str:
    """A URI as the vocabularies' URI maps list it: no scheme (http and
    https alike), no "www.", lower case, no query, fragment or trailing
    slash, and without the ``suffixes`` (regular expressions: a licence's
    "deed.da" or "legalcode" page)."""
    text = str(value or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.sub(r"^www\.", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    for suffix in suffixes:
        text = re.sub(f"(?:{suffix})$", "", text).rstrip("/")
    return text


def is_uri(value: Any) -> bool:
    return isinstance(value, str) and bool(
        re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$", value.strip()))



def all_languages(labels: Any) -> dict:
    """``labels`` as a dict with every portal language."""
    if isinstance(labels, dict):
        return {lang: pick_label(labels, lang) for lang in LANGUAGES}
    return {lang: str(labels) for lang in LANGUAGES}


@dataclasses.dataclass(frozen=True)
class Term:
    code: str
    uri: Optional[str]
    labels: dict
    extra: dict

    def label(self, lang: Optional[str] = None) -> str:
        return pick_label(self.labels, lang)


class Vocabulary:
    def __init__(self, name: str, authority: Optional[str],
                 terms: Iterable[Term], extra: Optional[dict] = None):
        self.name = name
        self.authority = authority
        self.terms = list(terms)
        self.extra = extra or {}
        self._by_code = {t.code: t for t in self.terms}
        self._by_uri = {}
        self._by_alias = {}
        # codes and aliases in another case ("daily", "cc-BY") name the
        # same term
        self._by_folded = {}
        for t in self.terms:
            # A URI several codes share maps back to the code the authority
            # itself uses (licence/CC0 -> CC0, frequency/CONT -> CONT).
            if t.uri and (t.uri not in self._by_uri
                          or t.uri.rsplit("/", 1)[-1] == t.code):
                self._by_uri[t.uri] = t
            for alias in t.extra.get("aliases", ()):
                self._by_alias.setdefault(str(alias), t)
        for t in self.terms:
            self._by_folded.setdefault(t.code.casefold(), t)
        for alias, t in self._by_alias.items():
            self._by_folded.setdefault(alias.casefold(), t)

    @classmethod
    def from_dict(cls, data: dict, extra_codes: Iterable[str] = ()
                  ) -> "Vocabulary":
        """``extra_codes``: more codes of the authority table, accepted
        with the code as label but not offered as form choices."""
        base = data.get("base_uri")
        terms = []
        for raw in data["terms"]:
            raw = dict(raw)
            code = str(raw.pop("code"))
            if "uri" in raw:
                uri = raw.pop("uri")
            else:
                uri = base + code if base else None
            # a term without labels (a file type) is named by its code
            labels = all_languages(raw.pop("label", code))
            terms.append(Term(code, uri, labels, raw))
        known = {t.code for t in terms}
        for code in extra_codes:
            if code and code not in known:
                known.add(code)
                terms.append(Term(code, base + code if base else None,
                                  all_languages(code), {"listed": False}))
        extra = {k: v for k, v in data.items()
                 if k not in ("name", "authority", "base_uri", "terms")}
        return cls(data["name"], data.get("authority"), terms, extra)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, code: Any) -> Optional[Term]:
        return self._by_code.get(code)

    def by_uri(self, uri: Any) -> Optional[Term]:
        uri = str(uri)
        term = self._by_uri.get(uri)
        if term is None and uri.startswith("https://") and uri[8:].startswith(
                _EU_HOSTS):
            term = self._by_uri.get("http://" + uri[8:])
        return term

    def uri(self, code: Any) -> Optional[str]:
        term = self.get(code)
        return term.uri if term else None

    def code_for(self, value: Any) -> Optional[str]:
        """The code of a term given by code, URI or alias (codes and
        aliases in any case)."""
        if not isinstance(value, str):
            return None
        if value in self._by_code:
            return value
        term = self.by_uri(value) or self._by_alias.get(value) or \
            self._by_folded.get(value.casefold())
        if term is None and is_uri(value):
            return self._code_for_uri(value)
        return term.code if term else None

    def _code_for_uri(self, value: str) -> Optional[str]:
        """Another spelling of a URI the vocabulary knows: listed in its
        URI map, or a code after one of its URI prefixes (the EU table's
        /authority/language/DAN and /resource/dataset/language/DAN,
        lexvo's and the Library of Congress's ISO 639 URIs)."""
        key = normalise_uri(value, self.extra.get("uri_suffixes", ()))
        code = self.extra.get("uri_map", {}).get(key)
        if code:
            return code
        for prefix in self.extra.get("uri_prefixes", ()):
            rest = key[len(prefix):] if key.startswith(prefix) else ""
            if rest and "/" not in rest and not is_uri(rest):
                return self.code_for(rest)
        return None

    def choices(self, value_attr: str = "code") -> list:
        """Scheming choices: ``value`` and a ``label`` dict in every
        portal language (scheming picks the portal's locale)."""
        return [{"value": getattr(t, value_attr), "label": dict(t.labels)}
                for t in self.terms if t.extra.get("listed", True)]

    def broader(self, code: Any) -> Optional[Term]:
        """The parent of a term in a hierarchical vocabulary (HVD)."""
        term = self.get(code)
        return self.get(term.extra.get("broader")) if term else None

    def top(self, code: Any) -> Optional[Term]:
        """The top concept above a term (the term itself at the top)."""
        term = self.get(code)
        while term is not None and term.extra.get("broader"):
            term = self.get(term.extra["broader"])
        return term


@functools.lru_cache(maxsize=None)
def vocabulary(name: str) -> Vocabulary:
    if name not in VOCABULARIES:
        raise KeyError(name)
    with open(VOCABULARY_DIR / f"{name}.yaml", encoding="utf-8") as f:
        data = load_yaml(f)
    extra_codes: list = []
    if data.get("codes_file"):
        with open(VOCABULARY_DIR / data["codes_file"], encoding="utf-8") as f:
            extra_codes = [line.strip() for line in f if line.strip()]
    if data.get("uri_map_file"):
        with open(VOCABULARY_DIR / data["uri_map_file"], encoding="utf-8") as f:
            data["uri_map"] = {normalise_uri(k, data.get("uri_suffixes", ())):
                               str(v) for k, v in load_yaml(f).items()}
    voc = Vocabulary.from_dict(data, extra_codes)
    if data.get("aliases_file"):
        _add_aliases(voc, VOCABULARY_DIR / data["aliases_file"])
    return voc


def _add_aliases(voc: "Vocabulary", path: pathlib.Path) -> None:
    """More codes of a term (a tab-separated file: code, then its other
    codes separated by spaces), as aliases in any case."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            code, aliases = line.rstrip("\n").split("\t", 1)
            term = voc.get(code)
            for alias in aliases.split() if term else ():
                voc._by_alias.setdefault(alias, term)
                voc._by_folded.setdefault(alias.casefold(), term)


# -- dataset-type catalogue -------------------------------------------------

@dataclasses.dataclass(frozen=True)
class DatasetType:
    code: str
    names: dict
    theme: Optional[str]
    hvd_category: Optional[str]
    spec_url: Optional[str]

    def name(self, lang: Optional[str] = None) -> str:
        return pick_label(self.names, lang)

    def as_dict(self, lang: Optional[str] = None) -> dict:
        hvd = vocabulary("hvd_categories")
        themes = vocabulary("data_themes")
        return {
            "code": self.code,
            "name": self.name(lang),
            "name_translated": dict(self.names),
            "theme": self.theme,
            "theme_uri": themes.uri(self.theme),
            "hvd_category": self.hvd_category,
            "hvd_category_uri": hvd.uri(self.hvd_category),
            "spec_url": self.spec_url,
        }


@functools.lru_cache(maxsize=None)
def dataset_types() -> tuple:
    with open(DATA_DIR / "dataset_types.yaml", encoding="utf-8") as f:
        data = load_yaml(f)
    return tuple(
        DatasetType(str(t["code"]), all_languages(t["name"]), t.get("theme"),
                    t.get("hvd_category"), t.get("spec_url"))
        for t in data["types"])


def dataset_type(code: Any) -> Optional[DatasetType]:
    return next((t for t in dataset_types() if t.code == code), None)


def check_data() -> list:
    """Problems in the data files (an empty list when they are sound)."""
    problems = []
    for name in VOCABULARIES:
        voc = vocabulary(name)
        codes = [t.code for t in voc]
        if len(codes) != len(set(codes)):
            problems.append(f"{name}: duplicate codes")
        for t in voc:
            missing = [lang for lang in LANGUAGES if not t.labels.get(lang)]
            if missing:
                problems.append(f"{name}/{t.code}: no label in {missing}")
            if name != "licences" and not t.uri:
                problems.append(f"{name}/{t.code}: no authority URI")
            parent = t.extra.get("broader")
            if parent and parent not in voc:
                problems.append(f"{name}/{t.code}: unknown broader {parent}")
    for t in dataset_types():
        if t.theme not in vocabulary("data_themes"):
            problems.append(f"type {t.code}: unknown theme {t.theme}")
        if t.hvd_category and t.hvd_category not in vocabulary("hvd_categories"):
            problems.append(f"type {t.code}: unknown HVD {t.hvd_category}")
    return problems
