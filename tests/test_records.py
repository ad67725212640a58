"""The records of models.py behave exactly as the plain dataclasses they stand in for (see `models._Record`)."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

from pohang_cli import models
from pohang_cli.storage import load_sample

RECORDS = (
    models.Sector,
    models.Indicator,
    models.TargetRevision,
    models.Target,
    models.ObservationRevision,
    models.Observation,
    models.Milestone,
    models.Assessment,
    models.Dataset,
    models.Change,
)


def _reference(cls: type) -> type:
    """A plain @dataclass with `cls`'s name, fields and options: the class `cls` must behave as."""
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    fields = [
        (field.name, field.type, dataclasses.field(default=field.default, default_factory=field.default_factory))
        for field in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=params.frozen, slots=True)


def _examples() -> Iterator[Any]:
    """Records of every kind from the sample, nested ones (revisions) and a change included."""
    data = load_sample()
    yield data
    for kind in models.Kind:
        yield from list(getattr(data, kind.value).values())[:25]
    for target in data.targets.values():
        yield from target.revisions
    for observation in data.observations.values():
        yield from observation.revisions
    indicator = next(iter(data.indicators.values()))
    yield models.Change(models.Kind.INDICATORS, indicator.id, None, indicator)


EXAMPLES = list(_examples())


def _twin(record: Any) -> Any:
    """`record` as an instance of its reference dataclass, field for field."""
    values = {field.name: getattr(record, field.name) for field in dataclasses.fields(record)}
    return _reference(type(record))(**values)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_is_made_and_named_as_its_dataclass(cls: type) -> None:
    """Same fields, constructor, match arguments, frozenness and hashability as the plain dataclass."""
    reference = _reference(cls)
    assert [(f.name, f.type) for f in dataclasses.fields(cls)] == [
        (f.name, f.type) for f in dataclasses.fields(reference)
    ]
    assert inspect.signature(cls).parameters == inspect.signature(reference).parameters
    assert cls.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    assert cls.__dataclass_params__.frozen == reference.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert (cls.__hash__ is None) == (reference.__hash__ is None)
    assert cls.__slots__ == reference.__slots__  # type: ignore[attr-defined]


def test_every_kind_of_record_is_among_the_examples() -> None:
    """The behaviour tests below see each record class."""
    assert {type(record) for record in EXAMPLES} == set(RECORDS)


@pytest.mark.parametrize("record", EXAMPLES, ids=lambda record: type(record).__name__)
def test_a_record_compares_hashes_and_prints_as_its_dataclass(record: Any) -> None:
    """repr, ==, != and hash give what the plain dataclass gives, for an equal and for a changed record."""
    twin = _twin(record)
    assert repr(record) == repr(twin)
    assert record == dataclasses.replace(record)
    assert not record != dataclasses.replace(record)  # noqa: SIM202 -- != is what is tested
    assert record != twin  # another class is never equal, as between dataclasses
    assert twin != record
    first = dataclasses.fields(record)[0].name
    changed = dataclasses.replace(record, **{first: _other(getattr(record, first))})
    assert (record == changed) == (twin == dataclasses.replace(twin, **{first: _other(getattr(record, first))}))
    if type(record).__hash__ is not None:
        assert hash(record) == hash(twin)
    else:
        with pytest.raises(TypeError):
            hash(record)


@pytest.mark.parametrize("record", EXAMPLES[:40], ids=lambda record: type(record).__name__)
def test_a_record_copies_pickles_and_stays_frozen_as_its_dataclass(record: Any) -> None:
    """copy and pickle round-trip; a frozen record refuses assignment and deletion with FrozenInstanceError."""
    assert copy.copy(record) == record
    assert copy.deepcopy(record) == record
    if not isinstance(record, models.Dataset):  # a dataset read from a file holds storage's lazy tables
        assert pickle.loads(pickle.dumps(record)) == record
    name = dataclasses.fields(record)[0].name
    if type(record).__dataclass_params__.frozen:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, name, getattr(record, name))
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(record, name)


def _other(value: Any) -> Any:
    """A value unequal to `value`, of a kind a field may hold."""
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, int) and not isinstance(value, bool):
        return value + 1
    if isinstance(value, float):
        return value * 2 + 1
    return None if value is not None else "x"
