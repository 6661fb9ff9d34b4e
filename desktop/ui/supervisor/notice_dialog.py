"""整改通知书: a draft from the school's latest package (edit, drop problems, save → number), or a
saved notice (edit requirement or deadline, follow the 整改 up, record 复查, print the PDF).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError, InputError
from desktop.core.snapshot_json import short_fingerprint
from desktop.supervisor.outcomes import shown_time
from desktop.supervisor.records import REVIEW_RESULTS, Notice, NoticeItem, check_date
from desktop.ui.errors import show_error
from desktop.ui.supervisor.dialog_buttons import button_box
from desktop.ui.supervisor.notice_models import (
    COL_DEADLINE, DateDelegate, FollowUpModel, NoticeItemsModel,
)
from desktop.ui.supervisor.outputs import PDF_FILTER, file_name, save_in_task
from desktop.ui.supervisor.table_base import ROW_ROLE, table_view
from desktop.ui.tasks import Task, TaskRunner


def date_edit(iso: str = "") -> QDateEdit:
    edit = QDateEdit(QDate(dt.date.fromisoformat(iso)) if iso else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ReviewDialog(QDialog):
    """The 督学's 复查 of one problem: date, conclusion, 后续建议."""

    def __init__(self, item: NoticeItem, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"记录复查：第 {item.seq} 项")
        form = QFormLayout(self)
        problem = QLabel(f"{item.code} {item.title}\n{item.problem}")
        problem.setWordWrap(True)
        form.addRow("问题：", problem)
        self.date = date_edit(item.review_on)
        self.result = QComboBox()
        self.result.addItems(list(REVIEW_RESULTS))
        if item.review_result:
            self.result.setCurrentText(item.review_result)
        self.follow_up = QLineEdit(item.follow_up)
        self.follow_up.setPlaceholderText("如：下次随访时再查看（可不填）")
        form.addRow("复查日期：", self.date)
        form.addRow("复查结论：", self.result)
        form.addRow("督学后续建议：", self.follow_up)
        form.addRow(button_box(self, "确定", "取消"))
        self.resize(520, 240)

    def values(self) -> tuple[str, str, str]:
        return (self.date.date().toPython().isoformat(), self.result.currentText(),
                self.follow_up.text().strip())

    @classmethod
    def ask(cls, item: NoticeItem, parent: QWidget | None = None) -> tuple[str, str, str] | None:
        """(复查日期, 结论, 后续建议), or None when cancelled (patched in tests)."""
        dialog = cls(item, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class NoticeDialog(QDialog):
    """Attributes: notice (the draft or saved Notice shown), items (NoticeItemsModel), follow.

    Signals: saved(object): the numbered Notice; pdf_written(object): the PDF's Path.
    """

    saved = Signal(object)
    pdf_written = Signal(object)

    def __init__(self, ws: Any, notice: Notice, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.notice, self.tasks = ws, notice, tasks
        self.setWindowTitle(f"整改通知书 — {notice.school_name}")
        layout = QVBoxLayout(self)
        self.head = QLabel()
        self.head.setWordWrap(True)
        layout.addWidget(self.head)
        layout.addLayout(self._draft_form())
        self.items = NoticeItemsModel(self._edit_item, self)
        self.items.edit_refused.connect(lambda exc: show_error(self, exc, "未修改"))
        self.follow = FollowUpModel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._items_page(), "通知内容")
        self.tabs.addTab(self._follow_page(), "整改跟踪")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._buttons())
        self._show(notice)
        self.resize(1240, 660)

    # --- layout ---------------------------------------------------------------------------------
    def _draft_form(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.issued = date_edit(self.notice.issued_on)
        self.inspector = QLineEdit(self.notice.inspector)
        self.inspector.setPlaceholderText("责任督学姓名")
        self.issuer = QLineEdit(self.notice.issuer)
        self.issuer.setPlaceholderText("必填，如：××县人民政府教育督导室（记在本工作区）")
        self.form_widgets = [self.issued, self.inspector, self.issuer]
        for label, widget, stretch in (("下发日期：", self.issued, 0), ("责任督学：", self.inspector, 1),
                                       ("发文机关：", self.issuer, 2)):
            row.addWidget(QLabel(label))
            row.addWidget(widget, stretch)
        return row

    def _items_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.items_view = table_view(self.items)
        self.items_view.setEditTriggers(self.items_view.EditTrigger.DoubleClicked |
                                        self.items_view.EditTrigger.EditKeyPressed)
        self.items_view.setItemDelegateForColumn(COL_DEADLINE, DateDelegate(self.items_view))
        # A notice has a handful of problems: show each whole, wrapped, rather than cut off.
        self.items_view.setWordWrap(True)
        self.items_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.items_view, 1)
        row = QHBoxLayout()
        self.all_deadlines = date_edit(self.notice.items[0].deadline if self.notice.items else "")
        self.apply_deadline = QPushButton("全部期限设为此日期")
        self.apply_deadline.clicked.connect(self.set_all_deadlines)
        self.remove_button = QPushButton("删除所选问题")
        self.remove_button.clicked.connect(self.remove_selected)
        for widget in (QLabel("整改期限："), self.all_deadlines, self.apply_deadline, self.remove_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _follow_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.follow_view = table_view(self.follow, sortable=True)
        self.follow_view.activated.connect(lambda index: self.review(index.data(ROW_ROLE)))
        layout.addWidget(self.follow_view, 1)
        row = QHBoxLayout()
        self.review_button = QPushButton("记录复查…")
        self.review_button.clicked.connect(
            lambda: self.review(self.follow_view.currentIndex().data(ROW_ROLE)))
        self.follow_note = QLabel()
        self.follow_note.setWordWrap(True)
        row.addWidget(self.review_button)
        row.addWidget(self.follow_note, 1)
        layout.addLayout(row)
        return page

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.save_button = box.addButton("保存并编号", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.pdf_button = box.addButton("打印（生成 PDF）…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(self.write_pdf)
        close = box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        return box

    # --- showing --------------------------------------------------------------------------------
    def _show(self, notice: Notice) -> None:
        self.notice = notice
        draft = notice.id is None
        basis = (f"依据 {notice.period} 的提交包（数据指纹 {short_fingerprint(notice.digest)}）"
                 if notice.digest else "")
        if draft:
            self.head.setText(f"草稿：{notice.school_name}，共 {len(notice.items)} 个问题。{basis}。"
                              "可修改整改要求和期限、删除不需要的问题；保存后编号，不再能删除问题。")
        else:
            self.head.setText(f"{notice.number}　{notice.school_name}　下发日期 {notice.issued_on}　"
                              f"共 {len(notice.items)} 个问题。{basis}。")
        for widget in self.form_widgets + [self.remove_button]:
            widget.setEnabled(draft)
        self.items.set_rows(list(notice.items))
        self.tabs.setTabEnabled(1, not draft)
        self.save_button.setVisible(draft)
        self.pdf_button.setEnabled(not draft)
        if not draft:
            self.refresh_follow_up()

    def refresh_follow_up(self) -> None:
        follow = self.ws.follow_up(self.notice.id)
        self.follow.set_rows(follow)
        late = sum(1 for f in follow if f.overdue)
        latest = next((f.reported_in for f in follow if f.reported_in is not None), None)
        source = (f"学校的整改情况取自其最新提交包（导出于 {shown_time(latest.created)}）。"
                  if latest is not None else "尚无该校的提交包。")
        self.follow_note.setText(source + (f"有 {late} 项逾期。" if late else ""))
        self.tabs.setTabText(1, f"整改跟踪（逾期 {late} 项）" if late else "整改跟踪")

    # --- editing --------------------------------------------------------------------------------
    def _edit_item(self, seq: int, field: str, value: str) -> NoticeItem:
        if field == "deadline":
            check_date(value, "整改期限")
        if self.notice.id is not None:
            stored = self.ws.update_notice_item(self.notice.id, seq, **{field: value})
            self.notice = self.ws.notice(self.notice.id)  # what the PDF and follow-up show
            self.refresh_follow_up()  # a new deadline may end or start an 逾期
            return stored
        item = next(i for i in self.notice.items if i.seq == seq)
        changed = dataclasses.replace(item, **{field: value})
        self.notice = dataclasses.replace(
            self.notice, items=tuple(changed if i.seq == seq else i for i in self.notice.items))
        return changed

    def set_all_deadlines(self) -> None:
        day = self.all_deadlines.date().toPython().isoformat()
        for row in range(self.items.rowCount()):
            self.items.setData(self.items.index(row, COL_DEADLINE), day)

    def remove_selected(self) -> None:
        index = self.items_view.currentIndex()
        if self.notice.id is not None or not index.isValid():
            return
        seq = self.items.row_at(index.row()).seq
        kept = tuple(i for i in self.notice.items if i.seq != seq)
        self._show(dataclasses.replace(self.notice, items=kept))

    def draft(self) -> Notice:
        """The draft with the header fields as typed."""
        return dataclasses.replace(self.notice, issued_on=self.issued.date().toPython().isoformat(),
                                   inspector=self.inspector.text().strip(),
                                   issuer=self.issuer.text().strip())

    def save(self) -> Notice | None:
        if self.notice.id is not None:
            return self.notice
        try:
            if not self.notice.items:
                raise InputError("整改通知书至少要列出一个问题", "items")
            draft = self.draft()
            saved = self.ws.save_notice(draft)
            if draft.issuer != self.ws.settings()["issuer"]:
                # Asked once: the next notice of this workspace starts with this office.
                self.ws.set_settings(issuer=draft.issuer)
        except DesktopError as exc:
            show_error(self, exc, "未保存")
            if not self.issuer.text().strip():
                self.issuer.setFocus()
            return None
        self._show(saved)
        self.saved.emit(saved)
        return saved

    def review(self, follow: Any) -> None:
        if follow is None or self.notice.id is None:
            return
        answer = ReviewDialog.ask(follow.item, self)
        if answer is None:
            return
        review_on, result, advice = answer
        try:
            self.ws.record_review(self.notice.id, follow.item.seq, review_on=review_on,
                                  result=result, follow_up=advice)
        except DesktopError as exc:
            show_error(self, exc, "未记录")
            return
        self.notice = self.ws.notice(self.notice.id)
        self.items.set_rows(list(self.notice.items))
        self.refresh_follow_up()

    # --- printing -------------------------------------------------------------------------------
    def write_pdf(self) -> Task | None:
        notice = self.notice
        if notice.id is None:
            return None
        basis = self.ws.submission_facts(notice.submission_id) if notice.submission_id else None
        follow = self.ws.follow_up(notice.id)
        name = file_name(notice.school_name, notice.number, "整改通知书", extension=".pdf")

        def write(out: Path) -> Any:
            from desktop.supervisor.notice_pdf import write_notice_pdf  # reportlab, in the task
            return write_notice_pdf(out, notice, basis, follow)

        return save_in_task(self, self.tasks, "生成整改通知书", name, PDF_FILTER, ".pdf", write,
                            self.pdf_written.emit)
