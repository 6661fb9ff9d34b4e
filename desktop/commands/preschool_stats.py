"""`preschool-stats INPUT --population N`: the county's 普及普惠 metrics from a kindergarten table.

`preschool-stats --template OUT.xlsx` writes the blank 幼儿园统计表 to fill in.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop import paths
from desktop.core.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "preschool-stats", help="学前教育普及普惠水平：公办占比、普惠覆盖率、毛入园率等",
        description="读取幼儿园统计表（.xlsx/.csv），计算公办园在园幼儿占比、普惠性幼儿园覆盖率、"
                    "学前三年毛入园率、专任教师持证率、班额达标率和生师比，对照国家标准和广东地方目标。")
    parser.add_argument("input", nargs="?", type=Path, help="幼儿园统计表（.xlsx/.csv）")
    parser.add_argument("--population", type=int, metavar="N", help="全县 3–5 岁常住人口（必填）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--template", type=Path, metavar="OUT.xlsx",
                        help="只导出空白的幼儿园统计表模板")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths.init(args.data_dir)
    if args.template:
        from desktop.district.template import write_kindergarten_template
        write_kindergarten_template(args.template)
        print(f"已导出空白的幼儿园统计表：{args.template}")
        return 0
    if args.input is None:
        raise InputError("请给出幼儿园统计表（或用 --template 导出空白模板）", "input")
    if args.population is None:
        raise InputError("请用 --population 给出全县 3–5 岁常住人口", "population")
    from desktop.district.kindergarten_table import read_kindergartens
    from desktop.district.preschool import preschool_summary
    from desktop.district.report_json import preschool_to_json
    from desktop.district.report_text import preschool_text
    summary = preschool_summary(read_kindergartens(args.input), args.population)
    if args.json:
        print(json.dumps(preschool_to_json(summary), ensure_ascii=False, indent=2))
    else:
        print(preschool_text(summary))
    return 0
