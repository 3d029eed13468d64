"""``lgtool diff``: what a change (a pull request) does to the register's status."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from lgtool import clock
from lgtool.checkpoints import compute_status
from lgtool.compare import compare
from lgtool.errors import ExitCode, GitError, RegisterError
from lgtool.history import RegisterHistory, history_cache
from lgtool.model import Organisation
from lgtool.options import DiffFormat as DiffFormat  # noqa: PLC0414  (re-exported)
from lgtool.options import DiffOptions
from lgtool.problems import summary
from lgtool.register import ORGANISATION_FILE, Register, load_register, register_root

WORKTREE = "arbetskopian"

_EMPTY = Register(organisation=None, behandlingar=(), ar={}, problems=())


def diff(options: DiffOptions, out: TextIO, *, today: date | None = None) -> ExitCode:
    """Compare the register at BASE with HEAD (default: the working tree).

    Exit 1 when the HEAD side has problems, or with ``fail_on_forsamring`` when
    anything got worse.
    """
    register, base, head, per = options.register, options.base, options.head, options.per
    fmt, fail_on_forsamring = options.format, options.fail_on_forsamring
    from lgtool.render.diff import DiffReport, Side, render_json, render_markdown, render_text

    root = register_root(register)
    history = RegisterHistory.open(root, today=today)
    repo = history.repo
    # The two sides share every file they have in common: each blob is read and checked
    # once, and from the history's cache (lgtool.history.history_cache) once seen.
    history.parse_cache = cache = history_cache(root, "diff") if options.cache else None
    if base is None:
        chosen = repo.default_base()
        base_sha = chosen.sha
        fore = Side(base_sha[:7], base_sha, chosen.beskrivning)
    else:
        base_sha = repo.resolve(base)
        fore = Side(base, base_sha)
    head_sha: str | None = None
    if head is None:
        efter = Side(WORKTREE)
        after = load_register(root, today=today, cache=options.cache)
    else:
        head_sha = repo.resolve(head)
        efter = Side(head, head_sha)
        loaded = history.at(head_sha)
        if loaded is None:
            raise GitError(f"registret '{history.display or '.'}' finns inte i {efter.text()}")
        after = loaded

    notes: list[str] = []
    found = _base_register(history, base_sha, after, head_sha)
    if found is None:
        notes.append(f"registret fanns inte i {fore.text()}; alla behandlingar räknas som tillagda")
        before = _EMPTY
    else:
        before = found
        if before.problems:
            notes.append(
                f"{fore.text()} har {summary(list(before.problems))} i registret; "
                "de filerna ingår inte i jämförelsen"
            )
    before_org, after_org = _organisations(before, after, found is None, notes)
    when = per or today or clock.today()
    before_status = compute_status(before_org, before.behandlingar, when)
    # What both sides share (the same file, so the same object) is computed once
    after_status = compute_status(after_org, after.behandlingar, when, reuse=before_status)
    result = compare(before, before_status, after, after_status)
    if cache is not None:
        cache.save()
    report = DiffReport(fore, efter, result, after.problems, tuple(notes))
    if fmt == "json":
        out.write(render_json(report))
    elif fmt == "markdown":
        out.write(render_markdown(report))
    else:
        out.write(render_text(report))
    worse = fail_on_forsamring and result.count("forsamring") > 0
    return ExitCode.PROBLEM if after.problems or worse else ExitCode.OK


def _base_register(
    history: RegisterHistory, base_sha: str, after: Register, head_sha: str | None
) -> Register | None:
    """The register at BASE. With HEAD a commit, only the files that differ are read:
    HEAD's register with them swapped in, when they allow it (:func:`patch_register`)."""
    if head_sha is not None:
        from lgtool.stepwise import patch_register

        found = patch_register(history, after, history.repo.changed_files(head_sha, base_sha))
        if found is not None:
            return found
    return history.at(base_sha)


def _organisations(
    before: Register, after: Register, base_missing: bool, notes: list[str]
) -> tuple[Organisation, Organisation]:
    """The organisation to compute each side with; one side's stands in for a broken other."""
    if after.organisation is None:
        if before.organisation is None:
            raise RegisterError(
                f"{ORGANISATION_FILE} har fel eller saknas på båda sidor; "
                "rätta den först (lgtool validate)"
            )
        notes.append(
            f"{ORGANISATION_FILE} har fel efter ändringen; behandlingarna har jämförts med "
            "förvaltningsobjekt och policy från före"
        )
        return before.organisation, before.organisation
    if before.organisation is None:
        if not base_missing:
            notes.append(
                f"{ORGANISATION_FILE} hade fel före ändringen; behandlingarna har jämförts med "
                "förvaltningsobjekt och policy från efter"
            )
        return after.organisation, after.organisation
    return before.organisation, after.organisation
