"""The live panel of the seven 资源配置 indicators per 学段, with each 学段's rule line and verdict."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGroupBox, QHeaderView, QLabel, QScrollArea, QTableView,
    QVBoxLayout, QWidget,
)

from desktop.core.assessment import Rectification
from desktop.core.engine import ChecklistResult
from desktop.core.numbers import fmt
from desktop.core.resources import StageResult
from desktop.ui.rectification_form import RectificationForm
from desktop.ui.models.indicator_table import (
    COL_GAP, COL_INDICATOR, COL_STANDARD, COL_VALUE, COL_VERDICT, IndicatorTableModel,
)

VERDICT_COLORS = {"达标": "#2e7d32", "未达标": "#b00020", "未完成": "#5f6368", "不适用": "#5f6368"}


def verdict_html(verdict: str) -> str:
    return f"<b style='color:{VERDICT_COLORS.get(verdict, '#202124')}'>{verdict}</b>"


class StageView(QWidget):
    """One 学段: heading with verdict, the rule line, and the indicator table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.heading = QLabel()
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("color: #3c4043;")
        self.model = IndicatorTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_INDICATOR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_GAP, QHeaderView.ResizeMode.Stretch)
        for column in (COL_VALUE, COL_STANDARD, COL_VERDICT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for widget in (self.heading, self.rule_label, self.table):
            layout.addWidget(widget)
        # Row heights depend on the wrapped text, so they follow the final column widths.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_height)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())

    def set_stage(self, stage: StageResult, titles: dict[str, str]) -> None:
        students = f"　在校生 {fmt(stage.students, 0)} 人" if stage.students is not None else ""
        self.heading.setText(f"<b>{stage.name}</b>{students}　结论：{verdict_html(stage.verdict)}")
        self.rule_label.setText(stage.reason)
        self.model.set_stage(stage, titles)
        self._fit_timer.start()

    def fit_height(self) -> None:
        """The table shows all rows without its own scroll bar (the panel scrolls instead)."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override): rows rewrap on resize
        super().resizeEvent(event)
        self._fit_timer.start()


class IndicatorPlans(QGroupBox):
    """整改措施 of the failed indicators: choose one, write its plan like an item's.

    Signals: plan_edited(str, str, object): (checklist, plan item, Rectification or None).
    """

    plan_edited = Signal(str, str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("未达标指标的整改措施", parent)
        layout = QVBoxLayout(self)
        self.chooser = QComboBox()
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.chooser.setMinimumContentsLength(10)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        self.form = RectificationForm()
        self.form.setTitle("")
        self.form.setFlat(True)
        self.form.plan_edited.connect(self._on_plan_edited)
        for widget in (self.chooser, self.note, self.form):
            layout.addWidget(widget)
        self.chooser.currentIndexChanged.connect(self._on_chosen)
        self._failed: list = []
        self._plan_of: Callable[[str, str], Rectification | None] = lambda c, i: None
        self._shown: tuple[str, str] | None = None

    def show_failed(self, failed: list, plan_of: Callable[[str, str], Rectification | None]) -> None:
        """failed: FailedIndicator objects; plan_of(checklist, item) reads a stored plan."""
        current = self.chooser.currentData()
        self._failed, self._plan_of = failed, plan_of
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for f in failed:
            done = plan_of(f.checklist_id, f.plan_item) is not None
            # The state first: a narrow panel cuts the end of a long name, never the state.
            self.chooser.addItem(f"【{'已制定' if done else '未制定'}】{f.label}", f.label)
        keep = next((n for n, f in enumerate(failed) if f.label == current), 0) if current else 0
        self.chooser.setCurrentIndex(keep)
        self.chooser.blockSignals(False)
        self.setVisible(bool(failed))
        self._on_chosen()

    def _on_chosen(self, *_args: object) -> None:
        index = self.chooser.currentIndex()
        if not 0 <= index < len(self._failed):
            self._shown = None
            return
        f = self._failed[index]
        key = (f.checklist_id, f.plan_item)
        sharing = [g.label for g in self._failed if (g.checklist_id, g.plan_item) == key]
        self.note.setText(f"{f.result.gap_text}" + (
            f"。本措施同时适用于：{'、'.join(sharing)}" if len(sharing) > 1 else ""))
        if key == self._shown:
            return  # the same plan: keep what is being typed
        self.form.flush()
        self._shown = key
        self.form.show_plan(f.checklist_id, f.plan_item, self._plan_of(*key))

    def _on_plan_edited(self, plan: object) -> None:
        if self._shown is not None:
            self.plan_edited.emit(self._shown[0], self._shown[1], plan)

    def flush(self) -> None:
        self.form.flush()


class IndicatorPanel(QScrollArea):
    """Shows ChecklistResult.stages; says so when the checklist has no 资源配置 indicators."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self._layout.addWidget(self.intro)
        self.stage_views: dict[str, StageView] = {}
        self.plans = IndicatorPlans()
        self.plans.hide()
        self._layout.addWidget(self.plans)
        self._layout.addStretch(1)
        self.setWidget(body)

    def show_result(self, result: ChecklistResult | None) -> None:
        rule = result.checklist.resources if result else None
        if result is None or rule is None:
            self.intro.setText(_counts_text(result))
            self._set_stages({}, {})
            self.plans.hide()
            return
        self.intro.setText(f"每个学段 {len(rule.indicators)} 项指标中至少 {rule.min_met} 项达标，"
                           f"其余各项不低于标准值的 {fmt(rule.floor * 100, 0)}%。"
                           "共用校舍、场馆和设备按加权在校生数拆分到各学段。")
        titles = {i.id: i.title for i in result.checklist.items}
        self._set_stages(result.stages, titles)

    def _set_stages(self, stages: dict[str, StageResult], titles: dict[str, str]) -> None:
        for stage_id in list(self.stage_views):
            if stage_id not in stages:
                view = self.stage_views.pop(stage_id)
                view.hide()  # deleteLater() waits for the event loop
                self._layout.removeWidget(view)
                view.deleteLater()
        for position, (stage_id, stage) in enumerate(stages.items()):
            view = self.stage_views.get(stage_id)
            if view is None:
                view = self.stage_views[stage_id] = StageView()
                self._layout.insertWidget(1 + position, view)
            view.set_stage(stage, titles)


def _counts_text(result: ChecklistResult | None) -> str:
    """What the panel says for a checklist without R1–R7 indicators: that, and its counts."""
    if result is None:
        return "资源配置七项指标只用于义务教育优质均衡检查表。"
    statuses = [r.status.value for r in result.items if r.status.value != "not_applicable"]
    answered = sum(s in ("met", "unmet", "recorded") for s in statuses)
    met, unmet = statuses.count("met"), statuses.count("unmet")
    return (f"「{result.checklist.title}」没有资源配置七项指标。\n\n"
            f"本检查表：已填写 {answered}/{len(statuses)} 项，达标 {met} 项，未达标 {unmet} 项。"
            "未达标的条目可用左侧「未达标」筛选查看。")
