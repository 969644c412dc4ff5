"""``xlprod run export-cuesheet``: the cue sheet as one row per rights holder."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("export-cuesheet")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "pdf"]), default="csv",
              show_default=True, help="csv for societies and platforms, xlsx to edit, pdf to sign.")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Output file (default: FILE's name with -export and the format's extension).")
@click.option("--dialect", type=click.Choice(["excel", "excel-fr"]), default="excel",
              show_default=True,
              help="CSV only: excel (comma, decimal point, English keys) or excel-fr (semicolon, "
                   "decimal comma, French headers, as French Excel opens it).")
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
def command(file: Path, fmt: str, out: Path | None, dialect: str, force: bool) -> None:
    """Export a cue sheet workbook: one row per rights holder, in the column order of
    the RapidCue template (CISAC identifiers after), as CSV, XLSX or PDF.

    Findings are printed on stderr; the export is written anyway (fix them before
    sending it to a society: `xlprod validate FILE`).

    \b
    Example:
      xlprod run export-cuesheet releve.xlsx --format csv -o releve.csv
      xlprod run export-cuesheet releve.xlsx --dialect excel-fr -o releve-excel.csv
      xlprod run export-cuesheet releve.xlsx --format pdf -o releve-a-signer.pdf
    """
    from xlprod.kinds.cuesheet.flat import export_file

    target = out or file.with_name(f"{file.stem}-export.{fmt}")
    result = export_file(file, fmt, target, force=force, dialect=dialect)
    for finding in result.findings:
        click.echo(str(finding), err=True)
    click.echo(f"Wrote {result.path}")
