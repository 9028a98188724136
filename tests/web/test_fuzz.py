"""API fuzzing from the app's own OpenAPI description (schemathesis, in process).

Every operation in `/openapi.json` gets generated requests, valid and invalid (wrong
types, out-of-range numbers, odd strings, broken bodies), once as a logged-in analyst
(with the CSRF header) and once without a session. No answer may be a 5xx, and every
answer carries the security headers. Examples are derandomized, so a run is
reproducible and bounded (FUZZ_EXAMPLES per operation and session kind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from ratline.store import Store
from ratline.web.app import SECURITY_HEADERS, create_app
from ratline.web.sessions import COOKIE

pytestmark = pytest.mark.slow

FUZZ_EXAMPLES = 30
SENT: dict[str, int] = {"analyst": 0, "anonymous": 0}
REQUIRED = [name.decode() for name, _ in SECURITY_HEADERS]


@pytest.fixture(scope="module")
def fuzz_app(web_store: Store) -> Any:
    return create_app(web_store, cache_ttl=0.0)


@pytest.fixture(scope="module")
def api_schema(fuzz_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


@pytest.fixture(scope="module")
def analyst_auth(fuzz_app: Any, web_store: Store) -> tuple[dict[str, str], dict[str, str]]:
    with web_store.engine.connect() as conn:
        uid = conn.exec_driver_sql("SELECT id FROM users WHERE name = 'analyst'").scalar()
    token, session = fuzz_app.state.sessions.create(int(uid))
    return {COOKIE: token}, {"X-CSRF-Token": session.csrf}


@pytest.fixture(scope="module", autouse=True)
def count_requests() -> Iterator[None]:
    yield
    total = sum(SENT.values())
    print(f"\nAPI fuzzing sent {total} generated requests "
          f"({SENT['analyst']} as analyst, {SENT['anonymous']} without a session)")


FUZZ = settings(max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def check(response: Any, case: Any) -> None:
    where = f"{case.method} {case.formatted_path} {case.query!r} {case.body!r}"
    assert response.status_code < 500, f"{response.status_code} for {where}: {response.text[:300]}"
    missing = [h for h in REQUIRED if h not in response.headers]
    assert not missing, f"no {missing} on {response.status_code} for {where}"


def fuzz(api_schema: Any, send: Callable[[Any], Any]) -> int:
    """Every operation, valid and invalid generated input; returns the operations seen."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def one(case: Any) -> None:
                send(case)

            try:
                one()
            except Unsatisfiable:
                # Nothing to make invalid: an operation without parameters or body.
                if mode is GenerationMode.POSITIVE:
                    raise
    return len(operations)


def test_api_fuzz_as_analyst(api_schema: Any,
                             analyst_auth: tuple[dict[str, str], dict[str, str]]) -> None:
    cookies, headers = analyst_auth

    def send(case: Any) -> None:
        response = case.call(cookies=cookies, headers={**(case.headers or {}), **headers})
        SENT["analyst"] += 1
        check(response, case)

    assert fuzz(api_schema, send) >= 12  # every documented endpoint was reached


def test_api_fuzz_without_session(api_schema: Any) -> None:
    def send(case: Any) -> None:
        response = case.call()
        SENT["anonymous"] += 1
        check(response, case)
        # Nothing but the description itself is open without logging in.
        if case.path != "/openapi.json":
            assert response.status_code in (400, 401, 403, 404, 405, 413, 422), \
                f"{response.status_code} for {case.method} {case.formatted_path}"

    assert fuzz(api_schema, send) >= 12
