"""Every item model passes Qt's model tester before and after it changes."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QModelIndex, Qt

from desktop.core.assessment import Evidence
from desktop.core.engine import evaluate
from desktop.ui.models.assessment_table import AssessmentTableModel
from desktop.ui.models.checklist_tree import (
    COL_STATE, ITEM_ROLE, PENDING_REVIEW_ROLE, STATUS_ROLE, ChecklistState, ChecklistTreeModel,
)
from desktop.ui.models.evidence_list import EvidenceListModel
from desktop.ui.models.indicator_table import COL_GAP, COL_VALUE, IndicatorTableModel
from desktop.ui.models.item_filter import ItemFilter, ItemFilterProxyModel
from desktop.ui.session import fits_school
from tests.ui.conftest import SCHOOL

ENROLMENT = {"students_primary": Fraction(1000), "students_junior": Fraction(800)}


def _state(catalog, answers, pending=frozenset(), with_evidence=frozenset()) -> ChecklistState:
    checklist = catalog.get("yzjh")
    result = evaluate(checklist, SCHOOL.profile, answers)
    shown = tuple(i.id for i in checklist.items if fits_school(i, SCHOOL.profile))
    return ChecklistState(checklist, result, shown, pending, with_evidence)


def _items(model, parent=QModelIndex()):
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found += [index] if index.data(ITEM_ROLE) else _items(model, index)
    return found


def test_tree_model_checks_before_and_after_answers_change(qtmodeltester, catalog):
    model = ChecklistTreeModel()
    model.set_states([_state(catalog, {})])
    qtmodeltester.check(model)
    first = model.index_for_item("yzjh", "students_primary")
    assert first.data(STATUS_ROLE) == "unanswered"
    model.update_state(_state(catalog, ENROLMENT, pending=frozenset({"students_junior"})))
    qtmodeltester.check(model)
    assert first.data(STATUS_ROLE) == "recorded"
    junior = model.index_for_item("yzjh", "students_junior")
    assert junior.data(PENDING_REVIEW_ROLE) is True
    assert junior.siblingAtColumn(COL_STATE).data() == "800人"
    assert "（待复核）" in junior.data(Qt.ItemDataRole.ToolTipRole)
    section = model.parent(first)
    assert section.siblingAtColumn(COL_STATE).data().startswith("2/")
    assert section.siblingAtColumn(COL_STATE).data().endswith(" 达标0")


def test_tree_hides_items_that_never_apply_to_the_school_type(catalog):
    model = ChecklistTreeModel()
    checklist = catalog.get("xyaq")
    result = evaluate(checklist, SCHOOL.profile, {})
    shown = tuple(i.id for i in checklist.items if fits_school(i, SCHOOL.profile))
    model.set_states([ChecklistState(checklist, result, shown)])
    ids = {i.data(ITEM_ROLE) for i in _items(model)}
    assert "last_drill_date" in ids
    assert "last_drill_date_kg" not in ids  # a 幼儿园 item in a 九年一贯制 school


def test_filter_proxy_checks_and_filters(qtmodeltester, catalog):
    model = ChecklistTreeModel()
    model.set_states([_state(catalog, ENROLMENT, with_evidence=frozenset({"students_primary"}))])
    proxy = ItemFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    everything = len(_items(proxy))
    proxy.set_item_filter(ItemFilter.UNANSWERED)
    qtmodeltester.check(proxy)
    assert {i.data(STATUS_ROLE) for i in _items(proxy)} == {"unanswered"}
    assert len(_items(proxy)) == everything - 2 - _computed_answered(model)
    proxy.set_item_filter(ItemFilter.MISSING_EVIDENCE)
    ids = {i.data(ITEM_ROLE) for i in _items(proxy)}
    assert "students_junior" in ids and "students_primary" not in ids
    proxy.set_item_filter(ItemFilter.ALL)
    proxy.set_search("骨干")
    qtmodeltester.check(proxy)
    titles = [i.data() for i in _items(proxy)]
    assert titles and all("骨干" in t for t in titles)
    proxy.set_search("")
    assert len(_items(proxy)) == everything


def _computed_answered(model) -> int:
    return sum(1 for i in _items(model) if i.data(STATUS_ROLE) in ("met", "unmet")
               and i.data(ITEM_ROLE) not in ENROLMENT)


def test_indicator_table(qtmodeltester, catalog):
    model = IndicatorTableModel()
    qtmodeltester.check(model)
    answers = {**ENROLMENT, "multimedia_rooms": Fraction(40), "teachers_above_degree_primary": Fraction(45)}
    result = evaluate(catalog.get("yzjh"), SCHOOL.profile, answers)
    model.set_stage(result.stages["primary"], {i.id: i.title for i in catalog.get("yzjh").items})
    qtmodeltester.check(model)
    assert model.rowCount() == 7
    r1 = model.index(0, COL_VALUE)
    assert r1.data() == "4.5人"
    r7 = model.index(6, COL_GAP).data()
    assert "还需" in r7 and "间" in r7
    assert "需先填写" in model.index(1, COL_GAP).data()


def test_evidence_list(qtmodeltester):
    model = EvidenceListModel()
    qtmodeltester.check(model)
    model.set_evidence([Evidence("yzjh", "students_primary", "学籍名册.pdf", "ab" * 32, 2048,
                                 "2025-11-01T10:00:00")])
    qtmodeltester.check(model)
    assert model.index(0).data() == "学籍名册.pdf（2 KB）"
    model.set_evidence([])
    qtmodeltester.check(model)


def test_assessment_table(qtmodeltester, store, catalog, assessment_id):
    model = AssessmentTableModel()
    qtmodeltester.check(model)
    titles = {cid: c.title for cid, c in catalog.checklists.items()}
    model.set_assessments(store.assessments(), titles, assessment_id)
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "2025年度（当前）"
    assert "义务教育优质均衡" in model.index(0, 3).data()
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == assessment_id
