"""``python -m lgtool``."""

from lgtool.cli import main

main()
