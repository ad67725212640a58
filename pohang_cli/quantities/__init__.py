"""Values with units: the only place where typed text becomes a number, and a number becomes table text.

Korean policy documents count in myriads (`1조 6,908억 원`, `68만 6천 t`); English tables use compact scales
(`KRW 1.69 tn`). Whatever `format_value` shows, `parse_value` reads back within 0.5 % of the stored value.

- units.py: unit words as typed and the labels tables show;
- parsing.py: typed text to a number and its unit (`parse_value`);
- formatting.py: a number to table text (`format_value`).

The names of parsing.py are loaded when first asked for: a command that only shows values (`status` as a
table) does not compile its grammar.
"""

from typing import TYPE_CHECKING, Any

from pohang_cli.quantities.formatting import format_exact, format_number, format_value
from pohang_cli.quantities.units import ZERO_BASED_UNITS, UnitWord, normalize_unit, parse_unit, unit_label

if TYPE_CHECKING:
    from pohang_cli.quantities.parsing import (
        ACCEPTED_VALUE_FORMS,
        ParsedValue,
        ShorthandQuestion,
        is_plain_number,
        parse_value,
        parse_value_in,
        scale_by,
    )

_PARSING = {
    "ACCEPTED_VALUE_FORMS",
    "ParsedValue",
    "ShorthandQuestion",
    "is_plain_number",
    "parse_value",
    "parse_value_in",
    "scale_by",
}


def __getattr__(name: str) -> Any:
    if name in _PARSING:
        from pohang_cli.quantities import parsing

        return getattr(parsing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ACCEPTED_VALUE_FORMS",
    "ZERO_BASED_UNITS",
    "ParsedValue",
    "ShorthandQuestion",
    "UnitWord",
    "format_exact",
    "format_number",
    "format_value",
    "is_plain_number",
    "normalize_unit",
    "parse_unit",
    "parse_value",
    "parse_value_in",
    "scale_by",
    "unit_label",
]
