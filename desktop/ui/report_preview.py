"""The in-app PDF preview of a report (page navigation, zoom) and printing it page by page."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QProgressDialog, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from desktop.core.errors import ExportError

FIT_WIDTH, FIT_PAGE = "适合宽度", "整页"
ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
# Pages are rasterised for the printer; beyond 600 dpi a page image passes 140 MB (A4, 32-bit)
# while no office printer shows the difference on text.
MAX_PRINT_DPI = 600


class ReportPreview(QWidget):
    """A PDF shown page under page, with a toolbar: previous/next, page number, zoom.

    Attributes:
        document: the QPdfDocument shown; view: the QPdfView.
    Signals:
        page_changed(int): the page at the top of the view changed (0-based).
    """

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._on_current_page_changed)
        self._update_page_controls()

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.previous_button = _tool_button("上一页", lambda: self.go_to(self.current_page() - 1),
                                            QKeySequence(Qt.Key.Key_PageUp), "上一页（PageUp）")
        self.next_button = _tool_button("下一页", lambda: self.go_to(self.current_page() + 1),
                                        QKeySequence(Qt.Key.Key_PageDown), "下一页（PageDown）")
        self.page_box = QSpinBox()
        self.page_box.setAccelerated(True)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.page_box.valueChanged.connect(lambda number: self.go_to(number - 1))
        self.page_total = QLabel()
        self.zoom_out_button = _tool_button("缩小", lambda: self.step_zoom(-1),
                                            QKeySequence.StandardKey.ZoomOut, "缩小（Ctrl+-）")
        self.zoom_box = QComboBox()
        self.zoom_box.addItems([FIT_WIDTH, FIT_PAGE, *(f"{round(z * 100)}%" for z in ZOOM_STEPS)])
        self.zoom_box.currentTextChanged.connect(self._on_zoom_chosen)
        self.zoom_in_button = _tool_button("放大", lambda: self.step_zoom(1),
                                           QKeySequence.StandardKey.ZoomIn, "放大（Ctrl++）")
        for widget in (self.previous_button, self.page_box, self.page_total, self.next_button):
            row.addWidget(widget)
        row.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_box, self.zoom_in_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    # --- the document ----------------------------------------------------------------------
    def load(self, path: Path) -> None:
        """Shows the PDF at path from its first page; raises ExportError if it cannot be read."""
        self.document.close()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            raise ExportError(f"无法显示报告预览 {path}（{error.name}）。")
        self.go_to(0)
        self._update_page_controls()

    def clear(self) -> None:
        """Closes the document (releasing its file, which Windows keeps locked while open)."""
        self.document.close()
        self._update_page_controls()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    # --- navigation and zoom ---------------------------------------------------------------
    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def effective_zoom(self) -> float:
        """The zoom now shown; QPdfView's zoomFactor() stays at its last custom value in fit modes."""
        view, mode = self.view, self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return view.zoomFactor()
        # QPdfView draws a page at pagePointSize × logical dpi / 72 × zoom, inside the margins.
        size = self.document.pagePointSize(max(self.current_page(), 0)) * (view.logicalDpiX() / 72)
        margins = view.documentMargins()
        width = (view.viewport().width() - margins.left() - margins.right()) / size.width()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width
        return min(width, (view.viewport().height() - margins.top() - margins.bottom()) / size.height())

    def step_zoom(self, direction: int) -> None:
        """Next larger (1) or smaller (-1) zoom step from the zoom now shown."""
        now = self.effective_zoom()
        steps = [z for z in ZOOM_STEPS if (z > now + 1e-3 if direction > 0 else z < now - 1e-3)]
        if steps:
            chosen = steps[0] if direction > 0 else steps[-1]
            self.zoom_box.setCurrentText(f"{round(chosen * 100)}%")

    def _on_zoom_chosen(self, text: str) -> None:
        if text == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif text == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(int(text.rstrip("%")) / 100)

    def _on_current_page_changed(self, page: int) -> None:
        self._update_page_controls()
        self.page_changed.emit(page)

    def _update_page_controls(self) -> None:
        total, page = self.page_count(), self.current_page()
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if total else 0, max(total, 0))
        self.page_box.setValue(page + 1 if total else 0)
        self.page_box.blockSignals(False)
        self.page_total.setText(f"共 {total} 页")
        self.page_box.setEnabled(total > 0)
        self.previous_button.setEnabled(total > 0 and page > 0)
        self.next_button.setEnabled(total > 0 and page < total - 1)
        for widget in (self.zoom_box, self.zoom_in_button, self.zoom_out_button):
            widget.setEnabled(total > 0)


def _tool_button(text: str, slot: Callable[[], None], shortcut: QKeySequence | QKeySequence.StandardKey,
                 tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setShortcut(QKeySequence(shortcut))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.clicked.connect(lambda _checked=False: slot())
    return button


# --- printing ------------------------------------------------------------------------------
def print_document(document: QPdfDocument, title: str, parent: QWidget | None = None) -> int:
    """Asks for a printer (QPrintDialog) and prints the chosen pages; returns pages printed (0: none).

    Raises ExportError when the printer cannot be started.
    """
    total = document.pageCount()
    if total == 0:
        return 0
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # the PDF has its own margins; draw the page on the whole sheet
    size = document.pagePointSize(0)
    printer.setPageSize(QPageSize(size, QPageSize.Unit.Point))  # fuzzy: 595×842 pt is A4
    printer.setPageOrientation(QPageLayout.Orientation.Portrait if size.height() >= size.width()
                               else QPageLayout.Orientation.Landscape)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印自评报告")
    dialog.setMinMax(1, total)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    pages = chosen_pages(printer, total)
    progress = QProgressDialog("正在发送到打印机…", "取消", 0, len(pages), parent)
    progress.setWindowTitle("打印")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)
    try:
        printed = render_pages(document, printer, pages, progress.setValue, progress.wasCanceled)
    finally:
        progress.close()
    return printed


def chosen_pages(printer: QPrinter, total: int) -> list[int]:
    """0-based pages the print dialog asked for (all, a range, or the current page: the first)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or total
        return list(range(first - 1, min(last, total)))
    return list(range(total))


def render_pages(document: QPdfDocument, printer: QPrinter, pages: list[int],
                 progress: Callable[[int], None] | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> int:
    """Draws each page as an image at the printer's resolution, centred on its sheet.

    Runs on the GUI thread (QPdfDocument and the printer's painter live there); a modal
    progress dialog's setValue keeps the window painted between pages. Returns pages sent;
    when cancelled, the print job is aborted and 0 is returned.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError("无法开始打印：打印机未就绪，或输出文件无法写入。")
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    try:
        for n, page in enumerate(pages):
            if is_cancelled is not None and is_cancelled():
                printer.abort()
                return 0
            if n and not printer.newPage():
                raise ExportError("打印中断：打印机不接受下一页。")
            size = document.pagePointSize(page)
            image = document.render(page, QSize(round(size.width() / 72 * dpi),
                                                round(size.height() / 72 * dpi)))
            painter.drawImage(_fit(image.size(), painter.viewport()), image)
            if progress is not None:
                progress(n + 1)
    finally:
        painter.end()
    return len(pages)


def _fit(image: QSize, target: QRect) -> QRect:
    """The largest rectangle of the image's proportions centred in target."""
    scaled = image.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(target.x() + (target.width() - scaled.width()) // 2,
                 target.y() + (target.height() - scaled.height()) // 2,
                 scaled.width(), scaled.height())
