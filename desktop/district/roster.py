"""The county's list of schools expected to submit (名单), and who has not submitted yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from desktop.district.schools import SchoolRecord
from desktop.district.table_reader import Column, decode_text, read_table

NAME, CODE, TYPE = "学校名称", "学校标识码", "学校类型"


@dataclass(frozen=True)
class RosterEntry:
    name: str
    code: str = ""
    type: str = ""


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
                              Column(TYPE, required=False)], NAME)
    entries = {}
    for row in table.rows:
        name = table.text(row, NAME)
        if name:
            entries.setdefault(name, RosterEntry(name, table.text(row, CODE), table.text(row, TYPE)))
    return list(entries.values())


def not_submitted(roster: Sequence[RosterEntry], records: Sequence[SchoolRecord]) -> list[RosterEntry]:
    """Roster schools with no submission: matched by 学校标识码 when both have one, else by name."""
    codes = {r.code for r in records if r.code}
    names = {_key(r.name) for r in records}
    return [e for e in roster
            if not ((e.code and e.code in codes) or _key(e.name) in names)]


def not_on_roster(roster: Sequence[RosterEntry], records: Sequence[SchoolRecord]) -> list[SchoolRecord]:
    """Submissions from schools the roster does not list (a typo in a name shows up here)."""
    codes = {e.code for e in roster if e.code}
    names = {_key(e.name) for e in roster}
    return [r for r in records if not ((r.code and r.code in codes) or _key(r.name) in names)]


def _key(name: str) -> str:
    return "".join(name.split())
