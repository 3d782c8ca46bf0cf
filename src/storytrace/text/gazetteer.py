"""A small gazetteer: countries with their name variants, nationality words and capitals.

Used to tell places from people in capitalised spans, to map nationality adjectives and
capitals onto one country for comparison ("Russian" ~ "Russia" ~ "Moscow" when the text uses
the capital as a metonym), and to read the nationality of a title ("the Chinese leader").
Extend ``_COUNTRIES`` with more rows; each row is
``canonical name: (other names and abbreviations, nationality words, capital)``.
"""

from __future__ import annotations

from .words import fold

_COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "United States": (
        ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "Washington"),
        ("American", "Americans"),
        "Washington",
    ),
    "China": (("PRC", "People's Republic of China", "Beijing"), ("Chinese",), "Beijing"),
    "Russia": (("Russian Federation", "Moscow", "Kremlin"), ("Russian", "Russians"), "Moscow"),
    "Ukraine": (("Kyiv", "Kiev"), ("Ukrainian", "Ukrainians"), "Kyiv"),
    "United Kingdom": (
        ("UK", "U.K.", "Britain", "Great Britain", "England"),
        ("British", "English"),
        "London",
    ),
    "France": ((), ("French",), "Paris"),
    "Germany": ((), ("German", "Germans"), "Berlin"),
    "Italy": ((), ("Italian", "Italians"), "Rome"),
    "Spain": ((), ("Spanish",), "Madrid"),
    "Portugal": ((), ("Portuguese",), "Lisbon"),
    "Netherlands": (("Holland",), ("Dutch",), "Amsterdam"),
    "Belgium": ((), ("Belgian",), "Brussels"),
    "Poland": ((), ("Polish", "Poles"), "Warsaw"),
    "Sweden": ((), ("Swedish",), "Stockholm"),
    "Norway": ((), ("Norwegian",), "Oslo"),
    "Finland": ((), ("Finnish",), "Helsinki"),
    "Denmark": ((), ("Danish",), "Copenhagen"),
    "Greece": ((), ("Greek",), "Athens"),
    "Turkey": (("Türkiye",), ("Turkish",), "Ankara"),
    "Hungary": ((), ("Hungarian",), "Budapest"),
    "Romania": ((), ("Romanian",), "Bucharest"),
    "Belarus": ((), ("Belarusian",), "Minsk"),
    "Georgia": ((), ("Georgian",), "Tbilisi"),
    "Japan": ((), ("Japanese",), "Tokyo"),
    "South Korea": (("Republic of Korea", "Seoul"), ("South Korean",), "Seoul"),
    "North Korea": (("DPRK", "Pyongyang"), ("North Korean",), "Pyongyang"),
    "Taiwan": (("Taipei",), ("Taiwanese",), "Taipei"),
    "India": ((), ("Indian",), "New Delhi"),
    "Pakistan": ((), ("Pakistani",), "Islamabad"),
    "Afghanistan": ((), ("Afghan",), "Kabul"),
    "Iran": ((), ("Iranian",), "Tehran"),
    "Iraq": ((), ("Iraqi",), "Baghdad"),
    "Syria": ((), ("Syrian",), "Damascus"),
    "Israel": ((), ("Israeli",), "Jerusalem"),
    "Palestine": (("Gaza", "West Bank"), ("Palestinian", "Palestinians"), "Ramallah"),
    "Lebanon": ((), ("Lebanese",), "Beirut"),
    "Jordan": ((), ("Jordanian",), "Amman"),
    "Egypt": ((), ("Egyptian",), "Cairo"),
    "Saudi Arabia": ((), ("Saudi",), "Riyadh"),
    "Yemen": ((), ("Yemeni",), "Sanaa"),
    "Qatar": ((), ("Qatari",), "Doha"),
    "United Arab Emirates": (("UAE",), ("Emirati",), "Abu Dhabi"),
    "Kyrgyzstan": ((), ("Kyrgyz",), "Bishkek"),
    "Kazakhstan": ((), ("Kazakh",), "Astana"),
    "Uzbekistan": ((), ("Uzbek",), "Tashkent"),
    "Vietnam": ((), ("Vietnamese",), "Hanoi"),
    "Thailand": ((), ("Thai",), "Bangkok"),
    "Indonesia": ((), ("Indonesian",), "Jakarta"),
    "Philippines": ((), ("Philippine", "Filipino"), "Manila"),
    "Malaysia": ((), ("Malaysian",), "Kuala Lumpur"),
    "Singapore": ((), ("Singaporean",), "Singapore"),
    "Australia": ((), ("Australian",), "Canberra"),
    "New Zealand": ((), ("New Zealander",), "Wellington"),
    "Canada": ((), ("Canadian",), "Ottawa"),
    "Mexico": ((), ("Mexican",), "Mexico City"),
    "Brazil": ((), ("Brazilian",), "Brasilia"),
    "Argentina": ((), ("Argentine", "Argentinian"), "Buenos Aires"),
    "Chile": ((), ("Chilean",), "Santiago"),
    "Colombia": ((), ("Colombian",), "Bogota"),
    "Venezuela": ((), ("Venezuelan",), "Caracas"),
    "Cuba": ((), ("Cuban",), "Havana"),
    "Nigeria": ((), ("Nigerian",), "Abuja"),
    "South Africa": ((), ("South African",), "Pretoria"),
    "Kenya": ((), ("Kenyan",), "Nairobi"),
    "Ethiopia": ((), ("Ethiopian",), "Addis Ababa"),
    "Sudan": ((), ("Sudanese",), "Khartoum"),
    "Libya": ((), ("Libyan",), "Tripoli"),
    "Algeria": ((), ("Algerian",), "Algiers"),
    "Morocco": ((), ("Moroccan",), "Rabat"),
    "Tunisia": ((), ("Tunisian",), "Tunis"),
    "Switzerland": ((), ("Swiss",), "Bern"),
    "Austria": ((), ("Austrian",), "Vienna"),
    "Czech Republic": (("Czechia",), ("Czech",), "Prague"),
    "Serbia": ((), ("Serbian",), "Belgrade"),
    "Ireland": ((), ("Irish",), "Dublin"),
    "Iceland": ((), ("Icelandic", "Icelanders"), "Reykjavik"),
    "Estonia": ((), ("Estonian",), "Tallinn"),
    "Latvia": ((), ("Latvian",), "Riga"),
    "Lithuania": ((), ("Lithuanian",), "Vilnius"),
    "Moldova": ((), ("Moldovan",), "Chisinau"),
    "Armenia": ((), ("Armenian",), "Yerevan"),
    "Azerbaijan": ((), ("Azerbaijani",), "Baku"),
    "Slovakia": ((), ("Slovak",), "Bratislava"),
    "Slovenia": ((), ("Slovenian",), "Ljubljana"),
    "Croatia": ((), ("Croatian",), "Zagreb"),
    "Bosnia and Herzegovina": (("Bosnia",), ("Bosnian",), "Sarajevo"),
    "Albania": ((), ("Albanian",), "Tirana"),
    "Bulgaria": ((), ("Bulgarian",), "Sofia"),
    "Cyprus": ((), ("Cypriot",), "Nicosia"),
    "Luxembourg": ((), (), "Luxembourg"),
    "Kuwait": ((), ("Kuwaiti",), "Kuwait City"),
    "Oman": ((), ("Omani",), "Muscat"),
    "Bahrain": ((), ("Bahraini",), "Manama"),
    "Bangladesh": ((), ("Bangladeshi",), "Dhaka"),
    "Sri Lanka": ((), ("Sri Lankan",), "Colombo"),
    "Nepal": ((), ("Nepali", "Nepalese"), "Kathmandu"),
    "Myanmar": (("Burma",), ("Burmese",), "Naypyidaw"),
    "Cambodia": ((), ("Cambodian",), "Phnom Penh"),
    "Peru": ((), ("Peruvian",), "Lima"),
    "Ecuador": ((), ("Ecuadorian",), "Quito"),
    "Bolivia": ((), ("Bolivian",), "La Paz"),
    "Uruguay": ((), ("Uruguayan",), "Montevideo"),
    "Paraguay": ((), ("Paraguayan",), "Asuncion"),
    "Ghana": ((), ("Ghanaian",), "Accra"),
    "Senegal": ((), ("Senegalese",), "Dakar"),
    "Mali": ((), ("Malian",), "Bamako"),
    "Niger": ((), ("Nigerien",), "Niamey"),
    "Somalia": ((), ("Somali",), "Mogadishu"),
    "Uganda": ((), ("Ugandan",), "Kampala"),
    "Tanzania": ((), ("Tanzanian",), "Dodoma"),
    "Rwanda": ((), ("Rwandan",), "Kigali"),
    "Democratic Republic of the Congo": (("DRC", "Congo"), ("Congolese",), "Kinshasa"),
    "Zimbabwe": ((), ("Zimbabwean",), "Harare"),
    "Angola": ((), ("Angolan",), "Luanda"),
    "Mozambique": ((), ("Mozambican",), "Maputo"),
    "European Union": (("EU", "E.U."), ("European", "Europeans"), "Brussels"),
}

#: folded alias -> canonical country (names, abbreviations, capitals, nationality words)
COUNTRY_OF: dict[str, str] = {}
#: folded nationality word -> canonical country
NATIONALITY: dict[str, str] = {}
for _name, (_aliases, _adjs, _capital) in _COUNTRIES.items():
    for _alias in (_name, *_aliases, _capital):
        COUNTRY_OF[fold(_alias)] = _name
    for _adj in _adjs:
        COUNTRY_OF[fold(_adj)] = _name
        NATIONALITY[fold(_adj)] = _name
    NATIONALITY[fold(_name)] = _name
    for _alias in _aliases:
        if _alias.isupper() or "." in _alias:
            NATIONALITY[fold(_alias)] = _name

#: words that make a capitalised span an organisation or a place, not a person
ORG_WORDS = frozenset(
    fold(w)
    for w in (
        "University",
        "College",
        "Institute",
        "School",
        "Academy",
        "Ministry",
        "Department",
        "Council",
        "Committee",
        "Commission",
        "Agency",
        "Bank",
        "Party",
        "Army",
        "Force",
        "Forces",
        "House",
        "Hall",
        "Street",
        "Square",
        "Sea",
        "Ocean",
        "Strait",
        "River",
        "Peninsula",
        "Island",
        "Islands",
        "Mountains",
        "Federal",
        "National",
        "International",
        "Association",
        "Organization",
        "Organisation",
        "Union",
        "Group",
        "Company",
        "Times",
        "Post",
        "Journal",
        "News",
        "Press",
        "Office",
        "Court",
        "Congress",
        "Senate",
        "Parliament",
        "Government",
        "Administration",
        "Foundation",
        "Center",
        "Centre",
        "Corporation",
        "Inc",
        "Ltd",
        "Fund",
        "Service",
        "Services",
        "Airport",
        "Station",
        "Province",
        "State",
        "Republic",
        "Kingdom",
        "City",
        "County",
        "Region",
        "East",
        "West",
        "North",
        "South",
        "Middle",
        "People",
        "Great",
        "Street",
        "Treaty",
        "Summit",
        "War",
        "Herald",
        "Tribune",
        "Gazette",
        "Bureau",
        "Affairs",
        "Daily",
        "Magazine",
        "Network",
        "Channel",
        "Radio",
        "Police",
        "Club",
        "Church",
        "Hospital",
        "Museum",
        "Society",
        "Embassy",
    )
)


def country(text: str) -> str | None:
    """The canonical country a place name, abbreviation or nationality word refers to."""
    key = fold(text).rstrip(".")
    return (
        COUNTRY_OF.get(key)
        or COUNTRY_OF.get(fold(text))
        or COUNTRY_OF.get(key + ".")
        or _possessive(key)
    )


def _possessive(key: str) -> str | None:
    if key.endswith("'s"):
        return COUNTRY_OF.get(key[:-2])
    return None


def is_place(text: str) -> bool:
    """True for a country, capital or nationality word of the gazetteer."""
    return country(text) is not None
