"""``xlprod run import-actuals``: a newer FEC's actuals into a cost report, keeping the user's work."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import-actuals")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--fec", type=click.Path(path_type=Path), required=True,
              help="The FEC export (.txt) with the actuals to date.")
@click.option("--force", is_flag=True,
              help="Drop what cannot be carried over (listed), instead of refusing.")
def command(file: Path, fec: Path, force: bool) -> None:
    """Replace the actuals of the cost report FILE with those of FEC. Commitments,
    estimates to complete, the revised budget, explanations, the mapping, added rows,
    comments and your own sheets are kept; each account's EFC before the import becomes
    its previous EFC ("since last report"). A backup is written next to FILE first.

    \b
    Example:
      xlprod run import-actuals suivi.xlsx --fec 812345676FEC20261231.txt
    """
    from xlprod.kinds.variance.sources import import_actuals

    result = import_actuals(file, fec, force=force)
    for line in result.dropped:
        click.echo(f"abandonné : {line}", err=True)
    click.echo(f"Sauvegarde : {result.backup}")
    kept = f", feuilles conservées : {', '.join(result.kept_sheets)}" if result.kept_sheets else ""
    click.echo(f"Mis à jour : {result.path}{kept}")
