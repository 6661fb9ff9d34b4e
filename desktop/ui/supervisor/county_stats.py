"""The county statistics of the workspace's packages for one 评估周期, computed by desktop/district.

No Qt here: stats_input() runs on the GUI thread (a few queries), compute() and the two writers
in a task thread. Each package the workspace keeps is read again by district.sources.load_schools
(the very function the district-stats command uses on a folder, so both give the same CVs); only
the school's current package of the period is read, so a replaced package never counts twice.
Schools the roster marks 不纳入统计 are left out as the district command does with --roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from desktop.district.progress import step
from desktop.district.roster import RosterEntry, apply_exclusions
from desktop.district.schools import SchoolRecord
from desktop.district.sources import load_schools
from desktop.district.summary import DistrictSummary, summarise
from desktop.district.whatif import WhatIf, what_ifs

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class StatsInput:
    """What a task needs: the period, the package files (roster order) and the roster."""

    period: str
    packages: tuple[Path, ...]
    roster: tuple[RosterEntry, ...]


@dataclass(frozen=True)
class CountyStats:
    """The district's summary and what-ifs, with the records and roster the writers need."""

    period: str
    summary: DistrictSummary
    whatifs: dict[str, dict[str, list[WhatIf]]]
    records: tuple[SchoolRecord, ...]
    skipped: tuple[tuple[str, str], ...]  # (file, why): packages without the yzjh checklist
    roster: tuple[RosterEntry, ...]
    packages: int

    @property
    def has_stages(self) -> bool:
        return bool(self.summary.stages)

    @property
    def source(self) -> str:
        return f"督学工作区中「{self.period}」的 {self.packages} 个提交包"


def stats_period(periods: list[str], chosen: str | None) -> str:
    """The period shown: the one chosen, else the latest one packages were sent for."""
    if chosen:
        return chosen
    return periods[-1] if periods else ""


def stats_input(ws: Any, chosen: str | None) -> StatsInput:
    """On the GUI thread: the current package of every school for the period, roster order."""
    period = stats_period(ws.periods(), chosen)
    rows = ws.school_list(period) if period else []
    packages = tuple(ws.package_path(r.submission.digest) for r in rows if r.submission is not None)
    roster = tuple(RosterEntry(s.name, s.code, s.type, s.excluded) for s in ws.roster())
    return StatsInput(period, packages, roster)


def compute(inputs: StatsInput, progress: Progress | None = None,
            is_cancelled: Cancelled | None = None) -> CountyStats:
    """Reads the packages, then summarise() and what_ifs(); raises district Cancelled."""
    records: list[SchoolRecord] = []
    skipped: list[tuple[str, str]] = []
    total = len(inputs.packages) + 1  # the last step is the statistics themselves
    for n, path in enumerate(inputs.packages):
        step(n, total, progress, is_cancelled)
        loaded = load_schools(path)
        records += loaded.records
        skipped += loaded.skipped
    records = apply_exclusions(inputs.roster, records)
    summary = summarise(records, is_cancelled=is_cancelled)
    ranked = what_ifs(summary, is_cancelled=is_cancelled)
    step(total, total, progress, is_cancelled)
    return CountyStats(inputs.period, summary, ranked, tuple(records), tuple(skipped),
                       inputs.roster, len(inputs.packages))


def best_what_ifs(stats: CountyStats, stage: str, top: int = 3) -> list[WhatIf]:
    """Per indicator the `top` schools that lower its CV most; over-limit indicators first."""
    summary = stats.summary.stages[stage]
    failing = set(summary.cv_failed)
    found: list[WhatIf] = []
    for indicator in sorted(summary.spreads, key=lambda i: (i not in failing, i)):
        ranked = [w for w in stats.whatifs.get(stage, {}).get(indicator, []) if w.decrease > Decimal(0)]
        found += ranked[:top]
    return found


def write_summary_workbook(stats: CountyStats, out: Path) -> Path:
    """导出汇总表: the district's consolidated workbook (汇总表, 差异系数, 未提交学校)."""
    from desktop.district.workbook import write_workbook
    return write_workbook(out, stats.summary, None, list(stats.roster) or None, stats.records,
                          (stats.period,) if stats.period else ())


def write_county_report(stats: CountyStats, out: Path, county: str = "") -> Path:
    """导出区县报告: the district PDF; FontError when no Chinese font can be embedded."""
    from desktop.district.pdf import DistrictReport, write_pdf
    report = DistrictReport(stats.summary, stats.whatifs, None, list(stats.roster) or None,
                            stats.records, county=county.strip(), source=stats.source,
                            periods=(stats.period,) if stats.period else ())
    return write_pdf(out, report)
