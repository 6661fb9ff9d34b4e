"""Checklist definitions as plain, immutable data (loaded from checklists/*.toml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from desktop.core.formula import Formula

SCHOOL_TYPES = ("幼儿园", "小学", "初中", "九年一贯制", "完全中学", "十二年一贯制")
LOCALES = ("城区", "镇区", "乡村")
OWNERSHIPS = ("公办", "民办")
STAGES = ("primary", "junior", "senior")
STAGE_NAMES = {"primary": "小学", "junior": "初中", "senior": "高中"}
# Names a formula may use besides answer ids: the school's profile.
PROFILE_NAMES = ("school_type", "school_locale", "school_ownership", "school_boarding")

# Which stages (学段) each school type teaches; shared assets are split over these.
TYPE_STAGES: dict[str, tuple[str, ...]] = {
    "幼儿园": (),
    "小学": ("primary",),
    "初中": ("junior",),
    "九年一贯制": ("primary", "junior"),
    "完全中学": ("junior", "senior"),
    "十二年一贯制": ("primary", "junior", "senior"),
}


class AnswerType(str, Enum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    NUMBER = "number"
    INTEGER = "integer"
    PERCENT = "percent"
    DATE = "date"
    TEXT = "text"
    COMPUTED = "computed"

    @property
    def numeric(self) -> bool:
        return self in (AnswerType.NUMBER, AnswerType.INTEGER, AnswerType.PERCENT,
                        AnswerType.COMPUTED)


class Compare(str, Enum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    def holds(self, value: Fraction, threshold: Fraction) -> bool:
        return {
            Compare.GE: value >= threshold, Compare.GT: value > threshold,
            Compare.LE: value <= threshold, Compare.LT: value < threshold,
            Compare.EQ: value == threshold,
        }[self]

    @property
    def symbol(self) -> str:
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}[self.value]


@dataclass(frozen=True)
class Applicability:
    """Which schools an item applies to; an empty tuple means 'any'."""

    types: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    ownerships: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # applies if the school teaches any of these 学段
    boarding: bool | None = None
    condition: Formula | None = None  # over other answers, e.g. "has_school_bus"


@dataclass(frozen=True)
class Threshold:
    """A standard value: one number, a number per school type or 学段, or a formula."""

    value: Fraction | None = None
    by_key: tuple[tuple[str, Fraction], ...] = ()
    formula: Formula | None = None

    def describe(self) -> str:
        if self.formula is not None:
            return self.formula.text
        from desktop.core.numbers import fmt
        if self.value is not None:
            return fmt(self.value, 4)
        return "；".join(f"{STAGE_NAMES.get(k, k)} {fmt(v, 4)}" for k, v in self.by_key)


@dataclass(frozen=True)
class Source:
    """Where a rule comes from, and how sure the project is of it (V, V2 or M)."""

    text: str
    confidence: str = "V"
    note: str = ""  # required for V2 and M: why the basis is secondary

    @property
    def secondary(self) -> bool:
        return self.confidence in ("V2", "M")


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    title: str
    type: AnswerType
    source: Source
    guidance: str = ""
    unit: str = ""
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    maximum_formula: Formula | None = None  # an upper bound from other answers (e.g. meals served)
    options: tuple[str, ...] = ()
    pass_options: tuple[str, ...] = ()
    labels: tuple[str, str] = ("是", "否")
    expected: bool | None = None  # yes/no: which answer meets the standard
    threshold: Threshold | None = None
    compare: Compare = Compare.GE
    formula: Formula | None = None
    within_days: int | None = None  # date: at most this many days before the assessment date
    required_text: bool = False  # text: must not be empty to meet the standard
    applies: Applicability = field(default_factory=Applicability)
    evidence: tuple[str, ...] = ()
    veto: bool = False
    key: bool = False
    score: Fraction | None = None
    whole_gap: bool = False  # gaps in whole units (people, rooms)
    gap_text: str = ""  # e.g. "还需 {gap} 名县级及以上骨干教师"
    decimals: int = 2
    overlay: str = ""  # id of the overlay that added or changed this item

    @property
    def is_standard(self) -> bool:
        """Whether the item has a verdict (met/unmet) rather than only recording a value."""
        if self.type is AnswerType.YES_NO:
            return self.expected is not None
        if self.type is AnswerType.CHOICE:
            return bool(self.pass_options)
        if self.type is AnswerType.DATE:
            return self.within_days is not None
        if self.type is AnswerType.TEXT:
            return self.required_text
        return self.threshold is not None

    @property
    def answer_labels(self) -> tuple[str, str]:
        return self.labels


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    part: str = ""  # the larger part of the standard it belongs to, e.g. "政府保障程度"


@dataclass(frozen=True)
class Indicator:
    """A per-学段 ratio indicator (R1–R7): input ÷ stage students × per."""

    id: str
    title: str
    unit: str
    per: int
    thresholds: tuple[tuple[str, Fraction], ...]  # stage → value
    inputs: tuple[tuple[str, str], ...] = ()  # stage → answer id (counted by 学段)
    shared_input: str = ""  # a school total split over 学段 by weighted enrolment
    input_unit: str = ""
    whole_gap: bool = False
    gap_text: str = ""
    source: Source = Source("")

    def threshold(self, stage: str) -> Fraction | None:
        return dict(self.thresholds).get(stage)

    def input_for(self, stage: str) -> str:
        return self.shared_input or dict(self.inputs).get(stage, "")


@dataclass(frozen=True)
class ResourceRule:
    """The 资源配置 block of a checklist: indicators, stage students, split weights, the pass rule."""

    section: str
    students: tuple[tuple[str, str], ...]  # stage → answer id
    weights: tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...]  # type → stage → weight
    indicators: tuple[Indicator, ...]
    min_met: int
    floor: Fraction
    stages: tuple[str, ...]  # stages that are judged (primary, junior)
    source: Source = Source("")

    def students_input(self, stage: str) -> str:
        return dict(self.students)[stage]

    def weights_for(self, school_type: str) -> dict[str, Fraction]:
        return dict(dict(self.weights).get(school_type, ()))


@dataclass(frozen=True)
class GradeBand:
    grade: str
    minimum_percent: Fraction


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    full_title: str
    applies_to: tuple[str, ...]
    source: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    resources: ResourceRule | None = None
    grade_bands: tuple[GradeBand, ...] = ()
    overlay: str = ""  # id of the overlay applied, "" for the national definition
    overlay_title: str = ""
    path: str = ""

    def item(self, item_id: str) -> Item:
        return self._by_id()[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id()

    def items_in(self, section_id: str) -> list[Item]:
        return [i for i in self.items if i.section == section_id]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def scored(self) -> bool:
        return any(i.score is not None for i in self.items)

    def item_code(self, item_id: str) -> str:
        """The number users know an item by: section number . position in it (3.2)."""
        codes = self.__dict__.get("_codes")
        if codes is None:
            codes = {item.id: f"{s_no}.{i_no}" for s_no, section in enumerate(self.sections, 1)
                     for i_no, item in enumerate(self.items_in(section.id), 1)}
            object.__setattr__(self, "_codes", codes)
        return codes.get(item_id, "")

    def _by_id(self) -> dict[str, Item]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = {i.id: i for i in self.items}
            object.__setattr__(self, "_index", cache)
        return cache


@dataclass(frozen=True)
class ThresholdChange:
    checklist: str
    item: str
    threshold: Threshold | None
    compare: Compare | None
    score: Fraction | None
    key: bool | None
    source: Source | None
    expected: bool | None = None
    applies: Applicability | None = None  # replaces the item's applicability when given


@dataclass(frozen=True)
class Overlay:
    """A local (province/city) overlay: changed thresholds, added sections/items, scoring."""

    id: str
    version: str
    title: str
    source: str
    changes: tuple[ThresholdChange, ...]
    sections: tuple[tuple[str, Section], ...]  # (checklist id, section)
    items: tuple[tuple[str, Item], ...]  # (checklist id, item)
    grade_bands: tuple[tuple[str, tuple[GradeBand, ...]], ...] = ()
    path: str = ""


@dataclass(frozen=True)
class SchoolProfile:
    """The facts about a school that decide which items apply to it."""

    type: str
    locale: str = ""
    ownership: str = ""
    boarding: bool = False
    name: str = ""

    @property
    def stages(self) -> tuple[str, ...]:
        return TYPE_STAGES.get(self.type, ())

    def formula_values(self) -> dict[str, str | bool]:
        return {"school_type": self.type, "school_locale": self.locale,
                "school_ownership": self.ownership, "school_boarding": self.boarding}
