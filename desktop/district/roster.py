"""The county's list of schools expected to submit (名单), and who has not submitted yet.

The roster may also carry a 不纳入统计 column: submission packages cannot say that a school is a
教学点 with fewer than 50 students, so for package folders the roster is where the county marks
the schools to leave out (apply_exclusions).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from desktop.district.schools import SchoolRecord
from desktop.district.table_reader import Column, decode_text, read_table

NAME, CODE, TYPE, EXCLUDED = "学校名称", "学校标识码", "学校类型", "不纳入统计"


@dataclass(frozen=True)
class RosterEntry:
    name: str
    code: str = ""
    type: str = ""
    excluded: str = ""  # reason to leave the school out of the statistics, "" if counted


def read_roster(path: Path) -> list[RosterEntry]:
    """A table with a 学校名称 column (学校标识码, 学校类型 optional), or a .txt with one name a line."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        from desktop.core.errors import ImportFileError
        try:
            text = decode_text(path, path.read_bytes())
        except OSError as exc:
            raise ImportFileError(f"无法读取文件（{exc.strerror}）", path=path) from None
        names = [line.strip() for line in text.splitlines()]
        return list({n: RosterEntry(n) for n in names if n}.values())
    table = read_table(path, [Column(NAME), Column(CODE, required=False),
                              Column(TYPE, required=False), Column(EXCLUDED, required=False)], NAME)
    entries = {}
    for row in table.rows:
        name = table.text(row, NAME)
        if name:
            excluded = table.flag(row, EXCLUDED)
            excluded = "不纳入统计" if excluded in ("是", "1", "√", "✓") else excluded
            entries.setdefault(name, RosterEntry(name, table.text(row, CODE), table.text(row, TYPE),
                                                 excluded))
    return list(entries.values())


def apply_exclusions(roster: Sequence[RosterEntry],
                     records: Sequence[SchoolRecord]) -> list[SchoolRecord]:
    """The records, with those the roster marks 不纳入统计 excluded (a reason already given wins)."""
    marked = [e for e in roster if e.excluded]
    result = []
    for record in records:
        entry = next((e for e in marked if _matches(e, record)), None)
        if entry is not None and not record.excluded:
            record = replace(record, excluded=entry.excluded)
        result.append(record)
    return result


def not_submitted(roster: Sequence[RosterEntry], records: Sequence[SchoolRecord]) -> list[RosterEntry]:
    """Roster schools with no submission: matched by 学校标识码 when both have one, else by name."""
    codes = {r.code for r in records if r.code}
    names = {_key(r.name) for r in records}
    return [e for e in roster
            if not ((e.code and e.code in codes) or _key(e.name) in names)]


def _matches(entry: RosterEntry, record: SchoolRecord) -> bool:
    if entry.code and record.code:
        return entry.code == record.code
    return _key(entry.name) == _key(record.name)


def not_on_roster(roster: Sequence[RosterEntry], records: Sequence[SchoolRecord]) -> list[SchoolRecord]:
    """Submissions from schools the roster does not list (a typo in a name shows up here)."""
    codes = {e.code for e in roster if e.code}
    names = {_key(e.name) for e in roster}
    return [r for r in records if not ((r.code and r.code in codes) or _key(r.name) in names)]


def _key(name: str) -> str:
    return "".join(name.split())
