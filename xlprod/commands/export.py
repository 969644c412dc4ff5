"""``xlprod run export``: the workbook's input model and results as a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="The JSON file (default: FILE's name with .json).")
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
def command(file: Path, out: Path | None, force: bool) -> None:
    """Write FILE's input model plus the engine's "results" as JSON (what `xlprod
    export` prints), next to the workbook by default.

    \b
    Example:
      xlprod run export devis.xlsx -o devis.json
    """
    from xlprod import api
    from xlprod.fileio import refuse_same_file, write_text

    target = out or file.with_suffix(".json")
    refuse_same_file(target, file)
    data = api.export(file)
    write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n", force)
    click.echo(f"Wrote {target}")
