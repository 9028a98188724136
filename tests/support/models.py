"""The shipped models with one replaced: for tests of what the parse decides whatever a
model says."""

from __future__ import annotations

import dataclasses

from ratline.extract.learned import LinearModel, Models, shipped


def roles_all(role: str) -> Models:
    """The shipped models, but the actor role model names every actor `role` (and no
    candidate is added, so only the rules' actors are read)."""
    always = LinearModel({"classes": ["other", role], "bias": [50.0], "weights": {}})
    return dataclasses.replace(shipped(), actor_role=always, off=frozenset({"candidates"}))
