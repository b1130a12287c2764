"""The ``omsgraph`` command: parse options, call stages, report errors in one line.

Sub-commands that belong to one stage live in ``omsgraph/commands/<name>.py`` (each module
exposes ``commands``) and are attached here, so this file stays thin.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pkgutil
import sys
import threading

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


def run() -> None:
    """The ``omsgraph`` program: :func:`main`, then a quick exit.

    Once a command has finished, tearing the interpreter down only frees memory the system takes back
    anyway: 0.25-0.35 s after a build (spaCy and the lexicon's million names). So the program runs the
    exit handlers itself (atexit: multiprocessing, logging, temporary folders), flushes its output and
    ends the process, unless a non-daemon thread is still running (then Python's own shutdown waits
    for it). Tests call :func:`main` through click's runner and are not affected.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits with 1
        print(code, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written
        status = status or 1
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
