"""The shared filter vocabulary on the pages and the JSON API: the same names and values
on both, countries by name, conflict as yes or true, and a 400 that names the problem."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

_LINK = re.compile(r'href="/incidents/(incident[^"?#]+)"')


def api_ids(client: TestClient, **params: str) -> list[str]:
    r = client.get("/api/incidents", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["incidents"])
    return [i["id"] for i in body["incidents"]]


def page_ids(client: TestClient, **params: str) -> list[str]:
    """The incidents the /incidents page lists (first page), in order."""
    r = client.get("/incidents", params=params)
    assert r.status_code == 200, r.text
    return list(dict.fromkeys(_LINK.findall(r.text)))


def test_country_by_name_is_the_country_by_code(viewer: TestClient) -> None:
    by_code = api_ids(viewer, country="NP")
    assert by_code
    for spelling in ("Nepal", "nepal", "np", "NPL"):
        assert api_ids(viewer, country=spelling) == by_code
        assert page_ids(viewer, country=spelling) == page_ids(viewer, country="NP")
    assert api_ids(viewer, country="Türkiye") == api_ids(viewer, country="Turkey") == \
        api_ids(viewer, country="TR")


@pytest.mark.parametrize(("param", "value", "message"), [
    ("country", "Atlantis", "unknown country 'Atlantis'"),
    ("destination", "Narnia", "unknown destination 'Narnia'"),
    ("conflict", "maybe", "conflict must be one of yes, true, 1, no, false, 0"),
    ("since", "lately", "since must be an age such as 7d"),
    ("role", "chef", "unknown role 'chef'; known: broker"),
    ("kind", "poem", "unknown kind 'poem'; known: case, policy, negative"),
])
def test_bad_value_is_400_naming_the_problem(viewer: TestClient, param: str, value: str,
                                             message: str) -> None:
    api = viewer.get("/api/incidents", params={param: value})
    assert api.status_code == 400 and message in api.json()["message"], api.text
    for page in ("/incidents", "/timeline", "/map", "/network"):
        r = viewer.get(page, params={param: value})
        assert r.status_code == 400 and message.replace("'", "&#39;") in r.text, (page, r.text)
    for api_path in ("/api/map", "/api/network", "/api/timeline"):
        assert viewer.get(api_path, params={param: value}).status_code == 400


def test_conflict_yes_and_true_on_the_page_and_the_api(viewer: TestClient) -> None:
    everything = api_ids(viewer)
    disagree = api_ids(viewer, conflict="yes")
    agree = api_ids(viewer, conflict="no")
    assert sorted(disagree + agree) == sorted(everything) and agree
    for word in ("true", "1", "TRUE"):
        assert api_ids(viewer, conflict=word) == disagree
    for word in ("false", "0"):
        assert api_ids(viewer, conflict=word) == agree
    # The page lists 25 a page: the first page of each spelling is the same.
    for yes, no in (("yes", "no"), ("true", "false"), ("1", "0")):
        assert page_ids(viewer, conflict=yes) == disagree[:25]
        assert page_ids(viewer, conflict=no) == agree[:25]


def test_route_role_actor_since_and_kind_on_the_api(viewer: TestClient) -> None:
    everything = api_ids(viewer)
    body = viewer.get("/api/incidents", params={"destination": "India", "limit": 500}).json()
    assert body["incidents"] and body["total"] < len(everything)
    assert all({"country": "IN", "role": "destination"} in i["route"] for i in body["incidents"])
    assert page_ids(viewer, destination="IN") == [i["id"] for i in body["incidents"]][:25]
    accented = api_ids(viewer, actor="Mrkonjić")
    assert accented and api_ids(viewer, actor="mrkonjic") == accented
    assert api_ids(viewer, actor="mrkonjic", role="surgeon") == []
    assert api_ids(viewer, since="1h") == everything  # the store was just made
    assert api_ids(viewer, since="2999-01-01") == []
    assert api_ids(viewer, kind="case") == everything
    assert api_ids(viewer, kind="negative") == []
