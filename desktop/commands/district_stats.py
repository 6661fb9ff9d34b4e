"""`district-stats INPUT`: the county's 资源配置 statistics (7 indicators per school, 差异系数).

INPUT is a 资源配置统计表 (.xlsx or .csv) or a folder of submission packages (.zpkg).
`district-stats --template OUT.xlsx` writes the blank 统计表 to fill in.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.core.errors import InputError

if TYPE_CHECKING:  # the statistics modules are imported only when a command runs
    from desktop.district.preschool import PreschoolSummary
    from desktop.district.roster import RosterEntry
    from desktop.district.sources import LoadedSchools
    from desktop.district.summary import DistrictSummary


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "district-stats", help="县域资源配置统计：各校七项指标、校际差异系数、未达标学校",
        description="读取资源配置统计表（.xlsx/.csv）或提交包文件夹，按学段计算七项指标的"
                    "学生数加权校际差异系数（小学 ≤ 0.50，初中 ≤ 0.45）和各校达标情况。")
    parser.add_argument("input", nargs="?", type=Path,
                        help="资源配置统计表（.xlsx/.csv），或存放提交包（.zpkg）的文件夹")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="另存汇总工作簿")
    parser.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="另存县域统计报告（PDF）")
    parser.add_argument("--roster", type=Path, metavar="名单",
                        help="应提交学校名单（.xlsx/.csv 含「学校名称」列，可有「学校标识码」"
                             "「不纳入统计」列；或每行一个校名的 .txt）")
    parser.add_argument("--kindergartens", type=Path, metavar="幼儿园统计表",
                        help="同时统计普及普惠水平（需同时给出 --population）")
    parser.add_argument("--population", type=int, metavar="N", help="全县 3–5 岁常住人口")
    parser.add_argument("--whatif", type=int, nargs="?", const=3, metavar="N",
                        help="列出补足到标准值后对各项差异系数影响最大的 N 所学校（默认 3）")
    parser.add_argument("--county", default="", help="县（区）名称，印在报告封面")
    parser.add_argument("--font", help="PDF 使用的中文 TrueType 字体文件（默认自动查找）")
    parser.add_argument("--template", type=Path, metavar="OUT.xlsx",
                        help="只导出空白的资源配置统计表模板，不做统计")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths.init(args.data_dir)
    if args.template:
        from desktop.district.template import write_resource_template
        write_resource_template(args.template)
        print(f"已导出空白的资源配置统计表：{args.template}")
        return 0
    if args.input is None:
        raise InputError("请给出资源配置统计表或提交包文件夹（或用 --template 导出空白模板）", "input")
    if (args.kindergartens is None) != (args.population is None):
        raise InputError("--kindergartens 与 --population 须同时给出", "population")
    from desktop.district.sources import load_schools
    from desktop.district.summary import summarise
    roster, preschool = _roster(args), _preschool(args)  # small inputs first: fail fast
    loaded = load_schools(args.input)
    if roster is not None:
        from desktop.district.roster import apply_exclusions
        loaded = replace(loaded, records=apply_exclusions(roster, loaded.records))
    summary = summarise(loaded.records)
    ranked = None
    if args.whatif is not None or args.pdf:
        from desktop.district.whatif import what_ifs
        ranked = what_ifs(summary)
    _write_outputs(args, summary, loaded, ranked, preschool, roster)
    _print(args, summary, loaded, ranked, preschool)
    return 0


def _preschool(args: argparse.Namespace) -> PreschoolSummary | None:
    if args.kindergartens is None:
        return None
    from desktop.district.kindergarten_table import read_kindergartens
    from desktop.district.preschool import preschool_summary
    return preschool_summary(read_kindergartens(args.kindergartens), args.population)


def _roster(args: argparse.Namespace) -> list[RosterEntry] | None:
    if args.roster is None:
        return None
    from desktop.district.roster import read_roster
    return read_roster(args.roster)


def _write_outputs(args: argparse.Namespace, summary: DistrictSummary, loaded: LoadedSchools,
                   ranked: dict | None, preschool: PreschoolSummary | None,
                   roster: list[RosterEntry] | None) -> None:
    if args.xlsx:
        from desktop.district.workbook import write_workbook
        write_workbook(args.xlsx, summary, preschool, roster, loaded.records, loaded.periods)
    if args.pdf:
        from desktop.district.pdf import DistrictReport, write_pdf
        report = DistrictReport(summary, ranked or {}, preschool, roster, loaded.records,
                                county=args.county, source=args.input.name,
                                periods=loaded.periods)
        write_pdf(args.pdf, report, font=args.font)


def _print(args: argparse.Namespace, summary: DistrictSummary, loaded: LoadedSchools,
           ranked: dict | None, preschool: PreschoolSummary | None) -> None:
    from desktop.district.report_json import preschool_to_json, summary_to_json, whatifs_to_json
    from desktop.district.report_text import district_text, preschool_text
    if args.json:
        data = summary_to_json(summary)
        if loaded.skipped:
            data["skipped_packages"] = [{"file": f, "reason": r} for f, r in loaded.skipped]
        if args.whatif is not None and ranked is not None:
            data["whatif"] = whatifs_to_json(ranked, args.whatif)
        if preschool is not None:
            data["preschool"] = preschool_to_json(preschool)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print(district_text(summary, ranked if args.whatif is not None else None, args.whatif or 3))
    for name, reason in loaded.skipped:
        print(f"已跳过提交包 {name}（{reason}）")
    if preschool is not None:
        print()
        print(preschool_text(preschool))
    for out in (args.xlsx, args.pdf):
        if out:
            print(f"已保存：{out}")
