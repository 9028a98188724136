"""The compiled attribute ruler gives the same POS and DEP as the model's own ruler."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from ratline.extract import nlp as nlp_module
from ratline.extract.coarse_tags import compile_rules
from ratline.extract.sentences import analyse

TEXTS = [
    "The broker, who had been arrested twice, was not charged; there were two others.",
    "Ain't nothin' gonna stop y'all, c'mon. Let's go, said the surgeon.",
    "Police said that it is what it is:  the men did it, and they have had enough.",
    "Maria Santos   sold her kidney in 2019 for $5,000 to a buyer from Tel Aviv.\n\n",
    "I gave it to you. You gave it to me. Those were the days; that was the deal.",
]


def _full_pipeline() -> Any:
    for name in nlp_module.MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load(exclude=["lemmatizer"])
        except ImportError:
            continue
    pytest.skip("no spaCy English model")


def test_compiled_ruler_matches_the_models_ruler_token_for_token() -> None:
    full = _full_pipeline()
    ruler = full.get_pipe("attribute_ruler")
    coarse = compile_rules(ruler.patterns)
    assert coarse is not None
    checked = 0
    with full.select_pipes(disable=["attribute_ruler"]):
        docs = list(full.pipe(TEXTS))
    for doc in docs:
        mine = coarse.apply([(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc])
        ruler(doc)
        assert [(t.pos_, t.dep_) for t in doc] == mine
        checked += len(doc)
    assert checked > 80


def test_the_shared_pipeline_runs_without_the_ruler_and_still_has_pos(nlp: Any) -> None:
    assert nlp_module.coarse_tags() is not None
    assert "attribute_ruler" not in nlp.pipe_names
    sents = analyse("The surgeon was arrested. There is a broker in Cairo.")
    pos = {t.text: t.pos for s in sents for t in s.tokens}
    assert pos["surgeon"] == "NOUN"
    assert pos["was"] == "AUX"  # a tag-and-word pattern
    assert pos["is"] == "VERB"  # the two-token pattern after "There"
    assert pos["Cairo"] == "PROPN"


def test_later_patterns_win_and_the_match_index_is_honoured() -> None:
    coarse = compile_rules([
        {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB"}, "index": 0},
        {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is"]}}]], "attrs": {"POS": "AUX"},
         "index": 0},
        {"patterns": [[{"DEP": "expl"}, {"LOWER": "is"}]], "attrs": {"POS": "VERB"}, "index": 1},
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"},
         "index": 0},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}, "index": 0},
    ])
    assert coarse is not None
    got = coarse.apply([
        ("VBZ", "has", "ROOT", False),
        ("VBZ", "is", "aux", False),
        ("EX", "there", "expl", False),
        ("VBZ", "is", "ROOT", False),
        ("_SP", "  ", "punct", True),
    ])
    assert got == [("VERB", "ROOT"), ("AUX", "aux"), ("", "expl"), ("VERB", "ROOT"),
                   ("", "dep")]


def test_a_pattern_of_unknown_shape_keeps_the_models_ruler() -> None:
    assert compile_rules([
        {"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}, "index": 0},
    ]) is None
    assert compile_rules([
        {"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "PROPN"}, "index": 0},
    ]) is None
    # Patterns that set only lemmas or morphology are not read at all.
    assert compile_rules([
        {"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"LEMMA": "x"}, "index": 0},
    ]) is not None


def test_words_no_pattern_names_are_read_alike_but_exclusions_still_hold() -> None:
    coarse = compile_rules([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 0},
        {"patterns": [[{"TAG": "NN", "LOWER": "well"}]], "attrs": {"POS": "ADV"}, "index": 0},
    ])
    assert coarse is not None
    assert coarse.apply([("NN", "cat", "nsubj", False), ("NN", "well", "nsubj", False),
                         ("NN", "dog", "nsubj", False)]) == [
        ("NOUN", "nsubj"), ("ADV", "nsubj"), ("NOUN", "nsubj")]
    excluding = compile_rules([
        {"patterns": [[{"TAG": "NN", "LOWER": {"NOT_IN": ["dog"]}}]], "attrs": {"POS": "X"},
         "index": 0},
    ])
    assert excluding is not None
    assert excluding.apply([("NN", "cat", "dobj", False), ("NN", "dog", "dobj", False)]) == [
        ("X", "dobj"), ("", "dobj")]
