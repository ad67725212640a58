"""What @dataclass would write for the domain's records, but without compiling code when pohang starts.

@dataclass writes each method it adds as source text and compiles it when the module is imported: for the
records of models.py that was most of `import pohang_cli.models`, 7 ms of every command (as much as the
rest of a `status` on the sample). So the records take @dataclass's fields, replace() and frozenness, write
their __init__ in their own source (compiled once, into the bytecode cache), and take `==`, `repr` and, when
frozen, `hash` from the classes here, which read the fields through one attrgetter per class.
tests/test_records.py holds each record to the plain dataclass it stands in for.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

__all__ = ["FrozenValue", "Value"]


class Value:  # noqa: PLW1641 -- unhashable, as a dataclass that compares is unless frozen (FrozenValue)
    """`==` and `repr` of a @dataclass(slots=True, eq=False, repr=False), as @dataclass would write them."""

    __slots__ = ()
    _values: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = cls.__dict__.get("__match_args__")
        if names:  # the class @dataclass(slots=True) makes, once it knows the fields
            cls._values = attrgetter(*names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = type(self)._values
            return values(self) == values(other)
        return NotImplemented

    def __repr__(self) -> str:
        shown = zip(self.__match_args__, type(self)._values(self), strict=True)  # type: ignore[attr-defined]
        return f"{type(self).__qualname__}({', '.join(f'{name}={value!r}' for name, value in shown)})"


class FrozenValue(Value):
    """A frozen one: hashable, as its fields are."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(type(self)._values(self))
