"""``omsgraph evaluate chemprot SPLIT_DIR [--predictions OUT]``: ChemProt scores as JSON."""

from __future__ import annotations

import json

import click

from omsgraph.errors import OmsGraphError


@click.command(name="chemprot")
@click.argument("split", type=click.Path(exists=True))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None,
              help="Write predicted relations here (BioCreative VI format: PMID, CPR:n, Arg1:Tx, Arg2:Ty).")
@click.option("--split", "name", default=None,
              help="Which split of a folder holding several (a part of the file name, e.g. development).")
def command(split: str, predictions: str | None, name: str | None) -> None:
    """Score chemical-protein relations on a ChemProt split (folder or *_abstracts.tsv; given entities).

    Micro precision/recall/F1 over CPR:3,4,5,6,9 and per group, printed as JSON. Without a gold
    standard file only the predictions are written.
    """
    from omsgraph.evaluate.chemprot import predict, read_split, score, write_predictions

    try:
        documents, gold = read_split(split, name=name)
    except OmsGraphError as err:
        raise click.ClickException(err.one_line()) from None
    predicted = predict(documents)
    if predictions:
        write_predictions(predictions, predicted)
    if gold is None:
        click.echo(json.dumps({"documents": len(documents), "predicted": len(predicted), "gold": None}))
        return
    click.echo(json.dumps(score(gold, predicted)))
