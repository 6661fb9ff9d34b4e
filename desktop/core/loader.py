"""Reads checklist and overlay definitions (TOML data files) into the model, reporting every problem.

The files are data, never code: formulas in them go through desktop.core.formula.parse.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from desktop.core import formula as formula_mod
from desktop.core import toml_cache
from desktop.core.errors import ChecklistFileError, Problem
from desktop.core.model import (
    LOCALES, OWNERSHIPS, PROFILE_NAMES, SCHOOL_TYPES, STAGES, Applicability, AnswerType, Checklist, Compare,
    GradeBand, Indicator, Item, Overlay, ResourceRule, Section, Source, Threshold, ThresholdChange,
)
from desktop.core.numbers import json_decimal, to_fraction

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
INDICATOR_ID = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
CONFIDENCES = ("V", "V2", "M")
MAX_FILE_BYTES = 2 * 1024 * 1024

CHECKLIST_KEYS = {"id", "version", "title", "full_title", "applies_to", "source", "sections",
                  "items", "resources", "grades"}
SECTION_KEYS = {"id", "title", "part"}
SOURCE_KEYS = {"source", "confidence", "basis_note"}
ITEM_KEYS = SOURCE_KEYS | {
    "id", "section", "title", "type", "guidance", "unit", "min", "max", "options",
    "pass_options", "labels", "expected", "threshold", "compare", "formula", "within_days",
    "required", "applies", "evidence", "veto", "key", "score", "whole_gap", "gap_text", "decimals",
}
APPLIES_KEYS = {"types", "locales", "ownerships", "stages", "boarding", "condition"}
RESOURCE_KEYS = SOURCE_KEYS | {"section", "students", "weights", "indicators", "min_met", "floor",
                               "stages"}
INDICATOR_KEYS = SOURCE_KEYS | {"id", "title", "unit", "per", "threshold", "inputs",
                                "shared_input", "input_unit", "whole_gap", "gap_text"}
GRADE_KEYS = {"grade", "min_percent"}
OVERLAY_KEYS = {"id", "version", "title", "source", "changes", "sections", "items", "grades"}
CHANGE_KEYS = SOURCE_KEYS | {"checklist", "item", "threshold", "compare", "score", "key",
                             "expected", "applies"}

# What may never appear in a printed basis (依据). The basis names an official document, its number
# and clause; how a value was found (news, a site, a secondary source, this project's own reading)
# belongs in basis_note. checklists/README.md lists the same words: keep the two in step.
_NOT_A_CITATION = (
    (re.compile(r"https?://|www\.", re.IGNORECASE), "网址"),
    (re.compile(r"[a-z0-9-]+\.(?:com|cn|net|org|gov|edu|info|top|tw|me|io)\b", re.IGNORECASE), "网站域名"),
    (re.compile(r"报道"), "「报道」"),
    (re.compile(r"reference", re.IGNORECASE), "「REFERENCE」（本项目参考资料编号）"),
    (re.compile(r"公开实现"), "「公开实现」"),
    (re.compile(r"据[^；;。]*摘要"), "「据…摘要」"),
    (re.compile(r"本项目"), "「本项目」"),
    (re.compile(r"fudaoke", re.IGNORECASE), "「fudaoke」"),
    (re.compile(r"转载"), "「转载」"),
)


def printed_basis_problem(text: str) -> str | None:
    """Why `text` cannot be printed as 依据 (a sentence in Chinese), or None if it may.

    The printed basis is an official document citation only; research notes go to basis_note.
    """
    found = [name for pattern, name in _NOT_A_CITATION if pattern.search(text)]
    if not found:
        return None
    return (f"依据（source）只能写官方文件名称、文号和条款，不能含{'、'.join(found)}；"
            "资料来源和核实情况请写入「basis_note」")


TYPE_NAMES = {t.value: t for t in AnswerType}
COMPARE_NAMES = {c.value: c for c in Compare}


class _Reader:
    """Collects problems for one file while reading its tables."""

    def __init__(self, path: Path):
        self.file = path.name
        self.problems: list[Problem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message))

    def check_keys(self, table: dict, allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.problem(where, f"未知字段「{key}」（可能拼写错误）")

    def text(self, table: dict, key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, f"缺少必填字段「{key}」")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"字段「{key}」应为非空文字")
            return ""
        return value.strip()

    def gap_text(self, table: dict, where: str) -> str:
        """The wording of a gap, a format string with only {gap}: checked here, because a stray
        brace (「还差{」) made str.format raise while a school's answers were evaluated."""
        text = self.text(table, "gap_text", where, required=False)
        try:
            text.format(gap="0")
        except (ValueError, KeyError, IndexError, AttributeError):
            self.problem(where, "字段「gap_text」中的花括号只能用作 {gap} 占位符")
            return ""
        return text

    def number(self, table: dict, key: str, where: str) -> Fraction | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem(where, f"字段「{key}」应为数字，现为「{value}」")
            return None
        return self.exact(value, where, key)

    def exact(self, value: int | Decimal, where: str, key: str) -> Fraction | None:
        """The number, or None with a problem recorded (nan, inf, out of bounds)."""
        try:
            return to_fraction(value)
        except ValueError as exc:
            self.problem(where, f"字段「{key}」：{exc}")
            return None

    def flag(self, table: dict, key: str, where: str) -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            self.problem(where, f"字段「{key}」应为 true 或 false")
            return None
        return value

    def strings(self, table: dict, key: str, where: str, allowed: tuple[str, ...] = ()) -> tuple:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.problem(where, f"字段「{key}」应为文字列表")
            return ()
        for v in value:
            if allowed and v not in allowed:
                self.problem(where, f"字段「{key}」中的「{v}」无效，可选：{'、'.join(allowed)}")
        return tuple(value)

    def formula(self, text: Any, where: str, key: str) -> formula_mod.Formula | None:
        if not isinstance(text, str):
            self.problem(where, f"字段「{key}」应为公式文字")
            return None
        try:
            return formula_mod.parse(text)
        except formula_mod.FormulaError as exc:
            self.problem(where, f"字段「{key}」：{exc}")
            return None

    def source(self, table: dict, where: str, required: bool = True) -> Source | None:
        text = self.text(table, "source", where, required)
        if not text:
            return None
        self.basis(text, where)
        confidence = table.get("confidence", "V")
        if confidence not in CONFIDENCES:
            self.problem(where, f"字段「confidence」应为 {'、'.join(CONFIDENCES)} 之一，现为「{confidence}」")
            confidence = "V"
        note = self.text(table, "basis_note", where, required=False)
        if confidence in ("V2", "M") and not note:
            self.problem(where, f"依据可信度为 {confidence}（非官方原文），必须在「basis_note」中说明依据的来源")
        return Source(text, confidence, note)

    def basis(self, text: str, where: str) -> None:
        """Reports a printed basis that carries research notes instead of a document citation."""
        problem = printed_basis_problem(text)
        if problem:
            self.problem(where, problem)

    def threshold(self, value: Any, where: str, keys: tuple[str, ...]) -> Threshold | None:
        if value is None:
            return None
        if isinstance(value, bool):
            self.problem(where, "字段「threshold」不能是 true/false")
            return None
        if isinstance(value, (int, Decimal)):
            exact = self.exact(value, where, "threshold")
            return Threshold(value=exact) if exact is not None else None
        if isinstance(value, str):
            parsed = self.formula(value, where, "threshold")
            return Threshold(formula=parsed) if parsed else None
        if isinstance(value, dict):
            pairs = []
            for k, v in value.items():
                if k not in keys:
                    self.problem(where, f"标准值的键「{k}」无效，可选：{'、'.join(keys)}")
                elif isinstance(v, bool) or not isinstance(v, (int, Decimal)):
                    self.problem(where, f"标准值「{k}」应为数字")
                elif (exact := self.exact(v, where, f"threshold.{k}")) is not None:
                    pairs.append((k, exact))
            return Threshold(by_key=tuple(pairs)) if pairs else None
        self.problem(where, "字段「threshold」应为数字、公式或按学段/学校类型的表")
        return None

    def table_list(self, data: dict, key: str, where: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, f"「{key}」应为表的列表（[[{key}]]）")
            return []
        return value


def read_toml(path: Path) -> dict:
    """Reads a TOML file with exact decimals; raises ChecklistFileError on unreadable files."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ChecklistFileError([Problem(path.name, "", f"无法读取文件（{exc.strerror}）")]) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise ChecklistFileError([Problem(path.name, "", "文件过大，不像是检查表定义")])
    try:
        return toml_cache.parsed(raw, lambda data: tomllib.loads(data.decode("utf-8"), parse_float=json_decimal))
    except UnicodeDecodeError:
        raise ChecklistFileError([Problem(path.name, "", "文件不是 UTF-8 编码")]) from None
    except RecursionError:
        raise ChecklistFileError([Problem(path.name, "", "TOML 的嵌套层数过多")]) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        place = f"第 {where[1]} 行第 {where[2]} 列" if where else ""
        raise ChecklistFileError([Problem(path.name, place, f"TOML 格式错误（{exc}）")]) from None
    except ValueError as exc:  # an integer of thousands of digits, a number too long
        raise ChecklistFileError([Problem(path.name, "", f"数字无法处理（{exc}）")]) from None


def load_checklist(path: Path) -> Checklist:
    """Loads one checklist file; raises ChecklistFileError listing every problem found."""
    reader = _Reader(path)
    data = read_toml(path)
    checklist = _build_checklist(reader, data, path)
    if reader.problems:
        raise ChecklistFileError(reader.problems)
    assert checklist is not None
    return checklist


def _build_checklist(r: _Reader, data: dict, path: Path) -> Checklist | None:
    r.check_keys(data, CHECKLIST_KEYS, "")
    cid = r.text(data, "id", "")
    if cid and not ID_PATTERN.match(cid):
        r.problem("", f"检查表编号「{cid}」只能用小写字母、数字和下划线")
    version = r.text(data, "version", "")
    title = r.text(data, "title", "")
    full_title = r.text(data, "full_title", "", required=False) or title
    applies_to = r.strings(data, "applies_to", "", SCHOOL_TYPES)
    if not applies_to:
        r.problem("", "字段「applies_to」不能为空：需写明适用的学校类型")
    source = r.text(data, "source", "")
    if source:
        r.basis(source, "")
    sections = [_build_section(r, t) for t in r.table_list(data, "sections", "")]
    sections = [s for s in sections if s]
    _check_unique(r, [s.id for s in sections], "分区")
    raw_items = r.table_list(data, "items", "")
    items = [_build_item(r, t) for t in raw_items]
    _check_unbuilt_sections(r, raw_items, items, {s.id for s in sections})
    items = [i for i in items if i]
    resources = None
    if "resources" in data:
        resources = _build_resources(r, data["resources"])
    grades = _build_grades(r, r.table_list(data, "grades", ""), "")
    checklist = Checklist(cid, version, title, full_title, applies_to, source, tuple(sections),
                          tuple(items), resources, grades, path=str(path))
    check_consistency(r, checklist)
    return checklist


def _check_unbuilt_sections(r: _Reader, raw: list[dict], built: list[Item | None],
                            section_ids: set[str]) -> None:
    """Items refused for another reason still get their section checked: report every problem."""
    for table, item in zip(raw, built):
        section = table.get("section")
        if item is None and isinstance(section, str) and section not in section_ids:
            r.problem(f"条目 {table.get('id', '?')}", f"所属分区「{section}」不存在")


def _build_section(r: _Reader, t: dict, prefix: str = "") -> Section | None:
    where = f"分区 {t.get('id', '?')}"
    r.check_keys(t, SECTION_KEYS | ({"checklist"} if prefix else set()), where)
    sid = r.text(t, "id", where)
    if sid and not ID_PATTERN.match(sid):
        r.problem(where, "分区编号只能用小写字母、数字和下划线")
    title = r.text(t, "title", where)
    if not (sid and title):
        return None
    return Section(sid, title, r.text(t, "part", where, required=False))


def _build_item(r: _Reader, t: dict, extra_keys: set[str] = frozenset()) -> Item | None:
    iid = t.get("id", "?")
    where = f"条目 {iid}"
    r.check_keys(t, ITEM_KEYS | extra_keys, where)
    iid = r.text(t, "id", where)
    if iid and not ID_PATTERN.match(iid):
        r.problem(where, "条目编号只能用小写字母、数字和下划线，且以字母开头")
    type_name = t.get("type")
    answer_type = TYPE_NAMES.get(type_name) if isinstance(type_name, str) else None
    if answer_type is None:
        r.problem(where, f"答题类型「{type_name}」无效，可选：{'、'.join(TYPE_NAMES)}")
    section = r.text(t, "section", where)
    title = r.text(t, "title", where)
    source = r.source(t, where)
    fields: dict[str, Any] = {
        "guidance": r.text(t, "guidance", where, required=False),
        "unit": r.text(t, "unit", where, required=False),
        "minimum": r.number(t, "min", where),
        "maximum": r.number(t, "max", where) if not isinstance(t.get("max"), str) else None,
        "maximum_formula": r.formula(t["max"], where, "max") if isinstance(t.get("max"), str) else None,
        "options": r.strings(t, "options", where),
        "pass_options": r.strings(t, "pass_options", where),
        "evidence": r.strings(t, "evidence", where),
        "veto": bool(r.flag(t, "veto", where)),
        "key": bool(r.flag(t, "key", where)),
        "whole_gap": bool(r.flag(t, "whole_gap", where)) or answer_type is AnswerType.INTEGER,
        "gap_text": r.gap_text(t, where),
        "score": r.number(t, "score", where),
        "expected": r.flag(t, "expected", where),
        "required_text": bool(r.flag(t, "required", where)),
        "applies": _build_applies(r, t.get("applies", {}), where),
        "threshold": r.threshold(t.get("threshold"), where, SCHOOL_TYPES + STAGES),
    }
    labels = r.strings(t, "labels", where)
    if labels:
        if len(labels) != 2:
            r.problem(where, "字段「labels」应正好两个（如 [\"有\", \"无\"]）")
        else:
            fields["labels"] = labels
    if "compare" in t:
        compare = COMPARE_NAMES.get(t["compare"]) if isinstance(t["compare"], str) else None
        if compare is None:
            r.problem(where, f"比较方式「{t['compare']}」无效，可选：{'、'.join(COMPARE_NAMES)}")
        else:
            fields["compare"] = compare
    if "formula" in t:
        fields["formula"] = r.formula(t["formula"], where, "formula")
    for key, upper in (("within_days", 3660), ("decimals", 6)):
        if key in t:
            value = t[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= upper:
                r.problem(where, f"字段「{key}」应为 0 到 {upper} 之间的整数")
            else:
                fields[key] = value
    if not (iid and answer_type and section and title and source):
        return None
    return Item(iid, section, title, answer_type, source, **fields)


def _build_applies(r: _Reader, t: Any, where: str) -> Applicability:
    if not isinstance(t, dict):
        r.problem(where, "字段「applies」应为表")
        return Applicability()
    r.check_keys(t, APPLIES_KEYS, where + " 的 applies")
    condition = r.formula(t["condition"], where, "applies.condition") if "condition" in t else None
    return Applicability(
        types=r.strings(t, "types", where, SCHOOL_TYPES),
        locales=r.strings(t, "locales", where, LOCALES),
        ownerships=r.strings(t, "ownerships", where, OWNERSHIPS),
        stages=r.strings(t, "stages", where, STAGES),
        boarding=r.flag(t, "boarding", where),
        condition=condition,
    )


def _stage_table(r: _Reader, value: Any, where: str, key: str, kind: type) -> tuple:
    if not isinstance(value, dict):
        r.problem(where, f"字段「{key}」应为按学段（primary/junior/senior）的表")
        return ()
    pairs = []
    for stage, v in value.items():
        if stage not in STAGES:
            r.problem(where, f"字段「{key}」的学段「{stage}」无效，可选：{'、'.join(STAGES)}")
        elif kind is str and not isinstance(v, str):
            r.problem(where, f"字段「{key}.{stage}」应为条目编号")
        elif kind is Fraction and (isinstance(v, bool) or not isinstance(v, (int, Decimal))):
            r.problem(where, f"字段「{key}.{stage}」应为数字")
        elif kind is str:
            pairs.append((stage, v))
        elif (exact := r.exact(v, where, f"{key}.{stage}")) is not None:
            pairs.append((stage, exact))
    return tuple(pairs)


def _build_resources(r: _Reader, t: Any) -> ResourceRule | None:
    where = "资源配置（resources）"
    if not isinstance(t, dict):
        r.problem(where, "「resources」应为表")
        return None
    r.check_keys(t, RESOURCE_KEYS, where)
    weights = []
    raw_weights = t.get("weights", {})
    if not isinstance(raw_weights, dict):
        r.problem(where, "「weights」应为按学校类型的表")
        raw_weights = {}
    for school_type, table in raw_weights.items():
        if school_type not in SCHOOL_TYPES:
            r.problem(where, f"「weights」中的学校类型「{school_type}」无效")
            continue
        weights.append((school_type, _stage_table(r, table, where, "weights", Fraction)))
    indicators = []
    for it in r.table_list(t, "indicators", where):
        ind = _build_indicator(r, it)
        if ind:
            indicators.append(ind)
    _check_unique(r, [i.id for i in indicators], "指标")
    min_met = t.get("min_met")
    if isinstance(min_met, bool) or not isinstance(min_met, int) or not 0 < min_met <= len(indicators):
        r.problem(where, f"「min_met」应为 1 到 {len(indicators)} 之间的整数")
        min_met = len(indicators)
    floor = r.number(t, "floor", where)
    if floor is None or not 0 < floor <= 1:
        r.problem(where, "「floor」应为 0 到 1 之间的比例（如 0.85）")
        floor = Fraction(1)
    return ResourceRule(
        section=r.text(t, "section", where),
        students=_stage_table(r, t.get("students", {}), where, "students", str),
        weights=tuple(weights),
        indicators=tuple(indicators),
        min_met=min_met,
        floor=floor,
        stages=r.strings(t, "stages", where, STAGES),
        source=r.source(t, where) or Source(""),
    )


def _build_indicator(r: _Reader, t: dict) -> Indicator | None:
    where = f"指标 {t.get('id', '?')}"
    r.check_keys(t, INDICATOR_KEYS, where)
    iid = r.text(t, "id", where)
    if iid and not INDICATOR_ID.match(iid):
        r.problem(where, "指标编号应为大写字母和数字（如 R1）")
    per = t.get("per", 1)
    if isinstance(per, bool) or per not in (1, 100):
        r.problem(where, "字段「per」应为 1（生均）或 100（每百名学生）")
        per = 1
    inputs = _stage_table(r, t["inputs"], where, "inputs", str) if "inputs" in t else ()
    shared = r.text(t, "shared_input", where, required=False)
    if bool(inputs) == bool(shared):
        r.problem(where, "必须且只能写一个：按学段的「inputs」或全校共用的「shared_input」")
    thresholds = _stage_table(r, t.get("threshold", {}), where, "threshold", Fraction)
    source = r.source(t, where)
    title = r.text(t, "title", where)
    if not (iid and title and thresholds and source):
        return None
    return Indicator(
        id=iid, title=title, unit=r.text(t, "unit", where), per=per, thresholds=thresholds,
        inputs=inputs, shared_input=shared,
        input_unit=r.text(t, "input_unit", where, required=False),
        whole_gap=bool(r.flag(t, "whole_gap", where)),
        gap_text=r.gap_text(t, where), source=source,
    )


def _build_grades(r: _Reader, tables: list[dict], where: str) -> tuple[GradeBand, ...]:
    bands = []
    for t in tables:
        r.check_keys(t, GRADE_KEYS | {"checklist"}, where or "等级（grades）")
        grade = r.text(t, "grade", "等级")
        minimum = r.number(t, "min_percent", f"等级 {grade}")
        if grade and minimum is not None:
            bands.append(GradeBand(grade, minimum))
    bands.sort(key=lambda b: b.minimum_percent, reverse=True)
    return tuple(bands)


def _check_unique(r: _Reader, ids: list[str], kind: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            r.problem(f"{kind} {i}", f"{kind}编号「{i}」重复")
        seen.add(i)


def check_consistency(r: _Reader, c: Checklist) -> None:
    """Cross-item rules: sections exist, formulas name real items, no cycles, sane ranges."""
    section_ids = {s.id for s in c.sections}
    item_ids = [i.id for i in c.items]
    _check_unique(r, item_ids, "条目")
    known = set(item_ids) | set(PROFILE_NAMES)
    for item in c.items:
        _check_item(r, item, section_ids, known, c)
    if c.resources:
        _check_resources(r, c.resources, known, section_ids)
    _check_cycles(r, c)


def _check_item(r: _Reader, item: Item, sections: set[str], known: set[str], c: Checklist) -> None:
    where = f"条目 {item.id}"
    if item.section not in sections:
        r.problem(where, f"所属分区「{item.section}」不存在")
    t = item.type
    if t is AnswerType.CHOICE:
        if len(item.options) < 2:
            r.problem(where, "单选题至少需要两个选项（options）")
        for option in item.pass_options:
            if option not in item.options:
                r.problem(where, f"达标选项「{option}」不在选项列表中")
    elif item.options or item.pass_options:
        r.problem(where, "只有单选题（choice）可以有 options / pass_options")
    if t is AnswerType.COMPUTED and item.formula is None:
        r.problem(where, "计算项（computed）必须有公式（formula）")
    if t is not AnswerType.COMPUTED and item.formula is not None:
        r.problem(where, "只有计算项（computed）可以有公式（formula）")
    if item.threshold is not None and not t.numeric:
        r.problem(where, "只有数值类条目可以有标准值（threshold）")
    if item.minimum is not None and item.maximum is not None and item.minimum > item.maximum:
        r.problem(where, "允许范围的下限（min）大于上限（max）")
    if (item.minimum is not None or item.maximum is not None) and not t.numeric:
        r.problem(where, "只有数值类条目可以有允许范围（min/max）")
    if t is AnswerType.PERCENT and item.maximum is None and item.minimum is None:
        pass  # percent defaults to 0–100 in the engine
    if item.veto:
        if t is not AnswerType.YES_NO or item.expected is not False:
            r.problem(where, "一票否决项（veto）必须是是非题，且 expected = false（答「无」为达标）")
    if item.expected is not None and t is not AnswerType.YES_NO:
        r.problem(where, "只有是非题（yes_no）可以有 expected")
    if item.within_days is not None and t is not AnswerType.DATE:
        r.problem(where, "只有日期题（date）可以有 within_days")
    if item.threshold and item.threshold.by_key:
        keys = {k for k, _ in item.threshold.by_key}
        if keys & set(STAGES) and keys - set(STAGES):
            r.problem(where, "标准值不能同时按学段和按学校类型给出")
        if keys & set(STAGES) and not item.applies.stages:
            r.problem(where, "按学段给出的标准值需要在 applies.stages 中写明学段")
    formulas = [f for f in (item.formula, item.applies.condition, item.maximum_formula,
                            item.threshold.formula if item.threshold else None) if f]
    if item.maximum_formula is not None and not t.numeric:
        r.problem(where, "只有数值类条目可以有允许范围（min/max）")
    for f in formulas:
        for name in sorted(f.names - known):
            r.problem(where, f"公式「{f.text}」引用了不存在的条目「{name}」")
    if item.gap_text and "{gap}" not in item.gap_text and t.numeric:
        r.problem(where, "数值条目的「gap_text」中应包含 {gap} 占位符")


def _check_resources(r: _Reader, rule: ResourceRule, known: set[str], sections: set[str]) -> None:
    where = "资源配置（resources）"
    if rule.section not in sections:
        r.problem(where, f"所属分区「{rule.section}」不存在")
    for stage, item_id in rule.students:
        if item_id not in known:
            r.problem(where, f"学段「{stage}」的在校生数条目「{item_id}」不存在")
    for stage in STAGES:
        if stage not in dict(rule.students):
            r.problem(where, f"「students」缺少学段「{stage}」的在校生数条目（拆分共用资源需要各学段人数）")
    for ind in rule.indicators:
        names = [ind.shared_input] if ind.shared_input else [v for _, v in ind.inputs]
        for name in names:
            if name and name not in known:
                r.problem(f"指标 {ind.id}", f"输入条目「{name}」不存在")
        for stage in rule.stages:
            if ind.threshold(stage) is None:
                r.problem(f"指标 {ind.id}", f"缺少学段「{stage}」的标准值")
            if not ind.shared_input and stage not in dict(ind.inputs):
                r.problem(f"指标 {ind.id}", f"缺少学段「{stage}」的输入条目")
    for school_type, weights in rule.weights:
        if not weights:
            r.problem(where, f"「weights」中「{school_type}」没有学段权重")


def _check_cycles(r: _Reader, c: Checklist) -> None:
    deps = {i.id: set(i.formula.names) if i.formula else set() for i in c.items}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = trail[trail.index(node):] + [node]
            r.problem(f"条目 {node}", "计算公式循环引用：" + " → ".join(cycle))
            return
        state[node] = 1
        for dep in sorted(deps.get(node, ())):
            visit(dep, trail + [node])
        state[node] = 2

    for item_id in deps:
        visit(item_id, [])


def load_overlay(path: Path) -> Overlay:
    """Loads an overlay file; raises ChecklistFileError listing every problem found."""
    r = _Reader(path)
    data = read_toml(path)
    r.check_keys(data, OVERLAY_KEYS, "")
    oid = r.text(data, "id", "")
    if oid and not ID_PATTERN.match(oid):
        r.problem("", f"地方标准编号「{oid}」只能用小写字母、数字和下划线")
    changes = []
    for t in r.table_list(data, "changes", ""):
        where = f"修改 {t.get('checklist', '?')}/{t.get('item', '?')}"
        r.check_keys(t, CHANGE_KEYS, where)
        compare = None
        if "compare" in t:
            compare = COMPARE_NAMES.get(t["compare"]) if isinstance(t["compare"], str) else None
            if compare is None:
                r.problem(where, f"比较方式「{t['compare']}」无效")
        changes.append(ThresholdChange(
            checklist=r.text(t, "checklist", where), item=r.text(t, "item", where),
            threshold=r.threshold(t.get("threshold"), where, SCHOOL_TYPES + STAGES),
            compare=compare, score=r.number(t, "score", where), key=r.flag(t, "key", where),
            source=r.source(t, where, required=False),
            expected=r.flag(t, "expected", where),
            applies=_build_applies(r, t["applies"], where) if "applies" in t else None,
        ))
    sections = []
    for t in r.table_list(data, "sections", ""):
        s = _build_section(r, t, prefix="overlay")
        if s:
            sections.append((r.text(t, "checklist", f"分区 {s.id}"), s))
    items = []
    for t in r.table_list(data, "items", ""):
        i = _build_item(r, t, extra_keys={"checklist"})
        if i:
            items.append((r.text(t, "checklist", f"条目 {i.id}"), dataclasses.replace(i, overlay=oid)))
    grades: dict[str, list[dict]] = {}
    for t in r.table_list(data, "grades", ""):
        grades.setdefault(r.text(t, "checklist", "等级（grades）"), []).append(t)
    overlay_source = r.text(data, "source", "")
    if overlay_source:
        r.basis(overlay_source, "")
    overlay = Overlay(
        id=oid, version=r.text(data, "version", ""), title=r.text(data, "title", ""),
        source=overlay_source, changes=tuple(changes), sections=tuple(sections),
        items=tuple(items),
        grade_bands=tuple((cid, _build_grades(r, ts, "等级")) for cid, ts in grades.items()),
        path=str(path),
    )
    if r.problems:
        raise ChecklistFileError(r.problems)
    return overlay


def apply_overlay(checklist: Checklist, overlay: Overlay) -> Checklist:
    """Returns the checklist with the overlay's changes and additions for it, checked again."""
    r = _Reader(Path(overlay.path or overlay.id))
    items = {i.id: i for i in checklist.items}
    for change in overlay.changes:
        if change.checklist != checklist.id:
            continue
        where = f"修改 {change.checklist}/{change.item}"
        if change.item not in items:
            r.problem(where, f"检查表「{checklist.id}」中没有条目「{change.item}」")
            continue
        item = items[change.item]
        updates: dict[str, Any] = {"overlay": overlay.id}
        for name in ("threshold", "compare", "score", "key", "expected", "applies"):
            value = getattr(change, name)
            if value is not None:
                updates[name] = value
        if change.source is not None:
            updates["source"] = change.source
        items[change.item] = dataclasses.replace(item, **updates)
    for cid, item in overlay.items:
        if cid == checklist.id:
            if item.id in items:
                r.problem(f"条目 {item.id}", f"检查表「{cid}」中已有同名条目，新增条目须另取编号")
            items[item.id] = item
    sections = list(checklist.sections) + [s for cid, s in overlay.sections if cid == checklist.id]
    bands = dict(overlay.grade_bands).get(checklist.id, checklist.grade_bands)
    result = dataclasses.replace(
        checklist, items=tuple(items.values()), sections=tuple(sections), grade_bands=bands,
        overlay=overlay.id, overlay_title=overlay.title,
    )
    result.__dict__.pop("_index", None)
    check_consistency(r, result)
    if r.problems:
        raise ChecklistFileError(r.problems)
    return result
