"""``omsgraph evaluate bc5cdr FILE [--predictions OUT]``: BC5CDR CID scores as JSON."""

from __future__ import annotations

import click

from omsgraph.commands.corpus_scoring import score_corpus


@click.command(name="bc5cdr")
@click.argument("pubtator", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None, help="Write predicted CID lines here.")
def command(pubtator: str, predictions: str | None) -> None:
    """Score chemical-induced disease pairs on a BC5CDR PubTator file (given mentions)."""
    from omsgraph.evaluate.bc5cdr import predict, read_cid_pubtator, score

    score_corpus(pubtator, predictions, read=read_cid_pubtator, predict=predict, score=score,
                 line=lambda p: f"{p[0]}\tCID\t{p[1]}\t{p[2]}")
