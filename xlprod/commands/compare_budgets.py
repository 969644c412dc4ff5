"""``compare-budgets``: two budget versions side by side (devis initial / révisé)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("compare-budgets")
@click.argument("budget_a", type=click.Path(path_type=Path))
@click.argument("budget_b", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="The comparison workbook to write.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def command(budget_a: Path, budget_b: Path, out: Path, force: bool, lang: str) -> None:
    """Compare two budgets by chapter, by account and line by line (B − A).

    \b
    Example:
      xlprod run compare-budgets devis-initial.xlsx devis-revise.xlsx -o ecarts.xlsx
    """
    from xlprod.kinds.budget.compare import write_comparison

    write_comparison(budget_a, budget_b, out, force, lang)
    click.echo(f"Wrote {out}")
