"""Build the bundled sample database, `sample_db.json`, from the checked facts of the seed fact sheet.

Every record carries the source URL of the fact it states, copied exactly from the fact sheet
(`facts.md`), and a note naming the row it comes from (BAT-03, ACT-18, C-1, ...) with any caveat.
Rules kept here:

- nothing enters that the fact sheet does not back; rows marked NOT VERIFIED stay out;
- conflicting figures are kept apart (separate indicators, bases or target revisions), never averaged;
- a target moved to a later deadline keeps its earlier version as a superseded target and a revision;
- dates keep the precision the source gives (day, month or year).

Usage:
    python tools/build_sample.py [OUTPUT]    # OUTPUT defaults to sample_db.json at the repository root
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Container, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from pohang_cli import storage  # noqa: E402
from pohang_cli.dates import PartialDate  # noqa: E402
from pohang_cli.models import (  # noqa: E402
    Dataset,
    Direction,
    Indicator,
    IndicatorKind,
    Milestone,
    MilestoneStatus,
    Observation,
    Sector,
    Target,
    TargetRevision,
    observation_id,
    target_id,
)

DEFAULT_OUTPUT = ROOT / "sample_db.json"

# ---------------------------------------------------------------------------------------------------
# Sources, copied exactly from facts.md (the row ids that use each are in the comments)

# §1: the article (Segye, 2023-09-27) and its re-runs of 2023-10-03
SEGYE = "https://m.segye.com/ampView/20230927521017"
KUKINEWS_RERUN = "https://kukinews.com/article/view/kuk202310020018"  # BAT-09
YEONGNAM_RERUN = "https://m.yeongnam.com/view.php?key=20231003010000140"  # BAT-07, BAT-08

# Secondary battery
ETODAY_COMPLEX = "https://m.etoday.co.kr/view.php?idxno=2267939&trc=m_view_joinnews"  # BAT-01, ACT-05, ACT-14
ETNEWS_EXCELLENT_ZONE = "https://m.etnews.com/20230802000163"  # BAT-02, ACT-13
NEWSPIM_REPORT_MEETING = "https://newspim.com/news/view/20230911001065"  # BAT-10
KUKINEWS_2030_TARGETS = "http://kukinews.com/newsView/kuk202309110229"  # ACT-17
DONGA_CATHODE_2022 = "https://donga.com/news/Economy/article/all/20230417/118871315/1"  # ACT-01
HANKYUNG_CATHODE_PLAN = "https://www.hankyung.com/article/2023031514081"  # ACT-04
ETNEWS_ZONE_2022_07 = "https://m.etnews.com/20220706000133"  # ACT-07
YNA_ZONE_2022_12 = "https://www.yna.co.kr/view/AKR20221206113200053"  # ACT-08
MAEIL_ZONE_2023_06 = "https://www.imaeil.com/page/view/2023062910115193256"  # ACT-09
SMARTFN_ZONE_MOU = "https://www.smartfn.co.kr/article/view/sfn202308030035"  # ACT-10
GYEONGSANGTODAY_ZONE_MOU = "https://www.gyeongsangtoday.com/news/view.php?idx=208570"  # ACT-10
HANKYUNG_ZONE_MOU = "https://www.hankyung.com/article/202302079561Y"  # ACT-11
DGPRESS_ZONE_DESIGNATION = "http://www.dgpress.kr/news/articleView.html?idxno=775"  # ACT-12
HANKYUNG_INVESTMENT_2023 = "https://hankyung.com/article/2023122133051"  # ACT-18
MAEIL_INNOVATION_ZONE = "https://www.imaeil.com/page/view/2023122817334181422"  # ACT-20
SEGYE_INNOVATION_ZONE_RETRY = "https://www.segye.com/newsView/20240212507638?OutUrl=google"  # ACT-20
KOREA_KR_INNOVATION_ZONE_2024 = "https://korea.kr/news/policyNewsView.do?newsId=148937163"  # ACT-20

# Hydrogen
NEWSIS_CLUSTER = "https://newsis.com/view/NISX20230720_0002384323?id=NISX20230720_0002384323"  # H2-01, ACT-30
KMIB_HYDROGEN = "https://www.kmib.co.kr/article/view_amp.asp?arcid=0018597055"  # H2-01, H2-03
HANKYUNG_HYDROGEN_CITY = "https://hankyung.com/article/202209266454Y"  # H2-02, ACT-15
YEONGNAM_HYDROGEN_CITY_PLAN = "https://www.yeongnam.com/web/view.php?key=20231214010002032"  # ACT-15
YEONGNAM_VISION = "https://www.yeongnam.com/web/view.php?key=20230925010003123"  # H2-06
PRESSIAN_COUNCIL = "https://pressian.com/pages/articles/2023082201201665340"  # ACT-32
DAUM_COUNCIL = "https://v.daum.net/v/20230821162815943"  # ACT-32
HANKYUNG_CLUSTER_MOUS = "https://www.hankyung.com/article/202404151224Y"  # ACT-34
SEDAILY_CLUSTER_MOUS = "https://m.sedaily.com/NewsViewAmp/2D7X7JTJVY"  # ACT-34
KUKINEWS_HYDROGEN_COMPLEX = "https://kukinews.com/article/view/kuk202411010081"  # ACT-36
NOCUTNEWS_HYDROGEN_2035 = "https://mph.nocutnews.co.kr/news/6373896"  # ACT-37

# Bio
MAEIL_BIO_IRC = "https://m.imaeil.com/page/view/2023092510580909290"  # BIO-01, ACT-22
HANKYUNG_BIO_IRC_OPENING = "https://www.hankyung.com/article/202311288766Y"  # ACT-22
NEWS1_MEMBRANE_PROTEIN = "https://m.news1.kr/photos/details/?4992725?view=m"  # BIO-02
SEDAILY_GREEN_VACCINE = "https://sedaily.com/NewsView/263FUDMXQ4"  # BIO-03
YEONGNAM_MEDICAL_VISION_2022 = "https://www.yeongnam.com/web/view.php?key=20220619010002285"  # BIO-05
MAEIL_MEDICAL_SCHOOL_2024 = "https://www.imaeil.com/page/view/2024031716014598370"  # ACT-24
NSP_BIO_COMPLEX = "https://amp.nspna.com/country/?cid=7003&mode=view&newsid=705926"  # ACT-21
SMNEWS_GREEN_BIO = "https://www.smnews.co.kr/default/index_view_page.php?idx=236668&part_idx=1"  # ACT-26
MAEIL_GREEN_BIO_2025 = "https://www.imaeil.com/page/view/2025060515380476251"  # ACT-26

# Steel & new materials
SBJ_STEEL_PROGRAMME = "http://sbj119.co.kr/news/view.php?no=22891"  # ACT-41
YEONGNAM_METAL_CENTRE = "https://www.yeongnam.com/web/view.php?key=20221128010003770"  # STL-02, ACT-40

# Future technology
JEONMAE_DATACENTER = "https://www.jeonmae.co.kr/news/articleView.html?idxno=980364"  # FUT-01, ACT-50
ETODAY_DATACENTER = "https://web2.etoday.co.kr/news/view/2282269?trc=view_joinnews"  # ACT-50

# ---------------------------------------------------------------------------------------------------
# Quantities and dates, written the way the sources write them


def krw(jo: int = 0, eok: int = 0) -> float:
    """Won from Korean myriad units: krw(1, 6908) is 1조 6908억 원."""
    return float(jo * 10**12 + eok * 10**8)


def man(count: int, rest: int = 0) -> float:
    """A count from 만 (10^4): man(68, 6000) is 68만6000."""
    return float(count * 10**4 + rest)


def day(year: int, month: int, day_of_month: int) -> PartialDate:
    return PartialDate.of_day(dt.date(year, month, day_of_month))


def month(year: int, month_of_year: int) -> PartialDate:
    return PartialDate.of_month(year, month_of_year)


def year(value: int) -> PartialDate:
    return PartialDate.of_year(value)


# ---------------------------------------------------------------------------------------------------
# Builder


class SampleBuilder:
    """Collects the sample's records; refuses duplicate ids, dangling references and missing sources."""

    def __init__(self) -> None:
        self.dataset = Dataset()

    def sector(self, sector: Sector) -> None:
        self._check_new(sector.id, self.dataset.sectors, sector.source)
        self.dataset.sectors[sector.id] = sector

    def indicator(self, indicator: Indicator) -> None:
        self._check_new(indicator.id, self.dataset.indicators, indicator.source)
        if indicator.sector not in self.dataset.sectors:
            raise ValueError(f"{indicator.id}: unknown sector {indicator.sector!r}")
        if not indicator.id.startswith(f"{indicator.sector}."):
            raise ValueError(f"{indicator.id}: id must start with its sector")
        if (indicator.baseline is None) != (indicator.baseline_date is None):
            raise ValueError(f"{indicator.id}: baseline and baseline_date go together")
        _check_finite(indicator.id, indicator.baseline)
        self.dataset.indicators[indicator.id] = indicator

    def target(
        self,
        indicator: str,
        value: float,
        deadline: PartialDate,
        *,
        source: str,
        note: str,
        revisions: tuple[TargetRevision, ...] = (),
        supersedes: str | None = None,
        superseded_by: str | None = None,
    ) -> None:
        record = Target(
            id=target_id(indicator, deadline),
            indicator=indicator,
            value=value,
            deadline=deadline,
            source=source,
            note=note,
            revisions=revisions,
            supersedes=supersedes,
            superseded_by=superseded_by,
        )
        self._check_new(record.id, self.dataset.targets, source)
        self._check_indicator(record.id, indicator)
        _check_finite(record.id, value)
        for revision in revisions:
            _check_finite(record.id, revision.value)
            _check_source(record.id, revision.source)
        self.dataset.targets[record.id] = record

    def observation(
        self,
        indicator: str,
        date: PartialDate,
        value: float,
        *,
        source: str,
        note: str,
        provisional: bool = False,
    ) -> None:
        record = Observation(
            id=observation_id(indicator, date),
            indicator=indicator,
            date=date,
            value=value,
            source=source,
            note=note,
            provisional=provisional,
        )
        self._check_new(record.id, self.dataset.observations, source)
        self._check_indicator(record.id, indicator)
        _check_finite(record.id, value)
        self.dataset.observations[record.id] = record

    def milestone(
        self,
        sector: str,
        title: str,
        title_en: str,
        status: MilestoneStatus,
        *,
        source: str,
        note: str,
        date: PartialDate | None = None,
        due: PartialDate | None = None,
    ) -> None:
        """Add a milestone with the next free id (ids follow the order of the calls)."""
        milestone_id = self.dataset.next_milestone_id
        _check_source(f"milestone {milestone_id}", source)
        if sector not in self.dataset.sectors:
            raise ValueError(f"milestone {milestone_id}: unknown sector {sector!r}")
        self.dataset.milestones[milestone_id] = Milestone(
            id=milestone_id,
            sector=sector,
            title=title,
            status=status,
            title_en=title_en,
            date=date,
            due=due,
            source=source,
            note=note,
        )
        self.dataset.next_milestone_id = milestone_id + 1

    def finish(self) -> Dataset:
        """The dataset, once every supersedes/superseded_by link is checked to point both ways."""
        targets = self.dataset.targets
        for target in targets.values():
            if target.superseded_by is not None:
                newer = targets.get(target.superseded_by)
                if newer is None or newer.supersedes != target.id:
                    raise ValueError(f"{target.id}: superseded_by {target.superseded_by!r} does not link back")
            if target.supersedes is not None:
                older = targets.get(target.supersedes)
                if older is None or older.superseded_by != target.id:
                    raise ValueError(f"{target.id}: supersedes {target.supersedes!r} does not link back")
        return self.dataset

    def _check_indicator(self, record_id: str, indicator: str) -> None:
        if indicator not in self.dataset.indicators:
            raise ValueError(f"{record_id}: unknown indicator {indicator!r}")

    @staticmethod
    def _check_new(record_id: str, table: Container[str], source: str | None) -> None:
        if record_id in table:
            raise ValueError(f"duplicate id {record_id!r}")
        _check_source(record_id, source)


def _check_source(record_id: str, source: str | None) -> None:
    if not source or not source.startswith(("http://", "https://")):
        raise ValueError(f"{record_id}: every record needs a source URL")


def _check_finite(record_id: str, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{record_id}: value {value!r} is not a finite number")


# ---------------------------------------------------------------------------------------------------
# 이차전지 — secondary batteries


def add_battery(db: SampleBuilder) -> None:
    """The battery section of the article (BAT-01 to BAT-10) and the reports on it (ACT-01 to ACT-20)."""
    db.sector(
        Sector(
            id="battery",
            name_ko="이차전지",
            name_en="Secondary batteries",
            order=1,
            source=SEGYE,
            note="One of the 5 new-growth core industries of the 2023-09-27 article (BAT-01 to BAT-10).",
        )
    )

    # Investment: three figures on three bases (C-1, C-6), each its own indicator, never merged.
    db.indicator(
        Indicator(
            id="battery.investment",
            sector="battery",
            name_ko="이차전지 투자 유치 (MOU 기준)",
            name_en="Secondary-battery investment attracted (MOU basis)",
            unit="KRW",
            baseline=0.0,
            baseline_date=year(2022),
            direction=Direction.INCREASE,
            kind=IndicatorKind.CUMULATIVE,
            basis="mou",
            source=SEGYE,
            note=(
                "The city's running total of battery investment attracted (투자 유치), counted from 2023: "
                "the baseline 0 at 2022 marks where the count starts, as ACT-18 reports 2023 as a year "
                "of its own. The sources give no split into MOU and executed amounts; the series is kept "
                "on the MOU basis and never mixed with executed figures. C-1: the government's 12.1조 for "
                "the specialised complex is battery.complex-investment."
            ),
        )
    )
    db.target(
        "battery.investment",
        krw(14),
        year(2027),
        source=SEGYE,
        note=(
            "BAT-03: '2027년까지 14조 원의 투자 유치가 예정'; reaffirmed as the 2027 battery pipeline by "
            "Hankyung on 2023-12-21 (ACT-18, https://hankyung.com/article/2023122133051). C-1: Segye ties "
            "the 14조 to the regulation-free zone, Yeongnam (2023-10-03) to the specialised complex."
        ),
    )
    db.observation(
        "battery.investment",
        year(2023),
        krw(5, 6000),
        source=HANKYUNG_INVESTMENT_2023,
        provisional=True,
        note=(
            "ACT-18: battery share (5조 6000억 원) of the 7조 4000억 원 Pohang attracted in 2023. Reported "
            "on 2023-12-21, before the year closed, and no final 2023 figure is verified, so it is "
            "marked provisional until one is."
        ),
    )

    db.indicator(
        Indicator(
            id="battery.complex-investment",
            sector="battery",
            name_ko="이차전지 특화단지 민간투자 (정부 지정 계획)",
            name_en="Battery specialised-complex private investment (government designation plan)",
            unit="KRW",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.CUMULATIVE,
            basis="government-plan",
            source=ETODAY_COMPLEX,
            note=(
                "ACT-05 / C-1: the government's figure at the 2023-07-20 designation, kept apart from the "
                "city's 14조 (battery.investment). No baseline: the designation does not say from when "
                "the 12.1조 is counted, so 0 at the designation date would be an assumption. No "
                "observation on this basis has been reported."
            ),
        )
    )
    db.target(
        "battery.complex-investment",
        krw(12, 1000),
        year(2027),
        source=ETODAY_COMPLEX,
        note=(
            "ACT-05: the designation basis quotes 12조 1000억 원 of private investment in the Pohang "
            "complex by 2027, with a cathode hub of at least 70만 t a year."
        ),
    )

    db.indicator(
        Indicator(
            id="battery.zone-investment",
            sector="battery",
            name_ko="배터리 규제자유특구 투자 유치 (보도 기준)",
            name_en="Battery regulation-free zone investment (as reported)",
            unit="KRW",
            baseline=0.0,
            baseline_date=day(2019, 7, 23),
            direction=Direction.INCREASE,
            kind=IndicatorKind.CUMULATIVE,
            basis="reported",
            source=DGPRESS_ZONE_DESIGNATION,
            note=(
                "Running total since the zone was designated (ACT-12: decided by the 규제자유특구위원회 on "
                "2019-07-23). Executed or basis not stated (C-6); the MOU-basis totals are "
                "battery.zone-investment-mou. The reports come from different compilers and are rounded, "
                "so the 2023-06-29 figure being below the 2022-12-06 one is not a reported decrease. No "
                "target is stated for the zone."
            ),
        )
    )
    db.observation(
        "battery.zone-investment",
        day(2022, 7, 6),
        krw(1, 6908),
        source=ETNEWS_ZONE_2022_07,
        note=(
            "ACT-07: 3 years after designation, 1조 6908억 원 from 40 companies with 1,378 new jobs; "
            "basis not stated (likely executed)."
        ),
    )
    db.observation(
        "battery.zone-investment",
        day(2022, 12, 6),
        krw(1, 8000),
        source=YNA_ZONE_2022_12,
        note=(
            "ACT-08: 'about 1조 8천억 원' of private investment (rounded); also Kyongbuk Maeil "
            "2022-12-26 (https://www.kbmaeil.com/article/202212260351248)."
        ),
    )
    db.observation(
        "battery.zone-investment",
        day(2023, 6, 29),
        krw(1, 6591),
        source=MAEIL_ZONE_2023_06,
        note=(
            "ACT-09: Gyeongbuk Technopark figure after about 4 years. Below ACT-08's rounded "
            "'about 1.8조' from another compiler; both kept as reported, not averaged."
        ),
    )

    db.indicator(
        Indicator(
            id="battery.zone-investment-mou",
            sector="battery",
            name_ko="배터리 규제자유특구 투자 유치 (MOU 기준)",
            name_en="Battery regulation-free zone investment (MOU basis)",
            unit="KRW",
            baseline=0.0,
            baseline_date=day(2019, 7, 23),
            direction=Direction.INCREASE,
            kind=IndicatorKind.CUMULATIVE,
            basis="mou",
            source=DGPRESS_ZONE_DESIGNATION,
            note=(
                "MOU-basis running total since the 2019-07-23 designation (ACT-12). MOU amounts are not "
                "executed investment: never mixed with battery.zone-investment (C-6). No target."
            ),
        )
    )
    db.observation(
        "battery.zone-investment-mou",
        day(2023, 2, 7),
        krw(4, 1697),
        source=HANKYUNG_ZONE_MOU,
        note=(
            "ACT-11: battery investment since the 2019 designation, MOU basis. Scope as reported: the "
            "영일만 and 블루밸리 industrial complexes, not named as the zone itself."
        ),
    )
    db.observation(
        "battery.zone-investment-mou",
        day(2023, 8, 3),
        krw(5, 9000),
        source=SMARTFN_ZONE_MOU,
        note=(
            "ACT-10: Gyeongbuk figure for the zone on MOU basis, 'about 5조 9000억 원' (rounded); also "
            f"경상투데이 ({GYEONGSANGTODAY_ZONE_MOU}). Not executed investment."
        ),
    )

    # Cathode output, sales, jobs and rank: the 2030 goals of the article and the 2023-09-11 meeting.
    db.indicator(
        Indicator(
            id="battery.cathode-output",
            sector="battery",
            name_ko="양극재 생산량",
            name_en="Cathode-material output",
            unit="t",
            baseline=man(15),
            baseline_date=year(2022),
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=DONGA_CATHODE_2022,
            note=(
                "ACT-01: Pohang's cathode-material production in 2022, 15만 t, No. 1 in Korea (Donga, "
                "2023-04-18). No city-wide figure after 2022 is verified (ACT-06). EcoPro's output and "
                "capacity (ACT-02, ACT-03) are one company's, not the city's, and are not used as actuals."
            ),
        )
    )
    db.target(
        "battery.cathode-output",
        man(68, 6000),
        year(2025),
        source=HANKYUNG_CATHODE_PLAN,
        note=(
            "ACT-04: Pohang's planned cathode ramp, about 68만6000 t in 2025 (plan filed 2023-02, "
            "reported 2023-03-15). A plan figure, not an actual."
        ),
    )
    db.target(
        "battery.cathode-output",
        man(100),
        year(2030),
        source=YEONGNAM_RERUN,
        note=(
            "BAT-07: '2030년까지 핵심소재 양극재 분야 100만t 생산'. The Segye excerpt stops at '2030년까'; "
            "the full sentence is in the 2023-10-03 re-runs (Yeongnam, smnews). First announced at the "
            "2023-09-11 meeting (ACT-17)."
        ),
    )

    db.indicator(
        Indicator(
            id="battery.cathode-sales",
            sector="battery",
            name_ko="양극재 매출",
            name_en="Cathode-material sales",
            unit="KRW",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=YEONGNAM_RERUN,
            note=(
                "BAT-08 / C-2: sales of the cathode sector; the at-least-100조 total for battery materials "
                "is battery.materials-sales. No verified baseline: ACT-19 (5조 in 2022) is low-confidence "
                "and covers the battery industry, not cathodes."
            ),
        )
    )
    db.target(
        "battery.cathode-sales",
        krw(70),
        year(2030),
        source=YEONGNAM_RERUN,
        note=(
            "BAT-08: '매출 70조 원' by 2030, in the 2023-10-03 re-runs (Yeongnam, smnews); also stated at "
            "the 2023-09-11 meeting (ACT-17)."
        ),
    )

    db.indicator(
        Indicator(
            id="battery.materials-sales",
            sector="battery",
            name_ko="배터리 소재 총매출",
            name_en="Total battery-materials sales",
            unit="KRW",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=KUKINEWS_2030_TARGETS,
            note=(
                "ACT-17 / C-2: on 2023-09-11 the city set two separate 2030 sales goals, 70조 for "
                "cathodes (battery.cathode-sales) and at least 100조 for battery materials as a whole. "
                "Hankyung (2023-12-21) reports '매출 100조원' as the single 2030 target. No verified "
                "baseline."
            ),
        )
    )
    db.target(
        "battery.materials-sales",
        krw(100),
        year(2030),
        source=KUKINEWS_2030_TARGETS,
        note="ACT-17: battery-materials total sales of at least 100조 원 by 2030 (2023-09-11 meeting).",
    )

    db.indicator(
        Indicator(
            id="battery.jobs",
            sector="battery",
            name_ko="이차전지 일자리",
            name_en="Secondary-battery jobs",
            unit="jobs",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=KUKINEWS_2030_TARGETS,
            note=(
                "ACT-17: the jobs goal of the 2023-09-11 meeting. The fact sheet does not say whether it "
                "counts new jobs or total employment, and no baseline is verified."
            ),
        )
    )
    db.target(
        "battery.jobs",
        15000.0,
        year(2030),
        source=KUKINEWS_2030_TARGETS,
        note="ACT-17: 15,000 jobs by 2030 (2023-09-11 meeting).",
    )

    db.indicator(
        Indicator(
            id="battery.cathode-rank",
            sector="battery",
            name_ko="양극재 세계 순위",
            name_en="World rank in cathode materials",
            unit="rank",
            baseline=None,
            baseline_date=None,
            direction=Direction.DECREASE,
            kind=IndicatorKind.LEVEL,
            source=KUKINEWS_RERUN,
            note=(
                "BAT-09: a lower rank is better. No verified world ranking of Pohang to start from "
                "(ACT-01's 'No. 1 in Korea' is a national rank)."
            ),
        )
    )
    db.target(
        "battery.cathode-rank",
        1.0,
        year(2030),
        source=KUKINEWS_RERUN,
        note="BAT-09: '2030년까지 … 양극재 세계 1위 도시' (Kukinews re-run, 2023-10-03).",
    )

    # Milestones: the done ones in date order, then the article's plans.
    db.milestone(
        "battery",
        "배터리 규제자유특구 지정",
        "Battery regulation-free zone designated",
        MilestoneStatus.DONE,
        date=day(2019, 7, 23),
        source=DGPRESS_ZONE_DESIGNATION,
        note=(
            "ACT-12: 경북 차세대 배터리 리사이클링 규제자유특구, decided by the 규제자유특구위원회 on "
            "2019-07-23 and widely reported on 2019-07-24. A 2023 report gives '2019년 8월', probably "
            "when the designation took effect. The demonstration period ended 2023-08-08."
        ),
    )
    db.milestone(
        "battery",
        "이차전지 특화단지 지정",
        "Designated a secondary-battery specialised complex (national advanced strategic industry)",
        MilestoneStatus.DONE,
        date=day(2023, 7, 20),
        source=ETODAY_COMPLEX,
        note=(
            "BAT-01 / ACT-14: the article says '지난 7월'; the day is from the 3rd 첨단전략산업위원회 "
            "(etoday, 2023-07-20)."
        ),
    )
    db.milestone(
        "battery",
        "배터리 규제자유특구 4년 연속 우수특구 지정",
        "Battery regulation-free zone rated an excellent zone 4 years running",
        MilestoneStatus.DONE,
        date=day(2023, 8, 2),
        source=ETNEWS_EXCELLENT_ZONE,
        note=(
            "BAT-02 / ACT-13: 11th 규제자유특구위원회 on 2023-08-02, evaluation years 2020-2023, the only "
            "zone in Korea so rated; Gyeongbuk's release followed on 2023-08-03."
        ),
    )
    db.milestone(
        "battery",
        "2050 전지보국 대 시민 보고회 개최",
        "2050 Battery-for-the-Nation citizens' report meeting held",
        MilestoneStatus.DONE,
        date=day(2023, 9, 11),
        source=NEWSPIM_REPORT_MEETING,
        note=(
            "BAT-10: at the Pohang Culture & Arts Center main hall, about 1,000 attendees; the 2030 "
            "goals of ACT-17 were announced there."
        ),
    )
    db.milestone(
        "battery",
        "배터리 글로벌 혁신특구 지정",
        "Designation as a battery global innovation zone",
        MilestoneStatus.CANCELLED,
        date=day(2023, 12, 28),
        source=MAEIL_INNOVATION_ZONE,
        note=(
            "BAT-05 / ACT-20: not selected on 2023-12-28 (Busan, Gangwon, Chungbuk and Jeonnam were). "
            f"A re-application was planned in 2024-02 ({SEGYE_INNOVATION_ZONE_RETRY}); the 2024-12-08 "
            f"round chose Daegu, Daejeon and Gyeongnam ({KOREA_KR_INNOVATION_ZONE_2024}), so Pohang was "
            "still not designated as of 2024-12. Later status NOT VERIFIED."
        ),
    )
    db.milestone(
        "battery",
        "특화단지 후속 세부 대책 추진 (핵심 인프라 구축·혁신 인재 양성·지속 가능 생태계 조성)",
        "Follow-up measures for the complex: core infrastructure, talent, sustainable ecosystem",
        MilestoneStatus.UNKNOWN,
        source=SEGYE,
        note="BAT-04: no date in the article and no report of the outcome in the fact sheet.",
    )
    db.milestone(
        "battery",
        "글로벌 이차전지 연구센터 건립",
        "Build a global secondary-battery research centre",
        MilestoneStatus.UNKNOWN,
        source=SEGYE,
        note=(
            "BAT-06: named in the article only; no plan date, budget or outcome found (NOT VERIFIED "
            "beyond the article)."
        ),
    )


# ---------------------------------------------------------------------------------------------------
# 수소 — hydrogen


def add_hydrogen(db: SampleBuilder) -> None:
    """The hydrogen section of the article (H2-01 to H2-06) and its reports (ACT-15, ACT-30 to ACT-37)."""
    db.sector(
        Sector(
            id="hydrogen",
            name_ko="수소",
            name_en="Hydrogen",
            order=2,
            source=SEGYE,
            note="One of the 5 new-growth core industries of the 2023-09-27 article (H2-01 to H2-06).",
        )
    )

    # C-3: the 2030 goals were moved to 2035; the 2030 versions stay as superseded targets.
    db.indicator(
        Indicator(
            id="hydrogen.companies",
            sector="hydrogen",
            name_ko="수소기업 유치",
            name_en="Hydrogen companies attracted",
            unit="companies",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=KMIB_HYDROGEN,
            note=(
                "The number of hydrogen companies in Pohang. No baseline: no count of those already "
                "located there is verified (ACT-35 NOT VERIFIED). Programme counts (30 letters of intent "
                "ACT-31, 7 pre-specialist firms ACT-33, the 30-firm cluster council ACT-34) are not a "
                "census and are not used as actuals. C-3: the deadline moved from 2030 to 2035."
            ),
        )
    )
    db.target(
        "hydrogen.companies",
        70.0,
        year(2030),
        source=KMIB_HYDROGEN,
        superseded_by="hydrogen.companies@2035",
        note=(
            "H2-03: '2030년까지 수소기업 70개사 유치' in the article (cut off in the archived Segye excerpt) "
            "and in KMIB 2023-08-24. Superseded by the 2035 version (ACT-36, C-3)."
        ),
    )
    db.target(
        "hydrogen.companies",
        70.0,
        year(2035),
        source=KUKINEWS_HYDROGEN_COMPLEX,
        supersedes="hydrogen.companies@2030",
        revisions=(
            TargetRevision(
                value=70.0,
                deadline=year(2030),
                date=day(2024, 11, 1),
                reason="retargeted to 2035 at the hydrogen specialised-complex designation",
                source=KUKINEWS_HYDROGEN_COMPLEX,
                note="C-3: the 2030 version is hydrogen.companies@2030 (article; KMIB 2023-08-24).",
            ),
        ),
        note=(
            "ACT-36: the 수소·연료전지 특화단지 designated on 2024-11-01 targets 70 hydrogen firms by 2035 "
            "(with 20 small champion firms and 100% local parts); restated in ACT-37."
        ),
    )

    db.indicator(
        Indicator(
            id="hydrogen.sales",
            sector="hydrogen",
            name_ko="수소산업 매출",
            name_en="Hydrogen-industry sales",
            unit="KRW",
            baseline=None,
            baseline_date=None,
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=SEGYE,
            note=(
                "Annual sales of Pohang's hydrogen industry (ACT-37 speaks of annual sales). No verified "
                "baseline. C-3: the deadline moved from 2030 to 2035."
            ),
        )
    )
    db.target(
        "hydrogen.sales",
        krw(1),
        year(2030),
        source=SEGYE,
        superseded_by="hydrogen.sales@2035",
        note="H2-04: '매출 1조 원 달성' by 2030 in the article. Superseded by the 2035 version (ACT-37, C-3).",
    )
    db.target(
        "hydrogen.sales",
        krw(1),
        year(2035),
        source=NOCUTNEWS_HYDROGEN_2035,
        supersedes="hydrogen.sales@2030",
        revisions=(
            TargetRevision(
                value=krw(1),
                deadline=year(2030),
                date=None,
                reason=(
                    "retargeted to 2035 after the hydrogen specialised-complex designation (2024-11); "
                    "the date of the restatement is not verified"
                ),
                source=NOCUTNEWS_HYDROGEN_2035,
                note="C-3: the 2030 version is hydrogen.sales@2030 (article, H2-04).",
            ),
        ),
        note=(
            "ACT-37: by 2035, 70 firms, annual sales of 1조 원 and 1,000 youth jobs. The report's date is "
            "NOT VERIFIED (after 2024-11), so the revision carries no date."
        ),
    )

    db.milestone(
        "hydrogen",
        "국토부 수소도시 조성사업 선정",
        "Selected for MOLIT's Hydrogen City programme",
        MilestoneStatus.DONE,
        date=month(2022, 8),
        source=HANKYUNG_HYDROGEN_CITY,
        note=(
            "H2-02 / ACT-15: selected at the end of August 2022 ('지난달 말' in the report of "
            "2022-09-26); the article gives no date."
        ),
    )
    db.milestone(
        "hydrogen",
        "수소연료전지 클러스터 예비타당성조사 통과",
        "Hydrogen fuel-cell cluster passed the preliminary feasibility study",
        MilestoneStatus.DONE,
        date=day(2023, 7, 20),
        source=NEWSIS_CLUSTER,
        note=(
            "H2-01 / ACT-30: 재정사업평가위원회 on 2023-07-20, the only one nationwide; 1,918억 원 "
            "(국비 627억, 지방비 670억, 민자 621억) on 28만 240㎡ in the 블루밸리 national industrial "
            f"complex. Also KMIB 2023-08-24 ({KMIB_HYDROGEN})."
        ),
    )
    db.milestone(
        "hydrogen",
        "수소산업협의체 출범",
        "Hydrogen industry council launched",
        MilestoneStatus.DONE,
        date=day(2023, 8, 21),
        source=PRESSIAN_COUNCIL,
        note=(
            "ACT-32: members conflict; Pressian says 16 companies and universities take part, a Daum "
            f"copy ({DAUM_COUNCIL}) says 20 members were appointed. Neither count is preferred."
        ),
    )
    db.milestone(
        "hydrogen",
        "지방시대 주도 수소 경제 대전환 비전 선포식",
        "Hydrogen-economy transformation vision ceremony held",
        MilestoneStatus.DONE,
        date=day(2023, 9, 25),
        source=YEONGNAM_VISION,
        note=(
            "H2-06: with Gyeongbuk Province and Pohang Technopark at the POSCO International Center; "
            "the event marked the 예타 pass. The province's own goals announced there (ACT-16) are "
            "province-wide and not entered for Pohang."
        ),
    )
    db.milestone(
        "hydrogen",
        "수소연료전지 클러스터 입주기업 협의회 구성 및 5개사 투자 협약",
        "Cluster companies' council formed; 5 investment MOUs signed",
        MilestoneStatus.DONE,
        date=day(2024, 4, 15),
        source=HANKYUNG_CLUSTER_MOUS,
        note=(
            "ACT-34: council of 30 firms; the 5 MOUs total 1,150억 원 (Yonhap via Hankyung) or 1,200억 원 "
            f"(Seoul Economic, {SEDAILY_CLUSTER_MOUS}); the amounts conflict and are not averaged. "
            "Signing completes the MOU milestone, not the investment."
        ),
    )
    db.milestone(
        "hydrogen",
        "수소·연료전지 특화단지 지정",
        "Hydrogen & fuel-cell specialised complex designated",
        MilestoneStatus.DONE,
        date=day(2024, 11, 1),
        source=KUKINEWS_HYDROGEN_COMPLEX,
        note=(
            "ACT-36: designated by the 수소경제위원회, Korea's first; the 70-firm goal was dated 2035 "
            "(see hydrogen.companies@2035)."
        ),
    )
    db.milestone(
        "hydrogen",
        "국토부 수소도시 조성사업 (2023~2026)",
        "MOLIT Hydrogen City project, 2023-2026",
        MilestoneStatus.IN_PROGRESS,
        due=year(2026),
        source=HANKYUNG_HYDROGEN_CITY,
        note=(
            "H2-02 / ACT-15: 416억 원 (국비 200억), 2023-2026; plan of a 15.4 km pipeline, 3 charging "
            "stations, 4 buses and 940 kW of residential fuel cells. The December 2023 master plan "
            f"changed the pipeline to 16.7 km ({YEONGNAM_HYDROGEN_CITY_PLAN}). No completion reported."
        ),
    )
    db.milestone(
        "hydrogen",
        "수소연료전지 클러스터 조성 (2024~2028)",
        "Hydrogen fuel-cell cluster construction, 2024-2028",
        MilestoneStatus.IN_PROGRESS,
        due=year(2028),
        source=NEWSIS_CLUSTER,
        note=(
            "C-4: end year conflicts. Newsis (MOTIE, 2023-07-20) says '내년부터 5년', i.e. 2024-2028, and "
            "Yonhap (2024-04-15) '2024년부터 5년간'; a Gyeongbuk release says '2027년까지'. 2028 is kept "
            "as the due year."
        ),
    )


# ---------------------------------------------------------------------------------------------------
# 바이오 — bio


def add_bio(db: SampleBuilder) -> None:
    """The bio section of the article (BIO-01 to BIO-07) and the reports on it (ACT-21 to ACT-26)."""
    db.sector(
        Sector(
            id="bio",
            name_ko="바이오",
            name_en="Bio",
            order=3,
            source=SEGYE,
            note="One of the 5 new-growth core industries of the 2023-09-27 article (BIO-01 to BIO-07).",
        )
    )

    db.milestone(
        "bio",
        "세포막단백질연구소 준공",
        "Membrane Protein Research Institute completed",
        MilestoneStatus.DONE,
        date=day(2021, 9, 29),
        source=NEWS1_MEMBRANE_PROTEIN,
        note="BIO-02: infrastructure named in the article; 458억 원; completion ceremony 2021-09-29.",
    )
    db.milestone(
        "bio",
        "그린백신실증지원센터 개소",
        "Green Vaccine Demonstration Support Center opened",
        MilestoneStatus.DONE,
        date=day(2022, 3, 16),
        source=SEDAILY_GREEN_VACCINE,
        note=(
            "BIO-03: existing infrastructure named in the article; 177억 원; ceremony 2022-03-16, "
            "operating from March 2022."
        ),
    )
    db.milestone(
        "bio",
        "포스텍 첨단 바이오 혁신연구센터(IRC) 선정",
        "POSTECH selected for the government's advanced-bio Innovation Research Center",
        MilestoneStatus.DONE,
        date=day(2023, 9, 25),
        source=MAEIL_BIO_IRC,
        note=(
            "BIO-01 / ACT-22: 577억 5천만 원 over 2023-09 to 2033-02, of which the government's share is "
            "487.5억 (often rounded to 488억)."
        ),
    )
    db.milestone(
        "bio",
        "포스텍 바이오 미래기술 혁신연구센터 개소",
        "POSTECH Bio Future Technology IRC opened",
        MilestoneStatus.DONE,
        date=day(2023, 11, 28),
        source=HANKYUNG_BIO_IRC_OPENING,
        note="ACT-22: opened on 2023-11-28.",
    )
    db.milestone(
        "bio",
        "바이오 국가첨단전략산업 특화단지 지정",
        "Bio specialised complex (national advanced strategic industry) designated",
        MilestoneStatus.DONE,
        date=day(2024, 6, 27),
        source=NSP_BIO_COMPLEX,
        note=(
            "BIO-06 / ACT-21: 경북 바이오·백신 complex (Pohang and Andong, 586만 ㎡), one of 5 nationwide; "
            "NSP통신 says '지난달 27일', a News1 recap of 2024-12 says '올 6월'."
        ),
    )
    db.milestone(
        "bio",
        "그린바이오 벤처캠퍼스 조성",
        "Green-Bio Venture Campus built",
        MilestoneStatus.IN_PROGRESS,
        due=month(2025, 12),
        source=MAEIL_GREEN_BIO_2025,
        note=(
            "BIO-07 / ACT-26: 350억 원 (국비 162억); construction start planned for 2024-09 and "
            f"completion expected 2025-12 ({SMNEWS_GREEN_BIO}, 2024-06-20; Maeil 2025-06-05). "
            "These are plans, not actuals; in progress as of the 2025-06-05 report."
        ),
    )
    db.milestone(
        "bio",
        "연구중심 의대·스마트병원 건립",
        "Research-oriented medical school and smart hospital established",
        MilestoneStatus.IN_PROGRESS,
        due=year(2028),
        source=YEONGNAM_MEDICAL_VISION_2022,
        note=(
            "BIO-05: the 2022-06-17 vision set 2028 for the medical school and a 900-bed hospital; the "
            "article gives no date. ACT-24: POSTECH was left out of the 2024 enrolment expansion and "
            "Gyeongbuk asked on 2024-03-14 for a new school from the 2026 academic year "
            f"({MAEIL_MEDICAL_SCHOOL_2024}); not established as far as found. Kept in_progress rather "
            "than on_hold because the latest verified report shows it still being pursued, not paused; "
            "nothing after 2024-03 is verified."
        ),
    )
    db.milestone(
        "bio",
        "글로벌 백신 허브 조성",
        "Become a global vaccine hub",
        MilestoneStatus.UNKNOWN,
        source=SEGYE,
        note="BIO-04 / ACT-25: named in the article only; no concrete programme found (NOT VERIFIED), so no dates.",
    )


# ---------------------------------------------------------------------------------------------------
# 철강신소재 — steel & new materials


def add_steel(db: SampleBuilder) -> None:
    """The steel section of the article (STL-01, STL-02) and the reports on it (ACT-40, ACT-41)."""
    db.sector(
        Sector(
            id="steel",
            name_ko="철강신소재",
            name_en="Steel & new materials",
            order=4,
            source=SEGYE,
            note="One of the 5 new-growth core industries of the 2023-09-27 article (STL-01, STL-02).",
        )
    )

    db.milestone(
        "steel",
        "철강산업 재도약 기술개발사업 착수 (1,354억 원)",
        "Steel-industry re-leap technology programme started (KRW 135.4 bn)",
        MilestoneStatus.DONE,
        date=year(2021),
        source=SBJ_STEEL_PROGRAMME,
        note=(
            "STL-01 / ACT-41: 1,354억 원 (국비 924억), 2021-2025, 23 R&D tasks; passed 예타 in 2020-06. "
            "Sedaily 2021-11-02 wrongly gives the 1,354억 as the cost of the metal technology centre."
        ),
    )
    db.milestone(
        "steel",
        "고기능금속기술센터 개소",
        "High-Function Metal Technology Center opened",
        MilestoneStatus.DONE,
        date=day(2022, 11, 28),
        source=YEONGNAM_METAL_CENTRE,
        note=(
            "STL-02 / ACT-40: building (91억 원) completed 2022-10, opening ceremony 2022-11-28; 8 kinds "
            "of test equipment (115억 원) are to be installed by 2025."
        ),
    )
    db.milestone(
        "steel",
        "철강산업 재도약 기술개발사업 완료",
        "Steel-industry re-leap technology programme completed",
        MilestoneStatus.UNKNOWN,
        due=year(2025),
        source=SBJ_STEEL_PROGRAMME,
        note="ACT-41: the programme runs 2021-2025; no report of its completion is verified.",
    )


# ---------------------------------------------------------------------------------------------------
# 미래기술 — future technology


def add_future_tech(db: SampleBuilder) -> None:
    """The future-technology section of the article (FUT-01) and the MOU behind it (ACT-50, C-5)."""
    db.sector(
        Sector(
            id="future-tech",
            name_ko="미래기술",
            name_en="Future technology",
            order=5,
            source=SEGYE,
            note="One of the 5 new-growth core industries of the 2023-09-27 article (FUT-01).",
        )
    )

    db.indicator(
        Indicator(
            id="future-tech.datacenter-capacity",
            sector="future-tech",
            name_ko="데이터센터 용량",
            name_en="Data-centre capacity",
            unit="MW",
            baseline=0.0,
            baseline_date=day(2023, 9, 8),
            direction=Direction.INCREASE,
            kind=IndicatorKind.LEVEL,
            source=JEONMAE_DATACENTER,
            note=(
                "Capacity of the global data-centre campus; 0 at the MOU of 2023-09-08, when nothing was "
                "built (FUT-01 / ACT-50)."
            ),
        )
    )
    db.target(
        "future-tech.datacenter-capacity",
        120.0,
        year(2027),
        source=ETODAY_DATACENTER,
        note=(
            "ACT-50 / C-5: 4 × 30 MW = 120 MW by 2027 is MOTIE's figure; Gyeongbuk gives completion by "
            "2028 (see the completion milestone). Not reconciled."
        ),
    )

    db.indicator(
        Indicator(
            id="future-tech.datacenter-investment",
            sector="future-tech",
            name_ko="데이터센터 캠퍼스 투자 집행",
            name_en="Data-centre campus investment executed",
            unit="KRW",
            baseline=0.0,
            baseline_date=day(2023, 9, 8),
            direction=Direction.INCREASE,
            kind=IndicatorKind.CUMULATIVE,
            basis="executed",
            source=JEONMAE_DATACENTER,
            note=(
                "FUT-01 / ACT-50: investment executed under the 2023-09-08 MOU (SK에코플랜트, DCT텔레콤, "
                "KB자산운용 with MOTIE, Gyeongbuk, Pohang, KEPCO and KICOX), counted from zero at the "
                "signing; the pledged amount is the target. No investment made under it is reported."
            ),
        )
    )
    db.target(
        "future-tech.datacenter-investment",
        krw(1, 5200),
        year(2028),
        source=JEONMAE_DATACENTER,
        note=(
            "FUT-01 / C-5: Gyeongbuk's 1조 5200억 원 with completion by 2028. MOTIE says about 1.5조 "
            "(1.2조 for the data centres and 0.3조 for the landing station) and 120 MW by 2027; the "
            "figures are not averaged."
        ),
    )

    db.milestone(
        "future-tech",
        "육양국 연계 글로벌 데이터센터 캠퍼스 조성 업무협약 체결",
        "MOU signed for a global data-centre campus linked to a submarine-cable landing station",
        MilestoneStatus.DONE,
        date=day(2023, 9, 8),
        source=JEONMAE_DATACENTER,
        note=(
            "FUT-01 / ACT-50: Korea's first such MOU, 8 parties at 경북도청 화백당; 4 × 30 MW = 120 MW, "
            "1조 5200억 원 (Gyeongbuk) or about 1.5조 (MOTIE). Signing completes the MOU milestone, not "
            "the investment."
        ),
    )
    db.milestone(
        "future-tech",
        "글로벌 데이터센터 캠퍼스 준공",
        "Global data-centre campus completed",
        MilestoneStatus.PLANNED,
        due=year(2028),
        source=JEONMAE_DATACENTER,
        note=(
            "C-5: Gyeongbuk gives completion by 2028; MOTIE gives 120 MW by 2027. Status as of the MOU: "
            "no later progress report is verified."
        ),
    )


# ---------------------------------------------------------------------------------------------------


SECTOR_BUILDERS = (add_battery, add_hydrogen, add_bio, add_steel, add_future_tech)


def build_dataset() -> Dataset:
    """The sample dataset: the five sectors in order, each with its indicators, targets and milestones."""
    db = SampleBuilder()
    for add_sector in SECTOR_BUILDERS:
        add_sector(db)
    return db.finish()


def main(argv: Sequence[str] | None = None) -> int:
    """Write the sample database file; returns the exit code."""
    parser = argparse.ArgumentParser(description="Build pohang's bundled sample database.")
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the database file (default: {DEFAULT_OUTPUT.name} at the repository root)",
    )
    args = parser.parse_args(argv)
    dataset = build_dataset()
    storage.atomic_write_bytes(args.output, storage.encode_dataset(dataset))
    print(
        f"wrote {args.output}: {len(dataset.sectors)} sectors, {len(dataset.indicators)} indicators, "
        f"{len(dataset.targets)} targets, {len(dataset.observations)} observations, "
        f"{len(dataset.milestones)} milestones",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
