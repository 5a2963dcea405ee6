"""Realistic municipal open-data vocabulary for the search benchmark.

Pure Python and deterministic for a given random seed: municipalities in
Denmark, the Netherlands, Sweden and the UK, themes, tags, formats,
licences and title/description words in the four portal languages.
"""
from __future__ import annotations

import random
import re
import unicodedata

MUNICIPALITIES = {
    "da": ["Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding",
           "Horsens", "Vejle", "Roskilde", "Herning", "Silkeborg",
           "Næstved", "Fredericia", "Viborg", "Køge", "Holstebro", "Slagelse",
           "Hillerød", "Sønderborg", "Svendborg", "Hjørring", "Frederikshavn",
           "Gladsaxe", "Gentofte", "Ballerup"],
    "nl": ["Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere",
           "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede",
           "Amersfoort", "Zaanstad", "Den Bosch", "Zwolle", "Leiden",
           "Maastricht", "Dordrecht", "Zoetermeer", "Ede", "Delft",
           "Alkmaar", "Venlo", "Deventer", "Helmond"],
    "sv": ["Göteborg", "Malmö", "Uppsala", "Linköping", "Örebro",
           "Västerås", "Helsingborg", "Norrköping", "Jönköping", "Umeå",
           "Lund", "Borås", "Huddinge", "Eskilstuna", "Nacka", "Gävle",
           "Halmstad", "Södertälje", "Sundsvall", "Växjö", "Karlstad",
           "Botkyrka", "Kristianstad", "Kungsbacka", "Luleå"],
    "en": ["Leeds", "Bristol", "Sheffield", "Manchester", "Liverpool",
           "Nottingham", "Leicester", "Coventry", "Bradford", "Brighton",
           "Plymouth", "Southampton", "Reading", "Derby", "Portsmouth",
           "York", "Cambridge", "Oxford", "Exeter", "Bath", "Norwich",
           "Newcastle", "Sunderland", "Wakefield", "Kirklees"],
}
MUNICIPALITY_WORD = {"da": "Kommune", "nl": "Gemeente", "sv": "kommun",
                     "en": "City Council"}

# Themes as CKAN groups (DCAT-AP data themes, in English names).
THEMES = [
    ("environment", "Environment"), ("transport", "Transport"),
    ("economy", "Economy and finance"), ("education", "Education"),
    ("health", "Health"), ("government", "Government and public sector"),
    ("population", "Population and society"), ("housing", "Housing"),
    ("energy", "Energy"), ("culture", "Culture and leisure"),
    ("justice", "Justice and public safety"), ("agriculture", "Agriculture"),
    ("regions", "Regions and cities"), ("science", "Science and technology"),
    ("international", "International issues"),
]

# (word, theme) pairs; words appear in titles, notes and tags.
TOPICS = {
    "da": [("affald", "environment"), ("genbrug", "environment"),
           ("luftkvalitet", "environment"), ("støj", "environment"),
           ("parkering", "transport"), ("cykelstier", "transport"),
           ("trafiktælling", "transport"), ("busstoppesteder", "transport"),
           ("budget", "economy"), ("regnskab", "economy"),
           ("skoler", "education"), ("daginstitutioner", "education"),
           ("plejehjem", "health"), ("sundhed", "health"),
           ("byråd", "government"), ("valgresultater", "government"),
           ("befolkning", "population"), ("boliger", "housing"),
           ("lokalplaner", "housing"), ("energiforbrug", "energy"),
           ("biblioteker", "culture"), ("idrætsanlæg", "culture"),
           ("legepladser", "culture"), ("træer", "environment"),
           ("vandløb", "environment")],
    "nl": [("afval", "environment"), ("luchtkwaliteit", "environment"),
           ("geluid", "environment"), ("parkeren", "transport"),
           ("fietspaden", "transport"), ("verkeerstellingen", "transport"),
           ("bushaltes", "transport"), ("begroting", "economy"),
           ("jaarrekening", "economy"), ("scholen", "education"),
           ("kinderopvang", "education"), ("zorg", "health"),
           ("gezondheid", "health"), ("gemeenteraad", "government"),
           ("verkiezingen", "government"), ("bevolking", "population"),
           ("woningen", "housing"), ("bestemmingsplannen", "housing"),
           ("energieverbruik", "energy"), ("bibliotheken", "culture"),
           ("sportvelden", "culture"), ("speeltuinen", "culture"),
           ("bomen", "environment"), ("waterlopen", "environment"),
           ("laadpalen", "energy")],
    "sv": [("avfall", "environment"), ("återvinning", "environment"),
           ("luftkvalitet", "environment"), ("buller", "environment"),
           ("parkering", "transport"), ("cykelvägar", "transport"),
           ("trafikmätningar", "transport"), ("busshållplatser", "transport"),
           ("budget", "economy"), ("bokslut", "economy"),
           ("skolor", "education"), ("förskolor", "education"),
           ("äldreboenden", "health"), ("folkhälsa", "health"),
           ("kommunfullmäktige", "government"), ("valresultat", "government"),
           ("befolkning", "population"), ("bostäder", "housing"),
           ("detaljplaner", "housing"), ("energianvändning", "energy"),
           ("bibliotek", "culture"), ("idrottsplatser", "culture"),
           ("lekplatser", "culture"), ("träd", "environment"),
           ("vattendrag", "environment")],
    "en": [("waste", "environment"), ("recycling", "environment"),
           ("air quality", "environment"), ("noise", "environment"),
           ("parking", "transport"), ("cycle lanes", "transport"),
           ("traffic counts", "transport"), ("bus stops", "transport"),
           ("budget", "economy"), ("spending", "economy"),
           ("schools", "education"), ("childcare", "education"),
           ("care homes", "health"), ("public health", "health"),
           ("council meetings", "government"),
           ("election results", "government"),
           ("population", "population"), ("housing", "housing"),
           ("planning applications", "housing"),
           ("energy consumption", "energy"), ("libraries", "culture"),
           ("sports facilities", "culture"), ("playgrounds", "culture"),
           ("street trees", "environment"), ("flood risk", "environment")],
}

QUALIFIERS = {
    "da": ["oversigt", "kort", "statistik", "registrering", "målinger",
           "placering", "data", "nøgletal", "opgørelse", "plan"],
    "nl": ["overzicht", "kaart", "statistiek", "registratie", "metingen",
           "locaties", "gegevens", "kerncijfers", "inventarisatie", "plan"],
    "sv": ["översikt", "karta", "statistik", "register", "mätningar",
           "platser", "data", "nyckeltal", "sammanställning", "plan"],
    "en": ["overview", "map", "statistics", "register", "measurements",
           "locations", "data", "key figures", "inventory", "plan"],
}
SENTENCES = {
    "da": ["Datasættet indeholder {t} for {m}.",
           "Data opdateres {f} af forvaltningen.",
           "Oplysningerne stammer fra kommunens fagsystemer.",
           "Geografiske data er angivet i ETRS89 / UTM zone 32N.",
           "Se også relaterede datasæt om {t2}."],
    "nl": ["Deze dataset bevat {t} van {m}.",
           "De gegevens worden {f} bijgewerkt door de gemeente.",
           "De gegevens komen uit de basisregistraties van de gemeente.",
           "Coördinaten zijn in RD New (EPSG:28992).",
           "Zie ook de datasets over {t2}."],
    "sv": ["Datamängden innehåller {t} för {m}.",
           "Uppgifterna uppdateras {f} av förvaltningen.",
           "Informationen kommer från kommunens verksamhetssystem.",
           "Koordinater anges i SWEREF 99 TM.",
           "Se även relaterade datamängder om {t2}."],
    "en": ["This dataset contains {t} for {m}.",
           "The data is updated {f} by the council.",
           "Figures are taken from the council's operational systems.",
           "Coordinates are in WGS84 (EPSG:4326).",
           "See also related datasets about {t2}."],
}
FREQUENCIES = {"da": ["dagligt", "ugentligt", "månedligt", "årligt"],
               "nl": ["dagelijks", "wekelijks", "maandelijks", "jaarlijks"],
               "sv": ["dagligen", "veckovis", "månadsvis", "årligen"],
               "en": ["daily", "weekly", "monthly", "annually"]}
FREQUENCY_CODES = ["daily", "weekly", "monthly", "annual"]

# Cross-language tags shared by many portals.
COMMON_TAGS = ["open data", "gis", "statistics", "real-time", "inspire",
               "sdg", "covid-19", "climate", "mobility", "smart city",
               "budget", "census", "geodata", "api", "historic"]

# (format, weight, mimetype)
FORMATS = [("CSV", 30, "text/csv"), ("JSON", 14, "application/json"),
           ("GeoJSON", 12, "application/geo+json"),
           ("XLSX", 14, "application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet"),
           ("WMS", 8, None), ("API", 8, None), ("PDF", 6, "application/pdf"),
           ("SHP", 4, "application/zip"), ("XML", 4, "application/xml")]
LICENSES = [("cc-by", 40), ("cc-zero", 25), ("odc-by", 10), ("cc-by-sa", 8),
            ("odc-odbl", 7), ("other-open", 5), ("notspecified", 5)]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore") \
        .decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def organizations() -> list[dict]:
    """~100 municipalities with their portal language."""
    out = []
    for lang, names in MUNICIPALITIES.items():
        for name in names:
            title = (f"{name} {MUNICIPALITY_WORD[lang]}" if lang != "nl"
                     else f"{MUNICIPALITY_WORD[lang]} {name}")
            out.append({"name": slug(title), "title": title, "lang": lang,
                        "town": name})
    return out


def all_tags() -> list[str]:
    tags = set(COMMON_TAGS)
    for topics in TOPICS.values():
        tags.update(word for word, _ in topics)
    return sorted(tags)


def search_terms() -> list[str]:
    """Free-text queries users type: single words, two words, phrases,
    towns, in all four languages (including some that match nothing)."""
    terms = []
    for lang, topics in TOPICS.items():
        for word, _ in topics:
            terms.append(word)
        for q in QUALIFIERS[lang][:5]:
            terms.append(f"{topics[len(q) % len(topics)][0]} {q}")
    terms += [f"{t} {MUNICIPALITIES['da'][i]}" for i, t in
              enumerate(["parkering", "affald", "skoler"])]
    terms += ["Utrecht bomen", "Malmö cykelvägar", "Leeds budget",
              "\"air quality\"", "traffic", "geodata", "bicycle",
              "zwembaden", "sundhed 2021", "energy"]
    return terms


def _pick_weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def dataset(rng: random.Random, number: int, org: dict) -> dict:
    """One dataset's fields (title, notes, tags, themes, resources...)."""
    lang = org["lang"]
    topics = TOPICS[lang]
    word, theme = rng.choice(topics)
    word2, theme2 = rng.choice(topics)
    qualifier = rng.choice(QUALIFIERS[lang])
    year = rng.randint(2012, 2025)
    title = f"{word.capitalize()} {qualifier} {org['town']} {year}"
    freq = rng.randrange(4)
    notes = " ".join(s.format(t=word, t2=word2, m=org["title"],
                              f=FREQUENCIES[lang][freq])
                     for s in rng.sample(SENTENCES[lang], rng.randint(2, 5)))
    tags = {word, word2} | set(rng.sample(COMMON_TAGS, rng.randint(0, 4)))
    themes = {theme} | ({theme2} if rng.random() < 0.4 else set())
    formats = [_pick_weighted(rng, [(f, w) for f, w, _ in FORMATS])
               for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5, 6]))]
    return {
        "name": f"{slug(word)}-{slug(qualifier)}-{slug(org['town'])}-"
                f"{year}-{number:06d}",
        "title": title, "notes": notes, "tags": sorted(tags),
        "themes": sorted(themes), "formats": formats,
        "license_id": _pick_weighted(rng, LICENSES),
        "frequency": FREQUENCY_CODES[freq], "lang": lang,
    }
