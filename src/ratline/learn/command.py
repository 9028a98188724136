"""`ratline train`: rebuilds the shipped learned extraction model from the annotated sets
and, with --from-store, from people's review decisions in the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model file (default: the one shipped in the package).")
@click.option("--cv", is_flag=True, help="Also report 5-fold grouped cross-validation scores.")
@click.option("--limit", type=int, default=None, help="Use only the first N documents of each set.")
@click.option("--from-store", "from_store", is_flag=True,
              help="Also learn from the statements people accepted, edited or rejected in the "
                   "store (each counted twice); without ../shared/news, from those and "
                   "../shared/dev alone.")
def train(out: Path | None, cv: bool, limit: int | None, from_store: bool) -> None:
    """Fit the learned extraction components on ../shared/news (train) and ../shared/dev."""
    from ratline.extract.learned import MODEL_PATH
    from ratline.learn.train import TrainingError, train_and_write

    out = out or MODEL_PATH
    reviews = None
    if from_store:
        from ratline.learn.reviews import collect
        from ratline.store import StoreError, open_store

        try:
            store = open_store()
            reviews = collect(store, log=click.echo)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        if not reviews.documents:
            raise click.ClickException(
                f"no review decisions to learn from in the store ({reviews.decisions} "
                "reviewed statements, none on relevance, evidence or actors of a document "
                "the rules still read): accept, edit or reject statements first "
                "(ratline serve, Review)")
    try:
        report = train_and_write(out, limit=limit, cv=cv, log=click.echo, reviews=reviews)
    except TrainingError as exc:
        raise click.ClickException(str(exc)) from exc
    if out == MODEL_PATH:
        _common_names(click.echo)
    for name, scores in report.get("cv", {}).items():
        fields = {k: (v["f1"] if isinstance(v, dict) else v) for k, v in scores.items()
                  if k not in ("documents", "missing_predictions")}
        click.echo(f"cv {name}: {json.dumps(fields)}")


def _common_names(log: Callable[[str], None]) -> None:
    """Rebuild the list of names too common in reporting to link two reports (resolution's
    name fingerprints) from the public corpus, when it is there."""
    from ratline.learn.data import SHARED
    from ratline.resolve.fingerprint import rebuild_common_names

    corpus = SHARED / "corpus"
    if not any(corpus.glob("*.jsonl")):
        log(f"no corpus under {corpus}: kept the shipped common-name list")
        return
    log(f"common names: {rebuild_common_names(corpus)} names from {corpus}")
