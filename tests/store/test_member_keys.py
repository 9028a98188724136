"""Each member's blocking keys as an incident row lists them (`member_keys`: positions in
the row's `keys`), which an incremental run and the link evidence rank reports by."""

from __future__ import annotations

from ratline.store import resolution


def test_member_keys_are_read_from_their_positions_in_the_rows_keys() -> None:
    rows = {
        "incident-a": {"keys": ["a:lind", "c:organ:NP", "p:kathmandu"], "members": ["x", "y", "z"],
                       "member_keys": [[0, 1], [1, 2], None]},
        "incident-b": {"keys": ["a:lind"], "members": ["w"]},  # one report: its keys are the row's
    }
    assert resolution.member_keys(rows) == {"x": frozenset({"a:lind", "c:organ:NP"}),
                                            "y": frozenset({"c:organ:NP", "p:kathmandu"})}
    assert resolution.member_keys(rows, {"y"}) == {"x": frozenset({"a:lind", "c:organ:NP"})}


def test_a_row_whose_lists_disagree_gives_no_member_keys_instead_of_failing_the_run() -> None:
    # Its reports are then ranked by their cluster's keys, a bound that still holds.
    rows = {"incident-a": {"keys": ["a:lind", "p:kathmandu"], "members": ["x", "y", "z"],
                           "member_keys": [[0], [1]]},
            "incident-b": {"keys": ["a:lind"], "members": ["v", "w"], "member_keys": [[0], [0]]}}
    assert resolution.member_keys(rows) == {"v": frozenset({"a:lind"}), "w": frozenset({"a:lind"})}
