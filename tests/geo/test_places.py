"""Place mentions: countries, demonyms, cities, regions, wider areas and false friends."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ratline.geo.places import PlaceMention, _key, country_name, find_places, resolve


def codes(text: str) -> list[tuple[str, str, str]]:
    return [(p.surface, p.country, p.kind) for p in find_places(text)]


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("refugees from Burma crossed", "Burma", "MM"),
        ("cocoa farms in Ivory Coast", "Ivory Coast", "CI"),
        ("cocoa farms in Côte d'Ivoire", "Côte d'Ivoire", "CI"),
        # The spelling of a court's release: "de" for the elided "d'".
        ("trafficked to Cote-de Ivoire and Libya", "Cote-de Ivoire", "CI"),
        ("workers sent to the UAE", "UAE", "AE"),
        ("flown to the United States", "United States", "US"),
        ("flown to the U.S. last year", "U.S.", "US"),
        ("the US Attorney said", "US", "US"),
        ("trafficked to Britain", "Britain", "GB"),
        ("trafficked to the UK", "UK", "GB"),
        ("mines in the DRC", "DRC", "CD"),
        ("girls from Kosovo", "Kosovo", "XK"),
        ("the People's Republic of China", "People's Republic of China", "CN"),
        ("sanctions on the PRC", "PRC", "CN"),
        ("defectors from North Korea", "North Korea", "KP"),
        ("clinics in South Korea", "South Korea", "KR"),
        ("the Republic of Moldova", "Republic of Moldova", "MD"),
        ("villages in Moldova's south", "Moldova", "MD"),
        ("returned to Misr", "Misr", "EG"),
        ("work in Deutschland", "Deutschland", "DE"),
        ("bodies found in México", "México", "MX"),
        ("the Czech Republic and Czechia", "Czech Republic", "CZ"),
        ("Turkey and Türkiye", "Turkey", "TR"),
        ("Syria", "Syria", "SY"),
        ("from Laos", "Laos", "LA"),
        ("in Trinidad and Tobago", "Trinidad and Tobago", "TT"),
        ("Bosnia and Herzegovina", "Bosnia and Herzegovina", "BA"),
    ],
)
def test_countries(text: str, surface: str, country: str) -> None:
    assert (surface, country, "country") in codes(text)


def test_lower_case_us_is_not_the_united_states() -> None:
    assert codes("he told us the price") == []


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("Egyptian police raided a clinic", "Egyptian", "EG"),
        ("Somali migrants", "Somali", "SO"),
        ("a Nepali villager", "Nepali", "NP"),
        ("Nepalese workers", "Nepalese", "NP"),
        ("Afghan children", "Afghan", "AF"),
        ("Afghans in Iran", "Afghans", "AF"),
        ("a Filipina maid", "Filipina", "PH"),
        ("Filipino seafarers", "Filipino", "PH"),
        ("Bangladeshi donors", "Bangladeshi", "BD"),
        ("Chinese firms", "Chinese", "CN"),
        ("Mexican cartels", "Mexican", "MX"),
        ("a Kosovar man", "Kosovar", "XK"),
        ("Emirati buyers", "Emirati", "AE"),
        ("Saudi patients", "Saudi", "SA"),
        ("Israeli recipients", "Israeli", "IL"),
        ("Ukrainian women", "Ukrainian", "UA"),
        ("Moldovan men", "Moldovan", "MD"),
        ("South Sudanese refugees", "South Sudanese", "SS"),
        ("Sri Lankan hospitals", "Sri Lankan", "LK"),
        ("Eritreans and Sudanese", "Eritreans", "ER"),
        ("Keralites working in the Gulf", "Keralites", "IN"),
    ],
)
def test_demonyms(text: str, surface: str, country: str) -> None:
    assert (surface, country, "demonym") in codes(text)


def test_town_named_with_its_district() -> None:
    found = find_places("villages in Moldova's Hîncești district")
    assert [(p.surface, p.country) for p in found] == [("Moldova", "MD"), ("Hîncești", "MD")]
    assert found[1].kind in ("city", "region")


def test_ethnic_names_are_not_countries() -> None:
    assert codes("Uyghur and Rohingya and Kurdish families") == []


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("a clinic in Al-Iskandariyya's Sidi Bishr district", "Al-Iskandariyya", "EG"),
        ("went to İstanbul for an operation", "İstanbul", "TR"),
        ("women from Benin City were sent", "Benin City", "NG"),
        ("ISIS fighters in Tal Afar", "Tal Afar", "IQ"),
        ("slave markets in Raqqa", "Raqqa", "SY"),
        ("crossed into Cúcuta", "Cúcuta", "CO"),
        ("police in Moscow", "Moscow", "RU"),
        ("a hospital in Chennai", "Chennai", "IN"),
        ("arrested in Rawalpindi", "Rawalpindi", "PK"),
        ("guards in Port-au-Prince", "Port-au-Prince", "HT"),
        ("from Chiapa de Corzo to Tapachula", "Tapachula", "MX"),
        ("KATHMANDU, March 14, 2025 (Himal Wire)", "KATHMANDU", "NP"),
        ("smugglers in Agadez", "Agadez", "NE"),
        ("held in Bani Walid", "Bani Walid", "LY"),
        ("taken to Hewlêr", "Hewlêr", "IQ"),
        ("a flat in Bukit Merah", "Bukit Merah", "SG"),
        # The gazetteer's reading of the name was a Chinese town.
        ("police in Tay Ninh Province", "Tay Ninh Province", "VN"),
    ],
)
def test_cities(text: str, surface: str, country: str) -> None:
    assert (surface, country, "city") in codes(text)


@pytest.mark.parametrize(
    ("text", "surface", "country", "kind"),
    [
        ("farms in Michoacán", "Michoacán", "MX", "region"),
        ("farms in Michoacan", "Michoacan", "MX", "region"),
        ("kilns in Sindh", "Sindh", "PK", "region"),
        ("a hospital in Kerala", "Kerala", "IN", "region"),
        ("brick kilns of Punjab", "Punjab", "PK", "region"),
        ("a county in Texas", "Texas", "US", "region"),
        ("smuggling across Sinai", "Sinai", "EG", "region"),
        ("camps in Darfur", "Darfur", "SD", "region"),
        ("factories in Xinjiang", "Xinjiang", "CN", "region"),
        ("deputies in Broward County", "Broward County", "US", "region"),
        ("tents in the Bekaa Valley", "Bekaa Valley", "LB", "region"),
        ("boats in the Gulf of Thailand", "Gulf of Thailand", "TH", "region"),
        ("a villa on the Costa del Sol", "Costa del Sol", "ES", "region"),
        ("customs officers in Metro Manila", "Metro Manila", "PH", "region"),
    ],
)
def test_regions(text: str, surface: str, country: str, kind: str) -> None:
    assert (surface, country, kind) in codes(text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("routes through the Sahel", "Sahel"),
        ("across the Balkans", "Balkans"),
        ("maids sent to the Gulf states", "Gulf states"),
        ("buyers in the Middle East", "Middle East"),
        ("clinics in Europe", "Europe"),
        ("recruiters in East Africa", "East Africa"),
        ("scam compounds in Southeast Asia", "Southeast Asia"),
        ("migrants from Central America", "Central America"),
        # A plural is no "Americans" (US) either.
        ("the smugglers moved the Central Americans north", "Central Americans"),
        ("sub-Saharan Africa", "sub-Saharan Africa"),
        ("Kurdistan", "Kurdistan"),
    ],
)
def test_wider_areas_have_no_country(text: str, surface: str) -> None:
    assert (surface, "", "wider") in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police said the men were held.",
        "Nice work, said the judge.",
        "Split the money, he said.",
        "Mobile phones were seized.",
        "Reading the file, the officer frowned.",
        "March was cold. May was worse.",
        "Most donors were men. Both were paid.",
        "Date of the hearing. Sale of organs.",
        "Human trafficking is a crime.",
        "We met. No one came. To be fair, more came later.",
        "NATO and HAMAS and the FBI and ICE and the DOJ.",
        "Commerce Department and Homeland Security",
        "Dr Sagar and Sarah Jackson met Adam Smith.",
        "By Hanne Solvik-Amare and Teodora Valcheva-Lind",
        "Nov 3 and Oct 12",
        "Victoria and Florence said nothing.",
        "Xinhua reported it.",
        "The USS Ross and the U.S.S. Cole sailed.",
    ],
)
def test_false_friends_are_not_places(text: str) -> None:
    assert codes(text) == []


def test_country_beats_person_reading_of_jordan() -> None:
    assert ("Jordan", "JO", "country") in codes("refugees in Jordan")


def test_context_picks_the_country_of_an_ambiguous_city() -> None:
    spain = find_places("Policía Nacional (Spain) raided flats in Valencia.")
    assert [(p.surface, p.country) for p in spain if p.kind == "city"] == [("Valencia", "ES")]
    venezuela = find_places("In Venezuela, the gang operated from Valencia.")
    assert [(p.surface, p.country) for p in venezuela if p.kind == "city"] == [("Valencia", "VE")]

    # No country named: the towns the text names alone decide.
    towns = find_places("He escorted three girls from Samar to a bar in Angeles City.")
    assert [(p.surface, p.country) for p in towns] == [("Samar", "PH"), ("Angeles City", "PH")]
    assert [p.country for p in find_places("The girls came from Samar.")] == ["UA"]



def test_a_name_joined_by_an_arabic_article_is_one_place() -> None:
    assert codes("girls sold to bars in Dar es Salaam") == [("Dar es Salaam", "TZ", "city")]


def test_mention_fields_and_offsets() -> None:
    text = "Patients from Kuwait paid brokers in Cairo."
    found = find_places(text)
    assert [p.surface for p in found] == ["Kuwait", "Cairo"]
    cairo = found[1]
    assert isinstance(cairo, PlaceMention)
    assert text[cairo.start : cairo.end] == "Cairo"
    assert (cairo.country, cairo.kind, cairo.name) == ("EG", "city", "Cairo")
    assert cairo.lat is not None and 29 < cairo.lat < 31
    assert cairo.lon is not None and 30 < cairo.lon < 32


def test_start_and_end_limit_the_search() -> None:
    text = "Lahore. Karachi."
    assert [p.surface for p in find_places(text, start=7)] == ["Karachi"]
    assert [p.surface for p in find_places(text, end=7)] == ["Lahore"]


def test_country_name() -> None:
    assert country_name("EG") == "Egypt"
    assert country_name("xk") == "Kosovo"
    assert country_name("ZZ") == "ZZ"


def test_resolve_uses_context_codes_or_text() -> None:
    hyd = resolve("Hyderabad")
    assert hyd is not None and hyd.country == "IN"
    hyd_pk = resolve("Hyderabad", ["PK"])
    assert hyd_pk is not None and hyd_pk.country == "PK"
    hyd_text = resolve("Hyderabad", "brick kilns in Sindh, Pakistan")
    assert hyd_text is not None and hyd_text.country == "PK"
    assert resolve("Nowhereville") is None


def test_a_long_document_finds_every_copy() -> None:
    # Its speed is measured by bench/find_places.py; here, that a long text is read whole.
    para = (Path(__file__).parents[2] / "tests" / "geo" / "toponyms.yaml").read_text("utf-8")
    once = find_places(para)
    text = " ".join([para] * 5)
    assert len(text.split()) > 5_000
    found = find_places(text)
    assert len(once) > 300
    assert len(found) == 5 * len(once)
    assert found[-1].start > 4 * len(para)


TOPONYMS = yaml.safe_load((Path(__file__).parent / "toponyms.yaml").read_text("utf-8"))


def test_toponym_set_is_large_enough() -> None:
    assert len(TOPONYMS) >= 100


def test_toponym_accuracy() -> None:
    country_ok = place_ok = 0
    misses = []
    for row in TOPONYMS:
        got = resolve(row["query"], row.get("context"))
        c_ok = got is not None and got.country == row["country"]
        p_ok = c_ok and got is not None and _key(got.name or "") == _key(row["name"])
        country_ok += c_ok
        place_ok += p_ok
        if not p_ok:
            misses.append((row["query"], got and (got.country, got.name)))
    n = len(TOPONYMS)
    assert country_ok / n >= 0.95, misses
    assert place_ok / n >= 0.85, misses


def test_georgia_is_the_us_state_among_american_places() -> None:
    american = codes("Farmworkers in Georgia were held by a ring that U.S. prosecutors charged.")
    assert ("Georgia", "US", "region") in american
    georgian = codes("The Georgian police in Tbilisi said Georgia would ask the U.S. for help.")
    assert ("Georgia", "GE", "country") in georgian
    assert ("Georgia", "GE", "country") in codes("Migrants crossed Georgia on their way north.")
    # Towns inside other names (an outlet, a courthouse) still say which country is around.
    outlet = codes("The ring trapped Georgia farmworkers, a judge at the Waycross Federal Courthouse said.")
    assert ("Georgia", "US", "region") in outlet


def test_benin_is_the_nigerian_city_among_nigerian_places() -> None:
    nigerian = codes("A court sitting in Benin, the Edo State capital, jailed the madam, NAPTIP said.")
    assert ("Benin", "NG", "city") in nigerian
    assert ("Benin", "BJ", "country") in codes("Girls from Benin and Togo were taken to Gabon.")
    # The country's own longer names, and a Beninese named in the text, keep the country.
    assert ("Benin Republic", "BJ", "country") in codes("Rice smuggled from Benin Republic into Nigeria.")
    assert ("Benin", "BJ", "country") in codes("A Beninese man in Lagos said he came from Benin.")


def test_the_us_dollar_is_no_place() -> None:
    assert codes("The seller got US$5,000 and the broker 3,000 U.S. dollars, in Accra.") == [
        ("Accra", "GH", "city")]
    assert codes("A kidney fetches up to $US50,000 in Accra.") == [("Accra", "GH", "city")]
    assert ("US", "US", "country") in codes("The broker flew to the US in 2019.")


def test_a_town_named_as_a_persons_name_is_never_that_town() -> None:
    text = ("The court heard that Daniel Mendoza recruited the workers. The jury found "
            "against Mendoza on every count.")
    assert not [p for p in find_places(text) if p.surface == "Mendoza"]
    assert not [p for p in find_places("acting U.S. Attorney David H. Estes said") if p.surface == "David"]
    # A place's own name opening with a direction is still the place, wherever it stands.
    cairo = "The South Cairo Criminal Court ruled on a case full of South Cairo. Two hospitals in Cairo were closed."
    assert ("Cairo", "EG", "city") in codes(cairo)


def test_a_newspapers_home_town_is_not_a_place_of_the_case() -> None:
    from ratline.extract.features import _find_places

    text = ("This is a perfect London tabloid story, the Phnom Penh Post said. "
            "Police in London arrested him, and a Dhaka-based newspaper confirmed it.")
    found = [(p.surface, p.start) for p in _find_places(text)]
    assert [s for s, _ in found] == ["London"]
    assert found[0][0] == "London" and text[found[0][1] - 10 : found[0][1]] == "Police in "


def test_a_court_named_for_its_town_sits_in_it() -> None:
    """"Bristol Crown Court" places a trial in Bristol; a town name before another
    capitalised word is still a name ("Adam Smith")."""
    for text, town, country in [("A jury at Bristol Crown Court found them guilty.", "Bristol", "GB"),
                                ("They were jailed at Cardiff Crown Court.", "Cardiff", "GB"),
                                ("The case went to Douai Criminal Court.", "Douai", "FR")]:
        assert [(p.surface, p.country) for p in find_places(text)] == [(town, country)]
    assert find_places("Adam Smith wrote the report.") == []


@pytest.mark.parametrize(("text", "name", "country"), [
    # Another spelling of a capital never beats a large city of that very name.
    ("a woman from Salem", "Salem", "IN"),
    ("flights to Philadelphia", "Philadelphia", "US"),
    ("a port near Liverpool", "Liverpool", "GB"),
    # "St." and "Saint" spell one name: the Russian city keeps it.
    ("workers sent to St Petersburg", "Saint Petersburg", "RU"),
    # Old names of cities no other large city bears still resolve.
    ("a clinic in Bombay", "Mumbai", "IN"),
    ("brothels of Rangoon", "Yangon", "MM"),
])
def test_a_city_s_own_name_outranks_another_city_s_other_spelling(
        text: str, name: str, country: str) -> None:
    (place,) = find_places(text)
    assert (place.name, place.country) == (name, country)


def test_a_name_spelled_as_written_wins_over_one_the_matching_key_folds_into_it() -> None:
    # "Sabah" and "Saba" share a matching key (a final h is dropped); each keeps its own.
    assert resolve("Sabah").country == "MY"
    assert resolve("Saba").country == "BQ"
    assert [(p.surface, p.country) for p in find_places(
        "Officials in Sabah let workers cross the sea border.")] == [("Sabah", "MY")]


def test_a_us_state_is_not_a_town_of_the_country_the_text_names() -> None:
    found = find_places("A Honduran woman has sued a Florida farm owner in Tampa.")
    assert ("Florida", "US") in [(p.surface, p.country) for p in found]


@pytest.mark.parametrize(("name", "country"), [
    ("Manchester", "GB"), ("Portland", "US"), ("Hanover", "DE"), ("Cornwall", "GB"),
    ("Essex", "GB"), ("Kent", "GB"), ("Florida", "US"), ("Arizona", "US"),
    ("Clarendon", "JM"),
    # Islands and ports of the routes into Europe ("Crete" is also a town in Illinois).
    ("Crete", "GR"), ("Lesbos", "GR"), ("Sicily", "IT"), ("Zeebrugge", "BE"),
])
def test_a_place_better_known_than_another_of_its_name_is_that_place(
        name: str, country: str) -> None:
    found = resolve(name)
    assert found is not None and found.country == country
    assert [p.country for p in find_places(f"Four men were convicted in {name} in 2023.")] == [
        country]
