"""The register folder read as bytes (lgtool.folder): the light path a warm run uses."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import behandling, write_register
from lgtool.folder import MAX_FILE_BYTES, SourceFile, read_folder
from lgtool.problems import Problem


def test_files_are_read_whole_and_in_order(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "register",
        files={
            "behandlingar/b.yaml": b"x" * 70_000,
            "behandlingar/a.yaml": b"",
            "ar/2025.yaml": b"a",
        },
    )
    sources, problems = read_folder(root)
    assert problems == []
    assert [s.rel for s in sources] == [
        "organisation.yaml",
        "behandlingar/a.yaml",
        "behandlingar/b.yaml",
        "ar/2025.yaml",
    ]
    assert sources[2] == SourceFile("behandlingar/b.yaml", b"x" * 70_000)
    assert sources[1].raw == b""


def test_a_link_to_a_folder_and_a_huge_file_are_problems(tmp_path: Path) -> None:
    root = write_register(
        tmp_path / "register",
        behandlingar=[behandling("b1")],
        files={"behandlingar/stor.yaml": b"#" * (MAX_FILE_BYTES + 1)},
    )
    os.symlink(root / "ar", root / "behandlingar" / "mapp.yaml")
    sources, problems = read_folder(root)
    shown = root.as_posix()
    assert [s.rel for s in sources] == ["organisation.yaml", "behandlingar/b1.yaml"]
    assert problems == [
        Problem(
            f"{shown}/behandlingar/mapp.yaml",
            1,
            1,
            "olasbar",
            "filen kan inte läsas: det är en mapp",
        ),
        Problem(
            f"{shown}/behandlingar/stor.yaml",
            1,
            1,
            "for-stor-fil",
            "filen är 1025 KiB; en registerfil får vara högst 1024 KiB",
        ),
    ]
