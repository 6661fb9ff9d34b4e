"""生成自评报告: building off the GUI thread, the preview, options, save-as, printing, cancel, errors."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from desktop.core.snapshot_json import digest, short_fingerprint
from desktop.exchange import pdf_report
from desktop.exchange.fonts import FontError
from desktop.ui import report_dialog, report_preview
from desktop.ui.report_dialog import ReportDialog, open_report_dialog
from tests.ui.dialog_fixtures import (  # noqa: F401 (fixtures)
    assert_nothing_cut_off, demo_id, demo_store, demo_template, demo_window, save_screenshot,
)

TIMEOUT = 30000
DEFAULT_NAME = "城关镇第一学校_2025年度_自评报告.pdf"


@pytest.fixture
def errors(monkeypatch) -> list:
    """show_error calls of the report dialog (a test fails on any it does not expect)."""
    shown: list = []
    monkeypatch.setattr(report_dialog, "show_error", lambda parent, exc, title="": shown.append(exc))
    return shown


def open_from_menu(qtbot, window) -> ReportDialog:
    window.actions_by_name["report"].trigger()
    dialog = window.findChild(ReportDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def wait_generated(qtbot, dialog: ReportDialog):
    with qtbot.waitSignal(dialog.generated, timeout=TIMEOUT) as blocker:
        pass
    return blocker.args[0]


@pytest.fixture
def generated(qtbot, demo_window, errors):
    """The dialog opened from 文件 → 生成自评报告…, with the demo's report built and shown."""
    dialog = open_from_menu(qtbot, demo_window)
    info = wait_generated(qtbot, dialog)
    assert errors == []
    return dialog, info


def test_menu_builds_the_report_off_the_gui_thread_and_previews_it(generated, demo_store, demo_id):
    dialog, info = generated
    assert dialog.windowTitle() == "生成自评报告 — 城关镇第一学校 · 2025年度"
    assert info.pages >= 10 and dialog.preview.page_count() == info.pages
    assert dialog.pages.currentWidget() is dialog.preview
    fingerprint = digest(demo_store.snapshot(demo_id))
    assert info.fingerprint == fingerprint
    assert f"数据指纹：{short_fingerprint(fingerprint)}" in dialog.status.text()
    assert f"共 {info.pages} 页" in dialog.status.text()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert not dialog.progress.isVisibleTo(dialog) and not dialog.cancel_button.isVisibleTo(dialog)
    assert dialog.generate_button.text() == "重新生成"


def test_page_navigation_and_zoom(qtbot, generated):
    dialog, info = generated
    preview = dialog.preview
    assert preview.current_page() == 0 and not preview.previous_button.isEnabled()
    preview.next_button.click()
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page_box.value() == 2 and preview.previous_button.isEnabled()
    preview.page_box.setValue(info.pages)
    qtbot.waitUntil(lambda: preview.current_page() == info.pages - 1)
    assert not preview.next_button.isEnabled()
    assert preview.page_total.text() == f"共 {info.pages} 页"
    dialog.resize(1240, 678)  # as on a 1366×768 laptop
    fitted = preview.effective_zoom()  # fit to width, the zoom the preview opens with
    preview.zoom_in_button.click()
    assert preview.view.zoomFactor() > fitted  # larger than what was shown, not merely than 100%
    preview.zoom_box.setCurrentText("整页")
    assert preview.effective_zoom() < fitted
    preview.zoom_box.setCurrentText("100%")
    assert preview.view.zoomFactor() == 1.0
    preview.zoom_in_button.click()
    assert preview.zoom_box.currentText() == "125%" and preview.view.zoomFactor() == 1.25
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.zoom_box.currentText() == "75%"


def test_options_choose_checklists_and_photos(qtbot, generated, tmp_path, monkeypatch):
    dialog, full = generated
    dialog.checklist_boxes["yzjh"].setChecked(False)
    dialog.checklist_boxes["spaq"].setChecked(False)
    dialog.photos_box.setChecked(False)
    # The preview no longer matches the options: it cannot be printed or saved by mistake.
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert "重新生成" in dialog.status.text()
    dialog.generate_button.click()
    smaller = wait_generated(qtbot, dialog)
    assert smaller.pages < full.pages and dialog.preview.page_count() == smaller.pages
    assert dialog.print_button.isEnabled()
    text = "".join(page.extract_text() for page in PdfReader(smaller.path).pages)
    assert "2025年度 校园安全 自评报告" in text  # the page header of a one-checklist report
    for box in dialog.checklist_boxes.values():
        box.setChecked(False)
    assert not dialog.generate_button.isEnabled() and "至少选择一个检查表" in dialog.status.text()


def test_save_as_writes_the_previewed_pdf(qtbot, generated, tmp_path, monkeypatch):
    dialog, info = generated
    asked = []
    target = tmp_path / "out" / "报告"  # typed without .pdf

    def fake_save(parent, title, proposed, file_filter):
        asked.append(proposed)
        return str(target), file_filter
    target.parent.mkdir()
    monkeypatch.setattr("desktop.ui.export_dialog.QFileDialog.getSaveFileName", fake_save)
    saved = dialog.save_as()
    assert Path(asked[0]).name == DEFAULT_NAME
    assert saved == tmp_path / "out" / "报告.pdf" and saved.read_bytes() == Path(info.path).read_bytes()
    assert len(PdfReader(saved).pages) == info.pages
    assert str(saved) in dialog.saved_label.text()
    # The next save proposes the folder used last time.
    dialog.save_as()
    assert Path(asked[1]).parent == target.parent


def test_save_as_cancelled_writes_nothing(generated, tmp_path, monkeypatch):
    dialog, _info = generated
    monkeypatch.setattr("desktop.ui.export_dialog.QFileDialog.getSaveFileName",
                        lambda *args: ("", ""))
    assert dialog.save_as() is None and dialog.saved_label.text() == ""


class FakePrintDialog:
    """Stands for QPrintDialog: the user picks pages 2–3 and a PDF printer at 100 dpi."""

    out: Path
    seen: list = []

    def __init__(self, printer: QPrinter, parent=None):
        self.printer = printer
        FakePrintDialog.seen.append(printer)

    def setWindowTitle(self, title):  # noqa: N802 (Qt name)
        pass

    def setMinMax(self, low, high):  # noqa: N802 (Qt name)
        self.range = (low, high)

    def exec(self):
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.out))
        self.printer.setResolution(100)
        self.printer.setPrintRange(QPrinter.PrintRange.PageRange)
        self.printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted


def dark_pixels(image: QImage, step: int = 5) -> int:
    return sum(1 for x in range(0, image.width(), step) for y in range(0, image.height(), step)
               if image.pixelColor(x, y).value() < 160)


def test_print_renders_the_chosen_pages_to_the_printer(generated, tmp_path, monkeypatch):
    dialog, _info = generated
    FakePrintDialog.out, FakePrintDialog.seen = tmp_path / "printed.pdf", []
    monkeypatch.setattr(report_preview, "QPrintDialog", FakePrintDialog)
    assert dialog.print_report() == 2
    printer = FakePrintDialog.seen[0]
    assert printer.docName() == Path(DEFAULT_NAME).stem and printer.fullPage()
    pages = PdfReader(FakePrintDialog.out).pages
    assert len(pages) == 2
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4, as the report
    printed = QPdfDocument()
    printed.load(str(FakePrintDialog.out))
    assert dark_pixels(printed.render(0, QSize(120, 170)), step=1) > 50  # drawn, not a blank sheet
    printed.close()


def test_cancelling_while_printing_aborts_the_job(generated, tmp_path):
    dialog, _info = generated
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "aborted.pdf"))
    printer.setResolution(50)
    pages_sent = []
    printed = report_preview.render_pages(dialog.preview.document, printer, [0, 1, 2],
                                          progress=pages_sent.append,
                                          is_cancelled=lambda: len(pages_sent) == 1)
    assert printed == 0 and pages_sent == [1]  # stopped before the second page
    # Qt's PDF printer cannot abort (abort() returns False): it keeps the page already drawn.
    assert len(PdfReader(tmp_path / "aborted.pdf").pages) == 1


def test_print_dialog_cancelled_prints_nothing(generated, monkeypatch):
    dialog, _info = generated

    class Cancelled(FakePrintDialog):
        def exec(self):
            return QDialog.DialogCode.Rejected
    monkeypatch.setattr(report_preview, "QPrintDialog", Cancelled)
    assert dialog.print_report() == 0


@pytest.fixture
def held_build(monkeypatch):
    """build_report waits in the worker until the test releases it (cancel becomes deterministic)."""
    release = threading.Event()
    real = pdf_report.build_report

    def held(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(report_dialog, "build_report", held)
    yield release
    release.set()


def test_cancel_stops_the_report_and_writes_nothing(qtbot, demo_store, demo_id, catalog, errors,
                                                     held_build):
    dialog = open_report_dialog(None, demo_store.data_dir, demo_id, catalog=catalog)
    qtbot.addWidget(dialog)
    assert dialog.cancel_button.isVisible() and not dialog.generate_button.isEnabled()
    assert not dialog.checklist_boxes["yzjh"].isEnabled()
    dialog.cancel_button.click()
    with qtbot.waitSignal(dialog.generation_failed, timeout=TIMEOUT) as blocker:
        held_build.set()
    assert isinstance(blocker.args[0], pdf_report.ReportCancelled)
    assert errors == []  # a cancel is not an error
    assert "已取消" in dialog.status.text() and dialog.pages.currentWidget() is dialog.placeholder
    assert not dialog.print_button.isEnabled() and dialog.generate_button.isEnabled()
    assert list(dialog._folder.iterdir()) == []  # no PDF, no temporary file left
    dialog.generate_button.click()  # and it can still be built afterwards
    assert wait_generated(qtbot, dialog).pages > 0


def test_closing_while_building_cancels_and_removes_the_temporary_folder(
        qtbot, demo_store, demo_id, errors, held_build):
    dialog = open_report_dialog(None, demo_store.data_dir, demo_id)
    folder = dialog._folder
    task = dialog.task
    with qtbot.waitSignal(task.failed, timeout=TIMEOUT):
        dialog.close()
        held_build.set()
    qtbot.waitUntil(lambda: not folder.exists())
    assert errors == []


def test_missing_chinese_font_is_explained(qtbot, demo_window, errors, monkeypatch):
    monkeypatch.setattr("desktop.exchange.fonts.candidate_paths", lambda: [])
    monkeypatch.setattr("desktop.exchange.fonts.role_candidates", lambda role: [])
    dialog = open_from_menu(qtbot, demo_window)
    with qtbot.waitSignal(dialog.generation_failed, timeout=TIMEOUT):
        pass
    assert len(errors) == 1 and isinstance(errors[0], FontError)
    assert "未找到可嵌入 PDF 的中文 TrueType 字体" in str(errors[0])
    assert dialog.pages.currentWidget() is dialog.placeholder and not dialog.save_button.isEnabled()
    assert "未能生成报告" in dialog.status.text()


def test_a_chosen_font_file_that_cannot_be_embedded(qtbot, demo_window, errors, monkeypatch, tmp_path):
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(b"not a font")
    monkeypatch.setattr(report_dialog.QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    dialog = open_from_menu(qtbot, demo_window)
    wait_generated(qtbot, dialog)
    dialog.choose_font()
    assert "broken.ttf" in dialog.font_label.text() and dialog.auto_font_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.generation_failed, timeout=TIMEOUT):
        dialog.generate_button.click()
    assert isinstance(errors[0], FontError) and "无法嵌入" in str(errors[0])
    dialog.auto_font_button.click()
    assert "自动选择" in dialog.font_label.text()


def test_screenshot_at_laptop_size(qtbot, generated, tmp_path):
    dialog, _info = generated
    dialog.resize(1240, 678)  # what _fit_to_screen gives on 1366×768 with a taskbar
    dialog.preview.go_to(2)
    qtbot.waitUntil(lambda: dialog.preview.current_page() == 2)
    # QPdfView renders pages in the background: wait until the page shows text.
    qtbot.waitUntil(lambda: dark_pixels(dialog.preview.view.viewport().grab().toImage()) > 200)
    assert_nothing_cut_off(dialog)
    shot = save_screenshot(dialog, "report_dialog.png", tmp_path)
    assert QImage(str(shot)).size() == QSize(1240, 678)
