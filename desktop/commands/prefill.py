"""`prefill FILE`: fill an assessment's numbers from the school's statistical return (基层表).

The preview lists every value that would be set and what in the file is not used; then all the
values are written in one transaction (nothing is written when any check fails).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.commands.export import add_data_dir, chosen_assessment, open_store

PREFILL_USER = "基层表导入"
BACKUP_REASON = "before-prefill"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("prefill", help="从教育事业统计基层表（.xlsx/.xls）填入学生数、教师数、校舍面积等")
    parser.add_argument("file", type=Path, help="学校的基层统计报表工作簿")
    add_data_dir(parser)
    parser.add_argument("--assessment", type=int, help="填入哪个评估（默认：最近填报的评估）")
    parser.add_argument("--dry-run", action="store_true", help="只预览将要填入的值，不写入")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出预览")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from desktop.core import catalog
    from desktop.prefill.plan import plan_file
    with open_store(args.data_dir, write=not args.dry_run) as store:
        assessment = chosen_assessment(store, args.assessment)
        snapshot = store.snapshot(assessment)
        plan = plan_file(args.file, catalog.shipped(), snapshot)
        if args.json:
            print(json.dumps(plan.to_json(), ensure_ascii=False, indent=2))
        else:
            print("\n".join(preview_lines(plan)))
        if args.dry_run or not plan.changes:
            if not args.json:
                print("（仅预览，未写入）" if args.dry_run else "所有值都与现有答案相同，没有需要写入的改动。")
            return 0
        store.backup(BACKUP_REASON)
        written = store.set_answers_with_sources(
            assessment, [(v.checklist, v.item.id, v.value, v.source) for v in plan.changes],
            user=PREFILL_USER)
    if not args.json:
        print(f"已从基层表填入 {written} 项到评估 #{assessment}（填入前已自动备份）。")
    return 0


def preview_lines(plan) -> list[str]:
    ident = plan.identity
    facts = "，".join(p for p in (f"学校标识码 {ident.code}", ident.type, ident.locale, ident.ownership) if p)
    year = f"，{ident.year}学年初" if ident.year else ""
    changes = plan.changes
    differ = [v for v in plan.values if v.differs]
    lines = [f"基层表：{Path(plan.file).name}", f"学校：{ident.name}（{facts}）{year}",
             f"报表中可取 {len(plan.values)} 项，其中 {len(changes)} 项将写入"
             f"（{len(differ)} 项与现有答案不同）："]
    for v in plan.values:
        current = v.shown_current or "（空）"
        mark = "  【与现有答案不同】" if v.differs else ("  （相同，不改）" if not v.changes else "")
        cells = "＋".join(c.cell for c in v.cells)
        sheets = "、".join(dict.fromkeys(c.sheet for c in v.cells))
        lines.append(f"  {v.code} {v.item.title}：{current} → {v.shown}{mark}")
        lines.append(f"      {sheets} {cells}：{v.source}")
    if plan.unused:
        lines.append(f"报表中未使用的内容（{len(plan.unused)} 处）：")
        for u in plan.unused:
            lines.append(f"  {u.sheet} {u.cell or '整张表'}：{u.why}")
    return lines
