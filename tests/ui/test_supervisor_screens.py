"""Screenshots of the 督学汇总 pages at 1366×768 with 20 schools, and checks that headers fit.

Set SUPERVISOR_SCREENSHOTS=<folder> to keep the PNGs for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from tests.ui.supervisor_fixtures import (  # noqa: F401 (fixtures)
    county, county_template, import_and_wait, sup_window, sup_ws, wait_stats,
)

LAPTOP = (1366, 768)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SUPERVISOR_SCREENSHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path), "PNG")
    return path


def headers_fit(view) -> list[str]:
    """Column titles wider than their column (a cut-off header)."""
    model, header = view.model(), view.horizontalHeader()
    metrics = QFontMetrics(header.font())
    cut = []
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        if header.isSectionHidden(column) or column == model.columnCount() - 1:
            continue  # the last column stretches
        if metrics.horizontalAdvance(title) + 12 > header.sectionSize(column):
            cut.append(title)
    return cut


@pytest.fixture
def county_window(qtbot, sup_window, county, tmp_path):
    folder, schools = county
    sup_window.ws.set_roster([s.roster for s in schools])
    sup_window.ws.set_settings(issuer="青山县人民政府教育督导室", inspector="张督学")
    import_and_wait(qtbot, sup_window, folder=folder).accept()
    sup_window.resize(*LAPTOP)
    return sup_window, schools


def test_school_list_at_laptop_size(qtbot, county_window, shots):
    window, _ = county_window
    qtbot.wait(10)  # let the layout settle before grabbing (no data is waited for)
    image = save(window, shots, "school_list")
    assert image.stat().st_size > 10_000
    view = window.schools.view
    assert headers_fit(view) == []
    assert window.schools.counts.sizeHint().width() <= window.schools.counts.width()
    # Every row of 20 schools is visible without scrolling.
    assert view.verticalScrollBar().maximum() == 0


def test_stats_page_at_laptop_size(qtbot, county_window, shots):
    window, _ = county_window
    page = wait_stats(qtbot, window)
    image = save(window, shots, "stats_primary")
    page.tabs.setCurrentIndex(1)
    page.stages["junior"].lower.setCurrentIndex(1)  # the what-ifs
    save(window, shots, "stats_junior_whatif")
    assert image.stat().st_size > 10_000
    view = page.stages["primary"]
    assert headers_fit(view.cv_view) == []
    assert view.cv_view.verticalScrollBar().maximum() == 0  # all seven CVs in sight
    assert view.chart.width() >= 360 and view.chart.height() >= 200


def test_notice_dialog_at_laptop_size(qtbot, county_window, shots):
    window, schools = county_window
    row = next(r for r in window.schools.model.rows() if r.unmet and r.unmet >= 3)
    records = window.open_records(row)
    qtbot.addWidget(records)
    save(records, shots, "records")
    records.new_notice()
    dialog = records.last_dialog
    qtbot.addWidget(dialog)
    assert dialog.width() <= LAPTOP[0] and dialog.height() <= LAPTOP[1] - 70  # task bar, title
    save(dialog, shots, "notice_draft")
    dialog.save()
    dialog.tabs.setCurrentIndex(1)
    save(dialog, shots, "notice_follow_up")
    assert headers_fit(dialog.items_view) == []
    view = window.view_school(row)
    qtbot.addWidget(view)
    save(view, shots, "school_view")
