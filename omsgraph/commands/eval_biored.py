"""``omsgraph evaluate biored FILE [--predictions OUT]``: BioRED relation scores as JSON."""

from __future__ import annotations

import click

from omsgraph.commands.corpus_scoring import score_corpus


@click.command(name="biored")
@click.argument("pubtator", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(dir_okay=False), default=None,
              help="Write predicted relation lines here (PMID, type, id, id).")
def command(pubtator: str, predictions: str | None) -> None:
    """Score document-level relations on a BioRED PubTator file (given mentions): pairs, and pairs with types."""
    from omsgraph.evaluate.biored import predict, read_biored, score

    score_corpus(pubtator, predictions, read=read_biored, predict=predict, score=score,
                 line=lambda p: f"{p[0]}\t{p[3]}\t{p[1]}\t{p[2]}")
