"""县域统计 page: per 学段 the seven 差异系数 against the limit, failing schools, what-ifs, exports.

The statistics are computed in a task (county_stats.compute) whenever the page is shown after
the data changed; the workbook and the PDF are written by the district's writers in a task too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QSplitter, QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import DesktopError
from desktop.core.numbers import fmt_fixed
from desktop.district.cv import cv_text
from desktop.district.progress import Cancelled
from desktop.district.summary import StageSummary
from desktop.ui.errors import show_error
from desktop.ui.supervisor.county_stats import (
    CountyStats, best_what_ifs, compute, stats_input, write_county_report, write_summary_workbook,
)
from desktop.ui.supervisor.cv_chart import CvChartWidget
from desktop.ui.supervisor.outputs import EXCEL_FILTER, PDF_FILTER, file_name, save_in_task
from desktop.ui.supervisor.stats_models import CvTableModel, FailingTableModel, WhatIfTableModel
from desktop.ui.supervisor.table_base import table_view
from desktop.ui.tasks import Task, TaskRunner

COUNTY_KEY = "supervisor/county"


def stage_line(stage: StageSummary) -> str:
    """The 学段's verdict in one sentence (the district report's wording)."""
    cvs = ("七项差异系数均在限值内" if stage.passed
           else "差异系数超出限值：" + "、".join(stage.cv_failed))
    verdict = "达标" if stage.county_passed else "未达标"
    return (f"{stage.name}：参与统计 {len(stage.schools)} 所，资源配置达到校际标准 "
            f"{stage.schools_met} 所；{cvs}（限值 ≤ {fmt_fixed(stage.limit, 2)}）；综合差异系数"
            f"（仅供参考）{cv_text(stage.composite)}。{stage.name}资源配置结论：{verdict}"
            "（要求各校均达标且七项差异系数均在限值内）。")


NAME_COLUMN = 1  # 名称 in CvTableModel


class StageView(QWidget):
    """One 学段: verdict line, CV table beside the chart, failing schools and what-ifs below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.cv_model = CvTableModel(self)
        self.cv_view = table_view(self.cv_model)
        # The indicator's name gives way (its tooltip has it whole), so 结论 stays on screen
        # at 125 % on a laptop.
        header = self.cv_view.horizontalHeader()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.chart = CvChartWidget()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.cv_view)
        top.addWidget(self.chart)
        top.setSizes([760, 520])
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.failing_model = FailingTableModel(self)
        self.whatif_model = WhatIfTableModel(self)
        self.lower = QTabWidget()
        self.lower.addTab(table_view(self.failing_model), "资源配置未达标的学校")
        self.lower.addTab(table_view(self.whatif_model, sortable=True), "补足测算（对差异系数影响最大的学校）")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.lower)
        split.setSizes([215, 300])
        layout.addWidget(split, 1)

    def show_stage(self, stats: CountyStats, stage_id: str) -> None:
        stage = stats.summary.stages[stage_id]
        self.verdict.setText(stage_line(stage))
        self.cv_model.set_stage(stage)
        self.chart.set_stage(stage)
        self.failing_model.set_stage(stage)
        self.whatif_model.set_what_ifs(best_what_ifs(stats, stage_id), stage.limit)
        failing = len(stage.failing_schools)
        self.lower.setTabText(0, f"资源配置未达标的学校（{failing} 所）")


class StatsPage(QWidget):
    """Attributes: stats (the CountyStats shown, or None), stages (学段 id → StageView).

    Signals:
        computed(): new statistics are shown (or the computation ended without any).
        exported(object): the Path of a workbook or PDF just written.
    """

    computed = Signal()
    exported = Signal(object)

    def __init__(self, ws: Any, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.tasks = ws, tasks
        self.stats: CountyStats | None = None
        self.stages: dict[str, StageView] = {}
        self._period: str | None = None
        self._stale = True
        self._task: Task | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_bar())
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._show_nothing("尚未统计。")

    def _top_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = QLabel()
        row.addWidget(self.title, 1)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setFormat("正在统计 %v/%m")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress, self.cancel_button):
            widget.hide()
            row.addWidget(widget)
        row.addWidget(QLabel("县（区）名称："))
        self.county = QLineEdit(str(QSettings().value(COUNTY_KEY, "", type=str)))
        self.county.setPlaceholderText("印在报告封面")
        self.county.setMaximumWidth(150)
        self.county.editingFinished.connect(
            lambda: QSettings().setValue(COUNTY_KEY, self.county.text().strip()))
        row.addWidget(self.county)
        self.refresh_button = QPushButton("重新统计")
        self.refresh_button.clicked.connect(self.refresh)
        self.workbook_button = QPushButton("导出汇总表…")
        self.workbook_button.clicked.connect(self.export_workbook)
        self.report_button = QPushButton("导出区县报告…")
        self.report_button.clicked.connect(self.export_report)
        for button in (self.refresh_button, self.workbook_button, self.report_button):
            row.addWidget(button)
        return row

    # --- computing ------------------------------------------------------------------------------
    def set_period(self, period: str | None) -> None:
        self._period = period
        self.mark_stale()

    def mark_stale(self) -> None:
        """The data changed: compute again now if the page is shown, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> Task:
        """Starts the computation (cancelling one still running)."""
        if self._task is not None and self._task.running:
            self._task.cancel()
        self._stale = False
        inputs = stats_input(self.ws, self._period)
        task = self.tasks.run(lambda progress, is_cancelled: compute(inputs, progress, is_cancelled),
                              lambda stats: self._on_computed(task, stats),
                              lambda exc: self._on_failed(task, exc))
        self._task = task
        task.progress_changed.connect(self._on_progress)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._set_busy(True)
        return task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, task: Task) -> bool:
        """Whether this is the latest task's end (older, replaced tasks are ignored)."""
        if task is not self._task:
            return False
        self.progress.hide()
        self.cancel_button.hide()
        self._set_busy(False)
        return True

    def _on_computed(self, task: Task, stats: CountyStats) -> None:
        if self._finished(task):
            self.show_stats(stats)
            self.computed.emit()

    def _on_failed(self, task: Task, exc: BaseException) -> None:
        if not self._finished(task):
            return
        if isinstance(exc, Cancelled):
            self._stale = True
            self.message.setText("已取消统计。点「重新统计」可再算。")
        elif isinstance(exc, DesktopError):
            self._show_nothing("统计未完成。")
            show_error(self, exc, "无法统计")
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.computed.emit()

    def _set_busy(self, busy: bool) -> None:
        has = self.stats is not None and self.stats.has_stages
        self.workbook_button.setEnabled(has and not busy)
        self.report_button.setEnabled(has and not busy)

    # --- showing --------------------------------------------------------------------------------
    def show_stats(self, stats: CountyStats) -> None:
        self.stats = stats
        self.tabs.clear()
        self.stages = {}
        if not stats.has_stages:
            self._show_nothing(f"「{stats.period or '—'}」还没有含义务教育优质均衡检查表（资源配置）的提交包，"
                               "无法计算差异系数。")
            return
        self.title.setText(f"评估周期：{stats.period}　统计学校 {len(stats.summary.schools)} 所"
                           f"（来自 {stats.packages} 个提交包）")
        for stage_id, stage in stats.summary.stages.items():
            view = StageView()
            view.show_stage(stats, stage_id)
            verdict = "达标" if stage.county_passed else "未达标"
            self.tabs.addTab(view, f"{stage.name}（{len(stage.schools)} 所，{verdict}）")
            self.stages[stage_id] = view
        self.message.setText(_notes(stats))
        self.message.setVisible(bool(self.message.text()))
        self._set_busy(False)

    def _show_nothing(self, text: str) -> None:
        self.title.setText("县域资源配置统计")
        self.message.setText(text)
        self.message.show()
        self._set_busy(False)

    # --- exports --------------------------------------------------------------------------------
    def export_workbook(self) -> Task | None:
        return self._export("导出汇总表", "资源配置汇总表", EXCEL_FILTER, ".xlsx",
                            lambda stats, out: write_summary_workbook(stats, out))

    def export_report(self) -> Task | None:
        county = self.county.text()
        return self._export("导出区县报告", "资源配置统计报告", PDF_FILTER, ".pdf",
                            lambda stats, out: write_county_report(stats, out, county))

    def _export(self, title: str, what: str, file_filter: str, extension: str,
                write: Callable[[CountyStats, Path], Path]) -> Task | None:
        stats = self.stats
        if stats is None or not stats.has_stages:
            return None
        name = file_name(self.county.text().strip() or "县域", stats.period, what, extension=extension)
        return save_in_task(self, self.tasks, title, name, file_filter, extension,
                            lambda out: write(stats, out), self.exported.emit)


def _notes(stats: CountyStats) -> str:
    notes = []
    if stats.summary.excluded:
        notes.append("不纳入统计：" + "、".join(f"{r.name}（{r.excluded}）" for r in stats.summary.excluded))
    if stats.skipped:
        notes.append(f"另有 {len(stats.skipped)} 个提交包不含义务教育优质均衡检查表，未计入："
                     + "；".join(why for _, why in stats.skipped))
    return "　".join(notes)
