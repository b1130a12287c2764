"""``omsgraph evaluate CORPUS ...``: scorers on standard corpora.

Each corpus has a module ``omsgraph/commands/eval_<corpus>.py`` exposing ``command``
(a :class:`click.Command`), attached here so the scorers stay independent.
"""

from __future__ import annotations

import importlib
import pkgutil

import click


@click.group(name="evaluate")
def evaluate() -> None:
    """Score extraction on a benchmark corpus (ChemProt, BC5CDR, BioRED) and write predictions."""


def _attach() -> None:
    import omsgraph.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("eval_"):
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            evaluate.add_command(module.command)


_attach()

commands = [evaluate]
