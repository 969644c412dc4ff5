"""The ``xlprod`` command line: thin adapters over :mod:`xlprod.api`.

Every command parses its options, calls one library function and prints the
outcome. Errors from the library are turned into ``Error: …`` and an exit
code in exactly one place, :func:`main`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from xlprod import __version__
from xlprod.commands import RunGroup
from xlprod.errors import XlprodError

KIND_CHOICE = click.Choice(["budget", "cashflow", "variance", "cuesheet", "royalties"])
LANG = click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
                    help="Language of the workbook's labels.")
FORCE = click.option("--force", is_flag=True, help="Replace OUT if it already exists.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlprod")
def cli() -> None:
    """Budgets, cash-flow plans, cost reports, music cue sheets and royalty
    statements for French film and TV productions, as Excel workbooks.

    \b
    Example:
      xlprod demo dossier/          # a complete sample production
      xlprod validate dossier/budget.xlsx
    """


@cli.command()
@click.argument("kind", type=KIND_CHOICE, metavar="KIND")
@click.option("--from", "source", type=click.Path(path_type=Path), help="JSON input to fill it with.")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Output .xlsx (default KIND.xlsx).")
@click.option("--variant", help="Template of a blank workbook (budget: cinema, audiovisuel, publicite; "
              "cuesheet: its frame rate, 23.976 24 25 29.97 30; cashflow: month, week).")
@click.option("--period", type=click.Choice(["month", "week"]),
              help="Cash-flow plan by month (default) or by ISO week (cashflow).")
@click.option("--budget", type=click.Path(path_type=Path),
              help="A budget workbook to take figures from (cashflow, variance).")
@click.option("--fec", type=click.Path(path_type=Path),
              help="An FEC accounting export with the actuals (variance).")
@click.option("--protect", is_flag=True, help="Lock xlprod's formula cells (sheet protection, "
              "no password; inputs stay open) for a workbook sent outside.")
@FORCE
@LANG
def new(kind: str, source: Path | None, out: Path | None, variant: str | None, force: bool,
        lang: str, budget: Path | None, fec: Path | None, protect: bool,
        period: str | None) -> None:
    """Write a workbook of KIND: blank, or filled from a JSON input.

    \b
    Example:
      xlprod new budget -o devis.xlsx
      xlprod new budget --variant publicite -o pub.xlsx
      xlprod new budget --from budget.json -o devis.xlsx --lang en
      xlprod new cashflow --period week -o semaines.xlsx
    """
    from xlprod import api

    sources = {name: path for name, path in (("budget", budget), ("fec", fec)) if path}
    result = api.new(kind, out or Path(f"{kind}.xlsx"), source=source, lang=lang, force=force,
                     variant=variant, sources=sources, protect=protect, period=period)
    for finding in result.findings:
        click.echo(str(finding), err=True)
    click.echo(f"Wrote {result.path}")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@FORCE
@LANG
def demo(folder: Path, force: bool, lang: str) -> None:
    """Write the sample production's workbooks and their JSON inputs into FOLDER.

    \b
    Example:
      xlprod demo dossier/
    """
    from xlprod import api

    for path in api.demo(folder, force=force, lang=lang):
        click.echo(f"Wrote {path}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the findings (default: the workbook's).")
def validate(file: Path, fmt: str, lang: str | None) -> None:
    """Check a filled workbook; every finding names Sheet!Cell and the fix.

    Exit code 0 when there is no error (warnings allowed), 1 when there are.

    \b
    Example:
      xlprod validate devis.xlsx --format json
    """
    from xlprod import api

    report = api.validate(file, lang)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        click.echo(f"{file}: {len(report.errors)} error(s), "
                   f"{len(report.findings) - len(report.errors)} warning(s)")
    if report.errors:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write the JSON here.")
@click.option("--ignore-formulas", is_flag=True,
              help="Export even if xlprod's formulas were typed over (the inputs are read).")
@FORCE
def export(file: Path, out: Path | None, force: bool, ignore_formulas: bool) -> None:
    """Read a workbook back into its input model, plus the engine's results.

    \b
    Example:
      xlprod export devis.xlsx -o devis.json
    """
    from xlprod import api
    from xlprod.fileio import refuse_same_file, write_text

    if out:
        refuse_same_file(out, file)
    data = api.export(file, ignore_formulas=ignore_formulas)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out:
        write_text(out, text, force)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("kind", type=KIND_CHOICE, metavar="KIND")
def schema(kind: str) -> None:
    """Print the JSON Schema of KIND's input model.

    \b
    Example:
      xlprod schema budget > budget.schema.json
    """
    from xlprod import api

    click.echo(json.dumps(api.schema(kind), ensure_ascii=False, indent=2))


@cli.group(cls=RunGroup, invoke_without_command=True)
@click.option("--list", "list_", is_flag=True, help="List the commands (the ribbon's buttons).")
@click.pass_context
def run(ctx: click.Context, list_: bool) -> None:
    """Run a ribbon command on files.

    \b
    Example:
      xlprod run --list
      xlprod run compare-budgets devis-v1.xlsx devis-v2.xlsx -o ecarts.xlsx
    """
    from xlprod.commands import REGISTRY

    if list_ or ctx.invoked_subcommand is None:
        names = set(ctx.command.list_commands(ctx))  # type: ignore[attr-defined]
        for command in REGISTRY:
            if command.id in names:
                click.echo(f"{command.id}\t{command.help}")


@cli.group()
def addin() -> None:
    """The Excel add-in: the ribbon's definition and the VBA behind its buttons.

    \b
    Example:
      xlprod addin ribbon > customUI14.xml
      xlprod addin vba -o XlprodRibbon.bas
      xlprod addin build -o xlprod.xlam
      xlprod addin install --file xlprod.xlam
      xlprod addin lite -o lite/
    """


@addin.command()
@LANG
def ribbon(lang: str) -> None:
    """Print the ribbon's customUI XML (one button per `xlprod run` command).

    \b
    Example:
      xlprod addin ribbon --lang en
    """
    from xlprod.commands.ribbon import ribbon_xml

    click.echo(ribbon_xml(lang), nl=False)


@addin.command()
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Write the module here, ready for File > Import (default: print it).")
@FORCE
@LANG
def vba(out: Path | None, force: bool, lang: str) -> None:
    """Print the VBA module XlprodRibbon behind the ribbon's buttons: it asks each
    command's files and options, then runs it through xlwings' RunPython.

    CRLF line ends, ASCII only. Prefer -o to a shell redirection, which may change
    the encoding on Windows. See docs/addin.md.

    \b
    Example:
      xlprod addin vba --lang en
      xlprod addin vba -o XlprodRibbon.bas
    """
    from xlprod.commands.ribbon import vba_module
    from xlprod.fileio import write_with

    text = vba_module(lang)
    if out is None:
        click.echo(text, nl=False)
        return

    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("cp1252"))

    write_with(out, write, force)
    click.echo(f"Wrote {out}")


@addin.command()
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("xlprod.xlam"),
              show_default=True, help="The add-in file to write.")
@FORCE
@LANG
def build(out: Path, force: bool, lang: str) -> None:
    """Build the add-in xlprod.xlam (ribbon, VBA, xlwings' RunPython) from the
    repository's text sources; two builds give the same bytes. See docs/addin.md.

    \b
    Example:
      xlprod addin build -o xlprod.xlam --lang en
    """
    from xlprod.addin import build as build_addin
    from xlprod.fileio import write_with

    data = build_addin(lang)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_with(out, write, force)
    click.echo(f"Wrote {out}")


@addin.command()
@click.option("--file", "xlam", type=click.Path(path_type=Path), default=Path("xlprod.xlam"),
              show_default=True, help="The add-in built by `xlprod addin build`.")
@click.option("--udfs", type=click.Path(path_type=Path),
              help="The folder of xlprod_udfs.py (default: udfs/ of these sources).")
def install(xlam: Path, udfs: Path | None) -> None:
    """Install the add-in into Excel (Windows, macOS) through xlwings' command line, and
    set ~/.xlwings/xlwings.conf: this Python as the interpreter, the UDF module
    xlprod_udfs and its folder. On Linux it refuses: Excel does not run there.

    \b
    Example:
      xlprod addin install --file xlprod.xlam
    """
    from xlprod.addin.install import install as install_addin

    for line in install_addin(xlam, udfs=udfs):
        click.echo(line)


@addin.command()
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The folder to write main.py and requirements.txt into.")
@FORCE
def lite(out: Path, force: bool) -> None:
    """Write main.py and requirements.txt for xlwings Lite: the same Excel functions,
    with the parts of xlprod they need inside main.py. Paste each into the xlwings Lite
    editor's tab of the same name. See docs/addin.md.

    \b
    Example:
      xlprod addin lite -o lite/
    """
    from xlprod.addin.lite import main_py, requirements_txt
    from xlprod.fileio import check_writable, write_text

    files = {out / "main.py": main_py(), out / "requirements.txt": requirements_txt()}
    out.mkdir(parents=True, exist_ok=True)
    for path in files:  # refuse before writing either
        check_writable(path, force)
    for path, text in files.items():
        write_text(path, text, force)
        click.echo(f"Wrote {path}")


def main() -> None:
    """Entry point: run the CLI, turning xlprod errors into ``Error:`` and exit codes."""
    import signal

    from xlprod.errors import Terminated

    def stop(signum: int, _frame: object) -> None:
        raise Terminated(signum, signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP does not exist on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)

    def say(message: str) -> None:
        # A value pasted into a message (a 30 000-character label) is cut in the middle,
        # so the place at the start and the fix at the end of each line stay readable.
        lines = [line if len(line) <= 400 else line[:250] + " … " + line[-120:]
                 for line in message.splitlines() or [""]]
        click.echo("Error: " + "\n".join(lines), err=True)

    try:
        cli.main(standalone_mode=False)
    except XlprodError as exc:
        say(str(exc))
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click turns a KeyboardInterrupt into Abort
        if isinstance(exc.__cause__, Terminated):
            click.echo(f"Aborted ({exc.__cause__.name}).", err=True)
            sys.exit(128 + exc.__cause__.signum)
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Terminated as exc:
        click.echo(f"Aborted ({exc.name}).", err=True)
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:  # disk full, permission denied…: still no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"{where}{exc.strerror or exc}")
        sys.exit(2)
    except Exception as exc:  # a bug of ours: say so plainly, traceback on request
        if os.environ.get("XLPROD_DEBUG"):
            raise
        say(f"internal error ({type(exc).__name__}: {exc}); this is a bug in "
            "xlprod: rerun with XLPROD_DEBUG=1 and report the traceback")
        sys.exit(2)


if __name__ == "__main__":
    main()
