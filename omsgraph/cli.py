"""The ``omsgraph`` command: parse options, call stages, report errors in one line.

Sub-commands that belong to one stage live in ``omsgraph/commands/<name>.py`` (each module
exposes ``commands``) and are attached here, so this file stays thin.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from omsgraph import __version__
from omsgraph.errors import OmsGraphError


class OmsGraphGroup(click.Group):
    """A click group that turns :class:`OmsGraphError` into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OmsGraphError as err:
            click.echo(f"omsgraph: error: {err.one_line()}", err=True)
            ctx.exit(1)


@click.group(cls=OmsGraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="omsgraph")
def main() -> None:
    """omsgraph: turn biomedical abstracts into a mechanism knowledge graph (RDF) with evidence."""


def _attach_commands() -> None:
    import omsgraph.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for command in getattr(module, "commands", ()):
            main.add_command(command)


_attach_commands()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
