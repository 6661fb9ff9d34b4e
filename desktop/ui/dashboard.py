"""The 达标情况总览 page: per checklist, progress, counts, verdict, indicator chart, unmet items, last period."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox, QLabel, QListWidget, QListWidgetItem, QProgressBar, QScrollArea,
    QTabWidget, QVBoxLayout, QWidget,
)

from desktop.core.engine import ChecklistResult, Status
from desktop.ui import icons
from desktop.ui.indicator_chart import IndicatorChart
from desktop.ui.indicator_panel import verdict_html
from desktop.ui.session import AssessmentSession

ITEM_ROLE = Qt.ItemDataRole.UserRole


def status_counts(result: ChecklistResult, shown: set[str]) -> Counter:
    return Counter(r.status for r in result.items if r.item.id in shown)


class ChecklistDashboard(QScrollArea):
    """One checklist's overview. Signals: item_activated(str, str) (checklist, item) to open."""

    item_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.verdict_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setFormat("已填写 %v / %m 项")
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.veto_label = QLabel()
        self.veto_label.setWordWrap(True)
        self.veto_label.setStyleSheet("color: #b00020;")
        for widget in (self.title_label, self.verdict_label, self.progress, self.counts_label,
                       self.veto_label):
            self._layout.addWidget(widget)
        self.stages_box = QGroupBox("资源配置七项指标（占标准值的比例）")
        self._stages_layout = QVBoxLayout(self.stages_box)
        self._layout.addWidget(self.stages_box)
        self.unmet_list = QListWidget()
        self.unmet_list.itemActivated.connect(self._on_unmet_activated)
        unmet_box = QGroupBox("未达标的条目和指标（双击或回车转到该条目）")
        QVBoxLayout(unmet_box).addWidget(self.unmet_list)
        self._layout.addWidget(unmet_box, 1)
        self.setWidget(body)
        self._checklist_id = ""
        self._charts: list[QWidget] = []

    def show_result(self, result: ChecklistResult, shown: set[str],
                    previous: ChecklistResult | None, previous_period: str = "") -> None:
        c = result.checklist
        self._checklist_id = c.id
        overlay = f"地方标准：{c.overlay_title}" if c.overlay_title else ""
        self.title_label.setText(f"<h2>{c.full_title or c.title}</h2>{overlay}")
        before = (f"　　{previous_period}：{verdict_html(previous.verdict)}"
                  if previous is not None else "")
        self.verdict_label.setText(f"<span style='font-size:15pt'>结论：{verdict_html(result.verdict)}</span>{before}")
        counts = status_counts(result, shown)
        applicable = sum(n for s, n in counts.items() if s is not Status.NOT_APPLICABLE)
        answered = counts[Status.MET] + counts[Status.UNMET] + counts[Status.RECORDED]
        self.progress.setMaximum(max(applicable, 1))
        self.progress.setValue(answered)
        self.counts_label.setText(self._counts_text(counts, previous, shown))
        self.veto_label.setText("一票否决：" + "；".join(r.item.title for r in result.vetoes)
                                if result.vetoes else "")
        self.veto_label.setVisible(bool(result.vetoes))
        self._show_stages(result, previous, previous_period)
        self._show_unmet(result, shown)

    def _counts_text(self, counts: Counter, previous: ChecklistResult | None, shown: set[str]) -> str:
        parts = [f"达标 <b>{counts[Status.MET]}</b> 项", f"未达标 <b>{counts[Status.UNMET]}</b> 项",
                 f"未填写 <b>{counts[Status.UNANSWERED]}</b> 项",
                 f"已填写基础数据 {counts[Status.RECORDED]} 项"]
        if counts[Status.NOT_APPLICABLE]:
            parts.append(f"不适用 {counts[Status.NOT_APPLICABLE]} 项")
        text = "　".join(parts)
        if previous is not None:
            old = status_counts(previous, shown)
            text += f"<br><span style='color:#5f6368'>上一周期：达标 {old[Status.MET]} 项，未达标 {old[Status.UNMET]} 项</span>"
        return text

    def _show_stages(self, result: ChecklistResult, previous: ChecklistResult | None,
                     previous_period: str) -> None:
        for widget in self._charts:
            widget.hide()
            self._stages_layout.removeWidget(widget)
            widget.deleteLater()
        self._charts = []
        self.stages_box.setVisible(bool(result.stages))
        for stage_id, stage in result.stages.items():
            old = previous.stages.get(stage_id) if previous is not None else None
            before = f"　　{previous_period}：{verdict_html(old.verdict)}" if old else ""
            heading = QLabel(f"<b>{stage.name}</b>　结论：{verdict_html(stage.verdict)}{before}"
                             f"<br><span style='color:#3c4043'>{stage.reason}</span>")
            heading.setWordWrap(True)
            chart = IndicatorChart()
            chart.set_stage(stage, old)
            for widget in (heading, chart):
                self._stages_layout.addWidget(widget)
                self._charts.append(widget)

    def _show_unmet(self, result: ChecklistResult, shown: set[str]) -> None:
        """Unmet items, then unmet 资源配置 indicators (which lead to the item holding their input)."""
        self.unmet_list.clear()
        for r in result.items:
            if r.status is Status.UNMET and r.item.id in shown:
                text = f"{'★ ' if r.item.key else ''}{r.item.title}"
                self._add_unmet(f"{text} —— {r.gap_text}" if r.gap_text else text, r.item.id)
        for stage in result.stages.values():
            for ind in stage.indicators.values():
                if ind.status == "unmet":
                    self._add_unmet(f"{stage.name} {ind.indicator.id} {ind.indicator.title} —— "
                                    f"{ind.gap_text}", ind.indicator.input_for(stage.stage))
        if not self.unmet_list.count():
            self.unmet_list.addItem("（没有未达标的条目）")

    def _add_unmet(self, text: str, item_id: str) -> None:
        row = QListWidgetItem(icons.status_icon("unmet"), text)
        row.setData(ITEM_ROLE, item_id)
        self.unmet_list.addItem(row)

    def _on_unmet_activated(self, row: QListWidgetItem) -> None:
        item_id = row.data(ITEM_ROLE)
        if item_id:
            self.item_activated.emit(self._checklist_id, item_id)


class DashboardPage(QTabWidget):
    """One tab per checklist of the open assessment. Signals: item_activated(str, str)."""

    item_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: AssessmentSession | None = None
        self.pages: dict[str, ChecklistDashboard] = {}
        self._stale = False

    def set_session(self, session: AssessmentSession | None) -> None:
        self.session = session
        self.clear()
        for page in self.pages.values():
            page.deleteLater()
        self.pages = {}
        if session is None:
            return
        for cid, checklist in session.checklists.items():
            page = ChecklistDashboard()
            page.item_activated.connect(self.item_activated)
            self.pages[cid] = page
            self.addTab(page, checklist.title)
        self.refresh()

    def refresh(self, checklist_id: str | None = None) -> None:
        if self.session is None:
            return
        if not self.isVisible():
            # Redrawn when shown: answers change far more often than the overview is looked at.
            self._stale = True
            return
        self._stale = False
        session = self.session
        previous = session.previous_results()
        earlier = session.previous_assessment()
        period = earlier.period if earlier is not None else ""
        for cid, page in self.pages.items():
            if checklist_id is None or cid == checklist_id:
                shown = set(session.tree_state(cid).shown_items)
                page.show_result(session.results[cid], shown, previous.get(cid), period)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_checklist(self, checklist_id: str) -> None:
        if checklist_id in self.pages:
            self.setCurrentWidget(self.pages[checklist_id])

