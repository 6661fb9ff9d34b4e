"""An assessment as plain data: the snapshot that reports, exports and packages are made from.

The store produces snapshots and imports them; exporters never see a live store or a widget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from desktop.core.answers import AnswerValue
from desktop.core.catalog import Catalog
from desktop.core.engine import ChecklistResult, evaluate
from desktop.core.model import SchoolProfile

RECTIFICATION_STATES = ("未开始", "整改中", "已完成")
ARCHIVE_MODES = ("随报", "留校备查")


@dataclass(frozen=True)
class School:
    name: str
    type: str
    code: str = ""  # 学校标识码 (10 digits in the national system)
    locale: str = ""  # 城区 / 镇区 / 乡村
    ownership: str = ""  # 公办 / 民办
    boarding: bool = False
    address: str = ""
    principal: str = ""
    phone: str = ""

    @property
    def profile(self) -> SchoolProfile:
        return SchoolProfile(self.type, self.locale, self.ownership, self.boarding, self.name)


@dataclass(frozen=True)
class Evidence:
    """One 佐证材料 file attached to an item; the bytes live in the store under their SHA-256."""

    checklist: str
    item: str
    name: str  # the original file name
    sha256: str
    size: int
    added_at: str  # ISO timestamp
    caption: str = ""  # what it shows, for photo pages
    taken_on: str = ""  # date shown in the caption
    archive: str = "随报"  # 随报 / 留校备查
    pages: int = 1
    code: str = ""  # 编号 such as R4-2; empty → numbered by indicator when printed


@dataclass(frozen=True)
class Rectification:
    """整改措施 for an unmet item."""

    checklist: str
    item: str
    measure: str
    owner: str = ""  # 责任人
    deadline: str = ""  # ISO date (完成时限)
    status: str = "未开始"
    progress: str = ""  # 完成情况


@dataclass(frozen=True)
class SignOff:
    """Who filled in and who checked one checklist (printed under its table)."""

    filled_by: str = ""  # 填表人
    phone: str = ""  # 联系电话
    filled_on: str = ""  # 填表日期 (ISO)
    checked_by: str = ""  # 检查人
    checker_title: str = ""  # 职务


@dataclass(frozen=True)
class Narrative:
    """The four parts of the written self-evaluation (plain paragraphs)."""

    overview: str = ""  # 一、学校概况
    achievements: str = ""  # 二、主要工作和成绩
    problems: str = ""  # 三、存在问题
    plans: str = ""  # 四、下一步打算


@dataclass(frozen=True)
class AssessmentSnapshot:
    """Everything about one assessment of one school for one period."""

    school: School
    period: str  # e.g. "2025年度" or "2025—2026学年第一学期"
    checklists: tuple[tuple[str, str], ...]  # (checklist id, version) in order
    overlay: str = ""
    data_date: str = ""  # 数据日期 / assessment date (ISO); items with within_days count from it
    status: str = "填报中"  # 填报中 / 已完成
    answers: dict[str, dict[str, AnswerValue]] = field(default_factory=dict)
    self_scores: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    rectifications: tuple[Rectification, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    narrative: Narrative = field(default_factory=Narrative)
    signoffs: dict[str, SignOff] = field(default_factory=dict)
    pending_review: frozenset[tuple[str, str]] = frozenset()  # (checklist, item) marked 待复核
    id: int | None = None  # the store's id; not part of the data's identity
    # (checklist, item) → where the answer came from, e.g. the statistical return's table and
    # column; only answers still holding the value recorded. Not part of the fingerprint.
    answer_sources: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def on_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.data_date) if self.data_date else None

    def evaluate(self, catalog: Catalog) -> dict[str, ChecklistResult]:
        """Results per checklist, against the checklist versions shipped now, overlay applied."""
        results = {}
        for checklist_id, _version in self.checklists:
            checklist = catalog.get(checklist_id, self.overlay or None)
            results[checklist_id] = evaluate(
                checklist, self.school.profile, self.answers.get(checklist_id, {}),
                self.on_date, self.self_scores.get(checklist_id, {}))
        return results

    def rectification(self, checklist: str, item: str) -> Rectification | None:
        return next((r for r in self.rectifications
                     if r.checklist == checklist and r.item == item), None)

    def evidence_for(self, checklist: str, item: str) -> list[Evidence]:
        return [e for e in self.evidence if e.checklist == checklist and e.item == item]
