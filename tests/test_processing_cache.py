"""The per-processing results: an edited file costs one parse, the output stays the careful one.

Every test compares with a run with ``--ingen-cache`` (which reads, validates and
computes everything again) and counts what was parsed and computed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE_REGISTER, ORGANISATION, TODAY, Run, behandling, run_cli
from lgtool import cachedir, checkpoints, processing_cache, yamlio
from lgtool.cachedir import CACHE_DIR
from lgtool.checkpoints import compute_status
from lgtool.folder import read_folder
from lgtool.register import load_register
from lgtool.shards import ShardedStore, _names, shard_of, shards_for
from lgtool.yamlio import dump_plain

IDAG = {"LGTOOL_IDAG": TODAY.isoformat()}


def _status(
    root: Path, *extra: str, env: dict[str, str] | None = None, counts: Counts | None = None
) -> tuple[Run, Run]:
    """``status --format json`` with the caches, and the same run with ``--ingen-cache``.

    ``counts`` is cleared before and stopped after the run with the caches.
    """
    args = ["status", "--register", str(root), "--format", "json", *extra]
    environment = env or IDAG
    if counts is not None:
        counts.clear()
        counts.active = True
    cached = run_cli(*args, env=environment)
    if counts is not None:
        counts.active = False
    return cached, run_cli(*args, "--ingen-cache", env=environment)


def _same(cached: Run, fresh: Run) -> None:
    assert (cached.code, cached.out, cached.err) == (fresh.code, fresh.out, fresh.err)


class Counts:
    """The files parsed and the processings computed in a run, by file name and id."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        self.computed: list[str] = []
        self.active = True
        parse, compute = yamlio.parse_file_bytes, checkpoints.compute_checkpoints

        def parsing(raw: bytes, *, fast: bool = True) -> yamlio.Document:
            document = parse(raw, fast=fast)
            data = document.data
            if self.active and isinstance(data, dict):
                self.parsed.append(
                    str(data.get("id") or data.get("organisation") or data.get("ar"))
                )
            return document

        def computing(b: Any, *args: Any) -> Any:
            if self.active:
                self.computed.append(b.id)
            return compute(b, *args)

        monkeypatch.setattr("lgtool.register.parse_file_bytes", parsing)
        monkeypatch.setattr(processing_cache, "compute_checkpoints", computing)

    def clear(self) -> None:
        self.parsed.clear()
        self.computed.clear()


def _register(make_register: Callable[..., Path], **policy: Any) -> Path:
    organisation = {**ORGANISATION, "policy": policy} if policy else ORGANISATION
    return make_register(
        organisation=organisation,
        behandlingar=[
            behandling("b1"),
            behandling("b2", senaste_klassa="2024-01-10", system="Diariet"),
            behandling("b3", senaste_rsa=None, handlingsplan={"gula": 2, "roda": 1}),
            behandling("b4", kategori="ovrig", roller={"objektagare": None}),
        ],
        ar={
            2026: {
                "ar": 2026,
                "prioriteringar": {2026: [{"id": "p", "text": "Klassa diariet"}]},
                "mal": [
                    {
                        "id": "m1",
                        "text": "KLASSA aktuell",
                        "nyckeltal": "klassa_aktuell",
                        "malvarde": 80,
                    }
                ],
            }
        },
    )


def _shards(root: Path, kind: str) -> dict[str, bytes]:
    folders = list((root / CACHE_DIR).glob(f"{kind}-*"))
    assert len(folders) == 1
    return {p.name: p.read_bytes() for p in folders[0].iterdir()}


def _edit(root: Path, id: str, **fields: Any) -> None:
    (root / "behandlingar" / f"{id}.yaml").write_text(
        dump_plain(behandling(id, **fields)), encoding="utf-8"
    )


def test_an_edited_file_is_the_only_one_parsed_and_computed(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _register(make_register)
    counts = Counts(monkeypatch)
    cold, fresh = _status(root, counts=counts)
    _same(cold, fresh)
    assert cold.code == 0
    assert sorted(counts.parsed) == ["2026", "Testkontoret", "b1", "b2", "b3", "b4"]
    assert counts.computed == ["b1", "b2", "b3", "b4"]
    results, parsed = _shards(root, "behandlingar"), _shards(root, "parse")
    _edit(root, "b3", senaste_rsa="2026-11-01")
    counted: list[int] = []
    real = checkpoints.summarize

    def counting(items: Any, kinds: Any) -> Any:
        counted.append(len(items))
        return real(items, kinds)

    monkeypatch.setattr(processing_cache, "summarize", counting)
    edited, fresh = _status(root, counts=counts)
    _same(edited, fresh)
    assert edited.out != cold.out
    assert counts.parsed == ["b3"]
    assert counts.computed == ["b3"]
    assert counted == [4]  # the one förvaltningsobjekt, with b3, counted again
    counted.clear()
    _same(*_status(root, "--kategori", "unik"))  # not the stored answer: the same summaries
    assert counted == []
    # Only the shards of the old and the new key were written again.
    for kind, before in (("behandlingar", results), ("parse", parsed)):
        after = _shards(root, kind)
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert 1 <= len(changed) <= 2, kind


def test_an_edited_organisation_recomputes_every_processing(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _register(make_register)
    _same(*_status(root))
    counts = Counts(monkeypatch)
    organisation = {**ORGANISATION, "policy": {"max_alder_manader": {"klassa": 36}}}
    (root / "organisation.yaml").write_text(dump_plain(organisation), encoding="utf-8")
    cached, fresh = _status(root, counts=counts)
    _same(cached, fresh)
    assert '"forfallen": 0' in cached.out  # b2's KLASSA of 2024 is current for 36 months
    assert counts.parsed == ["Testkontoret"]
    assert counts.computed == ["b1", "b2", "b3", "b4"]
    _same(*_status(root, "--kategori", "unik", counts=counts))  # the same files and day
    assert counts.computed == []


def test_another_day_recomputes_every_processing(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _register(make_register)
    _same(*_status(root))
    counts = Counts(monkeypatch)
    later = {"LGTOOL_IDAG": "2027-01-20"}  # KLASSA and RSA of 2026-01-10 expire
    cached, fresh = _status(root, env=later, counts=counts)
    _same(cached, fresh)
    assert '"per": "2027-01-20"' in cached.out
    assert counts.computed == ["b1", "b2", "b3", "b4"]
    earlier = {"LGTOOL_IDAG": "2026-11-01"}
    _edit(root, "b1", senaste_klassa="2026-11-15")  # after that day: a problem then
    cached, fresh = _status(root, env=earlier, counts=counts)
    _same(cached, fresh)
    assert cached.code == 1
    assert "ligger efter dagens datum (2026-11-01)" in cached.err


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize(
    "selection",
    [
        [],
        ["--objekt", "obj"],
        ["--kategori", "ovrig"],
        ["--bara-avvikelser"],
        ["--per", "2027-03-01"],
    ],
    ids=" ".join,
)
def test_selections_and_formats_match_the_careful_run(
    make_register: Callable[..., Path], fmt: str, selection: list[str]
) -> None:
    root = _register(make_register)
    args = ["--format", fmt, *selection]
    for _ in range(2):  # computed, then kept
        cached, fresh = _status(root, *args)
        _same(cached, fresh)
        _edit(root, "b2", senaste_klassa="2025-02-01")


def test_an_unknown_objekt_is_the_same_usage_error(make_register: Callable[..., Path]) -> None:
    root = _register(make_register)
    _same(*_status(root))
    cached, fresh = _status(root, "--objekt", "finns-inte")
    _same(cached, fresh)
    assert cached.code == 2


def test_a_file_with_a_problem_is_checked_on_every_run(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _register(make_register)
    _edit(root, "b2", kategori="unike")
    counts = Counts(monkeypatch)
    for day, computed in (("2026-11-29", 3), ("2026-11-29", 0), ("2026-11-30", 3)):
        cached, fresh = _status(root, "--objekt", "obj", env={"LGTOOL_IDAG": day}, counts=counts)
        _same(cached, fresh)
        assert cached.code == 1
        assert "b2.yaml" in cached.err
        assert len(counts.computed) == computed  # b1, b3, b4: b2 is never kept


@pytest.mark.parametrize("name", ["a0", "c9"], ids=["fore", "efter"])
def test_an_id_that_is_another_files_name_takes_the_careful_way(
    make_register: Callable[..., Path], name: str
) -> None:
    """The one rule between processing files that a kept result cannot answer for."""
    root = _register(make_register)
    _same(*_status(root))
    (root / "behandlingar" / f"{name}.yaml").write_text(
        dump_plain(behandling("b1")), encoding="utf-8"
    )
    cached, fresh = _status(root)
    _same(cached, fresh)
    assert f"id 'b1' stämmer inte med filnamnet '{name}.yaml'" in cached.err
    assert "id 'b1' används redan i " in cached.err  # in the file that comes second


def test_the_example_register_through_edits(tmp_path: Path) -> None:
    root = tmp_path / "register"
    shutil.copytree(EXAMPLE_REGISTER, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    _same(*_status(root))
    first = sorted((root / "behandlingar").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text + "# ändrad\n", encoding="utf-8")
    _same(*_status(root))
    first.write_text(text.replace("forvaltningsobjekt:", "forvaltningsobjekt: [", 1), "utf-8")
    cached, fresh = _status(root)
    _same(cached, fresh)
    assert cached.code == 1
    first.write_text(text, encoding="utf-8")
    _same(*_status(root))


def test_a_kept_status_equals_the_computed_one(make_register: Callable[..., Path]) -> None:
    """Also the model, which a kept result builds only when asked for (and from the file)."""
    root = _register(make_register, zon_for_konfidentialitet={0: "Z1", 1: "Z1", 2: "Z2"})
    files = read_folder(root)
    computed = processing_cache.load_status(root, files, today=TODAY, per=TODAY)
    kept = processing_cache.load_status(root, files, today=TODAY, per=TODAY)
    assert computed is not None
    assert kept is not None
    assert all(s.json is not None for s in kept.status.behandlingar)
    register = load_register(root, today=TODAY)
    careful = compute_status(register.require_organisation(), register.behandlingar, TODAY)
    assert kept.status == careful
    assert computed.status == careful
    assert (kept.problems, kept.ar) == (register.problems, register.ar)


_STORE = processing_cache._Results(None, "", lambda entry: True)
"""The kept results' own way of writing and reading a shard's payload."""


def _forge(root: Path, raw: bytes, entry: list[Any], header: str) -> None:
    """Write ``entry`` as the kept result of the processing file ``raw`` (b1.yaml of ``root``)."""
    organisation = (root / "organisation.yaml").read_bytes()
    context = processing_cache._context(TODAY, TODAY, organisation)
    key = processing_cache.result_key(context, "behandlingar/b1.yaml", raw)
    payload = _STORE.encode({key: entry})
    name_in_store = shard_of(key, _names(shards_for(1)))  # a small register's split
    start = f"{header} {name_in_store}".encode()
    mac = cachedir.mac(start + b"\n" + payload)
    assert mac is not None
    folder, name = cachedir.location(root)
    (folder / f"behandlingar-{name}").mkdir(parents=True, exist_ok=True)
    (folder / f"behandlingar-{name}" / name_in_store).write_bytes(
        start + b" " + mac.encode() + b"\n" + payload
    )


def test_a_result_written_by_another_user_is_never_believed(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A result committed in a pull request that declares an invalid file valid."""
    root = make_register(behandlingar=[behandling("b1", kategori="unike")])
    good = tmp_path / "annan"
    shutil.copytree(root, good)
    (good / "behandlingar" / "b1.yaml").write_text(dump_plain(behandling("b1")), "utf-8")
    attacker = {**IDAG, "XDG_CACHE_HOME": str(tmp_path / "angriparen")}
    assert run_cli("status", "-r", str(good), "--format", "json", env=attacker).code == 0
    shard = next(iter(_shards(good, "behandlingar").values()))
    header = shard.partition(b"\n")[0].decode().rsplit(" ", 2)[0]
    entry = next(iter(_STORE.decode(shard.partition(b"\n")[2]).values()))
    raw_bad = (root / "behandlingar" / "b1.yaml").read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", attacker["XDG_CACHE_HOME"])
    monkeypatch.setattr(cachedir, "_key", None)
    _forge(root, raw_bad, entry, header)  # signed with the attacker's key
    monkeypatch.undo()
    monkeypatch.setattr(cachedir, "_key", None)
    cached, fresh = _status(root)
    _same(cached, fresh)
    assert cached.code == 1
    assert "ogiltigt värde 'unike' för 'kategori'" in cached.err
    # The same forgery signed with this user's key is believed: the key is the defence.
    _forge(root, raw_bad, entry, header)
    args = ("status", "-r", str(root), "--format", "json", "--kategori", "unik")
    assert run_cli(*args, env=IDAG).code == 0


@pytest.mark.parametrize(
    "damage",
    [lambda raw: b"", lambda raw: raw[: len(raw) // 2], lambda raw: raw.replace(b'"ja"', b'"nej"')],
    ids=["tom", "avkortad", "andrad"],
)
def test_a_damaged_result_is_ignored_and_written_again(
    make_register: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes],
) -> None:
    root = _register(make_register)
    _same(*_status(root))
    good = _shards(root, "behandlingar")
    folder = next((root / CACHE_DIR).glob("behandlingar-*"))
    for name, raw in good.items():
        (folder / name).write_bytes(damage(raw))
    counts = Counts(monkeypatch)
    _same(*_status(root, "--kategori", "unik", counts=counts))  # not the first run's answer
    assert sorted(counts.computed) == ["b1", "b2", "b3", "b4"]
    assert _shards(root, "behandlingar") == good


def test_the_cache_is_left_alone_with_ingen_cache(make_register: Callable[..., Path]) -> None:
    root = _register(make_register)
    args = ("status", "-r", str(root), "--format", "json", "--ingen-cache")
    assert run_cli(*args, env=IDAG).code == 0
    assert not (root / CACHE_DIR).exists()


def test_the_day_is_part_of_the_key() -> None:
    context = processing_cache._context
    assert context(TODAY, TODAY, b"x") != context(date(2026, 11, 30), TODAY, b"x")
    assert context(TODAY, TODAY, b"x") != context(TODAY, date(2026, 12, 1), b"x")
    assert context(TODAY, TODAY, b"x") != context(TODAY, TODAY, b"y")
    assert context(TODAY, TODAY, None) != context(TODAY, TODAY, b"")


def test_the_whole_summary_is_the_objekts_added_up() -> None:
    register = load_register(EXAMPLE_REGISTER, today=TODAY)
    status = compute_status(register.require_organisation(), register.behandlingar, TODAY)
    assert len(status.summering_per_objekt) > 2
    assert status.summering == checkpoints.summarize(status.behandlingar, status.checkpoints)
    part = checkpoints.select(status, kategori=["unik"])
    assert part.summering == checkpoints.summarize(part.behandlingar, part.checkpoints)


def test_a_removed_processing_leaves_the_kept_results(make_register: Callable[..., Path]) -> None:
    root = _register(make_register)
    _same(*_status(root))
    before = _shards(root, "behandlingar")
    (root / "behandlingar" / "b4.yaml").unlink()
    cached, fresh = _status(root)
    _same(cached, fresh)
    after = _shards(root, "behandlingar")
    assert sum(raw.count(b'"id": "b4"') for raw in after.values()) == 0  # in its JSON entry
    assert sum(raw.count(b'"id": "b1"') for raw in after.values()) == 1
    assert len([k for k in before if before[k] != after.get(k)]) == 1


def test_a_processings_bytes_are_let_go_and_read_again_only_when_needed(
    make_register: Callable[..., Path],
) -> None:
    """Each processing file done with holds only its digest; its model is built from the
    file read again, and a file changed meanwhile is an error, never a mixed answer."""
    from lgtool.errors import RegisterError
    from lgtool.folder import SourceFile

    root = _register(make_register)
    files = read_folder(root)
    loaded = processing_cache.load_status(root, files, today=TODAY, per=TODAY)
    assert loaded is not None
    let_go = [s for s in files[0] if s.rel.startswith("behandlingar/")]
    assert [(s.rel, s.raw) for s in let_go] == [
        (f"behandlingar/b{i}.yaml", b"") for i in range(1, 5)
    ]
    b1 = loaded.status.behandlingar[0]
    assert b1.behandling == load_register(root, today=TODAY).behandlingar[0]

    # used again: read again, the same answer
    again = processing_cache.load_status(root, files, today=TODAY, per=TODAY)
    assert again is not None and again.status == loaded.status
    assert all(type(s) is SourceFile or s.raw == b"" for s in files[0])

    untouched = processing_cache.load_status(root, read_folder(root), today=TODAY, per=TODAY)
    assert untouched is not None
    (b2,) = [s for s in untouched.status.behandlingar if s.kort.id == "b2"]
    path = root / "behandlingar" / "b2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    with pytest.raises(RegisterError) as changed:
        processing_cache.load_status(root, files, today=TODAY, per=TODAY)
    assert changed.value.message == (
        f"{root.as_posix()}/behandlingar/b2.yaml ändrades medan lgtool läste registret; "
        "kör kommandot igen"
    )
    with pytest.raises(RegisterError):
        _ = b2.behandling  # its model, asked for after the file changed


def test_results_spilled_as_computed_give_the_same_shards_as_results_held(
    make_register: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _register(make_register)
    spilled: list[str] = []
    real = ShardedStore.spill

    def counting(self: ShardedStore, key: str, entry: bytes) -> bool:
        done = real(self, key, entry)
        if done and isinstance(self, processing_cache._Results):
            spilled.append(key)
        return done

    monkeypatch.setattr(ShardedStore, "spill", counting)
    cold, fresh = _status(root)
    _same(cold, fresh)
    assert len(spilled) == 4  # each processing's result, as it was computed
    streamed = _shards(root, "behandlingar")
    shutil.rmtree(root / CACHE_DIR)
    monkeypatch.setattr(ShardedStore, "spill", lambda self, key, entry: False)
    held, _ = _status(root)
    _same(held, fresh)
    assert _shards(root, "behandlingar") == streamed
    monkeypatch.undo()
    warm, _ = _status(root)  # read back from the spilled shards
    _same(warm, fresh)


@pytest.mark.parametrize("writable", [True, False])
def test_the_spool_gives_back_each_entry_as_added(
    monkeypatch: pytest.MonkeyPatch, writable: bool
) -> None:
    if not writable:  # a full disk: the entries stay in memory

        def full(fd: int, data: Any) -> int:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("os.write", full)
    spool = processing_cache._Spool()
    texts = [f'    {{"id": "b{i}", "namn": "Åtgärd {"ö" * (i % 97)}\udc80"}}' for i in range(3000)]
    spooled = [spool.add(text) for text in texts]
    assert all(callable(s) for s in spooled)
    assert [s() if callable(s) else s for s in spooled] == texts
