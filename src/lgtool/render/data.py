"""Status as plain data: the stable JSON shape (docs/json.md) and flat CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TextIO

from lgtool import fields
from lgtool.checkpoints import (
    BehandlingStatus,
    DatumKontroll,
    RollKontroll,
    Status,
    Summering,
    Underlag,
    Varde,
    klassa_unknown,
)
from lgtool.objectives import MalUtfall, Matt
from lgtool.safetext import csv_cell


def _datum(d: DatumKontroll) -> dict[str, Any]:
    return {"status": d.status, "datum": d.datum.isoformat() if d.datum else None}


def checkpoint_data(value: Varde) -> Any:
    """One checkpoint's value in the documented JSON shape."""
    if isinstance(value, DatumKontroll):
        return _datum(value)
    if isinstance(value, RollKontroll):
        return {"status": value.status, "saknas": list(value.saknas)}
    return value


def behandling_dict(s: BehandlingStatus) -> dict[str, Any]:
    """One processing's checkpoints in the documented JSON shape."""
    b = s.kort
    return {
        "id": b.id,
        "namn": b.namn,
        "forvaltningsobjekt": b.forvaltningsobjekt,
        "system": b.system,
        "kategori": b.kategori,
        "kontrollpunkter": {key: checkpoint_data(v) for key, v in s.kontrollpunkter.items()},
        "avvikelse": s.avvikelse,
        "avvikelser": list(s.avvikelser),
    }


def summering_dict(s: Summering) -> dict[str, Any]:
    """Counts per checkpoint value, as in the JSON ``summering``."""
    data: dict[str, Any] = {"antal": s.antal, "avvikelser": s.avvikelser}
    data.update((key, dict(counts)) for key, counts in s.varden.items())
    data.update(gula=s.gula, roda=s.roda, utan_handlingsplan=s.utan_handlingsplan)
    return data


def underlag_dict(u: Underlag) -> dict[str, Any]:
    """What the status rests on (a commit or the working tree), as in the JSON ``underlag``."""
    return {
        "kalla": u.kalla,
        "commit": u.commit,
        "commit_datum": u.commit_datum.isoformat() if u.commit_datum else None,
        "senare_registrerade_datum": u.senare_registrerade_datum,
        "utelamnade_behandlingar": list(u.utelamnade_behandlingar),
        "fel_i_commit": u.fel_i_commit,
        "anledning": u.anledning,
    }


def status_dict(status: Status) -> dict[str, Any]:
    """The whole status in the documented JSON shape."""
    return {
        "per": status.per.isoformat(),
        "organisation": status.organisation,
        "underlag": underlag_dict(status.underlag),
        "behandlingar": [
            _Written(s.json) if s.json is not None else behandling_dict(s)
            for s in status.behandlingar
        ],
        "summering": {
            **summering_dict(status.summering),
            "per_forvaltningsobjekt": {
                objekt.id: summering_dict(summering)
                for objekt, summering in status.summering_per_objekt
            },
        },
    }


BEHANDLING_INDENT = "    "
"""Where a processing's entry stands in ``status --format json``: in a list in the top mapping."""


def behandling_json(s: BehandlingStatus, data: dict[str, Any] | None = None) -> str:
    """One processing's entry in ``status --format json``, as :func:`to_json` writes it there
    (``data``: its :func:`behandling_dict`, when already made).

    Kept per processing by :mod:`lgtool.processing_cache`, so that an unchanged
    processing is not written again.
    """
    out: list[str] = []
    _emit(behandling_dict(s) if data is None else data, BEHANDLING_INDENT, out)
    return "".join(out)


class _Written:
    """A processing's entry already written by :func:`behandling_json`."""

    __slots__ = ("text",)

    def __init__(self, text: str | Callable[[], str]) -> None:
        self.text = text
        """The entry, or a function that gives it (read only as it is written)."""


def objectives_dict(figures: dict[str, Matt], results: Sequence[MalUtfall]) -> dict[str, Any]:
    """``nyckeltal`` and ``mal`` of ``status --format json`` (docs/json.md)."""
    return {
        "nyckeltal": {key: {"antal": m.antal, "av": m.av} for key, m in figures.items()},
        "mal": [
            {
                "id": r.mal.id,
                "nyckeltal": r.mal.nyckeltal,
                "malvarde": r.mal.malvarde,
                "utfall": r.utfall,
                "uppfyllt": r.uppfyllt,
            }
            for r in results
        ],
    }


def to_json(data: Any) -> str:
    """Stable, readable JSON with å, ä, ö kept as they are.

    The same text as ``json.dumps(data, ensure_ascii=False, indent=2)``, written
    without the standard library's pure-Python indenting encoder, which takes most
    of ``status --format json`` on a city's register.
    """
    out: list[str] = []
    _emit(data, "", out)
    out.append("\n")
    return "".join(out)


def write_json(data: Any, out: TextIO) -> None:
    """Write :func:`to_json` of ``data`` to ``out`` in pieces of about :data:`CHUNK`
    characters, never as one string: ``status --format json`` on 50,000 processings
    is 50 MB, and the whole text plus its encoded copies would be several times that.
    """
    sink = _Chunks(out)
    _emit(data, "", sink)
    sink.append("\n")
    sink.flush()


CHUNK = 1 << 20
"""Characters :func:`write_json` gathers before it writes."""


class _Chunks:
    """A list for :func:`_emit` that writes its pieces to a stream as they add up."""

    __slots__ = ("_out", "_pieces", "_size")

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._pieces: list[str] = []
        self._size = 0

    def append(self, piece: str) -> None:
        self._pieces.append(piece)
        self._size += len(piece)
        if self._size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self._pieces:
            self._out.write("".join(self._pieces))
            self._pieces.clear()
            self._size = 0


class _Appends(Protocol):
    def append(self, piece: str, /) -> None: ...


def _emit(value: Any, indent: str, out: _Appends) -> None:
    # The common scalars are written inline, not by a call each: a city's status
    # has a few hundred thousand of them.
    if isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        separator = "{\n" + inner
        for key, item in value.items():
            name = _string(key) if isinstance(key, str) else _key(key)
            text = _inline(item)
            if text is None:
                out.append(f"{separator}{name}: ")
                _emit(item, inner, out)
            else:
                out.append(f"{separator}{name}: {text}")
            separator = ",\n" + inner
        out.append("\n" + indent + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        separator = "[\n" + inner
        for item in value:
            text = _inline(item)
            if text is None:
                out.append(separator)
                _emit(item, inner, out)
            else:
                out.append(separator + text)
            separator = ",\n" + inner
        out.append("\n" + indent + "]")
    elif type(value) is _Written:
        if indent != BEHANDLING_INDENT:
            raise ValueError("a processing's written entry stands only in status's list")
        written = value.text
        out.append(written if type(written) is str else written())  # type: ignore[operator]
    else:
        out.append(json.dumps(value))


def _inline(value: Any) -> str | None:
    """A str, None, bool or int as json.dumps writes it; None for anything else."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return None


_string = json.encoder.encode_basestring  # the C version: ensure_ascii=False


def _key(key: Any) -> str:
    """A non-string mapping key as json.dumps writes it (1 → "1", True → "true")."""
    return json.dumps({key: 0})[1:-4]


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: nested fields as ``a.b`` columns (:func:`lgtool.fields.flatten`), yes/no
    as 'ja'/'nej', nothing as an empty cell."""
    return {key: _csv_value(value) for key, value in fields.flatten(data).items()}


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return "" if value is None else value


CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """lgtool's one CSV convention, for Excel in Swedish (every CSV lgtool writes).

    ``;`` between cells, CRLF line ends and a BOM first, so that Excel with Swedish
    settings opens the file in columns and reads å, ä, ö right. Nothing is an
    empty cell, a date is ÅÅÅÅ-MM-DD and a decimal has a decimal comma. Text a
    spreadsheet would run as a formula gets a leading ``'``
    (:func:`lgtool.safetext.csv_cell`); ``lgtool import`` reads all of it back.
    """
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_text(csv_cell(v)) for v in row] for row in rows)
    return buffer.getvalue()


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def to_csv(rows: list[dict[str, Any]]) -> str:
    """:func:`csv_text` with one flattened row per item, the columns in first-seen order."""
    flat = [flatten(r) for r in rows]
    fields: list[str] = []
    for row in flat:
        fields.extend(k for k in row if k not in fields)
    return csv_text(fields, ([row.get(f) for f in fields] for row in flat))


def status_csv(status: Status) -> str:
    """One row per processing, the JSON fields flattened (kontrollpunkter.klassa.status ...)."""
    return to_csv([behandling_dict(s) for s in status.behandlingar])


def priority_dict(status: Status, items: tuple[BehandlingStatus, ...]) -> dict[str, Any]:
    """``lgtool prioritering --format json``: the processings to classify, in order."""
    return {
        "per": status.per.isoformat(),
        "underlag": underlag_dict(status.underlag),
        "okand_klassa": klassa_unknown(status),
        "behandlingar": [
            {
                "id": s.behandling.id,
                "namn": s.behandling.namn,
                "forvaltningsobjekt": s.behandling.forvaltningsobjekt,
                "kategori": s.behandling.kategori,
                "klassa": _datum(s.kontrollpunkter.datum("klassa")),
                "konfidentialitet": (
                    s.behandling.klassning.konfidentialitet if s.behandling.klassning else None
                ),
            }
            for s in items
        ],
    }
