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
    audit = actions.add_parser("audit", help="列出每条规则的依据、可信度和说明（待核实的排在前面）")
    audit.add_argument("names", nargs="*", metavar="检查表",
                       help="检查表或地方标准编号（如 yzjh、gd、county；默认：全部）")
    audit.add_argument("--json", action="store_true", help="以 JSON 输出")
    audit.set_defaults(run=run_audit)


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


def run_audit(args: argparse.Namespace) -> int:
    from desktop.core import audit
    from desktop.district import thresholds
    cat = catalog.load_catalog()
    names = list(args.names)
    known = audit.known_names(cat) + ["county"]
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"错误：没有编号为「{'」「'.join(unknown)}」的检查表或地方标准，可选：{'、'.join(known)}",
              file=sys.stderr)
        return 2
    groups = audit.audit(cat, [n for n in names if n != "county"]) if names != ["county"] else []
    if not names or "county" in names:
        groups.append(_county_group(thresholds.shipped()))
    total = sum(len(g.open_entries) for g in groups)
    if args.json:
        print(json.dumps({"open_questions": total, "groups": [g.to_json() for g in groups]},
                         ensure_ascii=False, indent=2))
        return 0
    for group in groups:
        _print_group(group)
    print(f"合计：待核实 {total} 条（依据为二手资料 V2 或回忆 M，尚未读到官方原文）。")
    return 0


def _county_group(county):
    from desktop.core.audit import AuditEntry, AuditGroup
    from desktop.core.model import STAGE_NAMES
    group = AuditGroup("county", "county", "县域统计标准值", county.version)
    for stage, target in county.cv_limits.items():
        group.entries.append(AuditEntry("差异系数", stage, f"{STAGE_NAMES.get(stage, stage)}校际差异系数限值",
                                        target.source))
    for standard in county.preschool.values():
        for region, target in standard.targets.items():
            where = "国家" if region == "national" else "广东"
            group.entries.append(AuditEntry("普及普惠", f"{standard.metric}/{region}",
                                            f"{standard.title}（{where}）", target.source))
    return group


def _print_group(group) -> None:
    from desktop.core.audit import CONFIDENCE_NAMES
    head = "地方标准" if group.kind == "overlay" else "县级" if group.kind == "county" else "检查表"
    print(f"== {head}：{group.title}（{group.id}，版本 {group.version}）"
          f"共 {len(group.entries)} 条，待核实 {len(group.open_entries)} 条")
    for entry in group.ordered():
        mark = "【待核实】" if entry.open else "【已核实】"
        confidence = f"{entry.source.confidence}（{CONFIDENCE_NAMES.get(entry.source.confidence, '')}）"
        print(f"  {mark}{entry.code} {entry.title}")
        print(f"      依据：{entry.source.text}")
        print(f"      可信度：{confidence}")
        if entry.source.note:
            print(f"      说明：{entry.source.note}")
    print()
