"""How the learned components are fitted (`ratline.learn.train`)."""

from __future__ import annotations

from ratline.extract.learned import LinearModel
from ratline.learn import train


def _rows() -> tuple[list[dict[str, float]], list[str]]:
    # Most actors are brokers; a driver is a transporter four times in ten: the words say
    # less than the class's rarity does, as with real reports' transporters and recruiters.
    X = [{"x": 1.0}] * 90 + [{"x": 1.0, "drove": 1.0}] * 15 + [{"x": 1.0, "drove": 1.0}] * 10
    y = ["broker"] * 105 + ["transporter"] * 10
    return X, y


def test_a_balanced_role_model_names_the_rare_role_its_words_point_to() -> None:
    X, y = _rows()
    plain, balanced = train._fit(X, y, 8.0), train._fit(X, y, 8.0, balanced=True)
    assert plain is not None and balanced is not None
    driver = {"x": 1.0, "drove": 1.0}
    assert LinearModel(plain).best(driver)[0] == "broker"
    assert LinearModel(balanced).best(driver)[0] == "transporter"
    assert LinearModel(balanced).best({"x": 1.0})[0] == "broker"



def _weight(model: dict, word: str, role: str) -> float:
    """A word's weight toward a role (a two-class model has one row: the second class's)."""
    col, classes = model["weights"][word], model["classes"]
    if len(col) == 1:
        return col[0] if role == classes[1] else -col[0]
    return col[classes.index(role)]


def test_a_bagged_role_model_leans_less_on_one_odd_row() -> None:
    # One broker-like row labelled transporter carries a word nothing else has: a single
    # weakly regularised fit gives that word a large weight; averaged over bootstrap
    # samples (a third of which leave the row out) it weighs less, and the common words
    # still decide.
    X = ([{"x": 1.0, "sold": 1.0}] * 60 + [{"x": 1.0, "drove": 1.0}] * 60
         + [{"x": 1.0, "sold": 1.0, "odd": 1.0}])
    y = ["broker"] * 60 + ["transporter"] * 60 + ["transporter"]
    single, bagged = train._fit(X, y, 8.0), train._fit(X, y, 8.0, bags=16)
    assert single is not None and bagged is not None
    assert 0 < _weight(bagged, "odd", "transporter") < _weight(single, "odd", "transporter")
    assert LinearModel(bagged).best({"x": 1.0, "sold": 1.0})[0] == "broker"
    assert LinearModel(bagged).best({"x": 1.0, "drove": 1.0})[0] == "transporter"
    assert train._fit(X, y, 8.0, bags=16) == bagged  # seeded: the same file every time


def test_bootstrap_samples_without_a_rare_role_are_left_out() -> None:
    # Two surgeons in 182 rows: some samples hold none, and a fit on such a sample has
    # other classes; the model keeps every role.
    X = ([{"sold": 1.0}] * 60 + [{"drove": 1.0}] * 60 + [{"lured": 1.0}] * 60
         + [{"operated": 1.0}] * 2)
    y = ["broker"] * 60 + ["transporter"] * 60 + ["recruiter"] * 60 + ["surgeon"] * 2
    bagged = train._fit(X, y, 8.0, balanced=True, bags=16)
    assert bagged is not None
    assert bagged["classes"] == ["broker", "recruiter", "surgeon", "transporter"]
    assert LinearModel(bagged).best({"operated": 1.0})[0] == "surgeon"


def test_the_role_models_are_bagged() -> None:
    assert train.BAGS["actor_role"] > 1 and train.BAGS["candidate_role"] > 1
