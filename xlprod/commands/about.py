"""``xlprod run about``: which xlprod, Python and xlwings run the buttons."""

from __future__ import annotations

import sys

import click


@click.command("about")
def command() -> None:
    """Print xlprod's version and the Python (and xlwings) that run it: what the
    add-in's buttons use.

    \b
    Example:
      xlprod run about
    """
    from importlib.metadata import PackageNotFoundError, version

    from xlprod import __version__, kinds

    try:
        xlwings = version("xlwings")
    except PackageNotFoundError:
        xlwings = "not installed"
    click.echo(f"xlprod {__version__}")
    click.echo(f"Python {sys.version.split()[0]}: {sys.executable}")
    click.echo(f"xlwings {xlwings}")
    click.echo(f"Workbook kinds: {', '.join(kinds.available())}")
