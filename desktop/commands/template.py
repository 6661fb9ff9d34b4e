"""`template CHECKLIST --out F.xlsx`: a blank workbook to fill in offline and import later."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("template", help="生成某个检查表的空白 Excel 填报模板")
    parser.add_argument("checklist", help="检查表编号，如 yzjh")
    parser.add_argument("--out", type=Path, required=True, help="保存为（.xlsx）")
    parser.add_argument("--overlay", help="应用的地方标准编号（如 gd）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    from desktop.exchange.excel_template import write_template
    out = write_template(catalog.shipped(), args.checklist, args.out, args.overlay)
    print(f"已生成空白模板：{out}")
    return 0
