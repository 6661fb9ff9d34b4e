"""A failed R1–R7 indicator gets a 整改措施 like an item: in the panel, the item pane and 未达标."""

from __future__ import annotations

from fractions import Fraction

from desktop.ui.models.item_filter import ItemFilter
from tests.ui.conftest import type_text


def fail_r1_primary(window) -> None:
    for item_id, value in (("students_primary", 1000), ("students_junior", 800),
                           ("teachers_above_degree_primary", 10)):
        window.set_answer("yzjh", item_id, Fraction(value))


def test_failed_indicator_plan_written_in_the_panel(qtbot, window, store, assessment_id):
    window.go_to_item("yzjh", "students_primary")
    plans = window.indicator_panel.plans
    assert plans.isHidden()  # nothing fails yet
    fail_r1_primary(window)
    assert not plans.isHidden()
    labels = [plans.chooser.itemText(n) for n in range(plans.chooser.count())]
    assert labels[0].startswith("【未制定】R1 ") and labels[0].endswith("（小学）")
    type_text(plans.form.measure, "招聘两名本科教师")
    type_text(plans.form.owner, "人事处")
    window.flush_edits()
    plan = store.snapshot(assessment_id).rectification("yzjh", "teachers_above_degree_primary")
    assert plan is not None and plan.measure == "招聘两名本科教师" and plan.owner == "人事处"
    assert plans.chooser.itemText(0).startswith("【已制定】")
    # The same plan in the input item's own pane, under the indicator's name.
    window.go_to_item("yzjh", "teachers_above_degree_primary")
    pane = window.item_pane
    assert pane.rectification.isVisibleTo(pane) and "指标未达标" in pane.rectification.title()
    assert "R1 " in pane.standard_label.text()
    assert pane.rectification.measure.toPlainText() == "招聘两名本科教师"
    assert "未达标" in pane.standard_label.text()


def test_unmet_filter_lists_inputs_of_failed_indicators(qtbot, window):
    fail_r1_primary(window)
    window.navigator.set_filter(ItemFilter.UNMET)
    window.navigator.select_first()
    items = set()
    for _ in range(window.navigator.visible_count()):
        items.add(window.navigator.current_item())
        window.navigator.move(1)
    assert ("yzjh", "teachers_above_degree_primary") in items
    assert ("yzjh", "students_primary") not in items


def test_report_ledger_finds_the_panel_plan(qtbot, window, store, assessment_id, catalog):
    from desktop.core.assessment import Rectification
    fail_r1_primary(window)
    failed = window.session.failed_indicators("yzjh")
    assert [f.plan_item for f in failed][:1] == ["teachers_above_degree_primary"]
    window.set_indicator_plan("yzjh", failed[0].plan_item,
                              Rectification("yzjh", failed[0].plan_item, "招聘", "", "2026-06-30",
                                            "未开始", ""))
    snapshot = store.snapshot(assessment_id)
    ind = failed[0].result.indicator
    assert snapshot.rectification("yzjh", ind.input_for("primary")).measure == "招聘"
