"""The 督学's roster of expected schools: read from a county table, stored whole, matched to packages.

The file is read by the district's table reader (desktop/district/table_reader.py): .xlsx or .csv in
any encoding Excel writes, the header row found below a title, units in brackets. A
资源配置统计表 works as a roster too (its extra columns are ignored); a .txt with one name a line is
read by the district's own roster reader. The whole file is refused at the first bad row, with
the row and column in the message.

Schools are matched by 学校标识码 when both sides have one, else by name with spaces removed
(the district's rule in desktop/district/roster.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import ImportFileError, StoreError
from desktop.core.model import SCHOOL_TYPES
from desktop.district import roster as district_roster
from desktop.district.table_reader import PEOPLE, Column, Row, Table, read_table

SHEET = "学校名单"
NAME, CODE, TYPE, EXCLUDED = (district_roster.NAME, district_roster.CODE, district_roster.TYPE,
                              district_roster.EXCLUDED)
SHORT_TYPE = "类型"  # many county lists head the column just 类型
INSPECTOR = "责任督学"
ENROLMENT = {"小学在校生数": "students_primary", "初中在校生数": "students_junior",
             "高中在校生数": "students_senior", "在园幼儿数": "children"}
CODE_PATTERN = re.compile(r"^\d{10}$")  # the national 学校标识码 has 10 digits


@dataclass(frozen=True)
class RosterSchool:
    """One school the 督学 expects a package from.

    Attributes:
        students_*: enrolment by 学段 (None when the roster does not say); children = 在园幼儿数.
        excluded: why the school is left out of the county statistics ("" when counted); it is
            still supervised and still listed.
        row: the row of the roster file it came from (0 for a .txt roster).
    """

    name: str
    code: str = ""
    type: str = ""
    students_primary: int | None = None
    students_junior: int | None = None
    students_senior: int | None = None
    children: int | None = None
    inspector: str = ""
    excluded: str = ""
    row: int = 0

    @property
    def key(self) -> str:
        return school_key(self.name, self.code)

    @property
    def enrolment(self) -> int | None:
        """在校生 (or 在园幼儿) in total; None when no figure is given."""
        figures = [n for n in (self.students_primary, self.students_junior, self.students_senior,
                               self.children) if n is not None]
        return sum(figures) if figures else None


def name_key(name: str) -> str:
    return "".join(name.split())


def school_key(name: str, code: str) -> str:
    """A school's identity in the workspace: its 学校标识码, else its name without spaces."""
    return f"code:{code}" if code else f"name:{name_key(name)}"


def same_school(name_a: str, code_a: str, name_b: str, code_b: str) -> bool:
    if code_a and code_b:
        return code_a == code_b
    return name_key(name_a) == name_key(name_b)


class RosterIndex:
    """Finds the roster school a package or a typed reference belongs to."""

    def __init__(self, schools: list[RosterSchool]):
        self.schools = schools
        self._by_code = {s.code: s for s in schools if s.code}
        self._by_name = {name_key(s.name): s for s in schools}

    def match(self, name: str, code: str) -> RosterSchool | None:
        if code and code in self._by_code:
            return self._by_code[code]
        found = self._by_name.get(name_key(name))
        if found is not None and found.code and code:
            return None  # same name, different 学校标识码: another school
        return found


# --- reading the file ----------------------------------------------------------------------------


def read_roster(path: Path) -> list[RosterSchool]:
    """The schools of a roster file; raises ImportFileError naming file, row and column."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        return [RosterSchool(e.name) for e in district_roster.read_roster(path)]
    columns = [Column(NAME), Column(CODE, required=False), Column(TYPE, required=False),
               Column(SHORT_TYPE, required=False), Column(INSPECTOR, required=False),
               Column(EXCLUDED, required=False)]
    columns += [Column(header, PEOPLE, required=False, integer=True) for header in ENROLMENT]
    table = read_table(path, columns, NAME, sheet_name=SHEET)
    schools: list[RosterSchool] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        school = _school(table, row)
        _check_unique(table, row, school, seen)
        schools.append(school)
    if not schools:
        raise ImportFileError("名单中没有学校（「学校名称」列为空）", path=path, sheet=table.sheet)
    return schools


def _school(table: Table, row: Row) -> RosterSchool:
    name = table.text(row, NAME)
    if not name:
        raise table.error("为空：每一行都要写学校名称（空行请删除）", row.number, NAME)
    code = table.text(row, CODE).replace(" ", "")
    if code and not CODE_PATTERN.match(code):
        raise table.error(f"应为 10 位数字，现为「{code}」", row.number, CODE)
    excluded = table.flag(row, EXCLUDED)
    excluded = "不纳入统计" if excluded in ("是", "1", "√", "✓") else excluded
    enrolment = {field: _whole(table.number(row, header)) for header, field in ENROLMENT.items()}
    return RosterSchool(name, code, _type(table, row, bool(excluded)),
                        inspector=table.text(row, INSPECTOR), excluded=excluded, row=row.number,
                        **enrolment)


def _type(table: Table, row: Row, excluded: bool) -> str:
    column = TYPE if table.has(TYPE) else SHORT_TYPE
    text = table.text(row, column)
    if not text:
        return ""
    short = text[:-2] if text.endswith("学校") and text[:-2] in SCHOOL_TYPES else text
    if short in SCHOOL_TYPES or excluded:
        return short  # a 特殊教育学校 marked 不纳入统计 keeps its own words
    raise table.error(f"「{text}」不是可用的学校类型，可用：{'、'.join(SCHOOL_TYPES)}", row.number,
                      column)


def _whole(value) -> int | None:
    return None if value is None else int(value)


def _check_unique(table: Table, row: Row, school: RosterSchool, seen: dict[str, int]) -> None:
    keys = [("name:" + name_key(school.name), NAME)]
    if school.code:
        keys.append(("code:" + school.code, CODE))
    for key, column in keys:
        if key in seen:
            raise table.error(f"与第 {seen[key]} 行重复：一所学校只能列一次", row.number, column)
    for key, _ in keys:
        seen[key] = row.number


# --- the stored roster ------------------------------------------------------------------------

_FIELDS = ("name", "code", "type", "students_primary", "students_junior", "students_senior",
           "children", "inspector", "excluded")


class RosterData:
    """The workspace's roster table (mixed into Workspace)."""

    def import_roster(self, path: Path) -> list[RosterSchool]:
        """Reads a roster file and replaces the stored roster with it, all or nothing."""
        schools = read_roster(path)
        self.set_roster(schools, source=Path(path).name)
        return schools

    def set_roster(self, schools: list[RosterSchool], source: str = "") -> None:
        """Replaces the roster. Submissions and records are kept: they are matched anew."""
        keys = [s.key for s in schools]
        if len(set(keys)) != len(keys):
            raise StoreError("名单中有重复的学校（学校名称或学校标识码相同）")
        with self._transaction() as db:
            db.execute("DELETE FROM roster")
            for position, s in enumerate(schools):
                db["roster"].insert({"position": position, "source_row": s.row,
                                     **{f: getattr(s, f) for f in _FIELDS}})
            self._set_setting(db, "roster_source", source)

    def roster(self) -> list[RosterSchool]:
        rows = self.db.query(f"SELECT {', '.join(_FIELDS)}, source_row FROM roster ORDER BY position")
        return [RosterSchool(row=r.pop("source_row") or 0, **r) for r in rows]

    def roster_index(self) -> RosterIndex:
        return RosterIndex(self.roster())
