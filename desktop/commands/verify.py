"""`verify FILE.zpkg`: check a submission package and say what it holds (exit 1 when damaged)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.errors import ImportFileError

EXIT_DAMAGED = 1


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("verify", help="校验提交包（.zpkg）是否完好，并列出其内容")
    parser.add_argument("file", type=Path, help="提交包文件")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    from desktop.exchange.package import read_package
    from desktop.exchange.submission_summary import summary_lines
    try:
        submission = read_package(args.file, catalog.shipped())
    except ImportFileError as exc:
        print(f"提交包未通过校验，不能使用：{exc}", file=sys.stderr)
        return EXIT_DAMAGED
    print("\n".join(summary_lines(submission, catalog.shipped())))
    return 0
