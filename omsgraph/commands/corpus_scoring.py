"""What the PubTator relation evaluators (``evaluate bc5cdr``, ``evaluate biored``) share: read the
corpus (one-line error on a bad file), predict, write the predictions, print the scores as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from omsgraph.errors import OmsGraphError


def score_corpus(path: str, predictions: str | None, *, read: Callable[[str], tuple[Any, set]],
                 predict: Callable[[Any], set], score: Callable[[set, set], dict],
                 line: Callable[[tuple], str]) -> None:
    """``read(path)`` → (records, gold); ``predict(records)``; each sorted prediction as ``line(p)``."""
    try:
        records, gold = read(path)
    except OmsGraphError as err:
        raise click.ClickException(err.one_line()) from None
    predicted = predict(records)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as out:
            out.writelines(line(p) + "\n" for p in sorted(predicted))
    click.echo(json.dumps(score(gold, predicted)))
