"""``lgtool init``: a new register repository that validates and reports at once."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run_cli
from lgtool import scaffold
from lgtool.commands.init import init
from lgtool.errors import LgtoolError, UsageError
from lgtool.model import Policy
from lgtool.options import InitOptions
from lgtool.register import load_register

TODAY = date(2026, 12, 1)
ENV = {"LGTOOL_IDAG": TODAY.isoformat()}

FILES = [
    "register/organisation.yaml",
    "register/ar/2026.yaml",
    "register/behandlingar/.gitkeep",
    "register/schema/organisation.schema.json",
    "register/schema/behandling.schema.json",
    "register/schema/ar.schema.json",
    "register/schema/incident.schema.json",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/lgtool.yml",
]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_init_then_validate_status_and_report_work_without_edits(tmp_path: Path) -> None:
    made = run_cli("init", "ny", "--organisation", "Trafikkontoret", cwd=tmp_path, env=ENV)
    assert (made.code, made.err) == (0, "")
    assert made.out == (
        "Skapade ett register för Trafikkontoret i ny/:\n"
        + "".join(f"  {rel}\n" for rel in FILES)
        + "Nästa steg:\n"
        "  1. cd ny\n"
        "  2. Skriv in era förvaltningsobjekt och deras roller i register/organisation.yaml "
        "och kör lgtool schema, så att editorn känner till dem.\n"
        '  3. Lägg till behandlingar: lgtool ny ID --objekt verksamhetsstod --namn "Namn"\n'
        "  4. Kontrollera registret: lgtool validate\n"
        "  5. Visa läget: lgtool status\n"
        "  6. Fyll i årets uppföljning i register/ar/2026.yaml och ta fram rapporten: "
        "lgtool report 2026\n"
        '  7. Lägg registret i git: git init && git add . && git commit -m "Nytt register"\n'
        "  8. Byt <adress> och <commit> i .pre-commit-config.yaml och "
        ".github/workflows/lgtool.yml mot adressen till lgtools förråd och en fullständig "
        "commit (se docs/granskning.md i lgtool).\n"
    )
    repo = tmp_path / "ny"
    assert sorted(_tree(repo)) == sorted(FILES)

    validate = run_cli("validate", cwd=repo, env=ENV)
    status = run_cli("status", cwd=repo, env=ENV)
    report = run_cli("report", "2026", cwd=repo, env=ENV)
    assert (validate.code, validate.out, validate.err) == (
        0,
        "Registret är giltigt: 0 behandlingar, 1 förvaltningsobjekt, 1 årsfil.\n",
        "",
    )
    assert (status.code, status.out, status.err) == (
        0,
        "Informationssäkerhetsläget – Trafikkontoret, per 2026-12-01\n"
        "Inga behandlingar matchar urvalet.\n",
        "",
    )
    assert (report.code, report.err) == (0, "")
    assert report.out.startswith("# Ledningens genomgång 2026 – Trafikkontoret\n")
    assert "## 5. Uppföljning av prioriteringar 2026\n" in report.out


def test_the_new_register_has_the_default_policy_and_one_forvaltningsobjekt(
    tmp_path: Path,
) -> None:
    scaffold.init(tmp_path, "Trafikkontoret", "Stockholms stad", TODAY)
    loaded = load_register(tmp_path / "register", today=TODAY)
    assert loaded.problems == ()
    organisation = loaded.require_organisation()
    assert (organisation.organisation, organisation.huvudman) == (
        "Trafikkontoret",
        "Stockholms stad",
    )
    assert organisation.policy == Policy()
    assert [(o.id, o.namn, o.roller) for o in organisation.forvaltningsobjekt] == [
        (
            "verksamhetsstod",
            "Verksamhetsstöd",
            {"objektagare": None, "objektledare_verksamhet": None, "objektledare_it": None},
        )
    ]
    assert sorted(loaded.ar) == [2026]
    assert sorted(loaded.ar[2026].prioriteringar) == [2026, 2027, 2028]


def test_the_schemas_and_repository_files(tmp_path: Path) -> None:
    from lgtool.jsonschema import RegisterNames, render_all
    from lgtool.model import KANDA_ROLLER

    scaffold.init(tmp_path, "Trafikkontoret", None, TODAY)
    names = RegisterNames(("verksamhetsstod",), tuple(sorted(KANDA_ROLLER)))
    for name, text in render_all(names).items():
        assert (tmp_path / "register/schema" / name).read_text("utf-8") == text
    rewritten = run_cli("schema", "-r", str(tmp_path / "register"))
    assert rewritten.out.count("(oförändrad)") == 4  # as lgtool schema writes them
    assert (tmp_path / ".gitignore").read_text("utf-8") == (
        "# lgtools cache (läses om vid behov; checka aldrig in den)\n.lgtool-cache/\n"
    )
    workflow = (tmp_path / ".github/workflows/lgtool.yml").read_text("utf-8")
    example = (REPO / "docs/ci/github-actions.yml").read_text("utf-8")
    assert workflow == example.replace(
        "# Spara filen som .github/workflows/lgtool.yml i registrets förråd.\n", ""
    )
    assert (tmp_path / ".pre-commit-config.yaml").read_text("utf-8") == (
        "# pre-commit (https://pre-commit.com): kontrollera registret före varje commit.\n"
        "# Installera med: pip install pre-commit && pre-commit install\n"
        "# rev är en fullständig commit i lgtools förråd (se docs/granskning.md i lgtool).\n"
        "repos:\n"
        "  - repo: <adress>\n"
        "    rev: <commit>\n"
        "    hooks:\n"
        "      - id: lgtool-validate\n"
    )


def test_installed_from_git_the_files_name_that_address_and_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    source = scaffold.Source("https://git.example.org/lgtool.git", sha)
    monkeypatch.setattr(scaffold, "install_source", lambda: source)
    out = io.StringIO()
    init(InitOptions(organisation="Trafikkontoret", mapp=tmp_path), out, today=TODAY)
    workflow = (tmp_path / ".github/workflows/lgtool.yml").read_text("utf-8")
    pre_commit = (tmp_path / ".pre-commit-config.yaml").read_text("utf-8")
    assert f'pip install "lgtool @ git+https://git.example.org/lgtool.git@{sha}"' in workflow
    assert "<adress>" not in workflow + pre_commit
    assert "<commit>" not in workflow + pre_commit
    assert f"  - repo: https://git.example.org/lgtool.git\n    rev: {sha}\n" in pre_commit
    assert "Byt <adress>" not in out.getvalue()


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            {"url": "file:///src/lgtool", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
            scaffold.Source("file:///src/lgtool", "a" * 40),
        ),
        ({"url": "file:///src/lgtool", "dir_info": {"editable": True}}, None),
        ({"url": "https://x/lgtool", "vcs_info": {"vcs": "hg", "commit_id": "a" * 40}}, None),
        ({"url": "https://x/lgtool", "vcs_info": {"vcs": "git", "commit_id": "main"}}, None),
        (None, None),
    ],
)
def test_install_source_reads_pep_610(
    monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, Any] | None, expected: Any
) -> None:
    class Dist:
        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return json.dumps(direct_url) if direct_url is not None else None

    from importlib import metadata

    monkeypatch.setattr(metadata, "distribution", lambda name: Dist())
    assert scaffold.install_source() == expected


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    (tmp_path / "register/ar").mkdir(parents=True)
    (tmp_path / "register/ar/2026.yaml").write_text("ar: 2026\n", encoding="utf-8")
    before = _tree(tmp_path)
    with pytest.raises(LgtoolError) as caught:
        scaffold.init(tmp_path, "Trafikkontoret", None, TODAY)
    assert caught.value.message == (
        "2 av filerna som init skapar finns redan; inget har skrivits:\n"
        f"  {tmp_path.as_posix()}/register/ar/2026.yaml\n"
        f"  {tmp_path.as_posix()}/.gitignore\n"
        "Flytta eller ta bort dem, eller välj en annan mapp."
    )
    assert _tree(tmp_path) == before


def test_init_refuses_when_a_folder_it_needs_is_a_file(tmp_path: Path) -> None:
    (tmp_path / ".github").write_text("", encoding="utf-8")
    with pytest.raises(LgtoolError) as caught:
        scaffold.init(tmp_path, "Trafikkontoret", None, TODAY)
    assert caught.value.message == (
        f"'{tmp_path.as_posix()}/.github' finns redan som fil, men init behöver en mapp där; "
        "inget har skrivits"
    )
    assert _tree(tmp_path) == {".github": b""}


def test_a_failure_halfway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    from lgtool.atomic import write_atomic as real

    def failing(path: Path, data: bytes, **kwargs: Any) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(path, data, **kwargs)

    monkeypatch.setattr(scaffold, "write_atomic", failing)
    (tmp_path / "repo").mkdir()
    with pytest.raises(OSError):
        scaffold.init(tmp_path / "repo", "Trafikkontoret", None, TODAY)
    assert len(calls) == 4
    assert list((tmp_path / "repo").iterdir()) == []


def test_init_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        scaffold.init(tmp_path, "  ", None, TODAY)
    assert caught.value.message == (
        '--organisation: ange organisationens namn, t.ex. "Trafikkontoret"'
    )
    result = run_cli("init", str(tmp_path / "x"))
    assert (result.code, result.err) == (
        2,
        "fel: flaggan --organisation saknas\nSe 'lgtool init --help'.\n",
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "name",
    ['Miljö: "Test" #1', "- Bolaget AB", "null", "2026-01-01", "  Kultur\tförvaltningen  "],
)
def test_any_organisation_name_is_written_as_it_reads(tmp_path: Path, name: str) -> None:
    scaffold.init(tmp_path, name, name, TODAY)
    loaded = load_register(tmp_path / "register", today=TODAY)
    assert loaded.problems == ()
    organisation = loaded.require_organisation()
    assert (organisation.organisation, organisation.huvudman) == (name.strip(), name.strip())
