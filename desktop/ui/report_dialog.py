"""文件 → 生成自评报告: choose what to print, build the PDF in the background, preview, print, save."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
    QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.core.snapshot_json import short_fingerprint
from desktop.core.store import AnswerStore
from desktop.exchange.output_file import atomic_output
from desktop.exchange.pdf_report import ReportCancelled, ReportInfo, build_report
from desktop.exchange.report_context import ReportOptions
from desktop.ui.errors import show_error
from desktop.ui.export_dialog import ask_save_path, default_file_name
from desktop.ui.report_preview import ReportPreview, print_document
from desktop.ui.tasks import Task, TaskRunner

FONT_KEY = "report/font_path"
PHOTOS_KEY = "report/photos"
PDF_FILTER = "PDF 文件 (*.pdf)"
PLACEHOLDER = "正在准备报告…"


@dataclass(frozen=True)
class ReportSubject:
    """What the dialog offers: the assessment, its school and period, and its checklists."""

    assessment_id: int
    school: str
    period: str
    checklists: tuple[tuple[str, str], ...]  # (id, title) in the assessment's order

    @classmethod
    def of(cls, snapshot: AssessmentSnapshot, catalog: Catalog, assessment_id: int) -> "ReportSubject":
        titles = tuple((cid, catalog.get(cid, snapshot.overlay or None).title)
                       for cid, _version in snapshot.checklists if cid in catalog.checklists)
        return cls(assessment_id, snapshot.school.name, snapshot.period, titles)


def generate_report(window: Any) -> "ReportDialog | None":
    """The main window's 生成自评报告… (window offers .session, .catalog, .tasks, data_dir())."""
    session = window.session
    if session is None:
        return None
    subject = ReportSubject.of(session.snapshot, window.catalog, session.id)
    return open_report_dialog(window, window.data_dir(), session.id, catalog=window.catalog,
                              runner=window.tasks, subject=subject)


def open_report_dialog(parent: QWidget | None, data_dir: Path, assessment_id: int, *,
                       catalog: Catalog | None = None, runner: TaskRunner | None = None,
                       subject: ReportSubject | None = None, start: bool = True) -> "ReportDialog":
    """Shows the dialog and starts building the report with every checklist (unless not start).

    Window-modal, so the answers cannot change under the preview. Without a subject, the
    checklists are read through a read-only store of data_dir, closed again at once.
    """
    if catalog is None:
        from desktop.core.catalog import shipped
        catalog = shipped()
    if subject is None:
        with AnswerStore.open_reader(data_dir) as reader:
            subject = ReportSubject.of(reader.snapshot(assessment_id), catalog, assessment_id)
    dialog = ReportDialog(data_dir, subject, catalog, runner, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()
    if start:
        dialog.generate()
    return dialog


class ReportDialog(QDialog):
    """Options on the left, the preview on the right; the PDF lives in a temporary folder.

    Attributes:
        checklist_boxes: checklist id → its QCheckBox; photos_box; preview (ReportPreview);
        info: the last ReportInfo (None before the first report); task: the running Task or None.
    Signals:
        generated(object): a report was built and is shown (its ReportInfo).
        generation_failed(object): building stopped with this exception (cancelled included).
    """

    generated = Signal(object)
    generation_failed = Signal(object)

    def __init__(self, data_dir: Path, subject: ReportSubject, catalog: Catalog,
                 runner: TaskRunner | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir, self.subject, self.catalog = Path(data_dir), subject, catalog
        self.runner = runner or TaskRunner(self)
        self.info: ReportInfo | None = None
        self.task: Task | None = None
        self._closed = False
        self._count = 0
        self._folder = Path(tempfile.mkdtemp(prefix="self-assessment-report-"))
        self._generated_options: ReportOptions | None = None
        self.setWindowTitle(f"生成自评报告 — {subject.school} · {subject.period}")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._options_panel())
        splitter.addWidget(self._preview_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self._fit_to_screen()
        self._set_running(False)

    # --- layout ----------------------------------------------------------------------------
    def _options_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(250)
        panel.setMaximumWidth(340)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self._content_group())
        layout.addWidget(self._font_group())
        self.generate_button = QPushButton("生成报告")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        layout.addWidget(self.generate_button)
        self.progress = QProgressBar()
        self.progress.setFormat("%p%")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.status = _wrapped_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        self.saved_label = _wrapped_label()
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        layout.addLayout(self._output_buttons())
        return panel

    def _content_group(self) -> QGroupBox:
        group = QGroupBox("报告内容")
        layout = QVBoxLayout(group)
        layout.addWidget(QLabel("包含的检查表："))
        self.checklist_boxes: dict[str, QCheckBox] = {}
        for checklist_id, title in self.subject.checklists:
            box = QCheckBox(title)
            box.setChecked(True)
            box.toggled.connect(self._on_options_changed)
            self.checklist_boxes[checklist_id] = box
            layout.addWidget(box)
        self.photos_box = QCheckBox("附照片页（每页两张，带说明）")
        self.photos_box.setChecked(QSettings().value(PHOTOS_KEY, True, type=bool))
        self.photos_box.setToolTip("不附照片页时，佐证材料目录中仍列出每张照片。")
        self.photos_box.toggled.connect(self._on_options_changed)
        layout.addSpacing(6)
        layout.addWidget(self.photos_box)
        return group

    def _font_group(self) -> QGroupBox:
        group = QGroupBox("中文字体")
        layout = QVBoxLayout(group)
        self.font_label = _wrapped_label()
        self.font_path = str(QSettings().value(FONT_KEY, "", type=str))
        row = QHBoxLayout()
        self.choose_font_button = QPushButton("选择字体文件…")
        self.choose_font_button.setToolTip("TrueType 字体（.ttf/.ttc），如微软雅黑 msyh.ttc、宋体 simsun.ttc")
        self.choose_font_button.clicked.connect(self.choose_font)
        self.auto_font_button = QPushButton("自动")
        self.auto_font_button.setToolTip("使用本机自带的中文字体（如微软雅黑、宋体）")
        self.auto_font_button.clicked.connect(lambda: self._set_font(""))
        row.addWidget(self.choose_font_button)
        row.addWidget(self.auto_font_button)
        row.addStretch(1)
        layout.addWidget(self.font_label)
        layout.addLayout(row)
        self._show_font()
        return group

    def _output_buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_report)
        self.save_button = QPushButton("另存为…")
        self.save_button.clicked.connect(self.save_as)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        return row

    def _preview_panel(self) -> QWidget:
        self.preview = ReportPreview()
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.preview)
        return self.pages

    def _fit_to_screen(self) -> None:
        """1240×700 where there is room (a 1366×768 laptop keeps its taskbar), less elsewhere."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) \
            or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen else None
        width, height = 1240, 700
        if room is not None and room.width() >= 640:
            width, height = min(width, room.width() - 40), min(height, room.height() - 50)
        self.resize(width, height)

    # --- options ---------------------------------------------------------------------------
    def options(self) -> ReportOptions:
        """The ReportOptions the controls describe now."""
        chosen = tuple(cid for cid, box in self.checklist_boxes.items() if box.isChecked())
        return ReportOptions(checklists=chosen, photos=self.photos_box.isChecked(),
                             font_path=self.font_path or None)

    def choose_font(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "选择中文字体文件", str(Path(self.font_path).parent) if self.font_path else "",
            "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self._set_font(path)

    def _set_font(self, path: str) -> None:
        self.font_path = path
        QSettings().setValue(FONT_KEY, path)
        self._show_font()
        self._on_options_changed()

    def _show_font(self) -> None:
        # ReportInfo.font reads "Family（path）"; the label names the family, the tooltip both.
        used = self.info.font if self.info is not None else ""
        if self.font_path:
            self.font_label.setText(f"指定字体文件：{Path(self.font_path).name}")
            self.font_label.setToolTip(self.font_path)
        else:
            family = used.split("（")[0]
            self.font_label.setText("自动选择本机的中文字体" + (f"，本次使用 {family}。" if family else "。"))
            self.font_label.setToolTip(used)
        self.auto_font_button.setVisible(bool(self.font_path))

    def _on_options_changed(self) -> None:
        QSettings().setValue(PHOTOS_KEY, self.photos_box.isChecked())
        any_chosen = any(box.isChecked() for box in self.checklist_boxes.values())
        running = self.task is not None
        self.generate_button.setEnabled(any_chosen and not running)
        self._update_outputs()
        if running:
            return
        if not any_chosen:
            self.status.setText("请至少选择一个检查表。")
        elif self.info is None:
            self.status.clear()
        elif self.options() == self._generated_options:
            self._show_info()
        else:
            self.status.setText("选项已更改，请点「重新生成」，再打印或保存。")

    # --- generating ------------------------------------------------------------------------
    def generate(self) -> None:
        """Builds the report in the background; the preview shows it when done."""
        if self.task is not None or not self.generate_button.isEnabled():
            return
        options = self.options()
        self._count += 1
        out = self._folder / f"report-{self._count}.pdf"
        self.status.setText("正在生成报告…")
        self.saved_label.clear()
        self.progress.setRange(0, 0)
        self.task = self.runner.run(build_task(self.data_dir, self.subject.assessment_id,
                                               self.catalog, out, options),
                                    lambda info: self._on_done(info, options),
                                    self._on_failed)
        self.task.progress_changed.connect(self._on_progress)
        self._set_running(True)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("正在取消…")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_done(self, info: ReportInfo, options: ReportOptions) -> None:
        self.task = None
        if self._closed:
            self._dispose()
            return
        try:
            self.preview.load(info.path)
        except DesktopError as exc:
            self._on_failed(exc)
            return
        self.info, self._generated_options = info, options
        for old in self._folder.glob("report-*.pdf"):
            if old != info.path:
                old.unlink(missing_ok=True)  # the preview has closed it
        self.pages.setCurrentWidget(self.preview)
        self._set_running(False)
        self._show_info()
        self._show_font()
        self.generated.emit(info)

    def _on_failed(self, exc: BaseException) -> None:
        self.task = None
        if self._closed:
            self._dispose()
            return
        self._set_running(False)
        if isinstance(exc, ReportCancelled):
            self.status.setText("已取消生成。" + ("右侧仍是上一次生成的报告。" if self.info else ""))
        elif isinstance(exc, DesktopError):
            self.status.setText("未能生成报告。")
            show_error(self, exc, "无法生成报告")
        else:
            self.status.setText("生成报告时出现程序错误。")
            sys.excepthook(type(exc), exc, exc.__traceback__)
        if self.info is None:
            self.placeholder.setText("尚未生成报告。选好左侧的报告内容后，点「生成报告」。"
                                     if isinstance(exc, ReportCancelled)
                                     else "未能生成报告，请按提示处理后再点「生成报告」。")
        self.generation_failed.emit(exc)

    def _show_info(self) -> None:
        info = self.info
        draft = ("\n草稿：尚有未填写的条目，每页印有「草稿（未完成）」字样，不能作为正式报告报送。"
                 if info.draft else "")
        self.status.setText(f"已生成，共 {info.pages} 页。\n数据指纹：{short_fingerprint(info.fingerprint)}"
                            f"{draft}")
        self.status.setToolTip(f"完整数据指纹（SHA-256）：{info.fingerprint}")

    def _set_running(self, running: bool) -> None:
        for widget in [*self.checklist_boxes.values(), self.photos_box, self.choose_font_button,
                       self.auto_font_button]:
            widget.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.generate_button.setText("重新生成" if self.info is not None else "生成报告")
        self._on_options_changed()

    def _update_outputs(self) -> None:
        ready = (self.info is not None and self.task is None
                 and self.options() == self._generated_options)
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # --- output ----------------------------------------------------------------------------
    def default_name(self) -> str:
        return default_file_name(self.subject.school, self.subject.period, "自评报告", ".pdf")

    def save_as(self) -> Path | None:
        """Copies the previewed PDF where the user chooses; returns the path saved to."""
        if self.info is None:
            return None
        target = ask_save_path(self, "保存自评报告", self.default_name(), PDF_FILTER, ".pdf")
        if target is None:
            return None
        try:
            with atomic_output(target) as tmp:
                shutil.copyfile(self.info.path, tmp)
        except (DesktopError, OSError) as exc:
            show_error(self, exc if isinstance(exc, DesktopError)
                       else DesktopError(f"无法保存到 {target}：{exc.strerror or exc}"))
            return None
        self.saved_label.setText(f"已保存到 {target}")
        return target

    def print_report(self) -> int:
        """打印…: the printer dialog, then the pages; returns how many pages were sent."""
        if self.info is None:
            return 0
        try:
            return print_document(self.preview.document, Path(self.default_name()).stem, self)
        except DesktopError as exc:
            show_error(self, exc, "无法打印")
            return 0

    # --- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._closed = True
        self.preview.clear()
        if self.task is not None:
            self.task.cancel()  # the worker still writes into the folder; it goes when the task ends
        else:
            self._dispose()
        event.accept()

    def reject(self) -> None:
        self.close()

    def _dispose(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
        self.deleteLater()


def build_task(data_dir: Path, assessment_id: int, catalog: Catalog, out: Path,
               options: ReportOptions) -> Callable[..., Any]:
    """The worker: its own read-only store (sqlite3 objects stay in their thread), then the PDF."""
    def work(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> Any:
        with AnswerStore.open_reader(data_dir) as reader:
            snapshot = reader.snapshot(assessment_id)
            return build_report(snapshot, catalog, out, reader.evidence_file, options,
                                progress, is_cancelled)
    return work


def _wrapped_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
