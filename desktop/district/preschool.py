"""普及普惠 county metrics from the kindergarten table and the county's 3–5 岁常住人口.

public_share = 公办在园 ÷ 全部在园; inclusive_coverage = (公办 + 普惠性民办) ÷ 全部;
gross_enrolment = 在园 ÷ population; certified_rate = 持证 ÷ 专任教师;
class_size_ok_rate = (班级数 − 超额班级数) ÷ 班级数; children_per_teacher = 在园 ÷ 专任教师.
All exact Fractions, judged against the national value and, where it differs, the Guangdong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from desktop.core.errors import InputError
from desktop.core.model import Source
from desktop.core.numbers import fmt_beside
from desktop.district.kindergarten_table import Kindergarten
from desktop.district.thresholds import REGIONS, CountyThresholds, PreschoolStandard, shipped

PERCENT_METRICS = ("public_share", "inclusive_coverage", "gross_enrolment", "certified_rate",
                   "class_size_ok_rate")


@dataclass(frozen=True)
class Check:
    region: str  # "national" or "gd"
    threshold: Fraction
    passed: bool | None  # None when the metric cannot be computed
    source: Source

    @property
    def region_name(self) -> str:
        return REGIONS[self.region]


@dataclass(frozen=True)
class Metric:
    standard: PreschoolStandard
    value: Fraction | None  # None when its denominator is 0
    checks: dict[str, Check]  # "national", plus "gd" where Guangdong's value differs

    @property
    def key(self) -> str:
        return self.standard.metric

    @property
    def title(self) -> str:
        return self.standard.title

    def text(self, value: Fraction | None = None, beside: Fraction | None = None) -> str:
        """The value (or a threshold) as printed: a percent, or children per teacher."""
        value = self.value if value is None else value
        if value is None:
            return "无法计算"
        compare = self.standard.compare.value  # 1:15 is a ≤ standard: 15.001 must not read as 15
        if self.key in PERCENT_METRICS:
            near = None if beside is None else beside * 100
            return fmt_beside(value * 100, near, 1, compare=compare) + "%"
        return fmt_beside(value, beside, 2, compare=compare)

    def threshold_text(self, region: str) -> str:
        check = self.checks[region]
        return f"{self.standard.compare.symbol} {self.text(check.threshold)}"


@dataclass(frozen=True)
class PreschoolSummary:
    kindergartens: tuple[Kindergarten, ...]
    population: int
    totals: dict[str, int]
    metrics: dict[str, Metric]


def totals(kindergartens: Sequence[Kindergarten]) -> dict[str, int]:
    def total(attribute: str, nature: str = "") -> int:
        return sum(getattr(k, attribute) for k in kindergartens if not nature or k.nature == nature)
    return {
        "kindergartens": len(kindergartens),
        "children": total("children"),
        "public_children": total("children", "公办"),
        "inclusive_private_children": total("children", "普惠性民办"),
        "other_private_children": total("children", "非普惠性民办"),
        "classes": total("classes"),
        "oversized_classes": total("oversized_classes"),
        "teachers": total("teachers"),
        "certified_teachers": total("certified_teachers"),
        "caregivers": total("caregivers"),
    }


def metric_values(t: dict[str, int], population: int) -> dict[str, Fraction | None]:
    def ratio(top: int, bottom: int) -> Fraction | None:
        return Fraction(top, bottom) if bottom else None
    children = t["children"]
    return {
        "public_share": ratio(t["public_children"], children),
        "inclusive_coverage": ratio(t["public_children"] + t["inclusive_private_children"], children),
        "gross_enrolment": ratio(children, population),
        "certified_rate": ratio(t["certified_teachers"], t["teachers"]),
        "class_size_ok_rate": ratio(t["classes"] - t["oversized_classes"], t["classes"]),
        "children_per_teacher": ratio(children, t["teachers"]),
    }


def preschool_summary(kindergartens: Sequence[Kindergarten], population: int,
                      thresholds: CountyThresholds | None = None) -> PreschoolSummary:
    """The six metrics and their checks; population is the county's 3–5 岁常住人口."""
    if isinstance(population, bool) or not isinstance(population, int) or population <= 0:
        raise InputError(f"3–5 岁常住人口应为正整数，现为「{population}」", "population")
    thresholds = thresholds or shipped()
    t = totals(kindergartens)
    values = metric_values(t, population)
    metrics = {key: _metric(standard, values[key])
               for key, standard in thresholds.preschool.items()}
    return PreschoolSummary(tuple(kindergartens), population, t, metrics)


def _metric(standard: PreschoolStandard, value: Fraction | None) -> Metric:
    national = standard.targets["national"]
    checks = {}
    for region, target in standard.targets.items():
        if region != "national" and target.value == national.value:
            continue  # printed only where the local target differs from the national one
        passed = None if value is None else standard.compare.holds(value, target.value)
        checks[region] = Check(region, target.value, passed, target.source)
    return Metric(standard, value, checks)
