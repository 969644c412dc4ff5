"""``xlprod run upgrade``: rebuild a workbook with the current layout, keeping the user's work."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("upgrade")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Drop what cannot be carried over (listed), instead of refusing.")
def command(file: Path, force: bool) -> None:
    """Rebuild FILE with this version's layout: inputs, added rows, comments, column
    widths and your own sheets are kept; xlprod's formulas are written anew (which also
    repairs any that were typed over). A backup is written next to FILE first.

    \b
    Example:
      xlprod run upgrade devis.xlsx
    """
    from xlprod import api

    result = api.upgrade(file, force=force)
    for line in result.dropped:
        click.echo(f"abandonné : {line}", err=True)
    click.echo(f"Sauvegarde : {result.backup}")
    kept = f", feuilles conservées : {', '.join(result.kept_sheets)}" if result.kept_sheets else ""
    click.echo(f"Mis à jour : {result.path}{kept}")
