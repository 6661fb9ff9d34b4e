"""The school's identity from table 基础基111 and the school year from the cover."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import ImportFileError
from desktop.prefill.mapping import IdentityRules
from desktop.prefill.sheets import Sheet, Workbook
from desktop.prefill.tables import normalize

IDENTITY_TABLE = "基础基111"
_YEAR = re.compile(r"(\d{4})\s*[/／\-—－至~]\s*(\d{4})\s*学年")


@dataclass(frozen=True)
class Identity:
    code: str  # 学校标识码
    name: str
    type: str  # the app's school type (小学 …)
    type_text: str  # 办学类型 as written, with its code
    locale: str  # 城区 / 镇区 / 乡村, "" if not recognised
    ownership: str  # 公办 / 民办
    year: str  # 2020/2021, "" if the file does not say

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "type": self.type, "locale": self.locale,
                "ownership": self.ownership, "year": self.year}


def read_identity(book: Workbook, rules: IdentityRules) -> Identity:
    sheet = book.sheet(IDENTITY_TABLE)
    if sheet is None:
        raise ImportFileError(f"缺少工作表「{IDENTITY_TABLE}」（学校基本情况）。这不像是教育事业统计基层报表；"
                              "请选择学校上报的基层表工作簿", path=book.path)
    fields = {key: _field(sheet, labels) for key, labels in rules.labels.items()}
    missing = [rules.labels[k][0] for k in ("code", "name", "type") if not fields.get(k)]
    if missing:
        raise ImportFileError(f"找不到{'、'.join(missing)}", path=book.path, sheet=sheet.name)
    # Some copies lay 111 out as a table (项目 | 编号 | 内容): the 编号 sits between label and value.
    code = next((c for c in (normalize(_text(v)) for v in fields["code"]) if c.isdigit() and len(c) >= 6),
                normalize(_text(fields["code"][-1])))
    name = next((_text(v) for v in fields["name"] if not normalize(_text(v)).isdigit()), "")
    type_values = [normalize(_text(v)) for v in fields["type"]]
    school_type = rules.school_type(type_values)
    if not school_type:
        raise ImportFileError(f"办学类型「{' '.join(type_values)}」不是本程序支持的学校类型"
                              "（幼儿园、小学、初中、九年一贯制、完全中学、十二年一贯制）",
                              path=book.path, sheet=sheet.name)
    locale = rules.locale([normalize(_text(v)) for v in fields.get("locale") or []])
    ownership = rules.ownership(" ".join(normalize(_text(v)) for v in fields.get("ownership") or []))
    return Identity(code=code, name=" ".join(name.split()), type=school_type,
                    type_text=" ".join(type_values), locale=locale, ownership=ownership,
                    year=_year(book))


def _field(sheet: Sheet, labels: tuple[str, ...]) -> list[Any]:
    """The values after the first cell holding one of the labels (same cell after a colon, or the
    non-empty cells to its right)."""
    wanted = [normalize(label) for label in labels]
    for row in sheet.rows:
        for c, value in enumerate(row):
            text = normalize(value)
            for label in wanted:
                if text == label or text.startswith(label + ":"):
                    rest = text[len(label) + 1:] if text.startswith(label + ":") else ""
                    if rest:
                        return [rest]
                    return [v for v in row[c + 1:] if normalize(v)][:3]
    return []


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _year(book: Workbook) -> str:
    for name in ("封面", IDENTITY_TABLE):
        sheet = book.sheet(name)
        for row in (sheet.rows[:12] if sheet else ()):
            for value in row:
                match = _YEAR.search(str(value or ""))
                if match:
                    return f"{match.group(1)}/{match.group(2)}"
    return ""
