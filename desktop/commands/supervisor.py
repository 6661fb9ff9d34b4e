"""`supervisor …`: the 督学's workspace from the command line (roster, import, list, notice, visit).

  supervisor roster FILE                   名单（.xlsx/.csv/.txt）替换工作区的名单
  supervisor import PATH [--replace]       导入一个提交包或一个文件夹中的全部提交包
  supervisor list [--json] [--period P]    各校状态：未提交 / 已提交 / 校验失败 / 需复核
  supervisor notice SCHOOL --out F.pdf     整改通知书（含整改情况回执），按最新提交包的未达标项
  supervisor visit SCHOOL --out F.pdf      督导记录表：空白，或记下一次督导并打印
Exit code 1 from `import` when a package failed verification or a duplicate was left as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import paths
from desktop.commands.export import add_data_dir
from desktop.core.errors import InputError

if TYPE_CHECKING:  # the workspace is imported only when a command runs
    from desktop.supervisor.status import SchoolRow
    from desktop.supervisor.workspace import Workspace

EXIT_PROBLEMS = 1


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("supervisor", help="督学工作区：名单、导入提交包、各校状态、整改通知书、督导记录表",
                            description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="supervisor_command", metavar="SUBCOMMAND", required=True)
    _roster_parser(commands)
    _import_parser(commands)
    _list_parser(commands)
    _notice_parser(commands)
    _visit_parser(commands)


def _roster_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("roster", help="导入应提交学校名单（替换原名单）")
    p.add_argument("file", type=Path, help="名单：.xlsx/.csv（学校名称、学校标识码、学校类型、"
                                          "各学段在校生数、责任督学），或每行一个校名的 .txt")
    add_data_dir(p)
    p.set_defaults(run=run_roster)


def _import_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("import", help="导入提交包（.zpkg 文件，或文件夹中的全部提交包）")
    p.add_argument("path", type=Path, help="提交包文件或文件夹")
    p.add_argument("--replace", action="store_true",
                   help="同一学校同一周期已有提交包时以新包替换（文件夹：只替换为导出时间更晚的包）")
    add_data_dir(p)
    p.set_defaults(run=run_import)


def _list_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("list", help="列出名单中各校（及名单外提交的学校）的状态")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--period", help="只看某一评估周期（默认：各校最新的提交包）")
    p.add_argument("--status", choices=("未提交", "已提交", "校验失败", "需复核"), help="只列出该状态")
    p.add_argument("--sort", default="roster", help="排序：roster name code status unmet "
                                                    "last_package overdue enrolment")
    add_data_dir(p)
    p.set_defaults(run=run_list)


def _notice_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("notice", help="生成并打印整改通知书（含整改情况回执）")
    p.add_argument("school", help="学校标识码或校名")
    p.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    p.add_argument("--deadline-days", type=int, help="整改期限：下发日期后多少天（默认 30）")
    p.add_argument("--date", help="下发日期（默认今天），如 2025-12-01")
    p.add_argument("--inspector", help="责任督学姓名")
    p.add_argument("--issuer", help="发文机关，如「××县人民政府教育督导室」（首次必填，之后记在工作区中）")
    p.add_argument("--prefix", help="文号的机关代字，如「示督整」（默认由发文机关推出）")
    p.add_argument("--new", action="store_true",
                   help="另发一份新通知书（默认：该校最新提交包已有通知书时重新打印那一份）")
    p.add_argument("--font", help="PDF 使用的中文 TrueType 字体文件（默认自动查找）")
    add_data_dir(p)
    p.set_defaults(run=run_notice)


def _visit_parser(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("visit", help="打印督导记录表（空白，或记下一次督导后打印）")
    p.add_argument("school", help="学校标识码或校名")
    p.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    p.add_argument("--blank", action="store_true", help="打印空白表（即使已有督导记录）")
    p.add_argument("--date", help="督导日期，如 2025-12-03；给出时记下一次新的督导记录")
    p.add_argument("--inspector", help="责任督学")
    p.add_argument("--topic", default="", help="督导事项")
    p.add_argument("--methods", default="", help="督导方式，用逗号或顿号分隔，如 听课,实地查看")
    for name, text in (("seen", "督导情况（所见）"), ("problems", "发现的主要问题"),
                       ("suggestions", "意见建议"), ("requirements", "整改要求与时限"),
                       ("head", "学校负责人姓名")):
        p.add_argument(f"--{name}", default="", help=text)
    p.add_argument("--font", help="PDF 使用的中文 TrueType 字体文件（默认自动查找）")
    add_data_dir(p)
    p.set_defaults(run=run_visit)


def _open(args: argparse.Namespace) -> Workspace:
    from desktop.supervisor.workspace import Workspace
    return Workspace.open(paths.init(args.data_dir))


# --- roster and import ------------------------------------------------------------------------------


def run_roster(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        schools = ws.import_roster(args.file)
        coded = sum(1 for s in schools if s.code)
        print(f"已导入名单 {args.file.name}：{len(schools)} 所学校（{coded} 所有学校标识码），原名单已替换。")
        missing = [r for r in ws.school_list() if r.on_roster and r.status == "未提交"]
        print(f"其中尚未提交的 {len(missing)} 所。")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.supervisor.outcomes import Outcome
    with _open(args) as ws:
        if args.path.is_dir():
            result = ws.import_folder(args.path, replace=args.replace)
            outcomes = result.outcomes
            if not result.total:
                print(f"文件夹 {args.path} 中没有提交包（.zpkg 文件）。")
        else:
            outcomes = [ws.import_package(args.path, replace=args.replace)]
    for outcome in outcomes:
        print(outcome.message)
    if len(outcomes) > 1:
        print("共 {} 个：".format(len(outcomes)) + "，".join(
            f"{kind.label} {n}" for kind in Outcome
            if (n := sum(1 for o in outcomes if o.outcome is kind))))
    problems = [o for o in outcomes if o.outcome in (Outcome.FAILED, Outcome.DUPLICATE)]
    return EXIT_PROBLEMS if problems else 0


# --- list ------------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from desktop.supervisor.status import filter_rows, sort_rows, status_counts
    with _open(args) as ws:
        rows = ws.school_list(args.period)
        unknown = ws.unidentified_failures()
    counts = status_counts(rows)
    rows = sort_rows(filter_rows(rows, statuses=(args.status,) if args.status else ()), args.sort)
    if args.json:
        print(json.dumps({"counts": counts, "schools": [_row_json(r) for r in rows],
                          "unidentified_failures": [{"file": f.file_name, "reason": f.reason,
                                                     "at": f.at} for f in unknown]},
                         ensure_ascii=False, indent=2))
        return 0
    print("，".join(f"{status} {n}" for status, n in counts.items()))
    for r in rows:
        print(_row_line(r))
    for f in unknown:
        print(f"无法识别学校的提交包 {f.file_name}（{f.at[:16].replace('T', ' ')} 导入时）校验失败：{f.reason}")
    return 0


def _row_line(r: SchoolRow) -> str:
    from desktop.supervisor.outcomes import shown_time
    verdicts = "、".join(f"{r.submission.verdicts.titles.get(c, c)}{v}" for c, v in r.verdicts.items())
    parts = [f"[{r.status}]", r.name, r.code or "（无标识码）"]
    if r.submission is not None:
        parts += [verdicts, f"未达标 {r.unmet} 项", f"导出于 {shown_time(r.last_package)}",
                  f"指纹 {r.fingerprint}"]
    if r.overdue:
        parts.append(f"逾期整改 {r.overdue} 项")
    parts += list(r.flags)
    line = "  ".join(parts)
    return line + "".join(f"\n      {text}" for text in (*r.reasons, *r.notes))


def _row_json(r: SchoolRow) -> dict[str, Any]:
    s = r.submission
    return {"name": r.name, "code": r.code, "type": r.type, "on_roster": r.on_roster,
            "status": r.status, "reasons": list(r.reasons), "notes": list(r.notes),
            "period": s.period if s else None, "verdicts": r.verdicts, "unmet": r.unmet,
            "vetoes": list(s.verdicts.vetoes) if s else [], "last_package": r.last_package or None,
            "digest": s.digest if s else None, "fingerprint": r.fingerprint or None,
            "submission_id": s.id if s else None, "notices": r.notices, "overdue": r.overdue,
            "failed_packages": [{"file": f.file_name, "reason": f.reason} for f in r.failures]}


# --- notice and visit --------------------------------------------------------------------------------


def run_notice(args: argparse.Namespace) -> int:
    from desktop.supervisor.notice_pdf import write_notice_pdf
    issued = _date(args.date, "--date") or dt.date.today()
    with _open(args) as ws:
        notice, made = _notice_for(ws, args, issued)
        basis = ws.submission_facts(notice.submission_id) if notice.submission_id else None
        info = write_notice_pdf(args.out, notice, basis, ws.follow_up(notice.id), font_path=args.font)
    action = "已生成" if made else "已重新打印"
    print(f"{action}整改通知书 {notice.number}（{notice.school_name}，{len(notice.items)} 个问题，"
          f"整改期限 {_deadlines(notice)}）：{info.path}，共 {info.pages} 页")
    return 0


def _notice_for(ws: Workspace, args: argparse.Namespace, issued: dt.date):
    ref = ws.find_school(args.school)
    latest = ws.latest_submission(ref.name, ref.code)
    existing = [n for n in ws.notices(args.school) if latest and n.submission_id == latest.id]
    if existing and not args.new:
        if args.deadline_days is not None:
            print(f"注意：{existing[-1].number} 已有各项整改期限，--deadline-days 未改动它；"
                  "要另发新通知书请加 --new。")
        return existing[-1], False
    issuer = (args.issuer or "").strip() or ws.settings()["issuer"].strip()
    if not issuer:
        raise InputError("请用 --issuer 指定发文机关，如 --issuer 示范县人民政府教育督导室"
                         "（整改通知书必须写明发文机关；指定一次后记在工作区中）", "issuer")
    remembered = {"issuer": issuer} if args.issuer else {}
    if args.prefix:
        remembered["notice_prefix"] = args.prefix.strip()
    if remembered:
        ws.set_settings(**remembered)
    draft = ws.draft_notice(args.school, deadline_days=args.deadline_days, issued_on=issued,
                            inspector=args.inspector, issuer=issuer)
    return ws.save_notice(draft), True


def _deadlines(notice) -> str:
    dates = sorted({i.deadline for i in notice.items})
    return dates[0] if len(dates) == 1 else f"{dates[0]} 至 {dates[-1]}"


def run_visit(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from desktop.supervisor.visit_pdf import write_visit_pdf
    with _open(args) as ws:
        issuer = ws.settings()["issuer"]
        if args.date:
            blank = ws.blank_visit(args.school)
            visit = ws.save_visit(replace(
                blank, visited_on=args.date, inspector=args.inspector or blank.inspector,
                topic=args.topic, methods=_methods(args.methods), seen=args.seen,
                problems=args.problems, suggestions=args.suggestions,
                requirements=args.requirements, school_head=args.head))
            note = f"已记下督导记录 {visit.number}"
        else:
            saved = [] if args.blank else ws.visits(args.school)
            visit = saved[-1] if saved else ws.blank_visit(args.school)
            if args.inspector:
                visit = replace(visit, inspector=args.inspector)
            note = f"督导记录 {visit.number}" if saved else "空白督导记录表"
        info = write_visit_pdf(args.out, visit, issuer, font_path=args.font)
    print(f"{note}（{visit.school_name}）：{info.path}，共 {info.pages} 页")
    return 0


def _methods(text: str) -> tuple[str, ...]:
    for separator in (",", "，", ";", "；"):
        text = text.replace(separator, "、")
    return tuple(m.strip() for m in text.split("、") if m.strip())


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} 应为日期（如 2025-12-01），现为「{text}」", option) from None
