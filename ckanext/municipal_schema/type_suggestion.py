"""Suggesting a municipal dataset type for a dataset that has none, from
its titles, keywords and descriptions, by the names of the type catalogue
(``data/dataset_types.yaml``) and their synonyms
(``data/dataset_type_synonyms.yaml``) in da, nl, sv and en. Pure Python: no
CKAN import. A suggestion is only ever shown for someone to confirm; this
module sets nothing.

How a word matches (docs/prioritization.md, "Suggested dataset types"):

- case, accents and the Nordic letters are folded: æ ä ae, ø ö oe and
  å aa read alike, é reads as e, so "støj", "stoej" and "stöj" meet;
- a synonym's plural or definite ending is dropped ("pladser" -> "plads",
  "skola" -> "skol") when four letters remain, and the word then matches
  the start of a longer word (plurals, definite forms, the head of a
  compound: "parkering" matches "parkeringspladser");
- a word of six letters or more also matches inside a compound
  ("avfall" in "hushållsavfall"); a shorter one matches a whole word, or
  the start of one from four letters;
- a phrase matches consecutive words, each word as above (no inside
  match but for the first).

A type scores ``WEIGHTS[field]`` for each distinct word of a field that
matched one of its terms, at most ``MAX_PER_FIELD`` words per field
counted (a word matching several synonyms counts once): a title
counts more than keywords, which count more than a description. Types
below ``THRESHOLD`` are not suggested (a description's single mention is
not enough), and a dataset that has a type gets no suggestion.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from typing import Any, Iterable, Iterator

from ckanext.municipal_opendata.datafiles import load_yaml

from . import vocab

SYNONYMS_FILE = vocab.DATA_DIR / "dataset_type_synonyms.yaml"
FIELDS = ("title", "keywords", "description")
WEIGHTS = {"title": 3, "keywords": 2, "description": 1}
MAX_PER_FIELD = 2
THRESHOLD = 2
LIMIT = 3
PREFIX_MIN = 4  # a word this long matches the start of a longer word
INFIX_MIN = 6  # a word this long matches inside a compound
DESCRIPTION_LIMIT = 5000  # characters of a description read
# Plural and definite endings of da, nl, sv and en, longest first (as
# folded: "ae" and "aa" read as "a").
ENDINGS = ("erne", "ene", "arna", "orna", "erna", "en", "er", "ar", "or",
           "es", "s", "e", "a")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss",
                       "đ": "d", "ł": "l", "œ": "oe"})
_DIGRAPH = re.compile(r"aa|ae|oe")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """``text`` in lower case without accents, with æ/ä/ae, ø/ö/oe and
    å/aa each read as one letter (a, o, a)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _DIGRAPH.sub(lambda m: m.group()[0], text)


def stem(word: str) -> str:
    """A folded word without its plural or definite ending, when at least
    ``PREFIX_MIN`` letters remain."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= PREFIX_MIN:
            return word[:-len(ending)]
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """The words of ``text``: (as written, folded)."""
    return [(w, fold(w)) for w in _WORD.findall(text)]


def word_matches(token: str, word_stem: str, inside: bool = False) -> bool:
    """Whether a folded word of a dataset matches a synonym's stem."""
    if token == word_stem:
        return True
    if len(word_stem) >= PREFIX_MIN and token.startswith(word_stem):
        return True
    return inside and len(word_stem) >= INFIX_MIN and word_stem in token


@dataclasses.dataclass(frozen=True)
class Term:
    """A name or synonym of a type: as written, and its words' stems."""
    code: str
    text: str
    lang: str
    stems: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Match:
    field: str  # title, keywords or description
    words: str  # the dataset's words, as written
    term: str  # the name or synonym they matched
    lang: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Suggestion:
    code: str
    score: int
    matches: tuple[Match, ...]

    def as_dict(self) -> dict:
        return {"code": self.code, "score": self.score,
                "matches": [m.as_dict() for m in self.matches]}


class Catalogue:
    """The types (in the catalogue's order) with their names and
    synonyms, indexed by the stem of each term's first word."""

    def __init__(self, types: Iterable[tuple[str, dict]], synonyms: dict):
        self.codes: tuple[str, ...] = ()
        self._first: dict[str, list[Term]] = {}
        codes = []
        for code, names in types:
            codes.append(code)
            for lang, text in _terms(names, synonyms.get(code) or {}):
                stems = tuple(stem(fold(w)) for w in _WORD.findall(text))
                if stems:
                    self._first.setdefault(stems[0], []).append(
                        Term(code, text, lang, stems))
        self.codes = tuple(codes)
        self._order = {code: i for i, code in enumerate(codes)}
        self._lengths = sorted({len(s) for s in self._first})
        self._hits: dict[str, tuple[Term, ...]] = {}

    def first_hits(self, token: str) -> tuple[Term, ...]:
        """The terms whose first word matches the folded ``token``
        (remembered: a portal's words repeat)."""
        hits = self._hits.get(token)
        if hits is None:
            if len(self._hits) > 200_000:
                self._hits.clear()
            candidates = {token}
            for k in self._lengths:
                if PREFIX_MIN <= k < len(token):
                    candidates.add(token[:k])
                if k >= INFIX_MIN:
                    candidates.update(token[i:i + k]
                                      for i in range(1, len(token) - k + 1))
            hits = tuple(term for c in sorted(candidates)
                         for term in self._first.get(c, ())
                         if word_matches(token, term.stems[0], inside=True))
            self._hits[token] = hits
        return hits

    def matches(self, text: str) -> Iterator[tuple[Term, str]]:
        """(term, the words of ``text`` it matched) for every match."""
        words = tokens(text)
        for i, (_written, folded) in enumerate(words):
            for term in self.first_hits(folded):
                rest = term.stems[1:]
                following = words[i + 1:i + 1 + len(rest)]
                if len(following) == len(rest) and all(
                        word_matches(token, s)
                        for (_w, token), s in zip(following, rest)):
                    yield term, " ".join(w for w, _f in
                                         words[i:i + 1 + len(rest)])

    def order(self, code: str) -> int:
        return self._order.get(code, len(self._order))


def _terms(names: dict, synonyms: dict) -> Iterator[tuple[str, str]]:
    """(language, text) of a type's names (without what they say in
    brackets) and synonyms, each once."""
    seen = set()
    for lang, name in (names or {}).items():
        text = re.sub(r"\([^)]*\)", " ", str(name)).strip()
        if text and fold(text) not in seen:
            seen.add(fold(text))
            yield lang, text
    for lang, words in synonyms.items():
        for text in words or ():
            text = str(text).strip()
            if text and fold(text) not in seen:
                seen.add(fold(text))
                yield lang, text


def load_synonyms(path=SYNONYMS_FILE) -> dict:
    with open(path, encoding="utf-8") as f:
        return (load_yaml(f) or {}).get("synonyms") or {}


@functools.lru_cache(maxsize=None)
def catalogue() -> Catalogue:
    """The portal's catalogue and synonyms, as the data files have them."""
    return Catalogue(((t.code, t.names) for t in vocab.dataset_types()),
                     load_synonyms())


def check_synonyms(synonyms: dict, codes: Iterable[str]) -> list[str]:
    """Problems of the synonyms file: a code the catalogue lacks, a type
    without words in one of the four languages, a word that is no text."""
    codes = list(codes)
    problems = [f"synonyms: unknown type {code}"
                for code in synonyms if code not in codes]
    for code in codes:
        by_lang = synonyms.get(code) or {}
        for lang in vocab.LANGUAGES:
            words = by_lang.get(lang)
            if not words or not isinstance(words, list):
                problems.append(f"synonyms/{code}: no words in {lang}")
            elif not all(isinstance(w, str) and w.strip() for w in words):
                problems.append(f"synonyms/{code}/{lang}: a word is no text")
    return problems


# -- a dataset's texts ----------------------------------------------------

def _translations(value: Any) -> list[str]:
    """The texts of a ``*_translated`` field ({lang: text}, or its JSON)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    return []


def _keywords(pkg: dict) -> list[str]:
    words = []
    for tag in pkg.get("tags") or ():
        name = tag.get("display_name") or tag.get("name") \
            if isinstance(tag, dict) else tag
        if isinstance(name, str):
            words.append(name)
    if isinstance(pkg.get("tag_string"), str):
        words.extend(pkg["tag_string"].split(","))
    keywords = pkg.get("keywords")
    if isinstance(keywords, str):
        try:
            keywords = json.loads(keywords)
        except ValueError:
            keywords = keywords.split(",")
    if isinstance(keywords, dict):  # multilingual: {lang: [words]}
        keywords = [w for ws in keywords.values() for w in (
            ws if isinstance(ws, list) else [ws])]
    words.extend(w for w in keywords or () if isinstance(w, str))
    return words


def dataset_texts(pkg: dict) -> dict[str, list[str]]:
    """The texts of a dataset the suggestion reads, by field: titles
    (``title``, ``title_translated``), keywords (``tags``, ``tag_string``,
    a multilingual ``keywords``) and descriptions (``notes``,
    ``notes_translated``; the first ``DESCRIPTION_LIMIT`` characters)."""
    titles = [pkg.get("title")] + _translations(pkg.get("title_translated"))
    notes = [pkg.get("notes")] + _translations(pkg.get("notes_translated"))
    texts = {"title": titles, "keywords": _keywords(pkg),
             "description": [n[:DESCRIPTION_LIMIT] for n in notes
                             if isinstance(n, str)]}
    return {field: list(dict.fromkeys(t.strip() for t in found
                                      if isinstance(t, str) and t.strip()))
            for field, found in texts.items()}


def has_type(pkg: dict) -> bool:
    if pkg.get("dataset_type_code"):
        return True
    return any(isinstance(e, dict) and e.get("key") == "dataset_type_code"
               and e.get("value") for e in pkg.get("extras") or ())


# -- the suggestion -----------------------------------------------------------

def suggest(pkg: dict, cat: Catalogue | None = None,
            threshold: int = THRESHOLD, limit: int = LIMIT
            ) -> list[Suggestion]:
    """The types suggested for ``pkg`` (a dataset dict), best first: none
    when it has a type, none below ``threshold``, at most ``limit``."""
    if has_type(pkg):
        return []
    cat = cat or catalogue()
    found: dict[str, dict[str, dict[str, Match]]] = {}
    for field, texts in dataset_texts(pkg).items():
        for text in texts:
            for term, words in cat.matches(text):
                # one entry per word of the dataset, with the longest
                # (most specific) term it matched
                by_words = found.setdefault(term.code, {}).setdefault(
                    field, {})
                known = by_words.get(fold(words))
                if known is None or len(term.text) > len(known.term):
                    by_words[fold(words)] = Match(field, words, term.text,
                                                  term.lang)
    ranked = []
    for code, by_field in found.items():
        score = sum(WEIGHTS[f] * min(len(m), MAX_PER_FIELD)
                    for f, m in by_field.items())
        if score < threshold:
            continue
        matches = tuple(m for f in FIELDS
                        for m in by_field.get(f, {}).values())
        longest = max(len(fold(m.term)) for m in matches)
        ranked.append((-score, -longest, cat.order(code),
                       Suggestion(code, score, matches)))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]
