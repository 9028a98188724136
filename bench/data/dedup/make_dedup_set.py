"""Write `incidents.jsonl`, the incident de-duplication benchmark set (all fictional).

FICTIONAL DATA — every person, gang, clinic, company and vessel name below is invented;
places and public institutions are real. Each fictional incident is reported 2-5 times
by different outlets in different words: names spelled differently (transliteration,
initials, word order, a dropped second surname), victim counts rounded or "at least",
money rounded, fields missing, and evidence moving from arrest to charge to conviction
across reports. Look-alike incidents sit beside them: the same city in another year, the
same gang in another raid, the same broker name in another country, another case in the
same city and year.

One JSON object per line, in the extraction format (`id`, `relevant`, `incidents`) plus
`outlet` and `published`; each incident carries its gold `cluster`, and each actor its
gold `actor` id. A few documents are round-ups that report two incidents.

    python bench/data/dedup/make_dedup_set.py   # deterministic: same output every run
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("incidents.jsonl")

OUTLETS = [
    "Daily Meridian", "Coastline Wire", "The Lantern Post", "Riverside Gazette",
    "Northern Ledger", "Field Notes (NGO bulletin)", "Crossroads Monitor", "The Harbour Times",
    "Evening Courier", "Open Border Watch", "Metro Chronicle", "Justice Desk Weekly",
]


@dataclass
class Actor:
    name: str
    type: str
    role: str
    variants: list[str] = field(default_factory=list)
    gold: str = ""


@dataclass
class Base:
    key: str
    trade: str
    countries: list[str]
    places: list[list[str]]
    year: int
    start: str
    actors: list[Actor]
    victims: int | None
    deaths: int | None
    organs: list[str]
    money: list[tuple[float, str, str]]
    path: list[str]
    details: list[str]
    reports: int
    victim_word: str = ""
    conflict: str = ""


def A(name: str, type_: str, role: str, *variants: str, gold: str = "") -> Actor:
    return Actor(name, type_, role, list(variants), gold or name)


P, ORG, ARM, FAC, ST = "person", "organization", "armed_group", "facility", "state"

BASES: list[Base] = [
    # ---------------- organ trafficking ----------------
    Base("pk-lahore-2021", "organ", ["PK"], [["Lahore"], ["Raiwind", "Raiwind Road"]], 2021,
         "2021-03-14",
         [A("Tariq Mehmood Qureshi", P, "broker", "Tariq Mahmood Qureshi", "T. M. Qureshi",
            "Qureshi, Tariq Mehmood", "Tariq Qureshi"),
          A("Farhan Iqbal Sheikh", P, "surgeon", "Dr. Farhan Iqbal Sheikh", "Dr Farhan Sheikh"),
          A("Noor-e-Shifa Kidney Centre", FAC, "other", "Noor e Shifa Kidney Center")],
         24, None, ["kidney"], [(600000, "PKR", "payment_to_seller"), (30000, "USD", "price_to_recipient")],
         ["arrest", "charge"], ["operating from rented flats", "run out of a private house"], 4,
         "labourers"),
    Base("eg-cairo-2022", "organ", ["EG", "SD"], [["Cairo"], ["Ard el-Lewa", "Ard al-Liwa"]], 2022,
         "2022-06-02",
         [A("Mohamed Abdel-Sattar Hegazy", P, "broker", "Muhammad Abd al-Sattar Higazi",
            "M. Hegazy", "Mohammed Abdelsattar Hegazy"),
          A("Dar El Nour Clinic", FAC, "other", "Dar al-Nur clinic", "Dar El-Nour Clinic")],
         9, None, ["kidney"], [(5000, "USD", "payment_to_seller")],
         ["investigation", "arrest"], ["preying on Sudanese refugees", "targeting refugees from Sudan"],
         3, "refugees"),
    Base("in-kanpur-2019", "organ", ["IN"], [["Kanpur"], ["Uttar Pradesh", "UP"]], 2019,
         "2019-05-20",
         [A("Rajkumar Baldev Sinha", P, "broker", "Raj Kumar Sinha", "R. B. Sinha",
            "Rajkumar Sinha"),
          A("Sushila Devi Kannaujia", P, "recruiter", "Sushila Kannaujia")],
         40, None, ["kidney"], [(400000, "INR", "payment_to_seller")],
         ["arrest", "charge", "conviction"], ["luring debt-ridden villagers", "recruiting indebted farmers"],
         5, "villagers"),
    Base("np-kavre-2020", "organ", ["NP", "IN"], [["Kavrepalanchok", "Kavre"], ["Hokse"]], 2020,
         "2020-02-11",
         [A("Bishnu Prasad Thapaliya", P, "broker", "Bishnu Thapaliya", "B. P. Thapaliya")],
         15, None, ["kidney"], [(200000, "NPR", "payment_to_seller")],
         ["report", "arrest"], ["sending villagers to Indian hospitals", "taking villagers across the border to Chennai"],
         3, "villagers"),
    Base("tr-istanbul-2023", "organ", ["TR", "MD"], [["İstanbul", "Istanbul"], ["Esenyurt"]], 2023,
         "2023-09-03",
         [A("Yusuf Demirkan", P, "broker", "Yousef Demirkan", "Youssef Demirkan", "Y. Demirkan")],
         6, None, ["kidney"], [(3000, "USD", "payment_to_seller")],
         ["arrest", "charge"], ["flying in Moldovan donors", "recruiting donors from Moldova"], 3, "donors"),
    Base("xk-pristina-2018", "organ", ["XK", "MD", "RU"], [["Pristina", "Prishtina"]], 2018,
         "2018-11-19",
         [A("Arben Krasniqi-Loshaj", P, "surgeon", "Dr. Arben Krasniqi Loshaj", "Arben Krasniqi"),
          A("Klinika Dardania Vita", FAC, "other", "Dardania Vita clinic")],
         11, None, ["kidney"], [(15000, "EUR", "payment_to_seller"), (80000, "EUR", "price_to_recipient")],
         ["investigation", "charge"], ["at a private clinic", "in a private clinic's back wing"], 4, "donors"),
    Base("bd-joypurhat-2019", "organ", ["BD", "IN"], [["Joypurhat"], ["Kalai", "Kalai upazila"]], 2019,
         "2019-08-08",
         [A("Abdul Kalam Munshi", P, "broker", "Abdel Kalam Munshi", "A. K. Munshi", "Abul Kalam Munshi")],
         30, None, ["kidney"], [(500000, "BDT", "payment_to_seller")],
         ["report", "arrest"], ["in villages of one sub-district", "across a cluster of villages"], 4, "villagers"),
    Base("lk-colombo-2021", "organ", ["LK"], [["Colombo"], ["Borella"]], 2021, "2021-12-01",
         [A("Chaminda Wickramaratne", P, "broker", "Chaminda Wickramaratna", "C. Wickramaratne")],
         7, None, ["kidney"], [(1500000, "LKR", "payment_to_seller")],
         ["arrest", "charge"], ["recruiting through newspaper adverts", "via classified ads"], 2, "donors"),
    Base("ph-manila-2020", "organ", ["PH"], [["Manila"], ["Tondo"]], 2020, "2020-01-27",
         [A("Reynaldo Cruz Villanueva", P, "broker", "Reynaldo Villanueva", "Villanueva, Reynaldo Cruz")],
         12, None, ["kidney"], [(250000, "PHP", "payment_to_seller")],
         ["arrest", "charge"], ["in a slum district", "among urban poor families"], 3, "residents"),
    Base("cn-guangzhou-2021", "organ", ["CN"], [["Guangzhou"]], 2021, "2021-04-15",
         [A("Huang Weiming", P, "broker", "Huang Wei-ming", "Weiming Huang")],
         5, None, ["kidney", "liver"], [(300000, "CNY", "price_to_recipient")],
         ["arrest", "conviction"], ["through an online forum", "via chat groups"], 3, "donors"),
    Base("mx-tijuana-2022", "organ", ["MX", "US"], [["Tijuana"], ["Zona Río", "Zona Rio"]], 2022,
         "2022-10-10",
         [A("Octavio Rentería Salcido", P, "broker", "Octavio Renteria Salcido", "Octavio Rentería",
            "O. Renteria")],
         4, None, ["kidney"], [(60000, "USD", "price_to_recipient")],
         ["investigation", "arrest"], ["selling transplants to US patients", "for American buyers"], 3, "donors"),
    Base("br-recife-2023", "organ", ["BR"], [["Recife"], ["Pernambuco"]], 2023, "2023-03-21",
         [A("Josué Carvalho Nunes", P, "broker", "Josue Carvalho Nunes", "Josué Nunes")],
         8, None, ["kidney"], [(10000, "USD", "payment_to_seller")],
         ["arrest", "charge", "conviction"], ["in poor neighbourhoods", "in the city's outskirts"], 4, "donors"),
    Base("ng-lagos-2022", "organ", ["NG", "GB"], [["Lagos"], ["Ikeja"]], 2022, "2022-05-05",
         [A("Chukwuemeka Obiora Eze", P, "recruiter", "Chukwuemeka Eze", "C. O. Eze", "Emeka Eze")],
         3, None, ["kidney"], [(80000, "GBP", "price_to_recipient")],
         ["arrest", "charge", "conviction"], ["for a patient in London", "flying a young trader to London"], 4,
         "young men"),
    Base("ua-kharkiv-2024", "organ", ["UA", "DE"], [["Kharkiv", "Kharkov"]], 2024, "2024-02-07",
         [A("Oleksandr Hrytsenko", P, "broker", "Aleksandr Gritsenko", "Alexander Hritsenko",
            "O. Hrytsenko")],
         10, None, ["kidney"], [(10000, "USD", "payment_to_seller")],
         ["arrest", "charge"], ["among displaced people", "targeting displaced families"], 3, "displaced people"),
    Base("id-bekasi-2023", "organ", ["ID", "KH"], [["Bekasi"], ["Phnom Penh"]], 2023, "2023-07-20",
         [A("Hendra Saputra Wijaya", P, "broker", "Hendra Wijaya", "H. S. Wijaya")],
         19, None, ["kidney"], [(135000000, "IDR", "payment_to_seller")],
         ["arrest", "charge"], ["sending sellers to a Phnom Penh hospital", "via Cambodia"], 4, "sellers"),
    Base("ke-eldoret-2021", "organ", ["KE"], [["Eldoret"], ["Uasin Gishu"]], 2021, "2021-08-30",
         [A("Wycliffe Otieno Barasa", P, "broker", "Wycliffe Barasa", "W. O. Barasa")],
         6, None, ["kidney"], [(300000, "KES", "payment_to_seller")],
         ["allegation", "investigation"], ["at a private hospital", "around a private hospital"], 3, "youths"),
    Base("iq-erbil-2022", "organ", ["IQ", "SY", "TR"], [["Erbil", "Arbil"]], 2022, "2022-04-12",
         [A("Khaled Hamoudi", P, "broker", "Khalid Hammoudi", "Khaled Hammoudi", "K. Hamoudi")],
         14, None, ["kidney"], [(7000, "USD", "payment_to_seller")],
         ["report", "arrest"], ["buying kidneys from Syrian refugees", "targeting Syrian camp residents"], 3,
         "refugees"),
    Base("lb-beirut-2020", "organ", ["LB", "SY"], [["Beirut"], ["Bourj Hammoud"]], 2020, "2020-09-14",
         [A("Hussein Darwish Mrad", P, "broker", "Hussain Darwish Mrad", "Husayn Darwich Mrad",
            "H. Mrad")],
         9, None, ["kidney"], [(8000, "USD", "payment_to_seller")],
         ["report", "investigation"], ["exploiting refugees in debt", "among indebted refugees"], 3, "refugees"),
    Base("md-hincesti-2017", "organ", ["MD", "TR"], [["Hîncești", "Hincesti"]], 2017, "2017-03-09",
         [A("Vasile Munteanu-Rusu", P, "recruiter", "Vasile Munteanu Rusu", "V. Munteanu")],
         5, None, ["kidney"], [(3000, "USD", "payment_to_seller")],
         ["arrest", "charge"], ["sending men to Istanbul", "recruiting jobless men for Turkey"], 3, "men"),
    Base("co-cucuta-2023", "organ", ["CO", "VE"], [["Cúcuta", "Cucuta"]], 2023, "2023-05-28",
         [A("Yeferson Arbeláez Quintero", P, "broker", "Yeferson Arbelaez", "Jeferson Arbeláez Quintero")],
         7, None, ["kidney"], [(4000, "USD", "payment_to_seller")],
         ["allegation", "arrest"], ["preying on Venezuelan migrants", "among migrants from Venezuela"], 3,
         "migrants"),
    Base("vn-hanoi-2022", "organ", ["VN"], [["Hanoi", "Ha Noi"]], 2022, "2022-11-03",
         [A("Nguyen Van Trieu", P, "broker", "Nguyễn Văn Triệu", "Trieu Nguyen Van")],
         5, None, ["kidney"], [(250000000, "VND", "payment_to_seller")],
         ["arrest", "charge"], ["advertising on social media", "through social media groups"], 2, "sellers"),
    # ---------------- human trafficking ----------------
    Base("ly-zuwara-2022", "human", ["LY", "IT"], [["Zuwara", "Zuwarah"]], 2022, "2022-08-16",
         [A("Abdelhakim Ben Ghouma", P, "transporter", "Abd al-Hakim bin Ghuma", "Abdulhakim Benghouma",
            "A. Ben Ghouma")],
         86, 12, [], [(1500, "EUR", "other")],
         ["report", "investigation"], ["after a deadly boat departure", "behind an overcrowded boat"], 4,
         "migrants"),
    Base("th-songkhla-2021", "human", ["TH", "MM"], [["Songkhla"]], 2021, "2021-01-18",
         [A("Sompong Kaewmanee", P, "other", "Sompong Kaewmani"),
          A("Sea Lotus 7", FAC, "other", "Sea Lotus Seven", "MV Sea Lotus 7")],
         33, None, [], [],
         ["investigation", "arrest"], ["aboard a fishing trawler", "on a fishing boat"], 3, "fishermen"),
    Base("es-almeria-2023", "human", ["ES", "RO"], [["Almería", "Almeria"], ["El Ejido"]], 2023,
         "2023-04-04",
         [A("Florin Costache", P, "other", "F. Costache", "Costache, Florin"),
          A("Guardia Civil", ORG, "investigator", "Spanish Civil Guard")],
         17, None, [], [(20000, "EUR", "other")],
         ["arrest", "charge"], ["forcing women into prostitution", "exploiting Romanian women"], 4, "women"),
    Base("gb-leicester-2022", "human", ["GB", "IN"], [["Leicester"]], 2022, "2022-07-11",
         [A("Rakesh Bhardwaj", P, "other", "Rakesh Bharadwaj", "R. Bhardwaj"),
          A("National Crime Agency", ORG, "investigator", "NCA")],
         21, None, [], [],
         ["arrest", "charge", "conviction"], ["in garment workshops", "at clothing factories"], 3, "workers"),
    Base("us-houston-2021", "human", ["US", "MX", "GT"], [["Houston"]], 2021, "2021-04-29",
         [A("Marco Antonio Zetina", P, "transporter", "Marco A. Zetina", "Zetina, Marco Antonio"),
          A("Homeland Security Investigations", ORG, "investigator", "HSI", "ICE")],
         41, None, [], [(6000, "USD", "other")],
         ["arrest", "charge"], ["at a stash house", "in a stash house"], 4, "migrants"),
    Base("mx-tapachula-2023", "human", ["MX", "HN"], [["Tapachula"], ["Chiapas"]], 2023, "2023-02-13",
         [A("Los Cuervos del Soconusco", ARM, "other", "Cuervos del Soconusco", "the Soconusco Crows"),
          A("Efraín Ruelas Téllez", P, "other", "Efrain Ruelas", "E. Ruelas Tellez")],
         23, None, [], [(3000, "USD", "other")],
         ["report", "arrest"], ["kidnapping migrants for ransom", "holding migrants for ransom"], 4, "migrants"),
    Base("ng-benin-2020", "human", ["NG", "LY", "IT"], [["Benin City"], ["Edo State", "Edo"]], 2020,
         "2020-10-05",
         [A("Osasere Igbinedion", P, "recruiter", "Madam Osasere Igbinedion", "Mama Osas Igbinedion",
            "O. Igbinedion")],
         12, None, [], [(30000, "EUR", "other")],
         ["allegation", "arrest"], ["sending girls to Italy", "recruiting girls for Italy"], 3, "girls"),
    Base("in-mumbai-2022", "human", ["IN", "AE"], [["Mumbai"], ["Andheri"]], 2022, "2022-12-12",
         [A("Sunrise Overseas Manpower", ORG, "recruiter", "Sunrise Overseas Manpower Pvt Ltd",
            "Sunrise Overseas")],
         50, None, [], [(150000, "INR", "other")],
         ["report", "arrest"], ["with fake Gulf job offers", "promising jobs in Dubai"], 3, "workers"),
    Base("kh-sihanoukville-2023", "human", ["KH", "CN", "VN"], [["Sihanoukville", "Preah Sihanouk"]], 2023,
         "2023-08-22",
         [A("Golden Pearl Compound", FAC, "other", "the Golden Pearl compound", "Golden Pearl")],
         200, None, [], [],
         ["report", "investigation"], ["inside a scam compound", "at an online-scam compound"],
         4, "workers"),
    Base("er-sinai-2019", "human", ["ER", "SD", "LY"], [["Kassala"], ["Kufra"]], 2019, "2019-06-17",
         [A("Medhanie Gebretsadik", P, "other", "Medhane Gebretsadik", "Medhanie Gebre-Tsadik")],
         60, None, [], [(5000, "USD", "other")],
         ["report", "allegation"], ["extorting ransom from Eritreans", "holding Eritreans for ransom"], 3, "refugees"),
    Base("pk-sheikhupura-2022", "human", ["PK"], [["Sheikhupura"]], 2022, "2022-03-03",
         [A("Chaudhry Aslam Gujjar", P, "other", "Ch. Aslam Gujjar", "Aslam Gujjar")],
         41, None, [], [(250000, "PKR", "other")],
         ["report", "arrest"], ["at a brick kiln", "in brick kilns"], 3, "bonded labourers"),
    Base("ro-pitesti-2024", "human", ["RO", "GB"], [["Pitești", "Pitesti"]], 2024, "2024-01-15",
         [A("Ionuț Bălan", P, "recruiter", "Ionut Balan", "I. Balan")],
         6, None, [], [],
         ["arrest", "charge"], ["using the lover-boy method", "posing as boyfriends"], 3, "young women"),
    Base("gr-evros-2023", "human", ["GR", "TR"], [["Evros"], ["Alexandroupolis"]], 2023, "2023-11-02",
         [A("Dimitrios Karalis", P, "transporter", "Dimitris Karalis", "D. Karalis")],
         25, 3, [], [(2000, "EUR", "other")],
         ["arrest", "charge"], ["after a fatal car chase", "after a van crash"], 3, "migrants"),
    Base("my-kl-2021", "human", ["MY", "NP"], [["Kuala Lumpur"]], 2021, "2021-05-24",
         [A("Bintang Jaya Recruitment", ORG, "recruiter", "Bintang Jaya Recruitment Sdn Bhd", "Bintang Jaya")],
         28, None, [], [(4000, "MYR", "other")],
         ["report", "investigation"], ["confiscating domestic workers' passports", "holding maids' passports"], 3,
         "domestic workers"),
    Base("ne-agadez-2021", "human", ["NE", "LY"], [["Agadez"]], 2021, "2021-09-09",
         [A("Moussa Ag Alhassane", P, "transporter", "Mussa Ag Alhassan", "Moussa ag-Alhassane")],
         70, 5, [], [(500000, "XOF", "other")],
         ["report", "arrest"], ["abandoning migrants in the desert", "leaving migrants in the Ténéré"], 3, "migrants"),
    # ---------------- arms trafficking ----------------
    Base("us-phoenix-2022", "weapons", ["US", "MX"], [["Phoenix"]], 2022, "2022-06-21",
         [A("Ramón Esquer Valdovinos", P, "buyer", "Ramon Esquer", "R. Esquer Valdovinos"),
          A("CJNG", ARM, "buyer", "Jalisco New Generation Cartel", "Cártel de Jalisco Nueva Generación")],
         None, None, [], [(250000, "USD", "other")],
         ["charge", "conviction"], ["with straw purchases of rifles", "buying rifles through straw buyers"], 4, ""),
    Base("mx-culiacan-2021", "weapons", ["MX", "US"], [["Culiacán", "Culiacan"]], 2021, "2021-02-08",
         [A("Héctor Mazatán Loaiza", P, "transporter", "Hector Mazatan", "H. Mazatán Loaiza"),
          A("Sinaloa Cartel", ARM, "buyer", "Cártel de Sinaloa")],
         None, None, [], [(120000, "USD", "other")],
         ["arrest", "charge"], ["moving rifles south", "smuggling guns from Arizona"], 3, ""),
    Base("so-bosaso-2023", "weapons", ["SO", "YE"], [["Bosaso", "Bosasso"]], 2023, "2023-03-30",
         [A("Abdirahman Farah Warsame", P, "transporter", "Abdirahman Warsame", "Abdi Rahman Farah Warsame"),
          A("al-Shabaab", ARM, "buyer", "Al Shabaab", "al-Shabab")],
         None, None, [], [],
         ["report", "arrest"], ["on a dhow from Yemen", "aboard a dhow seized off Puntland"], 3, ""),
    Base("pl-rzeszow-2022", "weapons", ["PL", "UA"], [["Rzeszów", "Rzeszow"]], 2022, "2022-09-12",
         [A("Paweł Nowicki", P, "transporter", "Pawel Nowicki", "P. Nowicki")],
         None, None, [], [(90000, "EUR", "other")],
         ["arrest", "charge"], ["with grenades in a minibus", "hiding weapons in a minibus"], 3, ""),
    Base("ba-sarajevo-2020", "weapons", ["BA", "SE"], [["Sarajevo"]], 2020, "2020-12-02",
         [A("Edin Hodžić", P, "seller_donor", "Edin Hodzic", "E. Hodžić")],
         None, None, [], [(40000, "EUR", "other")],
         ["arrest", "conviction"], ["selling hand grenades to Swedish gangs", "supplying grenades to gangs in Sweden"],
         3, ""),
    Base("lb-hermel-2021", "weapons", ["LB", "SY"], [["Hermel"]], 2021, "2021-07-07",
         [A("Ali Fadlallah Haidar", P, "transporter", "Ali Fadlalla Haydar", "A. F. Haidar"),
          A("Hezbollah", ARM, "other", "Hizballah")],
         None, None, [], [],
         ["allegation", "report"], ["moving weapons across the Syrian border", "through border crossings with Syria"],
         3, ""),
    Base("ht-portdepaix-2023", "weapons", ["HT", "US"], [["Port-de-Paix"], ["Miami"]], 2023, "2023-10-17",
         [A("Jean-Baptiste Desrosiers", P, "transporter", "Jean Baptiste Desrosiers", "J.-B. Desrosiers"),
          A("Baz Lakay Sud", ARM, "buyer", "Lakay Sud gang")],
         None, None, [], [(75000, "USD", "other")],
         ["charge", "conviction"], ["shipping guns in barrels", "hiding pistols in shipping barrels"], 4, ""),
]

# Look-alikes: real-looking neighbours of the incidents above that are different cases.
LOOKALIKES: list[Base] = [
    Base("pk-lahore-2017", "organ", ["PK"], [["Lahore"]], 2017, "2017-10-02",
         [A("Shahid Nawaz Butt", P, "broker", "Shahid Butt")],
         8, None, ["kidney"], [(300000, "PKR", "payment_to_seller")],
         ["arrest"], ["in a rented house", "operating from a house"], 2, "labourers"),
    Base("pk-lahore-2021-cornea", "organ", ["PK"], [["Lahore"]], 2021, "2021-05-11",
         [A("Zahid Rafiq Malik", P, "medical_staff", "Zahid Malik")],
         3, None, ["cornea"], [],
         ["investigation"], ["stealing corneas from the dead", "removing corneas at a morgue"], 2, "bodies"),
    Base("in-kanpur-2015", "organ", ["IN"], [["Kanpur"]], 2015, "2015-02-17",
         [A("Manoj Tiwari Shukla", P, "broker", "Manoj Shukla")],
         11, None, ["kidney"], [(250000, "INR", "payment_to_seller")],
         ["arrest", "charge"], ["with forged donor papers", "using fake relative certificates"], 2, "villagers"),
    Base("eg-cairo-2018", "organ", ["EG"], [["Cairo"]], 2018, "2018-12-06",
         [A("Samir Fawzy Rizk", P, "broker", "Samir Fawzi Rizk")],
         20, None, ["kidney"], [(3000, "USD", "payment_to_seller")],
         ["arrest"], ["from a rented flat", "in a flat used as a clinic"], 2, "donors"),
    Base("tr-istanbul-2021", "organ", ["TR", "MD"], [["Istanbul"]], 2021, "2021-01-26",
         [A("Kemal Ozturkmen", P, "broker", "Kemal Öztürkmen")],
         4, None, ["kidney"], [(5000, "USD", "payment_to_seller")],
         ["arrest"], ["flying in donors", "bringing donors by plane"], 2, "donors"),
    Base("az-baku-2023", "organ", ["AZ"], [["Baku"]], 2023, "2023-06-19",
         [A("Yusuf Demirkan", P, "broker", "Yousef Demirkan", gold="Yusuf Demirkan@AZ")],
         5, None, ["kidney"], [(6000, "USD", "payment_to_seller")],
         ["arrest"], ["in a private clinic", "at a clinic"], 2, "donors"),
    Base("id-bekasi-2020", "organ", ["ID"], [["Bekasi"]], 2020, "2020-08-14",
         [A("Agus Setiawan Purba", P, "broker", "Agus Purba")],
         6, None, ["kidney"], [(70000000, "IDR", "payment_to_seller")],
         ["arrest"], ["through online adverts", "via adverts online"], 2, "sellers"),
    Base("mx-tijuana-2022-b", "organ", ["MX"], [["Tijuana"]], 2022, "2022-03-08",
         [A("Clínica San Judas Norte", FAC, "other", "Clinica San Judas Norte")],
         2, 1, ["kidney"], [],
         ["investigation"], ["after a donor's death", "after a seller died"], 2, "donors"),
    Base("lb-beirut-2023", "organ", ["LB"], [["Beirut"]], 2023, "2023-02-02",
         [A("Walid Haddad Khoury", P, "broker", "Walid Khoury")],
         4, None, ["kidney"], [(6000, "USD", "payment_to_seller")],
         ["allegation"], ["on social media", "through online posts"], 1, "sellers"),
    Base("ly-zuwara-2019", "human", ["LY", "IT"], [["Zuwara"]], 2019, "2019-07-25",
         [A("Osama Zreiq", P, "transporter", "Usama Zreiq")],
         120, 30, [], [],
         ["report"], ["after a shipwreck", "after a capsizing"], 2, "migrants"),
    Base("us-houston-2017", "human", ["US", "MX"], [["Houston"]], 2017, "2017-08-01",
         [A("Luis Alberto Cantú", P, "transporter", "Luis Cantu")],
         19, None, [], [],
         ["arrest"], ["in a tractor-trailer", "in a truck trailer"], 2, "migrants"),
    Base("mx-tuxtla-2023", "human", ["MX", "GT"], [["Tuxtla Gutiérrez", "Tuxtla Gutierrez"]], 2023,
         "2023-06-27",
         [A("Los Cuervos del Soconusco", ARM, "other", "Cuervos del Soconusco"),
          A("Ramiro Saldívar Coutiño", P, "other", "Ramiro Saldivar")],
         9, None, [], [(2500, "USD", "other")],
         ["arrest"], ["at a safe house", "in a safe house"], 2, "migrants"),
    Base("ne-agadez-2023", "human", ["NE", "LY"], [["Agadez"]], 2023, "2023-04-18",
         [A("Ibrahim Issoufou Maiga", P, "transporter", "Ibrahim Maiga")],
         45, None, [], [],
         ["arrest"], ["on a desert route", "on the Sahara route"], 2, "migrants"),
    Base("us-tucson-2022", "weapons", ["US", "MX"], [["Tucson"]], 2022, "2022-11-09",
         [A("Iván Robles Ochoa", P, "buyer", "Ivan Robles"),
          A("CJNG", ARM, "buyer", "Jalisco Cartel")],
         None, None, [], [(60000, "USD", "other")],
         ["charge"], ["buying pistols at gun shows", "at gun shows"], 2, ""),
    Base("so-hobyo-2023", "weapons", ["SO", "YE"], [["Hobyo"]], 2023, "2023-09-28",
         [A("al-Shabaab", ARM, "buyer", "al Shabaab"),
          A("Hassan Nur Jama", P, "transporter", "Hasan Nur Jama")],
         None, None, [], [],
         ["report"], ["landed by skiff", "brought ashore in skiffs"], 2, ""),
    Base("ph-cebu-2020", "organ", ["PH"], [["Cebu"]], 2020, "2020-06-30",
         [A("Reynaldo Cruz Villanueva", P, "broker", "Reynaldo Villanueva", gold="Villanueva@Cebu"),
          A("Mercy Lim Tan", P, "recruiter", "Mercy Tan")],
         5, None, ["kidney"], [(200000, "PHP", "payment_to_seller")],
         ["arrest"], ["among fishing families", "in fishing villages"], 2, "residents"),
]

NOUNS = {
    "organ": ["kidney racket", "organ trafficking ring", "illegal transplant network",
              "organ-harvesting gang", "kidney-selling network", "transplant racket"],
    "human": ["trafficking ring", "smuggling network", "exploitation network",
              "human trafficking operation", "criminal network"],
    "weapons": ["gun-running network", "arms trafficking ring", "weapons smuggling operation",
                "firearms trafficking scheme"],
}
ACTS = {
    "rumor": ["rumours spread about", "residents whisper about"],
    "speculation": ["questions raised over", "suspicions grow around"],
    "allegation": ["victims accuse", "survivors allege abuses by", "complaints filed against"],
    "report": ["NGO documents", "investigation by reporters exposes", "report describes"],
    "investigation": ["authorities open inquiry into", "police investigate", "probe launched into"],
    "arrest": ["police arrest {actor} over", "{actor} detained in crackdown on", "raid breaks up"],
    "charge": ["prosecutors charge {actor} over", "{actor} indicted for role in",
               "charge sheet filed against {actor} in"],
    "conviction": ["court convicts {actor} in", "{actor} jailed for", "{actor} sentenced over"],
}
LEADS = [
    "{act} {noun} {detail} in {place}{count}",
    "{place}: {act} {noun} {detail}{count}",
    "{act} a {noun} {detail}, {place}{count}",
    "In {place}, {act} {noun}{count} {detail}",
]


def _pick_name(rng: random.Random, actor: Actor) -> str:
    return rng.choice([actor.name, actor.name, *actor.variants]) if actor.variants else actor.name


def _victims(rng: random.Random, n: int | None, k: int, conflict: bool) -> int | None:
    if n is None or rng.random() < 0.2:
        return None
    if conflict and k == 1:
        return int(n * 1.8)
    jitter = rng.choice([0, 0, 0, -1, 1, -2, 2])
    return max(1, n + jitter if n > 5 else n)


def _money(rng: random.Random, money: list[tuple[float, str, str]]) -> list[dict[str, Any]]:
    out = []
    for amount, currency, what in money:
        if rng.random() < 0.3:
            continue
        factor = rng.choice([1, 1, 1, 0.95, 1.05])
        rounded = round(amount * factor, -len(str(int(amount))) + 2)
        out.append({"amount": rounded, "currency": currency, "what": what})
    return out


def _report(rng: random.Random, base: Base, k: int, n_reports: int, doc: str) -> dict[str, Any]:
    # Evidence moves up the incident's path from the first report to the last.
    step = round(k * (len(base.path) - 1) / (n_reports - 1)) if n_reports > 1 else len(base.path) - 1
    level = base.path[step]
    actors = [a for a in base.actors if rng.random() < 0.85] if rng.random() > 0.12 else []
    if not actors and base.trade == "weapons":
        actors = base.actors[:1]
    named = [(_pick_name(rng, a), a) for a in actors]
    places = [rng.choice(alts) for alts in base.places if rng.random() < 0.8] or (
        [rng.choice(base.places[0])] if rng.random() < 0.8 else [])
    count = _victims(rng, base.victims, k, base.conflict == "victims")
    lead_actor = next((n for n, a in named if a.type == "person"), named[0][0] if named else "suspects")
    act = rng.choice(ACTS[level]).format(actor=lead_actor)
    count_text = ""
    if count is not None and base.victim_word:
        count_text = rng.choice([f"; {count} {base.victim_word} affected", f", at least {count} {base.victim_word}",
                                 f" ({count} {base.victim_word})"])
    summary = rng.choice(LEADS).format(act=act, noun=rng.choice(NOUNS[base.trade]),
                                       detail=rng.choice(base.details),
                                       place=places[0] if places else "the region", count=count_text)
    summary = summary[0].upper() + summary[1:]
    activities = {"arrest": ["arrest"], "charge": ["arrest", "charge"],
                  "conviction": ["arrest", "charge", "conviction"],
                  "investigation": ["investigation"], "allegation": ["allegation"]}.get(level, [])
    if base.trade == "organ":
        activities = ["recruitment", "removal", "sale", *activities]
    elif base.trade == "human":
        activities = ["recruitment", "transport", *activities]
    else:
        activities = ["sale", "transport", *activities]
    countries = list(base.countries)
    if len(countries) > 1 and rng.random() < 0.2:
        countries = countries[:-1]
    year: int | None = base.year if rng.random() > 0.12 else None
    if base.conflict == "year" and k == 1:
        year = base.year + 1
    incident: dict[str, Any] = {
        "summary": summary,
        "trade": base.trade,
        "organs": list(base.organs) if rng.random() > 0.15 else [],
        "countries": countries,
        "places": places,
        "route": [],
        "year": year,
        "actors": [{"name": n, "type": a.type, "role": a.role, "actor": a.gold} for n, a in named],
        "victims": {"count": count, "deaths": base.deaths if rng.random() > 0.3 else None, "kinds": []},
        "activities": activities,
        "money": _money(rng, base.money),
        "evidence": level,
        "cluster": base.key,
    }
    if base.conflict == "acquitted" and k == n_reports - 1:
        incident["summary"] = f"Appeal court acquits {lead_actor}; earlier conviction over {base.details[0]} quashed"
        incident["evidence"] = "charge"
        incident["outcome"] = "acquitted"
    return incident


def build() -> list[dict[str, Any]]:
    rng = random.Random(20240611)
    docs: list[dict[str, Any]] = []
    conflicts = {
        "in-kanpur-2019": "acquitted",   # a later report says the broker was acquitted
        "ly-zuwara-2022": "victims",     # one outlet gives a much higher count
        "ng-benin-2020": "year",         # one outlet dates it a year later
    }
    for base in BASES:
        base.conflict = conflicts.get(base.key, "")
    serial = 0
    for base in BASES + LOOKALIKES:
        outlets = rng.sample(OUTLETS, base.reports)
        day = date.fromisoformat(base.start)
        for k in range(base.reports):
            serial += 1
            doc = f"r{serial:03d}"
            day = day + timedelta(days=rng.choice([1, 3, 9, 20, 45, 90]) if k else 0)
            docs.append({"id": doc, "outlet": outlets[k], "published": day.isoformat(), "relevant": True,
                         "incidents": [_report(rng, base, k, base.reports, doc)]})
    # Round-ups: some documents report two unrelated incidents of the same trade.
    rng.shuffle(docs)
    merged: list[dict[str, Any]] = []
    used: set[int] = set()
    pairs = 0
    for i, d in enumerate(docs):
        if i in used:
            continue
        if pairs < 8:
            inc = d["incidents"][0]
            for j in range(i + 1, len(docs)):
                other = docs[j]["incidents"][0]
                gap = abs((date.fromisoformat(str(docs[j]["published"]))
                           - date.fromisoformat(str(d["published"]))).days)
                if (j not in used and other["trade"] == inc["trade"]
                        and other["cluster"] != inc["cluster"] and gap <= 60):
                    later = max(str(d["published"]), str(docs[j]["published"]))
                    d = {**d, "outlet": "Field Notes (NGO bulletin)", "published": later,
                         "incidents": [inc, other]}
                    used.add(j)
                    pairs += 1
                    break
        merged.append(d)
    merged.sort(key=lambda d: str(d["id"]))
    return merged


def main() -> None:
    docs = build()
    with OUT.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    n_inc = sum(len(d["incidents"]) for d in docs)
    clusters = {i["cluster"] for d in docs for i in d["incidents"]}
    print(f"wrote {OUT.name}: {len(docs)} documents, {n_inc} incident records, {len(clusters)} incidents")


if __name__ == "__main__":
    main()
