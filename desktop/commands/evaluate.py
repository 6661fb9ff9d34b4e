"""`evaluate ANSWERS.json`: judge one school's answers against one checklist."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from desktop.core import catalog
from desktop.core.engine import ChecklistResult, Status, evaluate, parse_answers
from desktop.core.errors import InputError
from desktop.core.evaluation_json import result_to_json
from desktop.core.model import LOCALES, OWNERSHIPS, SCHOOL_TYPES, SchoolProfile
from desktop.core.numbers import fmt, fmt_beside, json_decimal, json_int, to_fraction


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evaluate", help="按检查表评价一所学校的填报数据")
    parser.add_argument("answers", type=Path, help="ANSWERS.json：{checklist, school, answers}")
    parser.add_argument("--overlay", help="应用的地方标准编号（如 gd）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(run=run)


def load_answers_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到文件 {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取文件 {path}：{exc}") from None
    try:
        data = json.loads(text, parse_float=json_decimal, parse_int=json_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    except RecursionError:
        raise InputError(f"{path.name} 的嵌套层数过多") from None
    except ValueError as exc:  # a number json_int / json_decimal refused
        raise InputError(f"{path.name}：{exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path.name} 的顶层应为对象 {{checklist, school, answers}}")
    return data


def school_from_json(raw: Any) -> SchoolProfile:
    if not isinstance(raw, dict):
        raise InputError("字段 school 应为对象，如 {\"type\": \"小学\"}", "school")
    school_type = raw.get("type")
    if school_type not in SCHOOL_TYPES:
        raise InputError(f"字段 school.type 应为 {'、'.join(SCHOOL_TYPES)} 之一，现为「{school_type}」",
                         "school.type")
    for key, allowed in (("locale", LOCALES), ("ownership", OWNERSHIPS)):
        if raw.get(key) not in (None, "", *allowed):
            raise InputError(f"字段 school.{key} 应为 {'、'.join(allowed)} 之一，现为「{raw[key]}」",
                             f"school.{key}")
    boarding = raw.get("boarding", False)
    if not isinstance(boarding, bool):
        raise InputError("字段 school.boarding 应为 true 或 false", "school.boarding")
    return SchoolProfile(school_type, raw.get("locale") or "", raw.get("ownership") or "",
                         boarding, str(raw.get("name") or ""))


def evaluate_document(data: dict[str, Any], overlay: str | None = None) -> ChecklistResult:
    """Evaluates the ANSWERS.json document shape; raises InputError naming the bad field."""
    checklist_id = data.get("checklist")
    if not isinstance(checklist_id, str):
        raise InputError("缺少字段 checklist（检查表编号，如 yzjh）", "checklist")
    checklist = catalog.shipped().get(checklist_id, overlay or data.get("overlay"))
    school = school_from_json(data.get("school"))
    if school.type not in checklist.applies_to:
        raise InputError(f"检查表「{checklist.title}」不适用于{school.type}", "school.type")
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise InputError("字段 answers 应为对象 {条目编号: 值}", "answers")
    answers = parse_answers(checklist, raw_answers)
    return evaluate(checklist, school, answers, _date(data.get("date")), _scores(data.get("scores")))


def _date(raw: Any) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise InputError(f"字段 date 应为日期（如 2025-11-01），现为「{raw}」", "date") from None


def _scores(raw: Any) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError("字段 scores 应为对象 {条目编号: 自评得分}", "scores")
    try:
        return {k: to_fraction(v) for k, v in raw.items()}
    except ValueError as exc:
        raise InputError(f"字段 scores 中的自评得分应为数字（{exc}）", "scores") from None


def run(args: argparse.Namespace) -> int:
    result = evaluate_document(load_answers_file(args.answers), args.overlay)
    if args.json:
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    else:
        print_text(result)
    return 0


def print_text(result: ChecklistResult) -> None:
    c = result.checklist
    overlay = f"，地方标准：{c.overlay_title}" if c.overlay else ""
    print(f"{c.full_title}（{c.version}{overlay}）")
    print(f"结论：{result.verdict}")
    counts = result.counts
    print("统计：" + "，".join(f"{s.label} {counts[s.value]}" for s in Status))
    for stage in result.stages.values():
        print(f"\n【{stage.name}】{stage.verdict} — {stage.reason}")
        for r in stage.indicators.values():
            mark = {"met": "达标", "unmet": "未达标", "unanswered": "缺数据"}[r.status]
            value = fmt_beside(r.value, r.threshold) if r.value is not None else "—"
            print(f"  {r.indicator.id} {r.indicator.title}：{value}（标准 {fmt(r.threshold, 4)}）"
                  f" {mark} {r.gap_text}")
    unmet = result.unmet
    if unmet:
        print("\n未达标条目：")
        for r in unmet:
            veto = "【一票否决】" if r.item.veto else ""
            print(f"  - {veto}{r.item.title}：{r.shown}"
                  f"（标准 {r.threshold_text}）{r.gap_text}")
