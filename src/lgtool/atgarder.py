"""The action items of the processings' action plans (``handlingsplan.punkter``).

Pure functions over a computed :class:`~lgtool.checkpoints.Status`: which items
there are, who is responsible (a pm3 role resolved to its name), and which are
overdue at the reference date. ``lgtool atgarder`` lists them; the counts of open
items that status, the report, diff and trend show come from the same items
(:meth:`lgtool.model.Handlingsplan.antal`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from lgtool.checkpoints import Status, effective_roles
from lgtool.model import Atgardspunkt, Behandling, Forvaltningsobjekt, Policy
from lgtool.model.organisation import KANDA_ROLLER
from lgtool.options import AtgarderOptions


@dataclass(frozen=True)
class Atgard:
    """One action item of one processing, at a reference date."""

    behandling: Behandling
    punkt: Atgardspunkt
    ansvarig: str | None
    """The responsible: the name of the pm3 role written, where the role is named; else as
    written."""
    forsenad: bool
    """Still open (oppen, pagaende) and its ``senast`` lies before the reference date."""
    roll: str | None = None
    """The pm3 role key the item names as responsible; None for a person's name or nothing."""


def action_items(status: Status) -> list[Atgard]:
    """Every listed item of the processings in ``status``, in the status's order."""
    return items_of(
        (s.behandling for s in status.behandlingar), status.objekt, status.policy, status.per
    )


def items_of(
    behandlingar: Iterable[Behandling],
    objekt: Mapping[str, Forvaltningsobjekt],
    policy: Policy,
    per: date,
) -> list[Atgard]:
    """Every listed item of ``behandlingar`` (each of a förvaltningsobjekt in ``objekt``) at
    reference date ``per``, in their order."""
    found: list[Atgard] = []
    role_keys = KANDA_ROLLER | set(policy.pm3_roller)
    for b in behandlingar:
        plan = b.handlingsplan
        if plan is None or not plan.punkter:
            continue
        roles = effective_roles(objekt[b.forvaltningsobjekt], b)
        for punkt in plan.punkter:
            written = (punkt.ansvarig or "").strip()
            role = written if written and (written in role_keys or written in roles) else None
            named = (roles.get(punkt.ansvarig) or "").strip() if punkt.ansvarig else ""
            forsenad = punkt.forsenad(per)
            found.append(Atgard(b, punkt, named or punkt.ansvarig, forsenad, role))
    return found


def select_items(items: Sequence[Atgard], options: AtgarderOptions) -> list[Atgard]:
    """The items ``options`` asks for (``--ansvarig``, ``--farg``, ``--kalla``, ``--forsenade``).

    ``--ansvarig`` matches the role key or the name, case ignored; ``--objekt`` is applied
    to the status before.
    """
    wanted = (options.ansvarig or "").strip().casefold()
    return [
        a
        for a in items
        if (
            not wanted
            or wanted in ((a.punkt.ansvarig or "").casefold(), (a.ansvarig or "").casefold())
        )
        and (options.farg is None or a.punkt.farg == options.farg)
        and (options.kalla is None or a.punkt.kalla == options.kalla)
        and (not options.forsenade or a.forsenad)
    ]
