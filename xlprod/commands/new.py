"""``xlprod run new-KIND``: a blank workbook of one kind (the button of each kind's group)."""

from __future__ import annotations

from pathlib import Path

import click


def build(kind: str) -> click.Command:
    """The command ``new-KIND``: ``xlprod new KIND -o OUT`` as a ribbon button."""

    @click.command(f"new-{kind}", help=f"""Write a blank {kind} workbook to OUT, ready to fill
        (as `xlprod new {kind} -o OUT`).

        \b
        Example:
          xlprod run new-{kind} -o {kind}.xlsx
        """)
    @click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
                  help="The workbook to write.")
    @click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
    def command(out: Path, force: bool) -> None:
        from xlprod import api

        result = api.new(kind, out, force=force)
        click.echo(f"Wrote {result.path}")

    return command
