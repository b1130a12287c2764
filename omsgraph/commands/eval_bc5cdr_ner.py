"""``omsgraph evaluate bc5cdr-ner FILE.PubTator``: score the vocabulary NER on BC5CDR."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="bc5cdr-ner")
@click.argument("pubtator", type=click.Path(path_type=Path))
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the predicted mentions here as PubTator lines.")
@click.option("--broad/--curated-only", default=None, help="Use the broad lexicon (default: when installed).")
@click.option("--vocab", "extra_vocab", multiple=True, type=click.Path(path_type=Path),
              help="Extra vocabulary file (TSV or OBO); repeatable.")
def command(pubtator: Path, predictions: Path | None, broad: bool | None, extra_vocab: tuple[Path, ...]) -> None:
    """Vocabulary NER alone on the texts (the file's own mentions are only the gold standard); prints JSON."""
    from omsgraph.evaluate.bc5cdr_ner import predict, read_pubtator, score
    from omsgraph.nlp import load_pipeline

    docs = read_pubtator(pubtator)
    nlp = load_pipeline(broad=broad, extra_vocab=extra_vocab)
    preds = sorted(predict(docs, nlp), key=lambda p: (p[0], p[1], p[2]))
    if predictions is not None:
        with open(predictions, "w", encoding="utf-8") as fh:
            for p in preds:
                fh.write("\t".join(str(x) for x in p) + "\n")
    click.echo(json.dumps(score(docs, preds), indent=2, sort_keys=True))
