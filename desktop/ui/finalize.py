"""文件 → 定稿 / 撤销定稿: what is still open before an assessment is marked 已完成, and the marking.

A package or report of an assessment still 填报中 tells the 督学 「尚未定稿」; 定稿 is the school's
word that the figures are final. It checks what is unanswered, 待复核, without 佐证材料 or without
a 整改措施, and lets the principal go back to it or finalize anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.engine import Status
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error

FINAL, DRAFT = "已完成", "填报中"
SHOWN_PER_KIND = 3
FILTERS = {"未填写": "未填写", "待复核": "待复核", "缺佐证材料": "缺佐证材料",
           "未达标但未制定整改措施": "未达标"}


@dataclass
class OpenWork:
    """What is not finished, as (checklist, item, 'code title') per kind."""

    unanswered: list[tuple[str, str, str]] = field(default_factory=list)
    pending_review: list[tuple[str, str, str]] = field(default_factory=list)
    missing_evidence: list[tuple[str, str, str]] = field(default_factory=list)
    missing_plan: list[tuple[str, str, str]] = field(default_factory=list)

    def kinds(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        return [("未填写", self.unanswered), ("待复核", self.pending_review),
                ("缺佐证材料", self.missing_evidence), ("未达标但未制定整改措施", self.missing_plan)]

    @property
    def empty(self) -> bool:
        return not any(rows for _kind, rows in self.kinds())

    def first(self) -> tuple[str, str] | None:
        for _kind, rows in self.kinds():
            if rows:
                return rows[0][0], rows[0][1]
        return None

    def summary(self) -> str:
        lines = []
        for kind, rows in self.kinds():
            if not rows:
                continue
            lines.append(f"{kind}（{len(rows)} 项）：")
            lines += [f"　· {name}" for _c, _i, name in rows[:SHOWN_PER_KIND]]
            if len(rows) > SHOWN_PER_KIND:
                lines.append(f"　· ……另有 {len(rows) - SHOWN_PER_KIND} 项，可用左侧「{FILTERS[kind]}」筛选查看")
        return "\n".join(lines)


def open_work(session: Any) -> OpenWork:
    work = OpenWork()
    for cid, checklist in session.checklists.items():
        state = session.tree_state(cid)
        results = {r.item.id: r for r in state.result.items}
        planned = {f.plan_item for f in session.failed_indicators(cid)}
        for item_id in state.shown_items:
            r = results[item_id]
            if r.status is Status.NOT_APPLICABLE:
                continue
            row = (cid, item_id, f"{checklist.title} {checklist.item_code(item_id)} {r.item.title}")
            if r.status is Status.UNANSWERED:
                work.unanswered.append(row)
            if item_id in state.pending_review:
                work.pending_review.append(row)
            if r.item.evidence and item_id not in state.with_evidence:
                work.missing_evidence.append(row)
            needs_plan = r.status is Status.UNMET or item_id in planned
            plan = session.rectification(cid, item_id)
            if needs_plan and (plan is None or not plan.measure.strip()):
                work.missing_plan.append(row)
    return work


def is_final(session: Any) -> bool:
    return session is not None and session.info.status == FINAL


def finalize(window: Any) -> bool:
    """定稿: shows what is open (go there, or finalize anyway); True when marked 已完成."""
    session = window.session
    if session is None or session.read_only:
        return False
    window.flush_edits()
    work = open_work(session)
    if work.empty:
        text = "所有条目均已填写、复核，佐证材料和整改措施齐全。\n定稿后，导出的提交包和报告将标明「已定稿」。确定定稿吗？"
        if not ask(window, "定稿", text, "定稿", "取消"):
            return False
    else:
        text = (f"以下内容尚未完成：\n\n{work.summary()}\n\n"
                "可以先去补齐，也可以现在定稿（督学会在汇总中看到这些缺项）。")
        choice = ask_three(window, "定稿前检查", text, "转到第一项", "仍然定稿", "取消")
        if choice == 0:
            first = work.first()
            if first is not None:
                window.go_to_item(*first)
            return False
        if choice != 1:
            return False
    return set_status(window, FINAL, "已定稿。如需修改，可用「文件 → 撤销定稿」。")


def unfinalize(window: Any) -> bool:
    session = window.session
    if session is None or session.read_only or not is_final(session):
        return False
    if not ask(window, "撤销定稿", "撤销定稿后，评估回到「填报中」，导出的提交包将标明「尚未定稿」。确定撤销吗？",
               "撤销定稿", "取消"):
        return False
    return set_status(window, DRAFT, "已撤销定稿，评估回到「填报中」。")


def set_status(window: Any, status: str, message: str) -> bool:
    try:
        window.store.set_status(window.session.id, status)
    except DesktopError as exc:
        show_error(window, exc)
        return False
    window.session.info = window.store.assessment(window.session.id)
    window.show_title()
    window.update_actions()
    window.statusBar().showMessage(message, 10000)
    return True


def confirm_unfinished_export(window: Any, what: str) -> bool:
    """Before a package leaves an assessment still 填报中: 定稿 first, export anyway, or cancel."""
    session = window.session
    if session is None or is_final(session) or session.read_only:
        return True
    work = open_work(session)
    detail = f"\n\n尚未完成：\n{work.summary()}" if not work.empty else ""
    choice = ask_three(window, f"导出{what}",
                       f"本评估尚未定稿，导出的{what}将标明「填报中，尚未定稿」，督学会据此退回或催报。{detail}",
                       "先定稿", "仍然导出", "取消")
    if choice == 0:
        return finalize(window) or False
    return choice == 1


def ask(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    return ask_three(parent, title, text, yes, None, no) == 0


def ask_three(parent: QWidget, title: str, text: str, first: str, second: str | None,
              cancel: str) -> int:
    """0 for the first button, 1 for the second, -1 for cancel (patched in tests)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    buttons = [box.addButton(first, QMessageBox.ButtonRole.AcceptRole)]
    if second is not None:
        buttons.append(box.addButton(second, QMessageBox.ButtonRole.DestructiveRole))
    cancel_button = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(cancel_button)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else -1
