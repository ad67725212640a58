"""Synthetic databases for the benchmarks: a city that has recorded monthly actuals for years.

`build_dataset` makes 5 sectors, 200 indicators (40 per sector, each with one or two targets, some of
them revised), observations spread evenly over the indicators and 10,000 milestones. Each indicator gets
monthly actuals from the month after its baseline, then day-dated imported statistics (every third day)
until it has its share; values trend towards the targets with noise, so every status occurs. Everything
comes from a seeded generator: the same arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pohang_cli import storage
from pohang_cli.dates import PartialDate
from pohang_cli.models import (
    Dataset,
    Direction,
    Indicator,
    IndicatorKind,
    Kind,
    Milestone,
    MilestoneStatus,
    Model,
    Observation,
    Sector,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)

AS_OF = dt.date(2026, 11, 25)

SECTORS = (
    ("battery", "이차전지", "Secondary batteries"),
    ("hydrogen", "수소", "Hydrogen"),
    ("bio", "바이오", "Bio"),
    ("steel", "철강신소재", "Steel and new materials"),
    ("future-tech", "미래기술", "Future technology"),
)
UNITS = ("KRW", "t", "companies", "jobs", "MW", "%", "beds")
NAMES_KO = ("투자 유치액", "생산량", "입주 기업 수", "고용 인원", "설비 용량", "점유율", "병상 수")
NAMES_EN = ("Investment attracted", "Output", "Companies", "Jobs", "Capacity", "Share", "Beds")
NOTES = (
    "양극재 생산 증가, 전년 대비 12% 상승",
    "잠정치, 연말 확정 예정",
    "시 자체 집계 (산업단지 입주 현황)",
    "통계청 지역통계 반영",
    "분기 보고서 수치",
)
SOURCES = (
    "https://www.motie.go.kr/kor/article/ATCL3f49a5a8c/160000/view",
    "https://www.pohang.go.kr/pohang/board/view.do?seq=20240101",
    "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1K31001",
    "https://www.hankyung.com/article/2023122133051",
)
TITLES = (
    "특화단지 지정",
    "기업 유치 협약 체결",
    "연구센터 준공",
    "실증 사업 착수",
    "인력 양성 과정 개설",
    "기반 시설 착공",
    "투자 설명회 개최",
)


def _month(year: int, month: int) -> PartialDate:
    return PartialDate.of_month(year, month)


def _observation_dates(baseline: PartialDate, count: int) -> Iterator[PartialDate]:
    """`count` distinct dates after the baseline's month: monthly first, then every third day."""
    index = baseline.month_index() + 1
    last = 12 * AS_OF.year + AS_OF.month - 1
    produced = 0
    while produced < count and index <= last:
        year, month0 = divmod(index - 1, 12)
        yield _month(year, month0 + 1)
        index += 1
        produced += 1
    day = baseline.end() + dt.timedelta(days=2)
    while produced < count:
        yield PartialDate.of_day(day)
        day += dt.timedelta(days=3)
        if day > AS_OF:
            raise ValueError(f"not enough days between {baseline.iso()} and {AS_OF} for {count} observations")
        produced += 1


def build_dataset(
    *,
    indicators: int = 200,
    observations: int = 100_000,
    milestones: int = 10_000,
    seed: int = 2026,
) -> Dataset:
    """A deterministic dataset of the given size (observations are spread evenly over the indicators)."""
    rng = random.Random(seed)
    data = Dataset()
    for order, (sector_id, name_ko, name_en) in enumerate(SECTORS, start=1):
        data.sectors[sector_id] = Sector(sector_id, name_ko, name_en, order, SOURCES[0], None)
    per_indicator, extra = divmod(observations, indicators)
    for n in range(indicators):
        sector_id = SECTORS[n % len(SECTORS)][0]
        kind_n = n % len(UNITS)
        baseline_date = _month(2005 + n % 15, 1 + n % 12)
        baseline = float(rng.randrange(10, 1000) * 10 ** rng.randrange(0, 4))
        direction = Direction.DECREASE if n % 17 == 0 else Direction.INCREASE
        indicator = Indicator(
            id=f"{sector_id}.series-{n:03d}",
            sector=sector_id,
            name_ko=f"{NAMES_KO[kind_n]} {n}",
            name_en=f"{NAMES_EN[kind_n]} {n}",
            unit=UNITS[kind_n],
            baseline=baseline,
            baseline_date=baseline_date,
            direction=direction,
            kind=IndicatorKind.CUMULATIVE if n % 5 == 4 else IndicatorKind.LEVEL,
            model=Model.COMPOUND if n % 3 == 0 and n % 5 != 4 else Model.LINEAR,
            basis="executed" if n % 4 == 0 else None,
            source=SOURCES[n % len(SOURCES)],
            note=NOTES[n % len(NOTES)],
        )
        data.indicators[indicator.id] = indicator
        sign = direction.sign
        goal = baseline * (1 + sign * rng.uniform(0.3, 2.0)) if sign > 0 else baseline * rng.uniform(0.2, 0.8)
        deadlines = [2027 + n % 4] + ([2030 + n % 6] if n % 2 else [])
        for deadline_year in deadlines:
            deadline = PartialDate.of_year(deadline_year)
            revisions: tuple[TargetRevision, ...] = ()
            if n % 9 == 0:
                revisions = (
                    TargetRevision(goal * 0.9, deadline, _month(2024, 6), "중간 점검 결과 상향 조정", SOURCES[1]),
                )
            target = Target(
                target_id(indicator.id, deadline), indicator.id, round(goal, 2), deadline, SOURCES[2], None, revisions
            )
            data.targets[target.id] = target
        count = per_indicator + (1 if n < extra else 0)
        pace = rng.uniform(-0.2, 1.4)
        start = baseline_date.month_index()
        horizon = 12 * deadlines[0] + 12 - start
        for k, when in enumerate(_observation_dates(baseline_date, count)):
            share = min(1.5, pace * (when.month_index() - start) / horizon)
            value = baseline + (goal - baseline) * share * rng.uniform(0.97, 1.03)
            observation = Observation(
                id=observation_id(indicator.id, when),
                indicator=indicator.id,
                date=when,
                value=round(value, 2),
                source=SOURCES[k % len(SOURCES)],
                note=NOTES[k % len(NOTES)] if k % 5 == 0 else None,
                provisional=k == count - 1 and n % 6 == 0,
            )
            data.observations[observation.id] = observation
    statuses = list(MilestoneStatus)
    for m in range(1, milestones + 1):
        sector_id = SECTORS[m % len(SECTORS)][0]
        status = statuses[rng.randrange(len(statuses))]
        due = _month(2018 + m % 14, 1 + m % 12)
        done = status in (MilestoneStatus.DONE, MilestoneStatus.PARTIAL)
        data.milestones[m] = Milestone(
            id=m,
            sector=sector_id,
            title=f"{TITLES[m % len(TITLES)]} {m}",
            status=status,
            title_en=f"Milestone {m}" if m % 2 else None,
            date=PartialDate.of_day(due.end() + dt.timedelta(days=rng.randrange(-90, 90))) if done else None,
            due=due,
            original_due=_month(2017 + m % 14, 1 + m % 12) if m % 11 == 0 else None,
            source=SOURCES[m % len(SOURCES)],
            note=NOTES[m % len(NOTES)] if m % 3 == 0 else None,
        )
    data.next_milestone_id = milestones + 1
    return data


def write_database(path: Path, dataset: Dataset) -> int:
    """Write `dataset` as a pohang database file; returns its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = storage.encode_dataset(dataset)
    storage.atomic_write_bytes(path, payload)
    return len(payload)


def documents(dataset: Dataset, kind: Kind) -> Iterator[dict[str, Any]]:
    """The stored documents of one table, as `export`/`import` carry them."""
    for record in getattr(dataset, kind.value).values():
        yield storage.record_to_doc(kind, record)


def taskwarrior_tasks(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """`count` Taskwarrior tasks shaped like the milestones (project, due, status, tags, annotation)."""
    rng = random.Random(seed)
    base = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for n in range(1, count + 1):
        entry = base + dt.timedelta(minutes=7 * n)
        task: dict[str, Any] = {
            "uuid": f"{rng.getrandbits(32):08x}-{n % 65536:04x}-4{n % 4096:03x}-8{rng.getrandbits(12):03x}-{n:012x}",
            "description": f"{TITLES[n % len(TITLES)]} {n}",
            "entry": entry.strftime("%Y%m%dT%H%M%SZ"),
            "modified": entry.strftime("%Y%m%dT%H%M%SZ"),
            "project": SECTORS[n % len(SECTORS)][0],
            "status": "completed" if n % 3 == 0 else "pending",
            "due": (entry + dt.timedelta(days=rng.randrange(30, 900))).strftime("%Y%m%dT%H%M%SZ"),
            "tags": ["pohang", "milestone"],
        }
        if task["status"] == "completed":
            task["end"] = task["modified"]
        if n % 3 == 0:
            task["annotations"] = [{"entry": task["entry"], "description": NOTES[n % len(NOTES)]}]
        yield task
