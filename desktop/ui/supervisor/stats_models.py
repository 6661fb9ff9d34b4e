"""Tables of the statistics page: the seven CVs of a 学段, its failing schools, the what-ifs.

Numbers are formatted as the district's outputs format them (cv_text for CVs, fmt / fmt_beside
for values), so the screen, the workbook and the PDF show the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from desktop.core.numbers import fmt, fmt_beside, fmt_fixed
from desktop.core.resources import MET, IndicatorResult, StageResult
from desktop.district.cv import cv_text
from desktop.district.schools import SchoolEvaluation
from desktop.district.summary import IndicatorSpread, StageSummary
from desktop.district.whatif import WhatIf
from desktop.ui.supervisor.table_base import (
    CENTER, GREEN, RED, RED_TEXT, RIGHT, Column, RowsTableModel,
)

CV_VERDICTS = {True: "达标", False: "超出限值", None: "无法计算"}


def _name_tip(s: IndicatorSpread) -> str:
    missing = "\n缺少数据、未计入的学校：" + "、".join(s.missing) if s.missing else ""
    return f"{s.indicator.id} {s.indicator.title}{missing}"


def _cv_columns(schools_of) -> list[Column[IndicatorSpread]]:
    def cv(s: IndicatorSpread) -> str:
        return cv_text(s.dispersion.cv, s.limit)

    def mean(s: IndicatorSpread) -> str:
        return fmt(s.dispersion.mean, 2) if s.dispersion.mean is not None else "—"

    return [
        Column("指标", lambda s: s.indicator.id, width=44),
        Column("名称", lambda s: s.indicator.title, width=250, tip=_name_tip),
        Column("标准值", lambda s: f"{fmt(s.threshold, 4)}{s.indicator.unit}", align=RIGHT, width=96,
               sort=lambda s: s.threshold),
        Column("全县均值", mean, align=RIGHT, width=80, sort=lambda s: s.dispersion.mean),
        Column("差异系数", cv, align=RIGHT, width=72, sort=lambda s: s.dispersion.cv),
        Column("限值", lambda s: f"≤ {fmt_fixed(s.limit, 2)}", align=CENTER, width=56),
        Column("结论", lambda s: CV_VERDICTS[s.within_limit], align=CENTER, width=72,
               background=lambda s: GREEN if s.within_limit else RED),
        Column("达到标准值", lambda s: f"{s.schools_met}/{schools_of()}", align=RIGHT, width=80,
               sort=lambda s: s.schools_met),
    ]


class CvTableModel(RowsTableModel[IndicatorSpread]):
    """Rows are the seven IndicatorSpreads of one 学段."""

    def __init__(self, parent: Any = None):
        self._schools = 0
        super().__init__(_cv_columns(lambda: self._schools), parent)

    def set_stage(self, stage: StageSummary | None) -> None:
        self._schools = len(stage.schools) if stage else 0
        self.set_rows(list(stage.spreads.values()) if stage else [])


@dataclass(frozen=True)
class FailingLine:
    """One unmet indicator of a school that fails the per-school rule (or why it cannot be judged)."""

    school: SchoolEvaluation
    result: StageResult
    indicator: IndicatorResult | None
    first: bool  # the school's first line: name and count are shown once

    @property
    def gap(self) -> str:
        return self.indicator.gap_text if self.indicator is not None else self.result.reason


def failing_lines(stage: StageSummary) -> list[FailingLine]:
    lines: list[FailingLine] = []
    for school in stage.failing_schools:
        result = school.stages[stage.stage]
        unmet = [r for r in result.indicators.values() if r.status == "unmet"]
        for n, r in enumerate(unmet or [None]):
            lines.append(FailingLine(school, result, r, n == 0))
    return lines


def _indicator_text(line: FailingLine) -> str:
    r = line.indicator
    return f"{r.indicator.id} {r.indicator.title}" if r is not None else ""


def _failing_columns() -> list[Column[FailingLine]]:
    def name(line: FailingLine) -> str:
        return line.school.name if line.first else ""

    def value(line: FailingLine) -> str:
        r = line.indicator
        return fmt_beside(r.value, r.threshold) if r is not None and r.value is not None else ""

    return [
        Column("学校", name, sort=lambda l: l.school.name, width=190, tip=lambda l: l.school.name),
        Column("达标项数", lambda l: f"{l.result.met_count}/{l.result.total}" if l.first else "",
               align=CENTER, width=70),
        Column("结论", lambda l: l.result.verdict if l.first else "", align=CENTER, width=64,
               foreground=lambda l: RED_TEXT if l.result.verdict != MET else None),
        Column("指标", _indicator_text, tip=_indicator_text, width=250),
        Column("实际值", value, align=RIGHT, width=80),
        Column("标准值", lambda l: fmt(l.indicator.threshold, 4) if l.indicator else "", align=RIGHT,
               width=72),
        Column("差距", lambda l: l.gap, tip=lambda l: l.gap),
    ]


class FailingTableModel(RowsTableModel[FailingLine]):
    """Schools of a 学段 that do not meet the per-school rule, a line per unmet indicator."""

    def __init__(self, parent: Any = None):
        super().__init__(_failing_columns(), parent)

    def set_stage(self, stage: StageSummary | None) -> None:
        self.set_rows(failing_lines(stage) if stage else [])


def _whatif_columns(limit_of) -> list[Column[WhatIf]]:
    def brought_within(w: WhatIf) -> bool:
        """This one school alone would bring an over-limit CV within the limit."""
        limit = limit_of()
        return w.within_after and limit is not None and w.cv_before > limit

    def after(w: WhatIf) -> str:
        return cv_text(w.cv_after, limit_of()) + ("（降到限值内）" if brought_within(w) else "")

    return [
        Column("指标", lambda w: w.indicator, width=44),
        Column("现差异系数", lambda w: cv_text(w.cv_before, limit_of()), align=RIGHT, width=84,
               sort=lambda w: w.cv_before),
        Column("学校", lambda w: w.school.name, width=190),
        Column("现值 → 标准值", lambda w: f"{fmt(w.value, 2)} → {fmt(w.raised_to, 4)}", align=RIGHT,
               width=140),
        Column("降低", lambda w: fmt_fixed(Fraction(w.decrease), 3), align=RIGHT, width=64,
               sort=lambda w: w.decrease),
        Column("补足后差异系数", after, sort=lambda w: w.cv_after,
               background=lambda w: GREEN if brought_within(w) else None),
    ]


class WhatIfTableModel(RowsTableModel[WhatIf]):
    """Schools that move a CV most when raised to the standard (desktop.district.whatif)."""

    def __init__(self, parent: Any = None):
        self._limit: Fraction | None = None
        super().__init__(_whatif_columns(lambda: self._limit), parent)

    def set_what_ifs(self, rows: list[WhatIf], limit: Fraction | None = None) -> None:
        self._limit = limit
        self.set_rows(rows)
