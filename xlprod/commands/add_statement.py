"""``xlprod run add-statement``: append a statement period to a royalty control."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("add-statement")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="The period's receipts and payments (JSON).")
@click.option("--force", is_flag=True,
              help="Drop what cannot be carried over (listed), instead of refusing.")
def command(file: Path, source: Path, force: bool) -> None:
    """Add the period of SOURCE (its channels' receipts and the payments made) to the
    royalty control FILE: the waterfall resumes where the earlier periods left it.
    Everything you typed or added stays; a backup is written next to FILE first.

    \b
    Example:
      xlprod run add-statement recettes.xlsx --from periode-2026-T2.json
    """
    from xlprod.kinds.royalties.period import add_statement

    result = add_statement(file, source, force=force)
    for line in result.dropped:
        click.echo(f"abandonné : {line}", err=True)
    click.echo(f"Sauvegarde : {result.backup}")
    kept = f", feuilles conservées : {', '.join(result.kept_sheets)}" if result.kept_sheets else ""
    click.echo(f"Période ajoutée : {result.path}{kept}")
