"""``omsgraph evaluate bc5cdr FILE [--predictions OUT]``: BC5CDR CID scores as JSON."""

from __future__ import annotations

import json

import click

from omsgraph.errors import OmsGraphError


@click.command(name="bc5cdr")
@click.argument("pubtator", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None, help="Write predicted CID lines here.")
def command(pubtator: str, predictions: str | None) -> None:
    """Score chemical-induced disease pairs on a BC5CDR PubTator file (given mentions)."""
    from omsgraph.evaluate.bc5cdr import predict, read_cid_pubtator, score

    try:
        records, gold = read_cid_pubtator(pubtator)
    except OmsGraphError as err:
        raise click.ClickException(err.one_line()) from None
    pred = predict(records)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as out:
            for pmid, chem, dis in sorted(pred):
                out.write(f"{pmid}\tCID\t{chem}\t{dis}\n")
    click.echo(json.dumps(score(gold, pred)))
