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


def test_a_bagged_model_trusts_a_word_of_one_row_less_than_a_word_of_many() -> None:
    # "drove" marks twenty transporters; "ferried" one, which alone would carry a weight
    # as strong as a word seen across many actors.
    X = ([{"x": 1.0}] * 60 + [{"x": 1.0, "drove": 1.0}] * 20
         + [{"x": 1.0, "ferried": 1.0}])
    y = ["broker"] * 60 + ["transporter"] * 21
    plain = train._fit(X, y, 8.0, balanced=True)
    bagged = train._fit(X, y, 8.0, balanced=True, bags=20)
    assert plain is not None and bagged is not None

    def weight(model: dict, word: str) -> float:
        return abs(model["weights"][word][0])

    # About a third of the samples lack the one row and give its word no weight: the mean
    # shrinks it, and not the word many rows share.
    assert weight(bagged, "ferried") < 0.9 * weight(plain, "ferried")
    assert weight(bagged, "drove") >= weight(plain, "drove")
    ratio = weight(bagged, "ferried") / weight(bagged, "drove")
    assert ratio < 0.9 * weight(plain, "ferried") / weight(plain, "drove")
    # Seeded: the same rows give the same model.
    assert train._fit(X, y, 8.0, balanced=True, bags=20) == bagged
