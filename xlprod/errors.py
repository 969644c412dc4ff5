"""The one exception tree of xlprod.

::

    XlprodError                  exit 2 unless said otherwise
    ├── UsageError               bad command-line use (unknown kind, missing option)
    ├── FileProblem              a file cannot be read, written or recognised
    │   ├── UnreadableFile       missing, not a zip/xlsx, corrupt, malformed JSON
    │   ├── NotXlprodWorkbook    a valid xlsx that xlprod did not make
    │   └── RefuseOverwrite      the output exists and --force was not given
    └── InvalidInput             exit 1: the content is wrong; names the field or Sheet!Cell

    KeyboardInterrupt
    └── Terminated               SIGTERM/SIGHUP: unwinds like Ctrl-C (temporary files go),
                                 exit 128 + the signal's number

The command line maps these to ``Error: …`` on stderr and an exit code in one
place (:func:`xlprod.cli.main`); library code raises, it never prints or exits.
"""

from __future__ import annotations


class XlprodError(Exception):
    """Base of every error xlprod reports to a user."""

    exit_code = 2


class UsageError(XlprodError):
    """The command was called the wrong way."""


class FileProblem(XlprodError):
    """A file could not be read, written or recognised."""


class UnreadableFile(FileProblem):
    """The file is missing, not the expected format, or corrupt."""


class NotXlprodWorkbook(FileProblem):
    """A readable workbook that carries no xlprod kind marker."""


class RefuseOverwrite(FileProblem):
    """The output file exists and the user did not pass ``--force``."""


class InvalidInput(XlprodError):
    """The input's content is wrong. ``problems`` lists each place and what to fix."""

    exit_code = 1

    def __init__(self, problems: list[str] | str, source: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            message = head + self.problems[0]
        else:
            message = head + "invalid input:\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM, SIGHUP). Raised by the CLI's signal
    handlers so that every ``finally`` runs (temporary files are removed) on the way out;
    a ``KeyboardInterrupt`` so that no ``except Exception`` swallows it."""

    def __init__(self, signum: int, name: str) -> None:
        super().__init__(name)
        self.signum = signum
        self.name = name
