"""`export --format xlsx|package --out FILE`: an assessment as a workbook or a submission package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import paths
from desktop.core.errors import InputError, StoreError

FORMATS = {"xlsx": ".xlsx", "package": ".zpkg"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="导出评估：Excel 工作簿或提交包（.zpkg）")
    add_data_dir(parser)
    parser.add_argument("--assessment", type=int, help="评估编号（默认：最近填报的评估）")
    parser.add_argument("--format", choices=sorted(FORMATS), help="xlsx 或 package（默认按文件扩展名）")
    parser.add_argument("--out", type=Path, required=True, help="保存为")
    parser.set_defaults(run=run)


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """Accepts --data-dir after the command too; SUPPRESS keeps the global value when absent."""
    parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="数据目录")


def open_store(data_dir: str | None, write: bool):
    """The store of the data directory; a reader (works while the app is open) unless write."""
    from desktop.core.store import DB_NAME, AnswerStore
    folder = paths.init(data_dir)
    if write:
        store = AnswerStore.open(folder)
        for notice in store.notices:  # e.g. a WAL of another copy set aside
            print(notice, file=sys.stderr)
        return store
    if not (folder / DB_NAME).exists():
        raise InputError(f"数据目录 {folder} 中还没有数据（可先运行 demo 命令或在程序中填报）")
    try:
        return AnswerStore.open_reader(folder)
    except StoreError:
        return AnswerStore.open(folder)  # an older database is upgraded (with a backup) first


def chosen_assessment(store, requested: int | None) -> int:
    if requested is not None:
        return requested
    latest = store.latest_assessment()
    if latest is None:
        raise InputError("数据目录中还没有任何评估")
    return latest


def run(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    fmt = args.format or next((f for f, ext in FORMATS.items() if args.out.suffix.lower() == ext), None)
    if fmt is None:
        raise InputError("请用 --format 指定 xlsx 或 package（或使用 .xlsx / .zpkg 扩展名）")
    with open_store(args.data_dir, write=False) as store:
        snapshot = store.snapshot(chosen_assessment(store, args.assessment))
        if fmt == "xlsx":
            from desktop.exchange.excel_export import export_workbook
            export_workbook(snapshot, catalog.shipped(), args.out)
            evidence = ""
        else:
            from desktop.exchange.package import write_package
            written = write_package(snapshot, args.out,
                                    lambda sha: store.evidence_file(sha).read_bytes(), catalog.shipped())
            evidence = f"，含佐证材料文件 {len(written.manifest.evidence_names)} 个"
    from desktop.core.snapshot_json import digest, short_fingerprint
    print(f"已导出：{args.out}（{snapshot.school.name}，{snapshot.period}{evidence}）")
    print(f"数据指纹：{short_fingerprint(digest(snapshot))}")
    return 0
