"""`ratline train`: rebuilds the shipped learned extraction model from the annotated sets."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model file (default: the one shipped in the package).")
@click.option("--cv", is_flag=True, help="Also report 5-fold grouped cross-validation scores.")
@click.option("--limit", type=int, default=None, help="Use only the first N documents of each set.")
def train(out: Path | None, cv: bool, limit: int | None) -> None:
    """Fit the learned extraction components on ../shared/news (train) and ../shared/dev."""
    from ratline.extract.learned import MODEL_PATH
    from ratline.learn.train import TrainingError, train_and_write

    out = out or MODEL_PATH
    try:
        report = train_and_write(out, limit=limit, cv=cv, log=click.echo)
    except TrainingError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, scores in report.get("cv", {}).items():
        fields = {k: (v["f1"] if isinstance(v, dict) else v) for k, v in scores.items()
                  if k not in ("documents", "missing_predictions")}
        click.echo(f"cv {name}: {json.dumps(fields)}")
