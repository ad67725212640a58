"""Records found by the names people type: ids, Korean or English names, or a part of them.

Apart from reading.py so that the writing use cases, which find what they change by name, do not load the
progress maths that only the reading commands judge with (a few milliseconds of every write's start-up).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from pohang_cli.errors import InputError, NotFoundError
from pohang_cli.i18n import _
from pohang_cli.models import Dataset, Indicator, Milestone, Sector, Target
from pohang_cli.text import clean_text


def normalize_text(text: str) -> str:
    """User text as stored: NFC (macOS pastes NFD Hangul), surrounding whitespace removed.

    Raises:
        InputError: control characters, bytes that are not UTF-8 or bidi overrides (see text.py).
    """
    return clean_text(text)


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return _(" — did you mean '{name}'?").format(name=matches[0]) if matches else ""


def resolve_sector(data: Dataset, name: str) -> Sector:
    """The sector named by id or Korean/English name, case-insensitively.

    Raises:
        NotFoundError: no such sector; the message suggests the closest name.
    """
    wanted = normalize_text(name).casefold()
    for sector in data.sectors.values():
        if wanted in (sector.id.casefold(), sector.name_ko.casefold(), sector.name_en.casefold()):
            return sector
    names = [s.id for s in data.sectors.values()] + [s.name_ko for s in data.sectors.values()]
    raise NotFoundError(
        _("unknown sector '{name}'{suggestion} (see `pohang sectors`)").format(
            name=name, suggestion=_did_you_mean(wanted, names)
        )
    )


def resolve_sectors(data: Dataset, names: Sequence[str]) -> list[Sector]:
    """The named sectors in the order given, or every sector in its display order when none is named."""
    if names:
        return [resolve_sector(data, name) for name in names]
    return sorted(data.sectors.values(), key=lambda s: (s.order, s.id))


def resolve_indicator(data: Dataset, name: str) -> Indicator:
    """The indicator named by its id (`battery.investment`), its Korean or English name, or a unique part of them.

    `양극재 생산량`, `cathode-material output` and `cathode-output` all name `battery.cathode-output`. A part
    may leave out spaces (`양극재생산량`) and its words may come in any order.

    Raises:
        InputError: the name fits several indicators, or names a sector; the message lists them
            ("did you mean ...").
        NotFoundError: nothing fits; the message suggests the closest id.
    """
    wanted = normalize_text(name).casefold()
    if wanted in data.indicators:
        return data.indicators[wanted]
    matches = indicators_named(data.indicators, wanted)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise InputError(
            _("'{name}' fits {count} indicators — did you mean {choices}?").format(
                name=name, count=len(matches), choices=indicator_choices(matches)
            )
        )
    sector = next((s for s in data.sectors.values() if wanted in _sector_names(s)), None)
    if sector is not None:
        listed = sorted((i for i in data.indicators.values() if i.sector == sector.id), key=lambda i: i.id)
        if listed:
            raise InputError(
                _("'{name}' is a sector with {count} indicators — did you mean {choices}?").format(
                    name=name, count=len(listed), choices=indicator_choices(listed)
                )
            )
    raise NotFoundError(
        _("unknown indicator '{name}'{suggestion} (see `pohang indicators`)").format(
            name=name, suggestion=_did_you_mean(wanted, data.indicators)
        )
    )


def _sector_names(sector: Sector) -> tuple[str, ...]:
    return (sector.id.casefold(), sector.name_ko.casefold(), sector.name_en.casefold())


def _compact(text: str) -> str:
    return "".join(text.casefold().split())


def indicators_named(indicators: Mapping[str, Indicator], wanted: str) -> list[Indicator]:
    """Indicators whose name is `wanted` (casefolded); failing that, those whose id or names contain each of its words.

    Shared by the commands and `import`, so a spreadsheet may name an indicator as a person types it.
    """
    compact = _compact(wanted)
    exact = [i for i in indicators.values() if compact in (_compact(i.name_ko), _compact(i.name_en))]
    if exact:
        return sorted(exact, key=lambda i: i.id)
    words = wanted.split()
    found = []
    for indicator in indicators.values():
        haystacks = (indicator.id, _compact(indicator.name_ko), indicator.name_en.casefold())
        if any(compact in haystack for haystack in haystacks) or (
            len(words) > 1 and all(any(word in haystack for haystack in haystacks) for word in words)
        ):
            found.append(indicator)
    # Ids that begin with the text first: `battery.invest` most likely meant `battery.investment`.
    return sorted(found, key=lambda i: (not i.id.startswith(compact), i.id))


def indicator_choices(indicators: Sequence[Indicator]) -> str:
    named = [f"{i.id} ({i.name_ko})" for i in indicators]
    if len(named) == 1:
        return named[0]
    return _("{listed} or {last}").format(listed=", ".join(named[:-1]), last=named[-1])


def resolve_target(data: Dataset, name: str) -> Target:
    """The target with this id (`battery.investment@2027`), or the only current target of an indicator
    (named as `resolve_indicator` reads names).

    Raises:
        InputError: the indicator has several current targets or none; the name fits several indicators.
        NotFoundError: no target or indicator fits.
    """
    wanted = normalize_text(name).casefold()
    if wanted in data.targets:
        return data.targets[wanted]
    try:
        indicator = resolve_indicator(data, name)
    except NotFoundError:
        raise NotFoundError(
            _("unknown target '{name}'{suggestion} (see `pohang targets`)").format(
                name=name, suggestion=_did_you_mean(wanted, data.targets)
            )
        ) from None
    current = [t for t in data.targets.values() if t.indicator == indicator.id and t.is_current]
    if len(current) == 1:
        return current[0]
    ids = ", ".join(sorted(t.id for t in current)) or "none"
    raise InputError(
        _("indicator '{name}' has {count} current targets ({ids}); name one of them").format(
            name=indicator.id, count=len(current), ids=ids
        )
    )


def resolve_milestone(data: Dataset, milestone_id: int) -> Milestone:
    """The milestone with this id."""
    if milestone_id in data.milestones:
        return data.milestones[milestone_id]
    raise NotFoundError(
        _("no milestone with id {milestone_id} (see `pohang milestones`)").format(milestone_id=milestone_id)
    )
