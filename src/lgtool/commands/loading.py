"""Loading the register for a command: the parse cache and the progress bar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lgtool.register import FolderFiles, Register, load_register
from lgtool.render.progress import progress_bar


def load(
    root: Path,
    *,
    today: date | None = None,
    cache: bool = False,
    files: FolderFiles | None = None,
) -> Register:
    """Load ``root`` as every command does; a progress bar on a terminal for long loads.

    ``files`` is the folder as :func:`lgtool.folder.read_folder` read it, if it was.
    """
    with progress_bar("Läser registret") as progress:
        return load_register(root, today=today, cache=cache, progress=progress, files=files)
