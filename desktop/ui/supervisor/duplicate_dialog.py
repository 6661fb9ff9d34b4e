"""Asks which of two packages of one school and period to keep, showing both side by side."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop.core import catalog as catalog_module
from desktop.supervisor.outcomes import Conflict, PackageSide, moment, shown_time

KEEP_EXISTING, USE_INCOMING = "保留已有的", "改用新的"


def side_lines(side: PackageSide) -> list[tuple[str, str]]:
    """(label, value) of one package, as the comparison table lists them."""
    titles = catalog_module.shipped().checklists
    verdicts = "；".join(f"{titles[cid].title if cid in titles else cid}：{v}"
                        for cid, v in side.verdicts.items()) or "—"
    return [("学校", side.school_name), ("学校标识码", side.school_code or "—"),
            ("评估周期", side.period), ("导出时间", shown_time(side.created)),
            ("数据指纹", side.fingerprint), ("检查表结论", verdicts), ("未达标项", str(side.unmet)),
            ("文件名", side.file_name),
            ("导入时间", shown_time(side.imported_at) if side.imported_at else "（本次导入）")]


def export_order(conflict: Conflict) -> str:
    """Which package was exported later, in words; equal times are said to be equal."""
    if conflict.incoming_is_newer:
        return "新的提交包导出得更晚。"
    if moment(conflict.incoming.created) == moment(conflict.existing.created):
        return "两个提交包的导出时间相同，请比较数据指纹等内容。"
    return "注意：新的提交包反而导出得更早。"


class DuplicateDialog(QDialog):
    """Attributes: table (labels down, 已有 / 新的 across). Accepted = use the incoming package."""

    def __init__(self, conflict: Conflict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("同一学校的提交包重复")
        layout = QVBoxLayout(self)
        newer = export_order(conflict)
        head = QLabel(f"「{conflict.existing.school_name}」{conflict.existing.period} 已有一个提交包。"
                      f"{newer}请选择保留哪一个（被替换的不会删除，仍留在历史记录中）。")
        head.setWordWrap(True)
        layout.addWidget(head)
        existing, incoming = side_lines(conflict.existing), side_lines(conflict.incoming)
        self.table = QTableWidget(len(existing), 2)
        self.table.setHorizontalHeaderLabels(["已有的提交包", "新的提交包"])
        self.table.setVerticalHeaderLabels([label for label, _ in existing])
        for row, ((_, old), (_, new)) in enumerate(zip(existing, incoming)):
            for column, text in enumerate((old, new)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton(KEEP_EXISTING, QDialogButtonBox.ButtonRole.RejectRole)
        self.use_button = buttons.addButton(USE_INCOMING, QDialogButtonBox.ButtonRole.AcceptRole)
        (self.use_button if conflict.incoming_is_newer else self.keep_button).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)

    @classmethod
    def ask(cls, conflict: Conflict, parent: QWidget | None = None) -> bool:
        """True to replace the stored package with the incoming one (patched in tests)."""
        return cls(conflict, parent).exec() == QDialog.DialogCode.Accepted
