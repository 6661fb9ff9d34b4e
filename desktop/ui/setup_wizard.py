"""First launch: the school's profile, then the period and the checklists that follow from its type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QDate, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard,
    QWizardPage,
)

from desktop.core import period_names
from desktop.core.assessment import School
from desktop.core.catalog import Catalog
from desktop.core.model import LOCALES, OWNERSHIPS, SCHOOL_TYPES
from desktop.ui.period_chooser import PeriodChooser

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
    # Answers the wizard already knows (a 幼儿园's 办园性质): (checklist, item, value).
    answers: list[tuple[str, str, object]] = field(default_factory=list)


def default_period(today: dt.date | None = None) -> str:
    """The period the wizard suggests: the current 学年."""
    return period_names.current(period_names.SCHOOL_YEAR, today).name


def missing_hint(text: str) -> QLabel:
    """The line under a wizard page saying why 下一步/开始填报 is not available yet."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


def checklists_for(catalog: Catalog, school_type: str) -> list[tuple[str, str]]:
    """(id, title) of the checklists that apply to a school type, main standard first."""
    found = catalog.for_school_type(school_type)
    rank = {cid: n for n, cid in enumerate(PREFERRED_ORDER)}
    found.sort(key=lambda c: (rank.get(c.id, len(rank)), c.id))
    return [(c.id, c.title) for c in found]


CODE_DIGITS = 10
# A 幼儿园 names its 办园性质 in three kinds; the school profile keeps 公办 / 民办 of it.
KINDERGARTEN = "幼儿园"
KINDERGARTEN_OWNERSHIPS = {"公办": "公办", "普惠性民办": "民办", "非普惠性民办": "民办"}
KINDERGARTEN_OWNERSHIP_ITEM = ("xqph", "ownership_type")


def code_problem(code: str) -> str:
    """Why a 学校标识码 is not acceptable, or "" (it may be left empty)."""
    code = code.strip()
    if code and not (len(code) == CODE_DIGITS and code.isdigit()):
        return f"学校标识码应为 {CODE_DIGITS} 位数字（现为 {len(code)} 位），也可以暂不填。"
    return ""


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
        self.code.setMaxLength(CODE_DIGITS)
        self.type = QComboBox()
        self.type.addItems(list(SCHOOL_TYPES))
        self.locale = QComboBox()
        self.locale.addItems(list(LOCALES))
        self.ownership = QComboBox()
        self.ownership.addItems(list(OWNERSHIPS))
        self.kindergarten_ownership = QComboBox()
        self.kindergarten_ownership.addItems(list(KINDERGARTEN_OWNERSHIPS))
        self.boarding = QCheckBox("有寄宿生")
        self.address, self.principal, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        for label, widget in (("学校名称 *", self.name), ("学校标识码", self.code),
                              ("学校类型 *", self.type), ("城乡类别", self.locale),
                              ("办学性质", self.ownership), ("办园性质", self.kindergarten_ownership),
                              ("寄宿", self.boarding),
                              ("学校地址", self.address), ("校长（园长）", self.principal),
                              ("联系电话", self.phone)):
            form.addRow(label + "：", widget)
        self._form = form
        self.type.currentTextChanged.connect(self._show_ownership_row)
        if school is not None:
            self.show_school(school)
        else:
            self.type.setCurrentText("九年一贯制")
        self._show_ownership_row()

    def _show_ownership_row(self, *_args: object) -> None:
        """A 幼儿园 is asked its 办园性质 (three kinds) once, here; a school its 办学性质."""
        kindergarten = self.type.currentText() == KINDERGARTEN
        self._form.setRowVisible(self.ownership, not kindergarten)
        self._form.setRowVisible(self.kindergarten_ownership, kindergarten)
        if kindergarten:
            self.ownership.setCurrentText(
                KINDERGARTEN_OWNERSHIPS[self.kindergarten_ownership.currentText()])

    def kindergarten_kind(self) -> str:
        """The 办园性质 chosen for a 幼儿园 (公办 / 普惠性民办 / 非普惠性民办), else ""."""
        if self.type.currentText() != KINDERGARTEN:
            return ""
        return self.kindergarten_ownership.currentText()

    def problem(self) -> str:
        """What keeps the profile from being saved, in a sentence; "" when it can be."""
        if not self.name.text().strip():
            return "请填写学校名称。"
        return code_problem(self.code.text())

    def show_school(self, s: School, kindergarten_kind: str = "") -> None:
        """kindergarten_kind: a 幼儿园's 办园性质 as its checklist recorded it (else from 公办/民办)."""
        kind = kindergarten_kind if kindergarten_kind in KINDERGARTEN_OWNERSHIPS else (
            "公办" if s.ownership != "民办" else "普惠性民办")
        self.kindergarten_ownership.setCurrentText(kind)
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
        ownership = (KINDERGARTEN_OWNERSHIPS[self.kindergarten_ownership.currentText()]
                     if self.type.currentText() == KINDERGARTEN else self.ownership.currentText())
        return School(name=self.name.text().strip(), type=self.type.currentText(),
                      code=self.code.text().strip(), locale=self.locale.currentText(),
                      ownership=ownership, boarding=self.boarding.isChecked(),
                      address=self.address.text().strip(), principal=self.principal.text().strip(),
                      phone=self.phone.text().strip())


class SchoolPage(QWizardPage):
    """The wizard's first page: the school form; the name is required to go on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("学校基本信息")
        self.setSubTitle("这些信息决定哪些检查表和条目适用于本校，以后可以在「文件 → 学校信息」中修改。")
        self.form = SchoolForm()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self.hint = missing_hint("")
        layout.addWidget(self.hint)
        self.name, self.code, self.type = self.form.name, self.form.code, self.form.type
        self.locale, self.boarding, self.principal = self.form.locale, self.form.boarding, self.form.principal
        # No registerField("name*"): a mandatory field's completeness is isComplete() below, which
        # also says in words why 下一步 is not available.
        for signal in (self.name.textChanged, self.code.textChanged):
            signal.connect(self._on_changed)
        self._on_changed()

    def _on_changed(self, *_args: object) -> None:
        self.hint.setText(self.form.problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return not self.form.problem()

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
        self.data_date = QDateEdit(QDate.currentDate())
        self.data_date.setCalendarPopup(True)
        self.data_date.setDisplayFormat("yyyy-MM-dd")
        self.period = PeriodChooser(self.data_date)
        self.overlay = QComboBox()
        self.overlay.addItem(NO_OVERLAY, "")
        for overlay in catalog.overlays.values():
            self.overlay.addItem(overlay.title, overlay.id)
        form.addRow("评估周期：", self.period)
        self.period_hint = QLabel()
        self.period_hint.setWordWrap(True)
        self.period_hint.setStyleSheet("color: #5f6368;")
        form.addRow("", self.period_hint)
        self.period.changed.connect(self._show_period_hint)
        self._show_period_hint()
        form.addRow("数据日期：", self.data_date)
        form.addRow("地方标准：", self.overlay)
        layout.addLayout(form)
        layout.addWidget(QLabel("适用的检查表："))
        self._boxes_layout = QVBoxLayout()
        layout.addLayout(self._boxes_layout)
        self.boxes: dict[str, QCheckBox] = {}
        layout.addStretch(1)
        self.hint = missing_hint("")
        layout.addWidget(self.hint)

    def _show_period_hint(self) -> None:
        from desktop.ui.period_chooser import KIND_HINTS
        self.period_hint.setText(KIND_HINTS[self.period.kind] + "；请与县（区）督导部门要求的周期一致。")

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
            box.toggled.connect(self._show_hint)
            self.boxes[cid] = box
            self._boxes_layout.addWidget(box)

        self._show_hint()

    def _show_hint(self, *_args: object) -> None:
        self.hint.setText("" if self.isComplete() else "请至少选择一张检查表。")

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return any(b.isChecked() for b in self.boxes.values())

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
        answers = []
        kind = self.school_page.form.kindergarten_kind()
        if kind and KINDERGARTEN_OWNERSHIP_ITEM[0] in dict(p.checklists()):
            answers.append((*KINDERGARTEN_OWNERSHIP_ITEM, kind))
        return SetupResult(self.school_page.school(), p.period.name(),
                           p.data_date.date().toPython().isoformat(), p.checklists(),
                           p.overlay.currentData() or "", answers)

    @classmethod
    def ask(cls, catalog: Catalog, parent: QWidget | None = None) -> SetupResult | None:
        """Shows the wizard modally; None when the user cancels (patched in tests)."""
        wizard = cls(catalog, parent)
        if wizard.exec() != QWizard.DialogCode.Accepted:
            return None
        return wizard.setup_result()
