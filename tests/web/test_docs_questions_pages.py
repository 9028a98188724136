"""Every page docs/questions.md names opens, with its filters, for a logged-in viewer;
the pages it gives as answers show what the question asks for."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from support.questions import questions

QUESTIONS = questions()
PAGES = sorted({page for q in QUESTIONS for page in q.pages})


@pytest.mark.parametrize("page", PAGES)
def test_each_page_in_the_doc_opens(viewer: TestClient, page: str) -> None:
    r = viewer.get(page)
    assert r.status_code == 200, f"{page}: {r.status_code} {r.text[:300]}"
    assert "<h1>" in r.text and "error" not in r.text.split("<h1>", 1)[1][:80].lower()


def test_question_1_page_lists_the_organ_incidents_of_egypt_that_name_a_broker(
        viewer: TestClient) -> None:
    (page,) = [p for p in QUESTIONS[0].pages if p.startswith("/incidents?")]
    listed = viewer.get(page).text
    wanted = viewer.get("/api/incidents", params={"trade": "organ", "country": "EG",
                                                   "role": "broker", "limit": 500}).json()
    assert wanted["incidents"], "the fictional Cairo op-ed names a broker in an organ case"
    for incident in wanted["incidents"]:
        assert f'href="/incidents/{incident["id"]}"' in listed


def test_question_6_page_opens_with_the_evidence_switch_on(viewer: TestClient) -> None:
    page = QUESTIONS[5].pages[0]
    assert "min_link_evidence=arrest" in page
    html = viewer.get(page).text
    assert 'id="strong-links" checked' in html
