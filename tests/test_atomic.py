"""lgtool.atomic: writes stay in the register, -o writes through, nothing half-written."""

from __future__ import annotations

import os
import select
import stat
import threading
import time
from pathlib import Path

import pytest

from lgtool.atomic import (
    UnsafePathError,
    check_relative,
    write_atomic,
    write_in_register,
    write_output,
)
from lgtool.errors import UsageError


@pytest.mark.parametrize("rel", ["", "../x.yaml", "a/../../x", "/etc/passwd", "a\\b", ".."])
def test_a_path_that_leaves_the_folder_is_refused(rel: str) -> None:
    with pytest.raises(UnsafePathError) as refused:
        check_relative(rel)
    assert refused.value.message == f"sökvägen '{rel}' leder ut ur registret; inget har skrivits"


def test_write_in_register_makes_folders_and_keeps_the_mode(tmp_path: Path) -> None:
    write_in_register(tmp_path, "behandlingar/b1.yaml", b"a", make_folders=True)
    path = tmp_path / "behandlingar" / "b1.yaml"
    path.chmod(0o600)
    write_in_register(tmp_path, "behandlingar/b1.yaml", b"b")
    assert path.read_bytes() == b"b"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(path.parent) == ["b1.yaml"]


def test_write_in_register_never_follows_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "utanfor"
    outside.mkdir()
    root = tmp_path / "register"
    root.mkdir()
    (root / "behandlingar").symlink_to(outside)
    (root / "ar").mkdir()
    (root / "ar" / "2025.yaml").symlink_to(outside / "x.yaml")
    with pytest.raises(UnsafePathError) as folder:
        write_in_register(root, "behandlingar/b1.yaml", b"x")
    with pytest.raises(UnsafePathError) as file:
        write_in_register(root, "ar/2025.yaml", b"x")
    assert folder.value.message.startswith("behandlingar är en symbolisk länk;")
    assert file.value.message.startswith("ar/2025.yaml är en symbolisk länk;")
    assert os.listdir(outside) == []


def test_write_in_register_refuses_a_fifo_in_place_of_the_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "b1.yaml")
    with pytest.raises(UnsafePathError) as refused:
        write_in_register(tmp_path, "b1.yaml", b"x")
    assert refused.value.message == "b1.yaml finns men är ingen vanlig fil; inget har skrivits"


def test_write_atomic_replaces_a_link_instead_of_following_it(tmp_path: Path) -> None:
    target = tmp_path / "mal"
    target.write_bytes(b"orord")
    (tmp_path / "cache").symlink_to(target)
    write_atomic(tmp_path / "cache", b"ny")
    assert not (tmp_path / "cache").is_symlink()
    assert (tmp_path / "cache").read_bytes() == b"ny"
    assert target.read_bytes() == b"orord"


def test_write_output_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "mal.md"
    target.write_bytes(b"gammal")
    (tmp_path / "lank.md").symlink_to(target)
    write_output(tmp_path / "lank.md", b"ny")
    assert (tmp_path / "lank.md").is_symlink()
    assert target.read_bytes() == b"ny"


def test_write_output_writes_through_a_fifo_with_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "ror"
    os.mkfifo(fifo)
    received: list[bytes] = []
    ready = threading.Event()

    def reader() -> None:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open: a writer may come
        ready.set()
        chunks: list[bytes] = []
        while True:
            select.select([fd], [], [], 5)
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            if chunk:
                chunks.append(chunk)
            elif chunks:  # end of file after the data
                break
            else:  # no writer yet
                time.sleep(0.01)
        os.close(fd)
        received.append(b"".join(chunks))

    thread = threading.Thread(target=reader)
    thread.start()
    ready.wait(5)
    write_output(fifo, b"rapport\n" * 10_000)
    thread.join(5)
    assert received == [b"rapport\n" * 10_000]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_write_output_refuses_a_link_loop(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(UsageError) as refused:
        write_output(tmp_path / "a", b"x")
    assert refused.value.message == (
        f"-o: '{(tmp_path / 'a').as_posix()}' är en symbolisk länk som inte leder någonstans"
    )


def test_only_a_cache_file_is_written_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lgtool import cachedir

    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    (tmp_path / "register").mkdir()
    write_in_register(tmp_path / "register", "b1.yaml", b"id: b1\n")
    write_atomic(tmp_path / "nyckel", b"k")
    assert len(synced) == 4  # the file and its folder, twice
    synced.clear()
    cachedir.write(tmp_path / ".lgtool-cache" / "parse-x.json", b"data")
    assert (tmp_path / ".lgtool-cache" / "parse-x.json").read_bytes() == b"data"
    assert (tmp_path / ".lgtool-cache" / ".gitignore").read_bytes().endswith(b"\n*\n")
    assert len(synced) == 2  # only the folder's new .gitignore: the file and its folder
    synced.clear()
    cachedir.write(tmp_path / ".lgtool-cache" / "parse-x.json", b"more")
    assert (tmp_path / ".lgtool-cache" / "parse-x.json").read_bytes() == b"more"
    assert synced == []
