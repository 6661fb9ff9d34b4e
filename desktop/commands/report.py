"""`report --out FILE.pdf`: the printable self-evaluation report (自评报告) of an assessment."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands.export import add_data_dir, chosen_assessment, open_store
from desktop.core.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="生成 PDF 自评报告（可打印、签字、盖章）")
    add_data_dir(parser)
    parser.add_argument("--assessment", type=int, help="评估编号（默认：最近填报的评估）")
    parser.add_argument("--out", type=Path, required=True, help="保存为（.pdf）")
    parser.add_argument("--checklists", help="只打印这些检查表，逗号分隔，如 yzjh,xyaq（默认：全部）")
    parser.add_argument("--no-photos", action="store_true", help="不附照片页（目录中仍列出照片）")
    parser.add_argument("--font", type=Path, help="嵌入的中文 TrueType 字体文件（.ttf/.ttc）")
    parser.add_argument("--labels", type=Path, help="替换报告标题和栏目名称的 TOML 文件（县级格式）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # reportlab is imported only when a report is made, so the other commands start quickly.
    from desktop.core import catalog
    from desktop.exchange.pdf_report import ReportOptions, build_report
    if args.out.suffix.lower() != ".pdf":
        raise InputError(f"报告文件应以 .pdf 结尾：{args.out}", "out")
    options = ReportOptions(checklists=_checklist_ids(args.checklists), photos=not args.no_photos,
                            font_path=args.font, labels_file=args.labels)
    with open_store(args.data_dir, write=False) as store:
        snapshot = store.snapshot(chosen_assessment(store, args.assessment))
        info = build_report(snapshot, catalog.shipped(), args.out, store.evidence_file, options)
    draft = "（草稿：尚有未填写的条目）" if info.draft else ""
    print(f"已生成报告：{info.path}，共 {info.pages} 页{draft}")
    print(f"学校：{snapshot.school.name}，{snapshot.period}")
    print(f"数据指纹：{info.fingerprint}")
    print(f"嵌入字体：{info.font}")
    return 0


def _checklist_ids(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip() for part in text.replace("，", ",").split(",") if part.strip())
