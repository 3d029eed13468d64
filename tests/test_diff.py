"""lgtool diff: the command, its three formats (golden files) and its exit codes."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ORGANISATION, TODAY, assert_golden, behandling, run_cli, write_register
from helpers_git import GitBuilder
from lgtool.commands.diff import DiffFormat, diff
from lgtool.errors import ExitCode
from lgtool.options import DiffOptions
from lgtool.render.diff import Side, figure_texts


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitBuilder:
    builder = GitBuilder(tmp_path / "repo")
    monkeypatch.chdir(builder.root)
    return builder


def _run(
    fmt: DiffFormat = "table",
    base: str | None = None,
    head: str | None = None,
    fail: bool = False,
) -> tuple[ExitCode, str]:
    out = io.StringIO()
    options = DiffOptions(base, head, Path("register"), format=fmt, fail_on_forsamring=fail)
    code = diff(options, out, today=TODAY)
    return code, out.getvalue()


def test_one_date_and_one_count_print_exactly_those_two_changes(repo: GitBuilder) -> None:
    root = repo.root / "register"
    write_register(
        root,
        behandlingar=[
            behandling(
                "tk-signalstyrning",
                namn="Signalstyrning",
                senaste_klassa=None,
                handlingsplan={"gula": 2, "roda": 3},
            ),
            behandling("tk-annan"),
        ],
    )
    repo.commit("2026-05-01")
    write_register(
        root,
        behandlingar=[
            behandling(
                "tk-signalstyrning",
                namn="Signalstyrning",
                senaste_klassa="2026-05-14",
                handlingsplan={"gula": 2, "roda": 1},
            ),
        ],
    )
    repo.commit("2026-05-20")
    code, out = _run(base="HEAD~1", head="HEAD")
    base, head = (repo.git("rev-parse", "--short=7", r).strip() for r in ("HEAD~1", "HEAD"))
    assert (code, out) == (
        ExitCode.OK,
        f"""\
Jämförelse av registret per 2026-11-29
Före:  HEAD~1 ({base})
Efter: HEAD ({head})

2 förbättringar.

Behandlingar
  tk-signalstyrning – Signalstyrning
    ↑ KLASSA: saknas → aktuell (2026-05-14)
    ↑ röda: 3 → 1

Nyckeltal
  ↑ KLASSA aktuell: 50\u00a0% → 100\u00a0%
  ↑ röda punkter: 3 → 1

↑ förbättring   ↓ försämring   · ändring utan riktning
""",
    )


def _pull_request(repo: GitBuilder) -> None:
    """main with a register; the branch 'forandring' changes it in every way diff reports."""
    root = repo.root / "register"
    year: dict[str, Any] = {
        "ar": 2026,
        "prioriteringar": {
            2026: [
                {"id": "lokal-anvisning", "text": "Fastställ anvisningen.", "status": "pagaende"},
                {"id": "klassningar", "text": "Klassa alla system.", "status": "planerad"},
            ]
        },
    }
    write_register(
        root,
        behandlingar=[
            behandling(
                "tk-signalstyrning",
                namn="Signalstyrning",
                senaste_klassa=None,
                handlingsplan={"gula": 2, "roda": 3},
            ),
            behandling("tk-diarium", namn="Diarium | ärenden"),
            behandling("tk-gammal", namn="Gammalt system"),
            behandling("tk-kameror", namn="Trafikkameror", senaste_rsa="2025-06-01"),
        ],
        ar={2026: year},
    )
    repo.commit("2026-06-01", "registret")
    repo.git("checkout", "--quiet", "-b", "forandring")
    (root / "behandlingar/tk-gammal.yaml").unlink()
    (root / "behandlingar/tk-diarium.yaml").unlink()
    organisation = copy.deepcopy(ORGANISATION)
    organisation["forvaltningsobjekt"][0]["roller"]["objektledare_it"] = None
    year["prioriteringar"][2026][1]["status"] = "klar"
    write_register(
        root,
        organisation=organisation,
        behandlingar=[
            behandling(
                "tk-signalstyrning",
                namn="Signalstyrning",
                senaste_klassa="2026-05-14",
                handlingsplan={"gula": 2, "roda": 1},
            ),
            behandling("tk-diariet", namn="Diarium | ärenden"),
            behandling("tk-ny", namn="Ny e-tjänst", roller={"objektledare_it": "Ivar It"}),
            behandling("tk-kameror", namn="Trafikkameror", senaste_rsa="2026-06-01"),
        ],
        ar={2026: year},
        files={"behandlingar/tk-trasig.yaml": "id: tk-trasig\nnamn: Trasig\n\tkategori: unik\n"},
    )
    repo.commit("2026-06-10", "ändringar")


def test_markdown_comment(repo: GitBuilder) -> None:
    _pull_request(repo)
    code, out = _run("markdown")
    assert code == ExitCode.PROBLEM  # the HEAD side has a problem, as validate would say
    assert_golden("diff-kommentar.md", out)


def test_text(repo: GitBuilder) -> None:
    _pull_request(repo)
    code, out = _run("table", fail=True)
    assert code == ExitCode.PROBLEM
    assert_golden("diff.txt", out)


def test_json(repo: GitBuilder) -> None:
    _pull_request(repo)
    code, out = _run("json", head="forandring")
    assert code == ExitCode.PROBLEM
    data = json.loads(out)
    assert data["summering"] == {
        "forbattringar": 4,
        "forsamringar": 4,
        "andringar": 0,
        "tillagda": 1,
        "borttagna": 1,
        "bytt_id": 1,
    }
    assert_golden("diff.json", out)


def test_no_changes(repo: GitBuilder) -> None:
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    repo.commit("2026-06-01")
    code, out = _run("markdown")
    sha = repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert (code, out) == (
        ExitCode.OK,
        "**lgtool diff:** inga ändringar i kontrollpunkterna\n\n"
        f"Jämför `{sha}` (merge base med main) med arbetskopian, per 2026-11-29.\n",
    )


def test_the_register_did_not_exist_at_base(repo: GitBuilder) -> None:
    repo.write("README.md", "hej\n")
    repo.commit("2026-06-01")
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    code, out = _run(base="HEAD")
    sha = repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert (code, out) == (
        ExitCode.OK,
        f"""\
Jämförelse av registret per 2026-11-29
Före:  HEAD ({sha})
Efter: arbetskopian

Inga ändringar i kontrollpunkterna · behandlingar: 1 tillagd.

Behandlingar
  b1 – Behandling b1
    tillagd

Nyckeltal
  · behandlingar: 0 → 1
  · KLASSA aktuell: – → 100\u00a0%
  · RSA aktuell: – → 100\u00a0%
  · behörighetskontroll aktuell: – → 100\u00a0%
  · registerförda (av dem med personuppgifter): – → 100\u00a0%

↑ förbättring   ↓ försämring   · ändring utan riktning

Anmärkning: registret fanns inte i HEAD ({sha}); alla behandlingar räknas som tillagda
""",
    )


def test_fail_on_forsamring(repo: GitBuilder) -> None:
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    repo.commit("2026-06-01")
    write_register(repo.root / "register", behandlingar=[behandling("b1", registerford=False)])
    assert _run(fail=False)[0] == ExitCode.OK
    assert _run(fail=True)[0] == ExitCode.PROBLEM


def test_invalid_organisation_at_base_compares_with_the_new_one(repo: GitBuilder) -> None:
    write_register(
        repo.root / "register", organisation="organisation: [\n", behandlingar=[behandling("b1")]
    )
    repo.commit("2026-06-01")
    write_register(repo.root / "register", behandlingar=[behandling("b1", systembeskrivning=False)])
    code, out = _run("json")
    data = json.loads(out)
    assert (code, data["anmarkningar"], data["behandlingar"][0]["andringar"]) == (
        ExitCode.OK,
        [
            f"{data['fore']['namn']} (merge base med main) har 1 fel i 1 fil i registret; "
            "de filerna ingår inte i jämförelsen",
            "organisation.yaml hade fel före ändringen; behandlingarna har jämförts med "
            "förvaltningsobjekt och policy från efter",
        ],
        [
            {
                "var": "b1",
                "falt": "systembeskrivning",
                "fore": "ja",
                "efter": "nej",
                "riktning": "forsamring",
            }
        ],
    )


def _cli_repo(repo: GitBuilder) -> None:
    write_register(repo.root / "register", behandlingar=[behandling("b1")])
    repo.commit("2026-06-01")


def test_cli_outside_git(tmp_path: Path) -> None:
    write_register(tmp_path / "register", behandlingar=[behandling("b1")])
    result = run_cli("diff", cwd=tmp_path)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "fel: 'register' ligger inte i ett git-förråd; lgtool diff och lgtool trend läser "
        "registrets historik ur git (git init och git commit först)\n",
    )


def test_cli_unknown_revision(repo: GitBuilder) -> None:
    _cli_repo(repo)
    result = run_cli("diff", "v9.9", cwd=repo.root)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "fel: okänd revision 'v9.9': ingen gren, tagg eller commit heter så\n",
    )


def test_cli_register_missing_at_head_revision(repo: GitBuilder) -> None:
    repo.write("README.md", "hej\n")
    repo.commit("2026-05-01")
    _cli_repo(repo)
    result = run_cli("diff", "HEAD", "HEAD~1", cwd=repo.root)
    sha = repo.git("rev-parse", "--short=7", "HEAD~1").strip()
    assert (result.code, result.out, result.err) == (
        1,
        "",
        f"fel: registret 'register' finns inte i HEAD~1 ({sha})\n",
    )


def test_cli_detached_head_and_exit_codes(repo: GitBuilder) -> None:
    _cli_repo(repo)
    repo.git("checkout", "--quiet", "--detach", "HEAD")
    write_register(repo.root / "register", behandlingar=[behandling("b1", senaste_rsa=None)])
    repo.commit("2026-06-02")
    ok = run_cli("diff", "--per", "2026-07-01", "-f", "json", cwd=repo.root)
    worse = run_cli("diff", "--fail-on-forsamring", "--per", "2026-07-01", cwd=repo.root)
    assert (ok.code, json.loads(ok.out)["summering"]["forsamringar"], ok.err) == (0, 1, "")
    assert (worse.code, worse.err) == (1, "")
    assert worse.out.splitlines()[1:3] == [
        f"Före:  {repo.git('rev-parse', '--short=7', 'HEAD~1').strip()} (merge base med main)",
        "Efter: arbetskopian",
    ]


@pytest.mark.parametrize(
    ("side", "text", "markdown"),
    [
        (Side("HEAD~1", "e4fa9c4aa"), "HEAD~1 (e4fa9c4)", "`HEAD~1` (`e4fa9c4`)"),
        (Side("e4fa9c4", "e4fa9c4aa", "HEAD~1"), "e4fa9c4 (HEAD~1)", "`e4fa9c4` (HEAD~1)"),
        (Side("e4fa9c4aa", "e4fa9c4aa"), "e4fa9c4aa", "`e4fa9c4aa`"),
        (Side("gren`x"), "gren`x", "gren\\`x"),
        (Side("gren`x", "abc"), "gren`x (abc)", "``gren`x`` (`abc`)"),
        (Side("arbetskopian"), "arbetskopian", "arbetskopian"),
    ],
)
def test_side(side: Side, text: str, markdown: str) -> None:
    assert (side.text(), side.markdown()) == (text, markdown)


@pytest.mark.parametrize(
    ("kind", "before", "after", "shown"),
    [
        ("andel_registerford", 7 / 8, 15 / 17, ("87,5\u00a0%", "88,2\u00a0%")),
        ("andel_klassa", 0.875, 0.8751, ("87,50\u00a0%", "87,51\u00a0%")),
        ("andel_klassa", 0.5, 0.75, ("50\u00a0%", "75\u00a0%")),
        ("andel_klassa", None, 1.0, ("–", "100\u00a0%")),
        ("antal", 3, 4, ("3", "4")),
    ],
)
def test_a_share_that_rounds_to_the_same_percent_shows_decimals(
    kind: str, before: float | None, after: float | None, shown: tuple[str, str]
) -> None:
    assert figure_texts(kind, before, after) == shown


def test_diff_never_shows_a_change_as_the_same_percent(repo: GitBuilder) -> None:
    # 7 of 8 registered (87.5 %) → 15 of 17 (88.2 %): both '88 %' when rounded.
    def register(count: int, unregistered: int) -> list[dict[str, Any]]:
        return [behandling(f"b{i:02}", registerford=i > unregistered) for i in range(1, count + 1)]

    write_register(repo.root / "register", behandlingar=register(8, 1))
    repo.commit("2026-06-01")
    write_register(repo.root / "register", behandlingar=register(17, 2))
    code, out = _run(base="HEAD")
    figures = out.split("\nNyckeltal\n")[1].split("\n\n")[0]
    assert (code, figures) == (
        ExitCode.OK,
        "  · behandlingar: 8 → 17\n"
        "  ↑ registerförda (av dem med personuppgifter): 87,5\u00a0% → 88,2\u00a0%\n"
        "  ↓ med avvikelser: 1 → 2",
    )
