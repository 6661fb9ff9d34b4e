"""`checklists list|validate`: what definitions are shipped, and whether files are well formed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.core import catalog


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("checklists", help="列出或校验检查表定义")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="列出内置的检查表和地方标准")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(run=run_list)
    validate = actions.add_parser("validate", help="校验定义文件，列出全部问题")
    validate.add_argument("paths", nargs="*", type=Path, help="要校验的文件（默认：全部内置定义）")
    validate.set_defaults(run=run_validate)


def run_list(args: argparse.Namespace) -> int:
    cat = catalog.load_catalog()
    rows = [{"id": c.id, "version": c.version, "title": c.title, "full_title": c.full_title,
             "applies_to": list(c.applies_to), "items": len(c.items),
             "sections": len(c.sections)} for c in cat.checklists.values()]
    overlays = [{"id": o.id, "version": o.version, "title": o.title,
                 "checklists": sorted({c.checklist for c in o.changes}
                                      | {cid for cid, _ in o.items})}
                for o in cat.overlays.values()]
    if args.json:
        print(json.dumps({"checklists": rows, "overlays": overlays}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r['id']:<6} {r['version']:<8} {r['title']}（{r['items']} 项，适用："
              f"{'、'.join(r['applies_to'])}）")
    for o in overlays:
        print(f"地方标准 {o['id']:<4} {o['version']:<8} {o['title']}（涉及：{'、'.join(o['checklists'])}）")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    if args.paths:
        missing = [p for p in args.paths if not p.is_file()]
        for p in missing:
            print(f"错误：找不到文件 {p}", file=sys.stderr)
        problems = catalog.validate_files([p for p in args.paths if p.is_file()])
        if missing:
            return 2
    else:
        try:
            catalog.load_catalog()
            problems = []
        except catalog.ChecklistFileError as exc:
            problems = exc.problems
    if problems:
        print(f"发现 {len(problems)} 处问题：", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    if args.paths:
        print(f"校验通过（{len(args.paths)} 个文件）。")
    else:
        checklist_files, overlay_files = catalog.definition_files()
        print(f"校验通过（全部 {len(checklist_files) + len(overlay_files)} 个定义文件）。")
    return 0
