"""Triage: fast, keyword-based, and high recall; near misses score low."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ratline.triage import is_candidate, relevance

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"

POSITIVES = [
    "Police arrested a broker accused of luring villagers to sell their kidneys in India.",
    "The Factbook lists the country as a source of men subjected to forced labor and sex trafficking.",
    "Agents charged a straw purchaser who bought rifles for a gun-running ring to Haiti.",
    "The smugglers were convicted of bringing unauthorized aliens into the United States for profit.",
    "UN monitors report a sharp rise in violations of the arms embargo against the rebels.",
    "Officials say the country is covertly supplying the army with artillery shells for its war.",
    # The trade told without its name: the organ's side of a sale, a brothel one is forced into.
    "Prosecutors opened an inquiry into a hospital that transplanted kidneys bought from refugees.",
    "Her daughter was promised a job as a maid in the city and then forced to work in a brothel.",
    "The accused lured a girl to the city with the promise of a film role and sold her to a brothel.",
    "Police arrested a woman for selling brides to China from villages near the border.",
    "A farm owner was charged with labour exploitation of seasonal workers.",
]
NEGATIVES = [
    "The cathedral's pipe organ was removed, cleaned and transported back by the organ builders.",
    "Rush-hour traffic on the ring road slowed after an accident near the airport.",
    "Researchers describe protein trafficking between the endosomal membrane and the cell surface.",
    "Doctors performed a record number of living-donor liver transplants at the university hospital.",
    "The council approved a new library budget and road repairs.",
    "The hospital bought new dialysis machines for patients whose kidneys have failed.",
    "The strike forced the workers into a long dispute with the brewery over pay.",
    "Volunteers rescued stray dogs from the flooded shelter.",
    "The trader sold goods to women at the market.",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_trafficking_texts_are_candidates(text: str) -> None:
    assert is_candidate(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_near_misses_are_not_candidates(text: str) -> None:
    assert not is_candidate(text)


def test_scores_are_bounded_and_ordered() -> None:
    pos, neg = relevance(POSITIVES[0]), relevance(NEGATIVES[0])
    assert 0.0 <= neg < pos <= 1.0
    assert relevance("") == 0.0


def test_recall_on_dev_relevant_documents() -> None:
    gold = DEV / "gold.jsonl"
    if not gold.is_file():
        pytest.skip("dev set not found")
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    relevant = [r["id"] for r in rows if r["relevant"]]
    hits = sum(is_candidate((DEV / "texts" / f"{i}.txt").read_text(encoding="utf-8")) for i in relevant)
    assert hits / len(relevant) >= 0.98


@pytest.mark.parametrize("text", [
    # Told only in the words of the rules' trade cues (vocab/trades.yaml), none of them a
    # cue of triage's own list.
    "Prosecutors in Milan said the gang forced women to work as prostitutes to repay debts.",
    "The navy intercepted a semi-submersible carrying 40 rifles bound for a dissident faction.",
    "Inspectors freed eleven bonded labourers from a brick kiln near Kasur on Friday.",
    # A child sold, with her age before the noun.
    "A woman in Varna was convicted of selling her 16-year-old daughter to a pimp in Spain.",
    # Whose organs told between the organ and the verb.
    "Police in Nairobi raided a clinic where the kidneys of slum residents were allegedly "
    "removed and sold to patients in India.",
])
def test_a_text_told_in_the_rules_own_trade_words_reaches_the_rules(text: str) -> None:
    assert is_candidate(text), relevance(text)
