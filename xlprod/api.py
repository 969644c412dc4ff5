"""The library behind the command line: one function per command.

Each function takes paths and options, does the work, and returns data;
errors are raised from :mod:`xlprod.errors`. Nothing here prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlprod import kinds
from xlprod.errors import InvalidInput, UnreadableFile, UsageError
from xlprod.fileio import check_writable, read_json, refuse_same_file, write_text, write_with
from xlprod.kinds.base import Finding, KindSpec, Locator, ReadBack, parse_input

__all__ = ["Loaded", "NewResult", "Report", "demo", "export", "load", "new", "read_workbook",
           "schema", "upgrade", "validate"]


@dataclass(frozen=True)
class NewResult:
    path: Path
    findings: list[Finding]


@dataclass(frozen=True)
class Report:
    """What ``validate`` found in a workbook."""

    path: Path
    kind: str
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "workbook": self.kind, "ok": not self.errors,
                "findings": [f.as_dict() for f in self.findings]}


def read_input(kind: str, source: Path | None, sources: dict[str, Path] | None = None
               ) -> dict[str, Any] | None:
    """The input data of a new workbook: the JSON file (an ``export``'s output is one: its
    ``results`` are ignored and its ``workbook`` must be ``kind``), then what each named
    source (``--budget``, ``--fec``) contributes."""
    spec = kinds.get(kind)
    data: dict[str, Any] | None = None
    if source is not None:
        raw = read_json(source)
        if isinstance(raw, dict):
            raw = dict(raw)
            raw.pop("results", None)
            made_as = raw.pop("workbook", kind)
            if made_as != kind:
                raise UsageError(f"{source}: is the input of a {made_as} workbook, not a {kind}; "
                                 f"use xlprod new {made_as} --from {source}")
        data = raw
    for name, path in (sources or {}).items():
        if name not in spec.sources:
            offered = ", ".join(f"--{n}" for n in spec.sources) or "none"
            raise UsageError(f"--{name} is not an input of a {kind} workbook (it takes: {offered})")
        if not path.exists():
            raise UnreadableFile(f"{path}: no such file")
        data = spec.sources[name](path, data)
    return data


def new(kind: str, out: Path, *, source: Path | None = None, lang: str = "fr",
        force: bool = False, variant: str | None = None,
        sources: dict[str, Path] | None = None, protect: bool = False,
        period: str | None = None) -> NewResult:
    """Write a blank workbook of ``kind`` (of ``variant``'s template), or one filled
    from a JSON input and/or the named sources (``{"budget": path}``). ``period``
    (cash-flow plans: ``month`` or ``week``) is the blank plan's template, and must agree
    with a JSON input's ``period``, whose labels are written in it."""
    spec = kinds.get(kind)
    if period is not None:
        if kind != "cashflow":
            raise UsageError(f"--period is for cash-flow plans, not a {kind} workbook")
        if variant is not None and variant != period:
            raise UsageError(f"--period {period} and --variant {variant} disagree; give one")
        if source is None and not sources:
            variant = period
    if variant is not None:
        if variant not in spec.variants:
            choices = ", ".join(spec.variants) or "none for this kind"
            raise UsageError(f"--variant {variant!r} is not a {kind} template; choose: {choices}")
        if source is not None:
            raise UsageError("--variant is for blank workbooks; with --from, set it in the JSON")
    refuse_same_file(out, source, *(sources or {}).values())
    check_writable(out, force)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"{out}: xlprod writes .xlsx workbooks; give the output the .xlsx "
                         "extension (e.g. devis.xlsx)")
    model = None
    findings: list[Finding] = []
    data = read_input(kind, source, sources)
    if period is not None and data is not None and data.get("period", "month") != period:
        raise UsageError(
            f"{source or next(iter((sources or {}).values()))}: the plan is by "
            f"{data.get('period', 'month')} (its dates are labels of that period); set "
            f'"period": "{period}" and write start and the from/to dates as '
            + ("YYYY-Www" if period == "week" else "YYYY-MM") + ", or leave out --period")
    if data is not None:
        where = str(source or next(iter((sources or {}).values())))
        model = parse_input(spec.model, data, where, lang)
        del data  # the model holds it all now: free the input's memory for the layout
        findings = spec.check(model, lang)
        errors = [f for f in findings if f.severity == "error"]
        if errors and not spec.write_despite_findings:
            raise InvalidInput([f"{f.where}: {f.message}" for f in errors], where)
    written = spec.write(model, lang, variant) if variant else spec.write(model, lang)
    if protect:
        written.book.protect()
    findings = written.locator.place(findings)
    for f in findings:
        if f.cell:
            written.book.mark(f.cell, f.message)
    write_with(out, written.book.save, force)
    return NewResult(out, findings)


@dataclass(frozen=True)
class Loaded:
    """A workbook read once: its kind, the language of its labels, the input model (None
    when the workbook does not say what the user meant) and every finding."""

    path: Path
    spec: KindSpec
    lang: str
    model: Any
    findings: list[Finding]
    locator: Locator | None = None
    meta: dict[str, str] | None = None
    tampered: list[Finding] = field(default_factory=list)
    #: figures as the workbook last showed them (:attr:`xlprod.kinds.base.ReadBack.shown`)
    shown: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def model_or_raise(self, *, ignore_formulas: bool = False) -> Any:
        """The model, or InvalidInput listing the errors that stand in the way (with
        ``ignore_formulas``, xlprod formulas typed over do not)."""
        errors = [f for f in self.errors if not (ignore_formulas and f in self.tampered)]
        if self.model is None or (errors and not self.spec.write_despite_findings) or (
                self.tampered and not ignore_formulas):
            if self.tampered and not ignore_formulas:
                errors.append(Finding("error", (), "the workbook's totals no longer come from "
                                      "xlprod's formulas; repair it with `xlprod run upgrade`, or "
                                      "export with --ignore-formulas"))
            raise InvalidInput([f"{f.where}: {f.message}" for f in errors], str(self.path))
        return self.model


def load(path: Path, lang: str | None = None, *, pass_over: frozenset[str] = frozenset()
         ) -> Loaded:
    """Open, recognise and read a workbook, once; messages in ``lang``, by default the
    language the workbook was made in. The tables ``pass_over`` names are left unread,
    their rows absent from the model (an import that replaces them has no use for them)."""
    spec, back, meta = read_workbook(path, lang, pass_over=pass_over)
    said = lang or meta.get("lang", "fr")
    model, findings = _model_from(spec, back, said)
    tampered = list(back.tampered)
    if model is not None and spec.stale is not None:
        tampered += back.locator.place(spec.stale(model, back.shown, said))
    return Loaded(path, spec, meta.get("lang", "fr"), model, findings + tampered,
                  back.locator, meta, tampered, back.shown)


def read_workbook(path: Path, lang: str | None = None, *,
                  pass_over: frozenset[str] = frozenset()
                  ) -> tuple[KindSpec, ReadBack, dict[str, str]]:
    from xlprod.xlsx.reader import WorkbookReader, open_workbook, workbook_meta

    wb = open_workbook(path, tables_read_later=True)
    reader = WorkbookReader(wb, path)
    reader.passed_over = frozenset(pass_over)
    try:
        meta = workbook_meta(wb, path)
        reader.lang = lang or meta.get("lang", "fr")
        spec = kinds.get(meta["kind"])
        back = spec.read(reader)
        reader.check_formulas(meta)
        reader.check_rest()
        tampered = [Finding("error", (), p.message, p.cell) for p in reader.overwritten]
        clashing = [Finding("error", (), p.message, p.cell if "!" in p.cell else None)
                    for p in reader.name_clashes()]
        findings = back.findings + clashing + _version_warning(meta, path)
        return spec, ReadBack(back.data, back.locator, findings, tampered, back.shown), meta
    finally:
        reader.close()


def _version_warning(meta: dict[str, str], path: Path) -> list[Finding]:
    """A workbook made by a newer xlprod may hold what this version cannot read."""
    from xlprod import __version__

    def parts(version: str) -> tuple[int, ...]:
        return tuple(int(p) for p in version.split(".") if p.isdigit())

    made = meta.get("version", "")
    if made and parts(made) > parts(__version__):
        return [Finding("warning", (), f"made by xlprod {made}, read by xlprod {__version__}: "
                        "update xlprod (pip install -U xlprod) before editing it further")]
    return []


def _model_from(spec: KindSpec, back: ReadBack, lang: str = "fr") -> tuple[Any, list[Finding]]:
    """The model read back, and every finding: the reader's, the model's, the checks'.

    All are reported at once (a user fixes a workbook in one pass); a finding at a cell
    the reader already complained about is not repeated. With a reader error the model
    is None: the workbook does not say what the user meant.
    """
    from pydantic import ValidationError

    from xlprod.kinds.base import pydantic_findings, validate_model

    findings = list(back.findings)
    if back.data is None:
        return None, findings
    reported = {f.cell for f in findings if f.cell}

    def new_ones(more: list[Finding]) -> list[Finding]:
        return [f for f in back.locator.place(more) if not (f.cell and f.cell in reported)]

    try:
        model = validate_model(spec.model, back.data)
    except ValidationError as exc:
        return None, findings + new_ones(pydantic_findings(exc, lang))
    findings += new_ones(spec.check(model, lang))
    if any(f.severity == "error" for f in back.findings):
        return None, findings
    return model, findings


def validate(path: Path, lang: str | None = None) -> Report:
    loaded = load(path, lang)
    return Report(path, loaded.spec.name, loaded.findings)


def export(path: Path, *, ignore_formulas: bool = False) -> dict[str, Any]:
    """The workbook's input model as JSON data, plus ``workbook`` and ``results``; a
    workbook whose xlprod formulas were typed over is refused unless ``ignore_formulas``."""
    loaded = load(path)
    model = loaded.model_or_raise(ignore_formulas=ignore_formulas)
    data = model.model_dump(mode="json")
    data["workbook"] = loaded.spec.name
    data["results"] = loaded.spec.compute(model)
    return data


def schema(kind: str) -> dict[str, Any]:
    return kinds.get(kind).model.model_json_schema()


def demo(folder: Path, *, force: bool = False, lang: str = "fr") -> list[Path]:
    """Write every available kind's demo input (JSON) and workbook into ``folder``."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give a folder for the demo dossier")
    folder.mkdir(parents=True, exist_ok=True)
    targets = [(kind, folder / f"{kind}.json", folder / f"{kind}.xlsx") for kind in kinds.available()]
    extras = {kind: kinds.get(kind).demo_files for kind, _, _ in targets}
    for kind, json_path, xlsx_path in targets:  # refuse before writing anything
        for path in (json_path, xlsx_path, *(folder / name for name in extras[kind])):
            check_writable(path, force)
    written = []
    for kind, json_path, xlsx_path in targets:
        data = kinds.get(kind).demo()
        write_text(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n", force)
        new(kind, xlsx_path, source=json_path, lang=lang, force=True)
        written += [json_path, xlsx_path]
        for name, writer in extras[kind].items():
            write_with(folder / name, writer, force)
            written.append(folder / name)
    return written



def upgrade(path: Path, *, force: bool = False) -> Any:
    """Rebuild a workbook with the current layout, keeping everything the user typed or
    added (see :mod:`xlprod.update`)."""
    from xlprod.update import update

    return update(path, force=force)
