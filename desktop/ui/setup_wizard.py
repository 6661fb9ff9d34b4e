"""First launch: the school's profile, then the period and the checklists that follow from its type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard,
    QWizardPage,
)

from desktop.core.assessment import School
from desktop.core.catalog import Catalog
from desktop.core.model import LOCALES, OWNERSHIPS, SCHOOL_TYPES

# Checklists in the order a principal meets them: the type's main standard first.
PREFERRED_ORDER = ("yzjh", "xqph", "xyaq", "spaq")
NO_OVERLAY = "不使用地方标准（按国家标准）"


@dataclass(frozen=True)
class SetupResult:
    school: School
    period: str
    data_date: str
    checklists: list[tuple[str, str]]
    overlay: str


def default_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}年度"


def checklists_for(catalog: Catalog, school_type: str) -> list[tuple[str, str]]:
    """(id, title) of the checklists that apply to a school type, main standard first."""
    found = catalog.for_school_type(school_type)
    rank = {cid: n for n, cid in enumerate(PREFERRED_ORDER)}
    found.sort(key=lambda c: (rank.get(c.id, len(rank)), c.id))
    return [(c.id, c.title) for c in found]


class SchoolForm(QWidget):
    """学校基本信息 fields: name*, code, type, locale, ownership, boarding, address, principal, phone."""

    def __init__(self, school: School | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：青山区第一实验学校")
        self.code = QLineEdit()
        self.code.setPlaceholderText("10 位数字，可暂不填")
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,10}")))
        self.type = QComboBox()
        self.type.addItems(list(SCHOOL_TYPES))
        self.locale = QComboBox()
        self.locale.addItems(list(LOCALES))
        self.ownership = QComboBox()
        self.ownership.addItems(list(OWNERSHIPS))
        self.boarding = QCheckBox("有寄宿生")
        self.address, self.principal, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        for label, widget in (("学校名称 *", self.name), ("学校标识码", self.code),
                              ("学校类型 *", self.type), ("城乡类别", self.locale),
                              ("办学性质", self.ownership), ("寄宿", self.boarding),
                              ("学校地址", self.address), ("校长（园长）", self.principal),
                              ("联系电话", self.phone)):
            form.addRow(label + "：", widget)
        if school is not None:
            self.show_school(school)
        else:
            self.type.setCurrentText("九年一贯制")

    def show_school(self, s: School) -> None:
        self.name.setText(s.name)
        self.code.setText(s.code)
        self.type.setCurrentText(s.type)
        if s.locale:
            self.locale.setCurrentText(s.locale)
        if s.ownership:
            self.ownership.setCurrentText(s.ownership)
        self.boarding.setChecked(s.boarding)
        self.address.setText(s.address)
        self.principal.setText(s.principal)
        self.phone.setText(s.phone)

    def school(self) -> School:
        return School(name=self.name.text().strip(), type=self.type.currentText(),
                      code=self.code.text().strip(), locale=self.locale.currentText(),
                      ownership=self.ownership.currentText(), boarding=self.boarding.isChecked(),
                      address=self.address.text().strip(), principal=self.principal.text().strip(),
                      phone=self.phone.text().strip())


class SchoolPage(QWizardPage):
    """The wizard's first page: the school form; the name is required to go on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("学校基本信息")
        self.setSubTitle("这些信息决定哪些检查表和条目适用于本校，以后可以在「文件 → 学校信息」中修改。")
        self.form = SchoolForm()
        QVBoxLayout(self).addWidget(self.form)
        self.name, self.code, self.type = self.form.name, self.form.code, self.form.type
        self.locale, self.boarding, self.principal = self.form.locale, self.form.boarding, self.form.principal
        self.registerField("name*", self.form.name)

    def school(self) -> School:
        return self.form.school()


class PeriodPage(QWizardPage):
    """评估周期: period, data date, the checklists (from the school type) and a local overlay."""

    def __init__(self, catalog: Catalog, school_page: SchoolPage, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog, self.school_page = catalog, school_page
        self.setTitle("评估周期与检查表")
        self.setSubTitle("按学校类型已选好适用的检查表。")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.period = QLineEdit(default_period())
        self.data_date = QDateEdit(QDate.currentDate())
        self.data_date.setCalendarPopup(True)
        self.data_date.setDisplayFormat("yyyy-MM-dd")
        self.overlay = QComboBox()
        self.overlay.addItem(NO_OVERLAY, "")
        for overlay in catalog.overlays.values():
            self.overlay.addItem(overlay.title, overlay.id)
        form.addRow("评估周期 *：", self.period)
        form.addRow("数据日期：", self.data_date)
        form.addRow("地方标准：", self.overlay)
        layout.addLayout(form)
        layout.addWidget(QLabel("适用的检查表："))
        self._boxes_layout = QVBoxLayout()
        layout.addLayout(self._boxes_layout)
        self.boxes: dict[str, QCheckBox] = {}
        self.registerField("period*", self.period)

    def initializePage(self) -> None:  # noqa: N802 (Qt override): runs when the page is shown
        for box in self.boxes.values():
            box.hide()
            self._boxes_layout.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        for cid, title in checklists_for(self.catalog, self.school_page.type.currentText()):
            box = QCheckBox(title)
            box.setChecked(True)
            box.toggled.connect(self.completeChanged)
            self.boxes[cid] = box
            self._boxes_layout.addWidget(box)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return super().isComplete() and any(b.isChecked() for b in self.boxes.values())

    def checklists(self) -> list[tuple[str, str]]:
        return [(cid, self.catalog.checklists[cid].version)
                for cid, box in self.boxes.items() if box.isChecked()]


class SetupWizard(QWizard):
    """The first-launch wizard; result() after acceptance is a SetupResult."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("学校督导自评助手 — 首次使用")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.FinishButton, "开始填报")
        self.school_page = SchoolPage()
        self.period_page = PeriodPage(catalog, self.school_page)
        self.addPage(self.school_page)
        self.addPage(self.period_page)
        # A 督学 collects schools' packages instead of filling in one school's checklists.
        self.setButtonText(QWizard.WizardButton.CustomButton1, "我是督学：改用督学汇总")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._on_supervisor_chosen)
        self.resize(620, 520)

    def _on_supervisor_chosen(self, _button: int) -> None:
        from desktop.ui.supervisor.mode import SUPERVISOR, set_mode
        set_mode(SUPERVISOR)
        self.reject()  # ask() returns None; app.py then opens the supervisor's window

    def setup_result(self) -> SetupResult:
        p = self.period_page
        return SetupResult(self.school_page.school(), p.period.text().strip(),
                           p.data_date.date().toPython().isoformat(), p.checklists(),
                           p.overlay.currentData() or "")

    @classmethod
    def ask(cls, catalog: Catalog, parent: QWidget | None = None) -> SetupResult | None:
        """Shows the wizard modally; None when the user cancels (patched in tests)."""
        wizard = cls(catalog, parent)
        if wizard.exec() != QWizard.DialogCode.Accepted:
            return None
        return wizard.setup_result()
