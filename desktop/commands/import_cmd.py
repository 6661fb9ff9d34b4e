"""`import FILE`: a submission package (.zpkg) or a filled-in workbook (.xlsx) into the store.

All or nothing: the file is checked completely before anything is written, and the store saves
the result in one transaction.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.export import add_data_dir, chosen_assessment, open_store
from desktop.core.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="导入提交包（.zpkg）或填好的 Excel 工作簿（.xlsx）")
    parser.add_argument("file", type=Path, help="要导入的文件")
    add_data_dir(parser)
    parser.add_argument("--assessment", type=int,
                        help="工作簿导入到哪个评估（默认：最近填报的评估）")
    parser.add_argument("--replace", action="store_true",
                        help="提交包：替换同一学校同一周期的已有评估")
    parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要导入的内容，不写入")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix == ".zpkg":
        return _import_package(args)
    if suffix == ".xlsx":
        return _import_workbook(args)
    raise InputError(f"只能导入 .zpkg 提交包或 .xlsx 工作簿，「{args.file.name}」不是")


def _import_package(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    from desktop.exchange.package import read_package
    from desktop.exchange.submission_summary import summary_lines
    submission = read_package(args.file, catalog.shipped())
    print("\n".join(summary_lines(submission, catalog.shipped())))
    if args.dry_run:
        print("（仅检查，未导入）")
        return 0
    with open_store(args.data_dir, write=True) as store, submission:
        new_id = store.import_snapshot(submission.snapshot, submission.evidence_source,
                                       replace=args.replace)
    print(f"已导入为评估 #{new_id}。")
    return 0


def _import_workbook(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    from desktop.exchange.excel_merge import import_workbook
    with open_store(args.data_dir, write=not args.dry_run) as store:
        assessment = chosen_assessment(store, args.assessment)
        snapshot = store.snapshot(assessment)
        updated, report = import_workbook(snapshot, args.file, catalog.shipped())
        print(f"工作簿已通过检查（{snapshot.school.name}，{snapshot.period}，评估 #{assessment}）。")
        print("\n".join(report.lines()))
        if args.dry_run or not report.changed:
            print("（仅检查，未导入）" if args.dry_run else "没有需要导入的改动。")
            return 0
        written = store.apply_changes(assessment, snapshot, updated, user="Excel 导入")
    print(f"已导入 {written} 项改动到评估 #{assessment}。")
    return 0
