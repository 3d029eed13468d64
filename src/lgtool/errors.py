"""The exception tree and the exit codes.

Every error that a user can cause is an :class:`LgtoolError`; the single handler in
:mod:`lgtool.cli` turns it into a Swedish message on stderr and an exit code.
Exceptions never print anything themselves.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit codes of every command (documented in README.md)."""

    OK = 0
    PROBLEM = 1  # problems in the register, a --fail-on threshold met, a missing year file
    USAGE = 2  # wrong options, a register that does not exist
    INTERNAL = 3  # a bug in lgtool: never the user's fault
    INTERRUPTED = 130  # Ctrl-C


class LgtoolError(Exception):
    """An error caused by the user's input; its message is Swedish and shown as is."""

    exit_code: ExitCode = ExitCode.PROBLEM

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(LgtoolError):
    """Wrong use of the command line, or a register folder that does not exist."""

    exit_code = ExitCode.USAGE


class RegisterError(LgtoolError):
    """The register cannot be used for the asked command (e.g. organisation.yaml is broken)."""


class ReportError(LgtoolError):
    """The report cannot be produced (missing year file, template error, conversion failed)."""


class GitError(LgtoolError):
    """A git operation failed: not a repository, unknown revision, shallow history."""
