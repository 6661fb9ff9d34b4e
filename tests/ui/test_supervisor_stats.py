"""县域统计: the page shows the CVs desktop/district computes for the same packages, and exports
the district's workbook and PDF in a task."""

from __future__ import annotations

import shutil
import threading
from fractions import Fraction

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.district.cv import cv_text
from desktop.district.sources import load_schools
from desktop.district.summary import summarise
from desktop.supervisor.roster import RosterSchool
from desktop.ui.supervisor import outputs
from desktop.ui.supervisor.county_stats import compute, stats_input
from tests.pdf_reading import pdf_text
from tests.ui.supervisor_fixtures import (  # noqa: F401 (fixtures)
    county, county_template, import_and_wait, sup_window, sup_ws, wait_stats,
)

CV_COLUMN, VERDICT_COLUMN = 4, 6


@pytest.fixture
def filled(qtbot, sup_window, county):
    folder, schools = county
    sup_window.ws.set_roster([s.roster for s in schools])
    import_and_wait(qtbot, sup_window, folder=folder).accept()
    return sup_window, folder, schools


def district_summary(folder, tmp_path):
    """The district command's own numbers for the packages that passed verification."""
    good = tmp_path / "只含通过校验的"
    shutil.copytree(folder, good)
    (good / "城北小学.zpkg").unlink()
    return summarise(load_schools(good).records)


def test_page_shows_the_cvs_the_district_computes(qtbot, filled, tmp_path):
    window, folder, _ = filled
    page = wait_stats(qtbot, window)
    expected = district_summary(folder, tmp_path)
    assert list(page.stages) == list(expected.stages) == ["primary", "junior"]
    for stage_id, stage in expected.stages.items():
        view = page.stages[stage_id]
        shown = [view.cv_model.index(r, CV_COLUMN).data() for r in range(7)]
        assert shown == [cv_text(s.dispersion.cv, stage.limit) for s in stage.spreads.values()]
        verdicts = [view.cv_model.index(r, VERDICT_COLUMN).data() for r in range(7)]
        assert verdicts == [{True: "达标", False: "超出限值"}[s.within_limit]
                            for s in stage.spreads.values()]
        assert f"资源配置达到校际标准 {stage.schools_met} 所" in view.verdict.text()
        assert view.failing_model.rowCount() >= len(stage.failing_schools)
        names = {l.school.name for l in view.failing_model.rows()}
        assert names == {s.name for s in stage.failing_schools}
        assert view.chart.bars()[0][1] == Fraction(stage.spreads["R1"].dispersion.cv)
    assert page.title.text().startswith("评估周期：2025年度　统计学校 16 所")
    assert page.workbook_button.isEnabled() and page.report_button.isEnabled()


def test_equipment_cv_over_the_limit_is_said_in_words_and_what_ifs_lower_it(qtbot, filled):
    window, _, _ = filled
    page = wait_stats(qtbot, window)
    stage = page.stats.summary.stages["primary"]
    assert "R6" in stage.cv_failed  # the fixture spreads equipment far apart
    view = page.stages["primary"]
    assert view.cv_model.index(5, VERDICT_COLUMN).data() == "超出限值"
    assert "差异系数超出限值：R6" in view.verdict.text()
    assert [bar for bar in view.chart.bars() if bar[2]] == [("R6", Fraction(stage.spreads["R6"].dispersion.cv), True)]
    first = view.whatif_model.row_at(0)
    assert first.indicator == "R6" and first.cv_after < first.cv_before
    assert "未达标" in page.tabs.tabText(0)


def test_roster_exclusion_and_period_come_from_the_workspace(sup_ws, county):  # noqa: F811
    folder, schools = county
    roster = [s.roster for s in schools]
    roster[0] = RosterSchool(schools[0].name, schools[0].code, "小学", excluded="教学点不足50人")
    sup_ws.set_roster(roster)
    sup_ws.import_folder(folder)
    inputs = stats_input(sup_ws, None)
    assert inputs.period == "2025年度" and len(inputs.packages) == 16
    stats = compute(inputs)
    assert [r.name for r in stats.summary.excluded] == [schools[0].name]
    assert len(stats.summary.schools) == 15


def test_page_is_recomputed_after_an_import(qtbot, filled, tmp_path):
    window, _, schools = filled
    page = wait_stats(qtbot, window)
    from tests.supervisor.factories import write
    from tests.ui.supervisor_fixtures import county_snapshot
    late = write(county_snapshot(schools[-1], 7), tmp_path / "迟交")
    with qtbot.waitSignal(page.computed, timeout=60000):
        import_and_wait(qtbot, window, files=[late]).accept()
    assert len(page.stats.summary.schools) == 17


def test_exports_write_the_district_workbook_and_pdf(qtbot, filled, tmp_path, monkeypatch):
    window, _, schools = filled
    page = wait_stats(qtbot, window)
    page.county.setText("青山县")
    infos = []
    monkeypatch.setattr(outputs, "show_info", lambda parent, title, text: infos.append(text))
    xlsx, pdf = tmp_path / "汇总.xlsx", tmp_path / "报告.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    with qtbot.waitSignal(page.exported, timeout=60000):
        page.workbook_button.click()
    from openpyxl import load_workbook
    book = load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["汇总表", "差异系数", "未提交学校", "统计范围"]
    missing = [row[1] for row in book["未提交学校"].iter_rows(min_row=2, values_only=True)]
    book.close()
    assert {s.name for s in schools[-3:]} | {"城北小学"} <= set(missing)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    with qtbot.waitSignal(page.exported, timeout=60000):
        page.report_button.click()
    text = pdf_text(pdf)
    assert "青山县" in text and "差异系数" in text and schools[-1].name in text
    assert infos == [f"已保存：{xlsx}", f"已保存：{pdf}"]


def test_no_yzjh_packages_says_so(qtbot, sup_window, tmp_path):
    from tests.supervisor.factories import school, snapshot, write
    import_and_wait(qtbot, sup_window, files=[write(snapshot(school("阳光小学")), tmp_path)]).accept()
    page = wait_stats(qtbot, sup_window)
    assert "无法计算差异系数" in page.message.text() and not page.workbook_button.isEnabled()


def test_cancelling_the_statistics_keeps_the_page_usable(qtbot, filled, monkeypatch):
    window, _, _ = filled
    from desktop.ui.supervisor import county_stats
    gate, real = threading.Event(), county_stats.load_schools

    def held(path):
        gate.wait(30)  # still reading the first package when the user cancels
        return real(path)

    monkeypatch.setattr(county_stats, "load_schools", held)
    page = window.stats
    window.pages.setCurrentWidget(page)
    assert page.cancel_button.isVisible() and not page.workbook_button.isEnabled()
    with qtbot.waitSignal(page.computed, timeout=30000):
        page.cancel_button.click()
        gate.set()
    assert page.stats is None and "已取消统计" in page.message.text()
    assert not page.cancel_button.isVisible()
    monkeypatch.setattr(county_stats, "load_schools", real)
    with qtbot.waitSignal(page.computed, timeout=60000):
        page.refresh_button.click()
    assert page.stats is not None and "primary" in page.stages
