"""What every workbook kind provides, and the plumbing they share.

A kind is: a pydantic input model, a pure ``compute`` (input → results), a
``write`` (input → workbook), a ``read`` (workbook → input), and ``check``
(input → findings). Findings carry a model path (``lines[3].status``); a
:class:`Locator` turns it into the ``Sheet!Cell`` where the user fixes it.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainSerializer, ValidationError

from xlprod.errors import InvalidInput

if TYPE_CHECKING:
    from xlprod.xlsx.reader import WorkbookReader
    from xlprod.xlsx.writer import BookWriter

Path_ = tuple[str | int, ...]
Severity = Literal["error", "warning"]
M = TypeVar("M", bound=BaseModel)


def _number(value: Decimal) -> int | float:
    """JSON numbers: integral Decimals as int, others as float (exact to the cent)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _sane(value: Decimal) -> Decimal:
    """Refuse NaN, infinities and magnitudes no production budget has (typing accidents)."""
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError("must be a finite number below 1 000 000 000 000")
    return value


#: A Decimal that serialises as a JSON number (contract: money is a number, euros with cents).
Number = Annotated[
    Decimal,
    AfterValidator(_sane),
    PlainSerializer(_number, return_type=int | float, when_used="json"),
]


class InputModel(BaseModel):
    """Base of every kind's input: unknown keys are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def path_text(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Finding:
    severity: Severity
    path: Path_
    message: str
    cell: str | None = None

    @property
    def where(self) -> str:
        return self.cell or path_text(self.path) or "(top level)"

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "where": self.where, "path": path_text(self.path),
                "cell": self.cell, "message": self.message}


@dataclass
class Locator:
    """Model path → ``Sheet!Cell``; the longest known prefix wins."""

    cells: dict[Path_, str] = field(default_factory=dict)
    #: list prefix → function (row index, field or None) → cell, for whole tables
    rows: dict[Path_, Callable[[int, str | None], str | None]] = field(default_factory=dict)
    #: list prefix → (how many rows, their fields): lets :meth:`path_of` search them
    spans: dict[Path_, tuple[Callable[[], int], tuple[str, ...]]] = field(default_factory=dict)

    def add(self, path: Path_, cell: str) -> None:
        self.cells[path] = cell

    def add_rows(self, prefix: Path_, cell_of: Callable[[int, str | None], str | None],
                 count: Callable[[], int] | None = None, keys: tuple[str, ...] = ()) -> None:
        """Locate ``prefix[i].field`` lazily (thousands of lines, few findings)."""
        self.rows[prefix] = cell_of
        if count is not None:
            self.spans[prefix] = (count, keys)

    def path_of(self, cell: str) -> Path_ | None:
        """The model path a cell holds (the reverse of :meth:`find`; for the few cells an
        update carries a comment from)."""
        for path, where in self.cells.items():
            if where == cell:
                return path
        for prefix, (count, keys) in self.spans.items():
            cell_of = self.rows[prefix]
            for i in range(count()):
                for key in keys:
                    if cell_of(i, key) == cell:
                        return (*prefix, i, key)
        return None

    def find(self, path: Path_) -> str | None:
        for n in range(len(path), 0, -1):
            # A row of a table (lines[3]…) before the table's own cell (lines → header).
            index = path[n] if n < len(path) else None
            if isinstance(index, int) and path[:n] in self.rows:
                key = path[n + 1] if len(path) > n + 1 else None
                return self.rows[path[:n]](index, key if isinstance(key, str) else None)
            if path[:n] in self.cells:
                return self.cells[path[:n]]
        return None

    def place(self, findings: list[Finding]) -> list[Finding]:
        return [
            Finding(f.severity, f.path, f.message, f.cell or self.find(f.path)) for f in findings
        ]


# pydantic adds the union member it tried to a location ("decimal", "constrained-str"…):
# noise for a user, who wants the field.
_UNION_TAGS = {"decimal", "str", "constrained-str", "int", "float", "bool", "none", "date",
               "list", "dict", "constrained-decimal", "literal"}


def _clean_loc(loc: tuple[Any, ...]) -> Path_:
    return tuple(
        p for p in loc
        if not (isinstance(p, str) and ("[" in p or p.startswith("function-") or p in _UNION_TAGS))
    )


def _plain(err: Any, loc: Path_, lang: str) -> str:
    """One pydantic error in the words of a production office, French or English."""
    fr = lang != "en"
    kind, ctx = err["type"], err.get("ctx") or {}
    value = err.get("input")
    shown = str(value) if not isinstance(value, dict | list) else "…"
    shown = shown if len(shown) <= 80 else shown[:77] + "…"
    if kind == "extra_forbidden":
        return ("champ inconnu ; retirez-le ou vérifiez son orthographe" if fr else
                "unknown field; remove it or check its spelling")
    if kind == "missing":
        return "champ obligatoire manquant" if fr else "field required"
    if not loc and kind in ("model_type", "model_attributes_type", "dict_type"):
        return ("l'entrée doit être un objet JSON {…} avec les champs de `xlprod schema KIND`" if fr
                else "the input must be a JSON object {…} with the fields of `xlprod schema KIND`")
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        expected = expected.replace(" or ", " ou ") if fr else expected
        return (f"« {shown} » n'est pas une valeur permise ; choisissez : {expected}" if fr else
                f"{shown!r} is not allowed; choose one of {expected}")
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "location":
            return (f"« {shown} » n'est pas un code pays ISO à deux lettres (FR, BE, DE…)" if fr
                    else f"{shown!r} is not a two-letter ISO country code (FR, BE, DE…)")
        return (f"« {shown} » n'a pas la forme attendue" if fr else
                f"{shown!r} does not have the expected form")
    bounds = {"greater_than_equal": ("≥", "ge"), "greater_than": (">", "gt"),
              "less_than_equal": ("≤", "le"), "less_than": ("<", "lt")}
    if kind in bounds:
        sign, key = bounds[kind]
        return (f"« {shown} » doit être {sign} {ctx.get(key)}" if fr else
                f"{shown!r} must be {sign} {ctx.get(key)}")
    if value is None and kind.endswith("_type"):
        return "est vide ; tapez une valeur" if fr else "is empty; type a value"
    if kind in ("decimal_parsing", "decimal_type", "int_parsing", "int_type", "float_parsing",
                "float_type", "int_from_float", "finite_number"):
        return (f"« {shown} » n'est pas un nombre{' entier' if 'int' in kind else ''}" if fr else
                f"{shown!r} is not a {'whole ' if 'int' in kind else ''}number")
    if kind == "string_too_short":
        return "ne doit pas être vide" if fr else "must not be empty"
    if kind in ("string_type", "str_type"):
        return f"« {shown} » doit être du texte" if fr else f"{shown!r} must be text"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return (f"« {shown} » n'est pas une date AAAA-MM-JJ" if fr else
                f"{shown!r} is not a YYYY-MM-DD date")
    if kind in ("bool_parsing", "bool_type"):
        return f"« {shown} » n'est ni vrai ni faux" if fr else f"{shown!r} is not true or false"
    message = str(err["msg"]).removeprefix("Value error, ")
    if fr:
        message = _FRENCH.get(message, message)
    return f"{shown!r}: {message}" if "input" in err else message


#: the models' own validator messages, in French
_FRENCH = {
    "must be a finite number below 1 000 000 000 000":
        "doit être un nombre fini inférieur à 1 000 000 000 000",
    "write a timecode as HH:MM:SS:FF, two digits each (e.g. 00:01:30:00; HH:MM:SS;FF at 29.97 "
    "drop-frame)": "écrivez le timecode HH:MM:SS:FF, deux chiffres chacun (ex. 00:01:30:00 ; "
                   "HH:MM:SS;FF en 29,97 drop-frame)",
}


def pydantic_findings(exc: ValidationError, lang: str = "fr") -> list[Finding]:
    """One finding per field, in plain words; the alternatives of a union are joined."""
    merged: dict[Path_, list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        message = _plain(err, loc, lang)
        merged.setdefault(loc, [])
        if message not in merged[loc]:
            merged[loc].append(message)
    out = []
    joiner = " — or " if lang == "en" else " — ou "
    for loc, messages in merged.items():
        first, *rest = messages
        text = first + "".join(joiner + m.split(" : ", 1)[-1].split(": ", 1)[-1] for m in rest)
        out.append(Finding("error", loc, text))
    return out


def validate_model(model: type[M], data: Any) -> M:
    """``model.model_validate(data)``, with the rows of its long lists (a budget's 200 000
    lines) turned into models one by one in place, each row's dict freed as it goes, so
    the input and the model are never both whole in memory. At the first row in error
    the whole input is validated as usual, which reports every error with its place."""
    if isinstance(data, dict):
        for name, info in model.model_fields.items():
            items = data.get(info.alias or name)
            args = typing.get_args(info.annotation)
            if not (isinstance(items, list) and len(items) > LONG_LIST and len(args) == 1
                    and isinstance(args[0], type) and issubclass(args[0], BaseModel)):
                continue
            row_model = args[0]
            # Rows typed alike set the same fields: one shared, immutable record of them
            # instead of a set per row (700 bytes each, 40 % of a budget line's memory).
            shared: dict[frozenset[str], frozenset[str]] = {}
            try:
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        row = row_model.model_validate(item)
                        given = frozenset(row.__pydantic_fields_set__)
                        object.__setattr__(row, "__pydantic_fields_set__",
                                           shared.setdefault(given, given))
                        items[i] = row
            except ValidationError:
                break  # the whole validation below says where
    return model.model_validate(data)


#: Lists longer than this are validated row by row (:func:`validate_model`).
LONG_LIST = 1000


def parse_input(model: type[M], data: Any, source: str, lang: str = "fr") -> M:
    """Validate raw input; raise InvalidInput naming every bad field."""
    try:
        return validate_model(model, data)
    except ValidationError as exc:
        raise InvalidInput([f"{f.where}: {f.message}" for f in pydantic_findings(exc, lang)],
                           source) from None


@dataclass(frozen=True)
class Written:
    """A workbook built in memory, with where each input landed."""

    book: BookWriter
    locator: Locator


@dataclass(frozen=True)
class ReadBack:
    """What a reader got from a workbook: the input (None if unusable) and problems."""

    data: dict[str, Any] | None
    locator: Locator
    findings: list[Finding]
    #: xlprod's formulas typed over: reported, but the inputs still read (an update repairs them)
    tampered: list[Finding] = field(default_factory=list)
    #: figures the workbook last showed that an update may use as they were shown (a cost
    #: report's EFC per account becomes the previous report's on a re-import)
    shown: dict[str, Any] = field(default_factory=dict)


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A function imported on first call: ``validate`` never loads the layout (and its
    chart modules), ``new`` never loads the reader."""

    def call(*args: Any, **kwargs: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    call.__qualname__ = f"{module}.{name}"
    return call


@dataclass(frozen=True)
class KindSpec:
    name: str
    model: type[InputModel]
    compute: Callable[[Any], dict[str, Any]]
    write: Callable[..., Written]  # (input or None, lang[, variant])
    read: Callable[[WorkbookReader], ReadBack]
    check: Callable[..., list[Finding]]  # (model, lang="fr")
    demo: Callable[[], dict[str, Any]]
    #: findings that still let ``new --from`` write the workbook (cue sheet rules)
    write_despite_findings: bool = False
    #: templates a blank workbook can start from (``new KIND --variant V``)
    variants: tuple[str, ...] = ()
    #: where an input can come from besides JSON, by name (``budget`` for a cash-flow plan,
    #: ``fec`` for a cost report): each takes a path and returns the data it contributes
    sources: dict[str, Callable[..., Any]] = field(default_factory=dict)
    #: how a workbook's model and newly imported data combine on an update; the default
    #: keeps the workbook's model (``run upgrade``)
    merge: Callable[[Any, Any], Any] | None = None
    #: files the demo dossier carries beside the kind's JSON and workbook, by file name: each
    #: writes its file at the path it is given (the cost report's FEC export)
    demo_files: dict[str, Callable[[Path], Any]] = field(default_factory=dict)
    #: what the workbook's formulas leave out although the engine counts it, until an update
    #: lays the workbook out again: (model, ReadBack.shown, lang) → findings, reported and
    #: refused by ``export`` as formulas typed over are (a cost report's missing Suivi row)
    stale: Callable[[Any, dict[str, Any], str], list[Finding]] | None = None


def merge_rows(old: list[dict[str, Any]], incoming: list[dict[str, Any]], key: tuple[str, ...],
               keep: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of a table after an import: the incoming rows in their order, each keeping the
    user's columns ``keep`` from the old row with the same ``key``; old rows whose key the
    import does not have (rows the user added) stay, after them — nothing is lost."""
    def key_of(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(k) for k in key)

    by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in old:
        by_key.setdefault(key_of(row), row)
    seen = set()
    out = []
    for row in incoming:
        k = key_of(row)
        seen.add(k)
        mine = by_key.get(k)
        out.append({**row, **{c: mine[c] for c in keep if c in mine}} if mine else dict(row))
    out += [dict(row) for row in old if key_of(row) not in seen]
    return out

