"""``xlprod run refresh-cashflow``: re-read a revised budget into a cash-flow plan."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("refresh-cashflow")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("--budget", "budget", type=click.Path(path_type=Path), required=True,
              help="The (revised) budget workbook the outflows come from.")
@click.option("--force", is_flag=True,
              help="Drop what cannot be carried over (listed), instead of refusing.")
def command(plan: Path, budget: Path, force: bool) -> None:
    """Take PLAN's outflows from BUDGET again: amounts follow the budget, while each row's
    phase, rule, lag and dates, the schedules, the rows you added, comments and your own
    sheets are kept. A backup is written next to PLAN first.

    \b
    Example:
      xlprod run refresh-cashflow tresorerie.xlsx --budget devis-v2.xlsx
    """
    from xlprod.kinds.cashflow.sources import refresh

    result = refresh(plan, budget, force=force)
    for line in result.dropped:
        click.echo(f"abandonné : {line}", err=True)
    click.echo(f"Sauvegarde : {result.backup}")
    click.echo(f"Mis à jour : {result.path}")
