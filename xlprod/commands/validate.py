"""``xlprod run validate``: check a workbook, the report also written next to it."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Also write the report here.")
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
def command(file: Path, out: Path | None, force: bool) -> None:
    """Check FILE; every finding names Sheet!Cell and the fix. Exit 1 when there are
    errors (warnings allowed), as `xlprod validate`.

    \b
    Example:
      xlprod run validate devis.xlsx -o devis-controle.txt
    """
    from xlprod import api
    from xlprod.errors import InvalidInput
    from xlprod.fileio import refuse_same_file, write_text

    if out:
        refuse_same_file(out, file)
    report = api.validate(file)
    lines = [str(f) for f in report.findings]
    summary = (f"{file}: {len(report.errors)} error(s), "
               f"{len(report.findings) - len(report.errors)} warning(s)")
    if out:
        write_text(out, "\n".join([*lines, summary]) + "\n", force)
    for line in lines:
        click.echo(line)
    if out:
        click.echo(f"Wrote {out}")
    if report.errors:
        raise InvalidInput(summary.removeprefix(f"{file}: "), str(file))
    click.echo(summary)
