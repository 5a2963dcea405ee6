"""Source of the plugin's .po files (kept here so all four languages are
edited side by side): ``python -m ckanext.municipal_schema.i18n.translations``
writes ``<lang>/LC_MESSAGES/ckanext-municipal_schema.po``; compile them
with ``pybabel compile -D ckanext-municipal_schema -d ckanext/municipal_schema/i18n``."""
import pathlib

DOMAIN = "ckanext-municipal_schema"

MESSAGES = {
    "Licence: a public dataset needs an open licence, for example CC0 1.0 or CC BY 4.0.": {
        "da": "Licens: et offentligt datasæt skal have en åben licens, for eksempel CC0 1.0 eller CC BY 4.0.",
        "nl": "Licentie: een publieke dataset heeft een open licentie nodig, bijvoorbeeld CC0 1.0 of CC BY 4.0.",
        "sv": "Licens: en offentlig datamängd behöver en öppen licens, till exempel CC0 1.0 eller CC BY 4.0.",
    },
    "Temporal coverage end: {end} is before the start {start}.": {
        "da": "Tidsmæssig dækning, slut: {end} ligger før starten {start}.",
        "nl": "Einde van de tijdsdekking: {end} ligt vóór het begin {start}.",
        "sv": "Tidsmässig täckning, slut: {end} ligger före starten {start}.",
    },
    '{field}: "{value}" is not a known municipality code.': {
        "da": '{field}: "{value}" er ikke en kendt kommunekode.',
        "nl": '{field}: "{value}" is geen bekende gemeentecode.',
        "sv": '{field}: "{value}" är ingen känd kommunkod.',
    },
    '{field}: "{value}" is not in the catalogue of municipal dataset types.': {
        "da": '{field}: "{value}" findes ikke i kataloget over kommunale datasættyper.',
        "nl": '{field}: "{value}" staat niet in de catalogus van gemeentelijke datasettypes.',
        "sv": '{field}: "{value}" finns inte i katalogen över kommunala datamängdstyper.',
    },
    '{field}: "{value}" is not a valid email address.': {
        "da": '{field}: "{value}" er ikke en gyldig e-mailadresse.',
        "nl": '{field}: "{value}" is geen geldig e-mailadres.',
        "sv": '{field}: "{value}" är ingen giltig e-postadress.',
    },
    '{field}: "{value}" is not a valid web address (it must start with http:// or https://).': {
        "da": '{field}: "{value}" er ikke en gyldig webadresse (den skal begynde med http:// eller https://).',
        "nl": '{field}: "{value}" is geen geldig webadres (het moet beginnen met http:// of https://).',
        "sv": '{field}: "{value}" är ingen giltig webbadress (den måste börja med http:// eller https://).',
    },
    '{field}: "{value}" is not an ISO 8601 date (YYYY-MM-DD).': {
        "da": '{field}: "{value}" er ikke en ISO 8601-dato (ÅÅÅÅ-MM-DD).',
        "nl": '{field}: "{value}" is geen ISO 8601-datum (JJJJ-MM-DD).',
        "sv": '{field}: "{value}" är inget ISO 8601-datum (ÅÅÅÅ-MM-DD).',
    },
    '{field}: "{value}" is not one of the allowed values.': {
        "da": '{field}: "{value}" er ikke en af de tilladte værdier.',
        "nl": '{field}: "{value}" is geen van de toegestane waarden.',
        "sv": '{field}: "{value}" är inte ett av de tillåtna värdena.',
    },
    '{field}: "{value}" is not a portal language (da, nl, sv, en).': {
        "da": '{field}: "{value}" er ikke et af portalens sprog (da, nl, sv, en).',
        "nl": '{field}: "{value}" is geen taal van het portaal (da, nl, sv, en).',
        "sv": '{field}: "{value}" är inte ett av portalens språk (da, nl, sv, en).',
    },
    "{field}: must be text.": {
        "da": "{field}: skal være tekst.",
        "nl": "{field}: moet tekst zijn.",
        "sv": "{field}: måste vara text.",
    },
    "{field}: is required.": {
        "da": "{field}: skal udfyldes.",
        "nl": "{field}: is verplicht.",
        "sv": "{field}: måste fyllas i.",
    },
    "Dataset type not found": {
        "da": "Datasættypen findes ikke", "nl": "Datasettype niet gevonden",
        "sv": "Datamängdstypen hittades inte",
    },
    "Vocabulary not found": {
        "da": "Ordlisten findes ikke", "nl": "Woordenlijst niet gevonden",
        "sv": "Vokabulären hittades inte",
    },
    "Municipal dataset types": {
        "da": "Kommunale datasættyper", "nl": "Gemeentelijke datasettypes",
        "sv": "Kommunala datamängdstyper",
    },
    "The shared catalogue of dataset types many municipalities are encouraged to publish in the same shape. Choose a type to see which municipalities publish it.": {
        "da": "Det fælles katalog over datasættyper, som mange kommuner opfordres til at udgive i samme form. Vælg en type for at se, hvilke kommuner der udgiver den.",
        "nl": "De gedeelde catalogus van datasettypes die veel gemeenten in dezelfde vorm zouden moeten publiceren. Kies een type om te zien welke gemeenten het publiceren.",
        "sv": "Den gemensamma katalogen över datamängdstyper som många kommuner uppmuntras att publicera i samma form. Välj en typ för att se vilka kommuner som publicerar den.",
    },
    "Dataset type": {"da": "Datasættype", "nl": "Datasettype", "sv": "Datamängdstyp"},
    "Theme": {"da": "Tema", "nl": "Thema", "sv": "Tema"},
    "High-value dataset category": {
        "da": "Kategori for datasæt af høj værdi",
        "nl": "Categorie hoogwaardige datasets",
        "sv": "Kategori för värdefulla datamängder",
    },
    "Datasets": {"da": "Datasæt", "nl": "Datasets", "sv": "Datamängder"},
    "Standard": {"da": "Standard", "nl": "Standaard", "sv": "Standard"},
    "Municipalities publishing this type": {
        "da": "Kommuner, der udgiver denne type",
        "nl": "Gemeenten die dit type publiceren",
        "sv": "Kommuner som publicerar denna typ",
    },
    "Municipality": {"da": "Kommune", "nl": "Gemeente", "sv": "Kommun"},
    "Code": {"da": "Kode", "nl": "Code", "sv": "Kod"},
    "No municipality publishes this type yet.": {
        "da": "Ingen kommune udgiver denne type endnu.",
        "nl": "Nog geen enkele gemeente publiceert dit type.",
        "sv": "Ingen kommun publicerar denna typ ännu.",
    },
}

LANGUAGES = ("da", "nl", "sv", "en")


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_po(base=pathlib.Path(__file__).parent):
    for lang in LANGUAGES:
        lines = [
            'msgid ""', 'msgstr ""',
            '"Project-Id-Version: ckanext-municipal-opendata 0.1.0\\n"',
            f'"Language: {lang}\\n"',
            '"MIME-Version: 1.0\\n"',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Content-Transfer-Encoding: 8bit\\n"',
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
        for msgid, translations in MESSAGES.items():
            text = msgid if lang == "en" else translations[lang]
            lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(text)}", ""]
        target = base / lang / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{DOMAIN}.po").write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    write_po()
