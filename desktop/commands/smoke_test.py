"""`smoke-test`: the build's self-test (desktop/smoke.py); hidden from the command list.

Same as the hidden global flag `--smoke-test`; this command form works without the GUI's start-up
path, so a build script can call it even when the window code changes.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    # No help= on purpose: argparse then leaves the command out of `--help`.
    parser = sub.add_parser("smoke-test", description="构建自检：在临时目录中运行程序的各个部分一次")
    parser.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="在此目录下建立临时文件夹（默认：系统临时目录）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.smoke import run_smoke_test
    return run_smoke_test(args.data_dir)
