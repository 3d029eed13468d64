"""The parse cache: keyed by content, never trusted when damaged, off with --ingen-cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, TODAY, behandling, run_cli, run_process
from lgtool import cachedir, yamlio
from lgtool import register as register_module
from lgtool.cache import ParseCache
from lgtool.cachedir import CACHE_DIR
from lgtool.model import trusted
from lgtool.problems import Problem
from lgtool.register import load_register
from lgtool.shards import ShardedStore, _names, shard_of, shards_for

SMALL_SPLIT = _names(shards_for(2))
"""How a small register's caches are split (lgtool.shards.shards_for)."""


def register_shard(key: str) -> str:
    """The shard of ``key`` in a small register's parse cache."""
    return shard_of(key, SMALL_SPLIT)


CORPUS = Path(__file__).resolve().parent / "corpus" / "bad"


def _cache_folder(root: Path) -> Path:
    """The register's parse cache: a folder of shards."""
    folders = list((root / CACHE_DIR).glob("parse-*"))
    assert len(folders) == 1
    assert folders[0].is_dir()
    return folders[0]


def _shards(root: Path) -> dict[str, bytes]:
    """Every shard of the register's parse cache, by name."""
    return {p.name: p.read_bytes() for p in sorted(_cache_folder(root).iterdir())}


def _signed_shard(name: str, header: bytes, payload: bytes) -> bytes:
    """A shard as lgtool writes it: ``header`` (format, version, code), its name, its MAC."""
    start = header + b" " + name.encode()
    mac = cachedir.mac(start + b"\n" + payload)
    assert mac is not None
    return start + b" " + mac.encode() + b"\n" + payload


def _header(shard: bytes) -> bytes:
    """The part of a shard's first line before its name and MAC."""
    return shard.partition(b"\n")[0].rsplit(b" ", 2)[0]


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    parsed: list[bytes] = []
    real = yamlio.parse_file_bytes

    def counting(raw: bytes, *, fast: bool = True) -> yamlio.Document:
        parsed.append(raw)
        return real(raw, fast=fast)

    monkeypatch.setattr("lgtool.register.parse_file_bytes", counting)
    return parsed


def test_unchanged_files_are_not_parsed_again(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")])
    first = load_register(root, today=TODAY, cache=True)
    parsed = _count_parses(monkeypatch)
    second = load_register(root, today=TODAY, cache=True)
    assert parsed == []
    assert second == first
    assert (root / CACHE_DIR / ".gitignore").read_text() == (
        "# lgtool's cache; can be removed at any time.\n*\n"
    )


def test_a_one_byte_change_is_read_again_even_with_the_same_mtime(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")])
    assert load_register(root, today=TODAY, cache=True).problems == ()
    path = root / "behandlingar" / "b1.yaml"
    before = path.stat()
    raw = path.read_bytes()
    assert b"gula: 0\n" in raw
    path.write_bytes(raw.replace(b"gula: 0\n", b"gula: X\n"))  # same size, one byte
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed = _count_parses(monkeypatch)
    loaded = load_register(root, today=TODAY, cache=True)
    assert [p.decode() for p in parsed] == [path.read_text()]
    assert loaded.problems == (
        Problem(
            f"{root.as_posix()}/behandlingar/b1.yaml",
            14,
            9,
            "fel-typ",
            "'handlingsplan.gula' ska vara ett heltal, inte 'X'",
        ),
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"", id="tom"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="avkortad"),
        pytest.param(lambda raw: raw[:-3] + b"!!!", id="fel-kontrollsumma"),
        pytest.param(lambda raw: b"\x80\x81 skrap\n\x00", id="skrap"),
        pytest.param(lambda raw: raw.replace(b" 0.1.0 ", b" 0.0.9 ", 1), id="annan-version"),
    ],
)
def test_a_damaged_or_stale_cache_is_ignored_and_rewritten(
    make_register: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")])
    expected = load_register(root, today=TODAY)
    load_register(root, today=TODAY, cache=True)
    good = _shards(root)
    assert 1 <= len(good) <= 3  # each file's entry in the shard of its key
    for name, raw in good.items():
        (_cache_folder(root) / name).write_bytes(damage(raw))
    parsed = _count_parses(monkeypatch)
    assert load_register(root, today=TODAY, cache=True) == expected
    assert len(parsed) == 3  # every file read again
    assert _shards(root) == good


def test_a_cache_with_a_valid_checksum_but_a_wrong_shape_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cache"
    ParseCache(path).save()  # nothing to save: no folder
    assert not path.exists()
    cache = ParseCache(path)
    cache.put("ab12", {"a": 1})
    cache.save()
    assert ParseCache.open(path).get("ab12") == (True, {"a": 1})
    ab, cd = shard_of("ab12"), shard_of("cd34")
    assert ab != cd
    header = _header((path / ab).read_bytes())
    for name, payload in (
        (ab, b"[1, 2]"),
        (ab, b'{"ab12": [1]}'),
        (ab, b'{"ab12": {"\\u0000pairs": 5}}'),
        (ab, b'{"ab12": '),
        (ab, b'{"ab12": {"a": 1}}'),  # the shape of format 1
        (ab, b'{"ab12": {"data": [1], "ok": {}}}'),
        (ab, b'{"ab12": {"data": {"a": 1}, "ok": {"Behandling": 5}}}'),
        (ab, b'{"ab12": {"data": {"a": 1}, "ok": []}}'),
        (ab, b'{"ab12": {"data": {"a": 1}, "ok": {}, "mer": 1}}'),
        # A key outside the shard's prefix: a shard renamed or an entry moved.
        (ab, b'{"ab12": {"data": {"a": 1}, "ok": {}}, "cd34": {"data": {}, "ok": {}}}'),
    ):
        (path / name).write_bytes(_signed_shard(name, header, payload))
        assert ParseCache.open(path).get("ab12") == (False, None)
    # A good shard of another name, renamed: its MAC names the shard it was written as.
    other = ParseCache(path)
    other.put("cd34", {"a": 1})
    other.save()
    (path / ab).write_bytes((path / cd).read_bytes().replace(b'"cd34"', b'"ab12"'))
    assert ParseCache.open(path).get("ab12") == (False, None)


def test_a_forged_cache_cannot_make_an_invalid_file_valid(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cache committed in a pull request, made elsewhere, is never believed."""
    bad = behandling("b1", kategori="unike")
    root = make_register(behandlingar=[bad])
    # The attacker's machine: the same file declared valid, with a matching checksum.
    good_copy = tmp_path / "annan" / "register"
    from conftest import write_register

    write_register(good_copy, behandlingar=[behandling("b1")])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "angriparen"))
    monkeypatch.setattr(cachedir, "_key", None)
    assert load_register(good_copy, today=TODAY, cache=True).problems == ()
    good_key = ParseCache.key((good_copy / "behandlingar" / "b1.yaml").read_bytes())
    bad_key = ParseCache.key((root / "behandlingar" / "b1.yaml").read_bytes())
    shard = _shards(good_copy)[register_shard(good_key)]
    header, payload = _header(shard), shard.partition(b"\n")[2]
    payload = payload.replace(good_key.encode(), bad_key.encode())
    start = header + b" " + register_shard(bad_key).encode()
    forged = [
        _signed_shard(register_shard(bad_key), header, payload),  # signed with the attacker's key
        start + b" " + hashlib.sha256(start + b"\n" + payload).hexdigest().encode(),
    ]
    # Back on the coordinator's (or CI's) machine, with its own key.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci"))
    monkeypatch.setattr(cachedir, "_key", None)
    for first in forged:
        path = ParseCache.for_register(root).path
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        (path / register_shard(bad_key)).write_bytes(first.partition(b"\n")[0] + b"\n" + payload)
        loaded = load_register(root, today=TODAY, cache=True)
        assert [p.kod for p in loaded.problems] == ["ogiltigt-varde"]
        for command in (["validate"], ["status", "--format", "json"]):
            args = [*command, "--register", str(root)]
            result, fresh = run_cli(*args), run_cli(*args, "--ingen-cache")
            assert (result.code, result.out, result.err) == (1, fresh.out, fresh.err)


def test_the_key_is_private_to_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(cachedir, "_key", None)
    assert cachedir.mac(b"x") is not None
    key = tmp_path / "lgtool" / "nyckel"
    assert len(key.read_bytes()) == 32
    assert key.stat().st_mode & 0o777 == 0o600


def test_int_bool_and_null_keys_survive_the_cache(tmp_path: Path) -> None:
    data = {"zon": {0: "Z1", 4: "Z4"}, "ar": {2025: [{"id": "x"}]}, "n": {None: 1, True: 2}}
    cache = ParseCache(tmp_path / "c.json")
    cache.put("k", data)
    cache.save()
    found, cached = ParseCache.open(tmp_path / "c.json").get("k")
    assert found
    assert cached == data
    assert [type(k) for k in cached["zon"]] == [int, int]
    assert [type(k) for k in cached["n"]] == [type(None), bool]


def test_data_json_cannot_hold_exactly_is_not_cached(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c.json")
    cache.put("nan", {"a": float("nan")})
    cache.put("obj", {"a": object()})
    cache.save()
    assert not (tmp_path / "c.json").exists()


def test_the_day_still_matters_with_a_warm_cache(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1", senaste_rsa="2026-06-01")])
    assert load_register(root, today=TODAY, cache=True).problems == ()
    earlier = load_register(root, today=date(2026, 5, 1), cache=True)
    assert [(p.rad, p.kod, p.meddelande) for p in earlier.problems] == [
        (
            7,
            "framtida-datum",
            "'senaste_rsa': datumet 2026-06-01 ligger efter dagens datum (2026-05-01)",
        )
    ]


def _count_constructs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the models rebuilt from the cache without validating."""
    built: list[str] = []
    real = trusted.construct

    def counting(model: Any, data: Any) -> Any:
        built.append(model.__name__)
        return real(model, data)

    monkeypatch.setattr(register_module, "construct", counting)
    return built


def test_files_that_validated_are_rebuilt_without_validating(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(
        behandlingar=[behandling("b1"), behandling("b2"), behandling("b3", kategori="unike")],
        ar={2025: {"ar": 2025, "prioriteringar": {2025: [{"id": "p", "text": "T"}]}}},
    )
    built = _count_constructs(monkeypatch)
    first = load_register(root, today=TODAY, cache=True)
    assert built == []
    second = load_register(root, today=TODAY, cache=True)
    # b3 has a problem: it is validated again (and the problem shown again) every time.
    assert sorted(built) == ["Ar", "Behandling", "Behandling", "Organisation"]
    assert second == first
    assert [p.kod for p in second.problems] == ["ogiltigt-varde"]


def test_a_cached_file_is_validated_again_on_a_day_before_its_latest_date(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(
        behandlingar=[
            behandling(
                "b1",
                senaste_rsa="2026-06-01",
                handlingsplan={"per_datum": "2026-06-02", "gula": 0, "roda": 0},
            )
        ]
    )
    assert load_register(root, today=TODAY, cache=True).problems == ()
    built = _count_constructs(monkeypatch)
    assert load_register(root, today=date(2026, 6, 2), cache=True).problems == ()
    assert built == ["Organisation", "Behandling"]  # the latest date is today: still valid
    built.clear()
    earlier = load_register(root, today=date(2026, 6, 1), cache=True)
    assert built == ["Organisation"]  # b1 validated again, and the rule fires
    assert [(p.rad, p.kod, p.meddelande) for p in earlier.problems] == [
        (
            14,
            "framtida-datum",
            "'handlingsplan.per_datum': datumet 2026-06-02 ligger efter dagens datum (2026-06-01)",
        )
    ]
    assert earlier == load_register(root, today=date(2026, 6, 1))


def _copy_register(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(CACHE_DIR, "import", "schema"))
    return target


@pytest.mark.parametrize("source", [EXAMPLE_REGISTER, CORPUS], ids=["exempelregistret", "korpusen"])
@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["validate", "--format", "json"],
        ["status", "--format", "json", "--per", "2026-11-29"],
        ["status", "--format", "csv"],
        ["status"],
        ["prioritering", "--format", "json"],
    ],
    ids=" ".join,
)
def test_cold_warm_and_no_cache_give_the_same_output(
    tmp_path: Path, source: Path, command: list[str]
) -> None:
    root = _copy_register(source, tmp_path / "register")
    args = [*command, "--register", str(root)]
    fresh = run_cli(*args, "--ingen-cache")
    assert not (root / CACHE_DIR).exists()
    cold = run_cli(*args)
    assert _shards(root)
    warm = run_cli(*args)
    assert (cold.code, cold.out, cold.err) == (fresh.code, fresh.out, fresh.err)
    assert (warm.code, warm.out, warm.err) == (fresh.code, fresh.out, fresh.err)


def test_report_uses_the_cache_and_ingen_cache(tmp_path: Path) -> None:
    root = _copy_register(EXAMPLE_REGISTER, tmp_path / "register")
    args = ["report", "2025", "--register", str(root)]
    fresh = run_cli(*args, "--ingen-cache")
    assert fresh.code == 0
    assert not (root / CACHE_DIR).exists()
    cold = run_cli(*args)
    assert _shards(root)
    warm = run_cli(*args)
    assert (cold.code, cold.out, cold.err) == (fresh.code, fresh.out, fresh.err)
    assert (warm.code, warm.out, warm.err) == (fresh.code, fresh.out, fresh.err)


def test_cache_lives_in_the_git_work_tree_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    register = tmp_path / "data" / "register"
    register.mkdir(parents=True)
    cache = ParseCache.for_register(register)
    assert cache.path is not None
    assert cache.path.parent == tmp_path / CACHE_DIR


def test_removed_files_are_dropped_from_the_cache(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")])
    load_register(root, today=TODAY, cache=True)
    gone = ParseCache.key((root / "behandlingar" / "b2.yaml").read_bytes())
    kept = ParseCache.key((root / "behandlingar" / "b1.yaml").read_bytes())
    assert gone.encode() in _shards(root)[register_shard(gone)]
    (root / "behandlingar" / "b2.yaml").unlink()
    load_register(root, today=TODAY, cache=True)
    stored = b"".join(_shards(root).values())
    assert gone.encode() not in stored and kept.encode() in stored


def test_an_unwritable_cache_is_no_error(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(behandlingar=[behandling("b1")])

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("lgtool.atomic.write_atomic", refuse)
    assert load_register(root, today=TODAY, cache=True).problems == ()


def test_ingen_cache_writes_no_cache(make_register: Callable[..., Path]) -> None:
    root = make_register(behandlingar=[behandling("b1")])
    result = run_cli("validate", "--register", str(root), "--ingen-cache")
    assert (result.code, result.err) == (0, "")
    assert result.out == ("Registret är giltigt: 1 behandling, 1 förvaltningsobjekt, 0 årsfiler.\n")
    assert not (root / CACHE_DIR).exists()
    again = run_cli("validate", "--register", str(root))
    assert (again.code, again.out, again.err) == (0, result.out, "")
    assert (root / CACHE_DIR).is_dir()


def test_a_cache_written_by_other_code_is_not_believed(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(behandlingar=[behandling("b1"), behandling("b2")])
    first = load_register(root, today=TODAY, cache=True)
    # Another schema or rule (an edited checkout, an upgrade): another fingerprint.
    monkeypatch.setattr(cachedir, "_fingerprint", "annan kod")
    parsed = _count_parses(monkeypatch)
    built = _count_constructs(monkeypatch)
    assert load_register(root, today=TODAY, cache=True) == first
    assert len(parsed) == 3  # organisation.yaml, b1, b2: read and validated again
    assert built == []
    parsed.clear()
    assert load_register(root, today=TODAY, cache=True) == first  # and cached anew
    assert parsed == []


def test_a_new_required_field_is_checked_in_files_cached_as_valid(tmp_path: Path) -> None:
    """Validate, add a required field to the model, validate again: the field is missing.

    In a copy of the installed package, as an upgrade or an edited checkout does it.
    Before the code fingerprint, the second run trusted the cached files and crashed.
    """
    package = tmp_path / "installerat" / "lgtool"
    shutil.copytree(Path(cachedir.__file__).parent, package, symlinks=True)
    shutil.copytree(EXAMPLE_REGISTER, tmp_path / "register")
    env = {"PYTHONPATH": str(package.parent), "XDG_CACHE_HOME": str(tmp_path / "nyckel")}
    args = ("validate", "--register", "register", "--format", "json")
    before = run_process(*args, cwd=tmp_path, env=env)
    assert (before.code, before.out) == (0, "[]\n")
    assert list((tmp_path / "register" / CACHE_DIR).glob("parse-*/*"))
    model = package / "model" / "behandling.py"
    text = model.read_text(encoding="utf-8")
    old = '    namn: Text = Field(description="Behandlingens namn.")\n'
    assert old in text
    model.write_text(text.replace(old, old + '    ny_uppgift: Text = Field(description="Ny.")\n'))
    after = run_process(*args, cwd=tmp_path, env=env)
    problems = json.loads(after.out)
    assert (after.code, after.err) == (1, "")
    assert {p["kod"] for p in problems} == {"saknat-falt"}
    assert len(problems) == len(list((tmp_path / "register" / "behandlingar").glob("*.yaml")))


def test_a_register_that_grows_past_a_split_leaves_no_shard_of_the_old_one(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caches are split by the register's size (lgtool.shards.shards_for); when
    it changes, the shards of the old split are ignored and removed, and the
    register reads the same."""
    import lgtool.cache

    root = make_register(behandlingar=[behandling(f"b{i}") for i in range(12)])
    first = load_register(root, today=TODAY, cache=True)
    assert set(_shards(root)) <= set(SMALL_SPLIT.values())
    monkeypatch.setattr(lgtool.cache, "shards_for", lambda files: 64)
    again = load_register(root, today=TODAY, cache=True)
    assert (again.behandlingar, again.problems) == (first.behandlingar, first.problems)
    names = set(_shards(root))
    assert names <= set(_names(64).values())
    keys = [ParseCache.key(p.read_bytes()) for p in (root / "behandlingar").glob("*.yaml")]
    assert names == {shard_of(k) for k in keys} | {
        shard_of(ParseCache.key((root / "organisation.yaml").read_bytes()))
    }


def test_entries_spilled_as_they_come_give_the_same_shards_as_entries_held(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_register(behandlingar=[behandling(f"b{i}") for i in range(40)])
    spilled: list[str] = []
    real = ShardedStore.spill

    def counting(self: ShardedStore, key: str, entry: bytes) -> bool:
        done = real(self, key, entry)
        if done:
            spilled.append(key)
        return done

    monkeypatch.setattr(ShardedStore, "spill", counting)
    load_register(root, today=TODAY, cache=True)
    assert len(spilled) == 41  # every file's entry (and the organisation's)
    streamed = _shards(root)
    shutil.rmtree(root / CACHE_DIR)
    monkeypatch.setattr(ShardedStore, "spill", lambda self, key, entry: False)
    load_register(root, today=TODAY, cache=True)
    assert _shards(root) == streamed
    assert not [p for p in _cache_folder(root).iterdir() if p.name.endswith(".tmp")]


def test_a_store_let_go_without_saving_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / CACHE_DIR / "parse-x"
    cache = ParseCache.open(folder)
    key = ParseCache.key(b"id: b1\n")
    cache.put(key, {"id": "b1"})
    cache.settle()
    (temporary,) = folder.iterdir()  # the shard's temporary file, until the cache is saved
    assert temporary.name.startswith(f".{shard_of(key)}.")
    assert temporary.name.endswith(".tmp")
    assert cache.get(key) == (True, {"id": "b1"})  # read back from the temporary file
    del cache
    assert list(folder.iterdir()) == []


def test_an_entry_spilled_and_then_changed_is_stored_once_as_changed(tmp_path: Path) -> None:
    folder = tmp_path / CACHE_DIR / "parse-x"
    cache = ParseCache.open(folder)
    key = ParseCache.key(b"id: b1\n")
    cache.put(key, {"id": "b1"})
    cache.settle()
    cache.mark_validated(key, "Behandling", date(2026, 5, 1))
    cache.settle()
    cache.save()
    shard = (folder / shard_of(key)).read_bytes()
    assert shard.partition(b"\n")[2] == (
        b'{"%s":{"data":{"id":"b1"},"ok":{"Behandling":"2026-05-01"}}}' % key.encode()
    )
    again = ParseCache.open(folder)
    assert again.get(key) == (True, {"id": "b1"})
    assert again.validated(key, "Behandling") == date(2026, 5, 1)
