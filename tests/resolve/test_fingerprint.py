"""Name fingerprints: which words of a report count as its rare names, and how two
reports' fingerprints weigh in linkage. Every text here is fictional."""

from __future__ import annotations

from ratline.resolve.fingerprint import (
    case_names,
    decode,
    encode,
    fingerprint,
    is_case_name,
    name_words,
    prose,
)
from ratline.resolve.incidents import IncidentRecord, compare_incidents

REPORT = ("Police in Korvath arrested the broker Ilmar Dashenko and the clinic owner Veda "
          "Orlunn on Tuesday, the Ministry said. Dashenko had recruited sellers in Tarnow.")


def test_rare_capitalised_words_and_their_pairs_are_the_names() -> None:
    words = name_words(REPORT)
    assert {"korvath", "ilmar", "dashenko", "ilmar dashenko", "veda", "orlunn", "tarnow"} <= set(words)
    # Common words capitalised at a sentence start, and names common in public reporting
    # (agencies, weekdays), are not.
    assert not {"police", "ministry", "tuesday", "the"} & set(words)


def test_a_capitalised_word_the_text_also_writes_in_lower_case_is_no_name() -> None:
    assert "ring" not in name_words("Ring members met Ilmar Dashenko twice. The ring sold kidneys.")


def test_short_page_lines_are_left_out() -> None:
    page = "Reporter : Anselm Quibbly\nPublication date 3 July\n" + REPORT
    assert "anselm" not in name_words(page) and "quibbly" not in name_words(page)
    assert prose(page) == REPORT


def test_the_fingerprint_holds_hashes_not_names() -> None:
    fp = fingerprint(REPORT)
    assert fp and fp == tuple(sorted(fp))
    assert not any("dashenko" in h or "orlunn" in h for h in fp)
    assert decode(encode(fp)) == fp
    assert decode('{"v": "0", "names": ["x"]}') is None  # an older version is recomputed
    assert decode("not json") is None


def _record(doc: str, text: str, country: str = "KV", trade: str = "organ",
            year: int = 2021) -> IncidentRecord:
    return IncidentRecord.from_json(doc, 0, {"trade": trade, "countries": [country], "year": year},
                                    names=fingerprint(text))


def test_reports_sharing_many_rare_names_score_higher_than_reports_sharing_none() -> None:
    follow_up = ("A court in Korvath sentenced Ilmar Dashenko and Veda Orlunn, who ran the "
                 "Tarnow kidney ring, to nine years each on Friday.")
    unrelated = ("Customs officers in Belgrade seized rifles hidden in a lorry owned by the "
                 "haulier Petar Zlobin and his partner Ana Vuksic.")
    same = compare_incidents(_record("a", REPORT), _record("b", follow_up))
    other = compare_incidents(_record("a", REPORT), _record("c", unrelated))
    assert same.total is not None and other.total is not None and same.total > other.total + 5
    names_line = next(r for r in same.reasons if r.startswith("names "))
    # The explanation says how many names, never which (they may be a victim's).
    assert "rare names printed by both reports" in names_line
    assert "dashenko" not in names_line.lower() and "orlunn" not in names_line.lower()


def test_operation_names_and_court_captions_are_the_case_names() -> None:
    text = ("Operation Silver Lantern ended with 12 arrests. The indictment, State v. Dashenko,\n"
            "names the broker. Operation\nTuesday was not an operation.")
    assert case_names(text) == ["op silver lantern", "v dashenko"]
    fp = fingerprint(text)
    assert sum(1 for h in fp if is_case_name(h)) == 2
    assert not any("lantern" in h for h in fp)  # hashed like the names


def test_brand_spellings_count_as_names() -> None:
    assert {"ipad", "ebay"} <= set(name_words("The boy sold his kidney to buy an iPad he saw on eBay last spring."))


def test_reports_of_one_operation_link_across_years_and_defendants() -> None:
    indictment = ("Prosecutors in Korvath charged Ilmar Dashenko and 20 others in Operation Silver "
                  "Lantern, a forced-labour scheme on the Tarnow farms, the court heard on Monday.")
    pleas = ("Three more defendants, Veda Orlunn among them, pleaded guilty on Tuesday in "
             "Operation Silver Lantern, the largest labour-trafficking case the region has seen.")
    other = ("Three more defendants pleaded guilty on Tuesday in Operation Copper Gate, a "
             "forced-labour scheme on farms near the border, the court was told in Korvath.")
    same = compare_incidents(_record("a", indictment, trade="human", year=2019),
                             _record("b", pleas, trade="human", year=2023))
    apart = compare_incidents(_record("b", pleas, trade="human", year=2023),
                               _record("c", other, trade="human", year=2023))
    assert any(r.startswith("case shared") for r in same.reasons)
    assert any(r.startswith("case different") for r in apart.reasons)
    assert same.total is not None and apart.total is not None and same.total > apart.total
    assert same.verdict == "yes"
