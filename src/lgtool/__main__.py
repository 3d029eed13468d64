"""``python -m lgtool``."""

from lgtool.cli import program

program()
