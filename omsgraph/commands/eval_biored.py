"""``omsgraph evaluate biored FILE [--predictions OUT]``: BioRED relation scores as JSON."""

from __future__ import annotations

import json

import click

from omsgraph.errors import OmsGraphError


@click.command(name="biored")
@click.argument("pubtator", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None,
              help="Write predicted relation lines here (PMID, type, id, id).")
def command(pubtator: str, predictions: str | None) -> None:
    """Score document-level relations on a BioRED PubTator file (given mentions): pairs, and pairs with types."""
    from omsgraph.evaluate.biored import predict, read_biored, score

    try:
        records, gold = read_biored(pubtator)
    except OmsGraphError as err:
        raise click.ClickException(err.one_line()) from None
    pred = predict(records)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as out:
            for pmid, a, b, kind in sorted(pred):
                out.write(f"{pmid}\t{kind}\t{a}\t{b}\n")
    click.echo(json.dumps(score(gold, pred)))
