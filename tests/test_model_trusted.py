"""The trusted constructor gives exactly the model that validation gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from conftest import EXAMPLE_REGISTER, TODAY, behandling
from lgtool.model import Ar, Behandling, Organisation
from lgtool.model.incident import Incident
from lgtool.model.trusted import construct, latest_date
from lgtool.yamlio import YamlError, parse_file_bytes

CORPUS = Path(__file__).resolve().parent / "corpus" / "bad"

_MODELS: dict[str, type[BaseModel]] = {"behandlingar": Behandling, "ar": Ar, "2026": Incident}


def _valid_files() -> list[tuple[Path, type[BaseModel], dict[str, Any]]]:
    found = []
    for root in (EXAMPLE_REGISTER, CORPUS):
        paths = [
            root / "organisation.yaml",
            *sorted(root.glob("*/*.yaml")),
            *sorted(root.glob("incidenter/2026/*.yaml")),
        ]
        for path in paths:
            model = _MODELS.get(path.parent.name, Organisation)
            if path.parent.name not in (*_MODELS, root.name):
                continue
            try:
                data = parse_file_bytes(path.read_bytes()).data
                model.model_validate(data, context={"idag": TODAY})
            except (YamlError, ValueError):
                continue
            found.append((path, model, data))
    return found


VALID = _valid_files()


def test_the_corpus_has_files_of_every_kind() -> None:
    kinds = {model for _, model, _ in VALID}
    assert kinds == {Behandling, Ar, Organisation, Incident}
    assert len(VALID) > 35


@pytest.mark.parametrize(
    ("path", "model", "data"),
    [
        pytest.param(*v, id=f"{v[0].parent.parent.name}/{v[0].parent.name}/{v[0].name}")
        for v in VALID
    ],
)
def test_construct_equals_validation(path: Path, model: type[BaseModel], data: Any) -> None:
    validated = model.model_validate(data, context={"idag": TODAY})
    built = construct(model, data)
    assert built == validated
    assert repr(built) == repr(validated)
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump(mode="json") == validated.model_dump(mode="json")
    assert built.model_dump_json() == validated.model_dump_json()


def test_construct_fills_defaults_and_nested_models() -> None:
    data = {
        "ar": 2025,
        "prioriteringar": {2025: [{"id": "p1", "text": "Gör"}], 2026: []},
        "incidenter": {"per_kategori": {"dataskydd": 2}},
        "utbildning": {
            "antal_medarbetare": 10,
            "genomfort_informationssakerhet": 5,
            "genomfort_dataskydd": 6,
        },
        "upphandlingar": [{"namn": "Upphandling", "klassning_genomford": True}],
        "ledningens_genomgang": {"beslut": ["Besluta"]},
    }
    validated = Ar.model_validate(data)
    built = construct(Ar, data)
    assert built == validated
    assert built.prioriteringar[2025][0].status == "planerad"
    assert built.model_dump() == validated.model_dump()
    org = {
        "organisation": "Kontoret",
        "policy": {"zon_for_konfidentialitet": {0: "Z1"}, "max_alder_manader": {"rsa": 24}},
        "styrdokument": [{"namn": "Riktlinje", "niva": "stad", "faststalld": "2024-01-02"}],
        "forvaltningsobjekt": [{"id": "o", "namn": "O"}],
    }
    assert construct(Organisation, org) == Organisation.model_validate(org)
    assert construct(Organisation, org).styrdokument[0].faststalld == date(2024, 1, 2)


def test_defaults_are_not_shared_between_instances() -> None:
    first = construct(Behandling, behandling("b1"))
    second = construct(Behandling, behandling("b2"))
    assert first.roller is None
    a = construct(
        Organisation, {"organisation": "A", "forvaltningsobjekt": [{"id": "o", "namn": "O"}]}
    )
    b = construct(
        Organisation, {"organisation": "B", "forvaltningsobjekt": [{"id": "o", "namn": "O"}]}
    )
    assert a.policy.pm3_roller is not b.policy.pm3_roller
    assert first != second


def test_latest_date_looks_everywhere() -> None:
    b = Behandling.model_validate(
        behandling(
            senaste_klassa="2025-01-01",
            senaste_rsa=None,
            senaste_behorighetskontroll="2024-05-05",
            handlingsplan={"per_datum": "2026-02-03", "gula": 1, "roda": 0},
        )
    )
    assert latest_date(b) == date(2026, 2, 3)
    org = Organisation.model_validate(
        {
            "organisation": "A",
            "styrdokument": [{"namn": "R", "niva": "stad", "faststalld": "2023-02-06"}],
            "forvaltningsobjekt": [{"id": "o", "namn": "O"}],
        }
    )
    assert latest_date(org) == date(2023, 2, 6)
    assert latest_date(Ar.model_validate({"ar": 2025, "prioriteringar": {}})) is None


def _every_date(value: Any) -> list[date]:
    if isinstance(value, BaseModel):
        return [d for v in value.__dict__.values() for d in _every_date(v)]
    if isinstance(value, date):
        return [value]
    if isinstance(value, list | tuple):
        return [d for v in value for d in _every_date(v)]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _every_date(v)]
    return []


@pytest.mark.parametrize(
    ("path", "model", "data"),
    [
        pytest.param(*v, id=f"{v[0].parent.parent.name}/{v[0].parent.name}/{v[0].name}")
        for v in VALID
    ],
)
def test_latest_date_is_the_latest_of_every_date(
    path: Path, model: type[BaseModel], data: Any
) -> None:
    validated = model.model_validate(data, context={"idag": TODAY})
    assert latest_date(validated) == max(_every_date(validated), default=None)
