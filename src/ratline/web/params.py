"""Bounds of the integer query parameters every endpoint shares.

An unbounded integer reaches the database as is, and SQLite refuses anything past
2**63 - 1 with an error the app would answer 500; a bound makes it a 400 that says why.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_OFFSET = 10_000_000
MAX_PAGE = 100_000

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Limit = Annotated[int, Query(ge=1, le=500, description="rows to return")]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]
