"""文件 → 定稿 / 撤销定稿: the check of what is open, the marking, and going back to fix it."""

from __future__ import annotations

import pytest

from desktop.ui import finalize


@pytest.fixture
def answers(monkeypatch):
    """The buttons the questions get, in order; the texts they showed."""
    replies: list[int] = []
    asked: list[str] = []

    def fake(parent, title, text, *buttons):
        asked.append(text)
        return replies.pop(0)
    monkeypatch.setattr(finalize, "ask_three", fake)
    return replies, asked


def test_finalize_lists_what_is_open_and_can_go_there(qtbot, window, store, assessment_id, answers):
    replies, asked = answers
    replies.append(0)  # 转到第一项
    window.go_to_item("xyaq", "last_drill_date")
    window.actions_by_name["finalize"].trigger()
    assert "未填写（" in asked[0] and "缺佐证材料（" in asked[0]
    assert "students_primary" not in asked[0]  # item codes and titles, never ids
    assert "义务教育优质均衡 1.1 小学在校生数" in asked[0]
    assert window.navigator.current_item() == ("yzjh", "students_primary")
    assert store.assessment(assessment_id).status == "填报中"


def test_finalize_anyway_then_undo(qtbot, window, store, assessment_id, answers):
    replies, _asked = answers
    replies.extend([1, 0])  # 仍然定稿; then 撤销定稿
    assert not window.actions_by_name["unfinalize"].isEnabled()
    window.actions_by_name["finalize"].trigger()
    assert store.assessment(assessment_id).status == "已完成"
    assert "已定稿" in window.windowTitle()
    assert window.actions_by_name["unfinalize"].isEnabled()
    assert not window.actions_by_name["finalize"].isEnabled()
    window.actions_by_name["unfinalize"].trigger()
    assert store.assessment(assessment_id).status == "填报中"
    assert "已定稿" not in window.windowTitle()


def test_open_work_counts_unmet_items_without_a_plan(window):
    from fractions import Fraction
    window.set_answer("yzjh", "students_primary", Fraction(1000))
    window.set_answer("yzjh", "students_junior", Fraction(800))
    window.set_answer("yzjh", "teachers_above_degree_primary", Fraction(10))
    work = finalize.open_work(window.session)
    assert ("yzjh", "teachers_above_degree_primary") in {(c, i) for c, i, _ in work.missing_plan}
