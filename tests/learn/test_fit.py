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

