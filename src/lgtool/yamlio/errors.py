"""The one error that reading or editing register YAML raises."""

from __future__ import annotations


class YamlError(Exception):
    """A file that cannot be read as register YAML, with a 1-based position."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.code = code
        self.message = message
