"""Readable Chinese text tables of the district statistics, for the command line."""

from __future__ import annotations

import unicodedata

from desktop.core.numbers import fmt, fmt_beside, fmt_fixed
from desktop.district.cv import cv_text
from desktop.district.preschool import PreschoolSummary
from desktop.district.summary import DistrictSummary, StageSummary
from desktop.district.whatif import WhatIf


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(headers), line(["─" * w for w in widths]), *(line(r) for r in rows)]


def verdict_mark(ok: bool | None) -> str:
    return {True: "达标", False: "超出限值", None: "无法计算"}[ok]


def stage_lines(stage: StageSummary) -> list[str]:
    limit = fmt_fixed(stage.limit, 2)
    head = (f"【{stage.name}】参与统计 {len(stage.schools)} 所，资源配置达标 {stage.schools_met} 所；"
            f"差异系数限值 ≤ {limit}：" + ("七项均达标" if stage.passed else
                                         "未达标（" + "、".join(stage.cv_failed) + "）"))
    rows = []
    for ind_id, s in stage.spreads.items():
        d = s.dispersion
        rows.append([ind_id, s.indicator.title, fmt(s.threshold, 4), fmt(d.mean, 2) if d.mean is not None else "—",
                     cv_text(d.cv, stage.limit), verdict_mark(s.within_limit),
                     f"{s.schools_met}/{len(stage.schools)}"])
    lines = [head, *table(["指标", "名称", "标准值", "全县均值", "差异系数", "结论", "达到标准值"],
                          rows, {2, 3, 4, 6})]
    composite = stage.composite
    lines.append(f"综合差异系数（七项平均，仅供参考）：{cv_text(composite)}")
    for ind_id, s in stage.spreads.items():
        if s.missing:
            lines.append(f"注：{ind_id} 缺少 {len(s.missing)} 所学校的数据，未计入：{'、'.join(s.missing)}")
    verdict = "达标" if stage.county_passed else "未达标"
    lines.append(f"{stage.name}资源配置（各校均达标且七项差异系数均在限值内）：{verdict}")
    return lines


def failing_lines(summary: DistrictSummary) -> list[str]:
    failing = summary.failing
    if not failing:
        return ["所有学校的资源配置均达标。"]
    lines = [f"资源配置未达标的学校（{len(failing)} 个学段）："]
    for school, stage in failing:
        result = school.stages[stage]
        kind = school.record.type if school.record.type == result.name else \
            f"{school.record.type}·{result.name}"
        lines.append(f"  {school.name}（{kind}）：{result.reason}")
        for r in result.indicators.values():
            if r.status == "unmet":
                lines.append(f"      {r.indicator.id} {fmt_beside(r.value, r.threshold)}"
                             f"（标准 {fmt(r.threshold, 4)}）{r.gap_text}")
    return lines


def whatif_lines(summary: DistrictSummary, ranked: dict[str, dict[str, list[WhatIf]]],
                 top: int) -> list[str]:
    lines = [f"各校补足到标准值后差异系数的变化（每项列出降幅最大的 {top} 所）："]
    for stage_id, by_indicator in ranked.items():
        stage = summary.stages[stage_id]
        for ind_id, items in by_indicator.items():
            items = [w for w in items if w.decrease > 0]  # raising some schools widens the spread
            if not items:
                continue
            before = cv_text(items[0].cv_before, stage.limit)
            shown = "；".join(f"{w.school.name} {fmt(w.value, 2)}→{fmt(w.raised_to, 4)}，"
                             f"差异系数 {cv_text(w.cv_after, stage.limit)}"
                             + ("（达标）" if w.within_after else "") for w in items[:top])
            lines.append(f"  {stage.name} {ind_id}（现为 {before}）：{shown}")
    return lines


def district_text(summary: DistrictSummary, ranked: dict | None = None, top: int = 3) -> str:
    excluded = f"；不纳入统计 {len(summary.excluded)} 所" if summary.excluded else ""
    lines = [f"县域义务教育优质均衡 资源配置统计（共 {len(summary.schools)} 所学校{excluded}）", ""]
    for stage in summary.stages.values():
        lines += stage_lines(stage) + [""]
    lines += failing_lines(summary)
    if summary.excluded:
        lines += ["", "不纳入统计的学校："] + [f"  {r.name}（{r.excluded}）" for r in summary.excluded]
    if ranked:
        lines += [""] + whatif_lines(summary, ranked, top)
    return "\n".join(lines)


def preschool_text(p: PreschoolSummary) -> str:
    t = p.totals
    lines = [f"学前教育普及普惠水平（{t['kindergartens']} 所幼儿园，在园幼儿 {t['children']} 人，"
             f"3–5 岁常住人口 {p.population} 人）", ""]
    rows = []
    for metric in p.metrics.values():
        for region, check in metric.checks.items():
            mark = {True: "达标", False: "未达标", None: "无法计算"}[check.passed]
            rows.append([metric.title if region == "national" else "", metric.text(beside=check.threshold)
                         if region == "national" else "", check.region_name,
                         metric.threshold_text(region), mark])
    lines += table(["指标", "全县数值", "标准", "标准值", "结论"], rows, {1, 3})
    lines.append("")
    lines.append("注：广东地方目标仅在与国家标准不同处列出（「5085」等见源城区、揭东区文件）。")
    return "\n".join(lines)
