"""The mapping files (checklists/prefill/*.toml): which cell of the return feeds which item.

Data, not code: a county corrects a row label, a column header or a conversion by editing the
file. Every problem found is reported at once, in Chinese, with the file and the entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.core.model import SCHOOL_TYPES, AnswerType

IDENTITY_FILE = "identity.toml"
NUMERIC = (AnswerType.NUMBER, AnswerType.INTEGER, AnswerType.PERCENT)


class MappingFileError(DesktopError):
    """A mapping file has problems; all of them are listed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join([f"基层表对照表有 {len(problems)} 处问题：",
                                    *(f"  - {p}" for p in problems)]))


@dataclass(frozen=True)
class Source:
    """One cell: table, row (label alternatives, optional 编号 and anchor row), column headers."""

    table: str
    rows: tuple[str, ...]
    column: tuple[str, ...]
    number: str = ""
    after: str = ""
    scale: Decimal = Decimal(1)
    unit: str = ""  # when given, must appear in the column's headers or the table's 单位


@dataclass(frozen=True)
class ValueRule:
    checklist: str
    item: str
    sources: tuple[Source, ...]  # summed
    types: tuple[str, ...]  # school types it applies to; () = all the checklist's types
    basis: str  # the table and 指标解释 it rests on (shown in the preview's tooltip, not printed)
    file: str

    def applies(self, school_type: str) -> bool:
        return not self.types or school_type in self.types


@dataclass(frozen=True)
class UnusedRule:
    """Something a return holds that deliberately feeds no item, with the reason shown to users."""

    table: str
    rows: tuple[str, ...]
    column: tuple[str, ...]
    why: str
    types: tuple[str, ...]
    checklist: str = ""
    after: str = ""


@dataclass(frozen=True)
class IdentityRules:
    labels: dict[str, tuple[str, ...]]  # code, name, type, locale, ownership → label texts
    types: tuple[tuple[str, tuple[str, ...]], ...]  # (school type, names and codes of 办学类型)
    locales: tuple[tuple[str, tuple[str, ...]], ...]  # (城区…, names and code prefixes)
    private_words: tuple[str, ...]

    def school_type(self, values: list[str]) -> str:
        for school_type, keys in self.types:
            if any(v in keys for v in values):
                return school_type
        return ""

    def locale(self, values: list[str]) -> str:
        for locale, keys in self.locales:
            for v in values:
                # 城乡分类代码 has three digits; shorter numbers are a table's 编号, not a code.
                code = v.isdigit() and len(v) == 3
                if v in keys or (code and any(k.isdigit() and v.startswith(k) for k in keys)):
                    return locale
        return ""

    def ownership(self, text: str) -> str:
        if not text:
            return ""
        return "民办" if any(w in text for w in self.private_words) else "公办"


@dataclass(frozen=True)
class Mapping:
    identity: IdentityRules
    values: tuple[ValueRule, ...]
    unused: tuple[UnusedRule, ...]


def mapping_dir() -> Path:
    return paths.checklists_dir() / "prefill"


def load_mapping(catalog: Catalog, folder: Path | None = None) -> Mapping:
    folder = folder or mapping_dir()
    problems: list[str] = []
    identity_path = folder / IDENTITY_FILE
    identity = _identity(_read(identity_path, problems), identity_path.name, problems)
    values: list[ValueRule] = []
    unused: list[UnusedRule] = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == IDENTITY_FILE:
            continue
        data = _read(path, problems)
        if data is not None:
            _mapping_file(data, path.name, catalog, values, unused, problems)
    if problems:
        raise MappingFileError(problems)
    return Mapping(identity, tuple(values), tuple(unused))


def _read(path: Path, problems: list[str]) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}：找不到文件")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}：无法读取（{exc}）")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path.name}：不是有效的 TOML，{_toml_place(str(exc))}有语法错误")
    return None


def _toml_place(message: str) -> str:
    """tomllib words its errors in English; only the place is passed on."""
    import re
    found = re.search(r"line (\d+), column (\d+)", message)
    if found:
        return f"第 {found.group(1)} 行第 {found.group(2)} 列附近"
    return "文件末尾" if "end of document" in message else "文件中"


def _identity(data: dict[str, Any] | None, file: str, problems: list[str]) -> IdentityRules:
    empty = IdentityRules({}, (), (), ())
    if data is None:
        return empty
    labels = data.get("labels")
    if not isinstance(labels, dict) or not {"code", "name", "type"} <= set(labels):
        problems.append(f"{file}：[labels] 应写明 code、name、type（及 locale、ownership）的标签文字")
        return empty
    types, locales = [], []
    for n, entry in enumerate(data.get("school_types", []), 1):
        if entry.get("type") not in SCHOOL_TYPES:
            problems.append(f"{file}，第 {n} 个 [[school_types]]：type 应为 {'、'.join(SCHOOL_TYPES)} 之一")
            continue
        types.append((entry["type"], _texts(entry.get("names", [])) + _texts(entry.get("codes", []))))
    for n, entry in enumerate(data.get("locales", []), 1):
        if entry.get("locale") not in ("城区", "镇区", "乡村"):
            problems.append(f"{file}，第 {n} 个 [[locales]]：locale 应为 城区、镇区、乡村 之一")
            continue
        locales.append((entry["locale"], _texts(entry.get("names", [])) + _texts(entry.get("codes", []))))
    return IdentityRules({k: _texts(v) for k, v in labels.items()}, tuple(types), tuple(locales),
                         _texts(data.get("private_words", ["民办"])))


def _texts(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple("".join(str(v).split()).replace("（", "(").replace("）", ")") for v in values)


def _mapping_file(data: dict[str, Any], file: str, catalog: Catalog, values: list[ValueRule],
                  unused: list[UnusedRule], problems: list[str]) -> None:
    checklist_id = data.get("checklist")
    if checklist_id not in catalog.checklists:
        problems.append(f"{file}：checklist 应为检查表编号（{'、'.join(catalog.checklists)}），"
                        f"现为「{checklist_id}」")
        return
    checklist = catalog.checklists[checklist_id]
    for n, entry in enumerate(data.get("values", []), 1):
        where = f"{file}，第 {n} 个 [[values]]（{entry.get('item', '?')}）"
        rule = _value_rule(entry, where, checklist_id, file, checklist, problems)
        if rule is not None:
            values.append(rule)
    for n, entry in enumerate(data.get("unused", []), 1):
        where = f"{file}，第 {n} 个 [[unused]]"
        source = _source(entry, where, problems, need_column=False)
        why = entry.get("why")
        if not isinstance(why, str) or not why.strip():
            problems.append(f"{where}：缺少 why（说明为什么不使用）")
        elif source is not None:
            unused.append(UnusedRule(source.table, source.rows, source.column, why.strip(),
                                     _types(entry, where, problems), checklist_id,
                                     source.after))


def _value_rule(entry: dict[str, Any], where: str, checklist_id: str, file: str, checklist: Any,
                problems: list[str]) -> ValueRule | None:
    unknown = set(entry) - {"item", "types", "sum", "basis"}
    if unknown:
        problems.append(f"{where}：不认识的键 {'、'.join(sorted(unknown))}（可用：item、types、sum、basis）")
    item_id = entry.get("item")
    if not isinstance(item_id, str) or not checklist.has_item(item_id):
        problems.append(f"{where}：检查表「{checklist.title}」中没有条目「{item_id}」")
        return None
    item = checklist.item(item_id)
    if item.type not in NUMERIC:
        problems.append(f"{where}：条目「{item.title}」不是数字条目，不能从报表取值")
        return None
    raw_sources = entry.get("sum")
    if not isinstance(raw_sources, list) or not raw_sources:
        problems.append(f"{where}：sum 应列出至少一个单元格 {{ table, row, column }}")
        return None
    sources = [_source(s, f"{where} 第 {k} 个单元格", problems) for k, s in enumerate(raw_sources, 1)]
    basis = entry.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        problems.append(f"{where}：缺少 basis（取自哪张表、依据哪条指标解释）")
        return None
    if any(s is None for s in sources):
        return None
    return ValueRule(checklist_id, item_id, tuple(sources), _types(entry, where, problems),
                     basis.strip(), file)


def _source(entry: Any, where: str, problems: list[str], need_column: bool = True) -> Source | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}：应为 {{ table = …, row = …, column = […] }}")
        return None
    unknown = set(entry) - {"table", "row", "number", "after", "column", "scale", "unit",
                            "why", "types"}
    if unknown:
        problems.append(f"{where}：不认识的键 {'、'.join(sorted(unknown))}")
    table, row, column = entry.get("table"), entry.get("row"), entry.get("column", [])
    ok = True
    if not isinstance(table, str) or not table.strip():
        problems.append(f"{where}：缺少 table（表号，如 基础基312）")
        ok = False
    rows = row if isinstance(row, list) else [row]
    if not rows or not all(isinstance(r, str) and r.strip() for r in rows):
        problems.append(f"{where}：row 应为行的名称（或几个可选名称的列表）")
        ok = False
    columns = column if isinstance(column, list) else [column]
    if (need_column and not columns) or not all(isinstance(c, str) and c.strip() for c in columns):
        problems.append(f"{where}：column 应为表头文字的列表，从上一级表头写起")
        ok = False
    try:
        scale = Decimal(str(entry.get("scale", 1)))
        if not scale.is_finite() or scale <= 0:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(f"{where}：scale 应为正数（如 万元→元 写 10000）")
        ok = False
    if not ok:
        return None
    number = entry.get("number", "")
    return Source(table.strip(), tuple(rows), tuple(columns), str(number) if number != "" else "",
                  str(entry.get("after", "")), scale, str(entry.get("unit", "")))


def _types(entry: dict[str, Any], where: str, problems: list[str]) -> tuple[str, ...]:
    types = entry.get("types", [])
    if not isinstance(types, list) or any(t not in SCHOOL_TYPES for t in types):
        problems.append(f"{where}：types 应为学校类型的列表（{'、'.join(SCHOOL_TYPES)}）")
        return ()
    return tuple(types)
