"""Command line: `python -m desktop [--data-dir DIR] [COMMAND …]`.

Commands live one per module in desktop/commands/; each has register(subparsers). Without a
command the graphical application starts.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from desktop import __version__
from desktop.cli_text import use_chinese
from desktop.core.errors import DesktopError

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    use_chinese()
    parser = argparse.ArgumentParser(
        prog="python -m desktop", description="学校督导自评助手（不带命令时启动图形界面）")
    parser.add_argument("--version", action="version", version=f"学校督导自评助手 {__version__}")
    parser.add_argument("--data-dir", help="数据目录（默认为系统的用户数据目录）")
    parser.add_argument("--screenshot", metavar="OUT.png", help="打开主窗口，保存截图后退出")
    parser.add_argument("--size", default="1366x768", help="截图的窗口大小，如 1366x768")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    import desktop.commands as package
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"desktop.commands.{info.name}")
        module.register(sub)
    for command in sub.choices.values():
        # People write --data-dir after the command as often as before it.
        try:
            command.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据目录")
        except argparse.ArgumentError:
            pass  # the command declares it itself
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from desktop.app import main as app_main  # Qt is imported only here
            return app_main(args)
        return args.run(args)
    except DesktopError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0
