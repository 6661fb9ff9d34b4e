"""The school list: every roster school (and every school that sent a package unasked) with its status.

Status of a school, for the chosen 评估周期 (or, with none chosen, its latest package of any):
  未提交    no verified package, and none that failed;
  校验失败  no verified package, but at least one that failed verification (the reason is shown);
  需复核    a verified package, and at least one of: a checklist not filled in (结论 未完成), the
            package marked 填报中 by the school, a 一票否决 item answered 有, answers carried over
            from the last period not yet confirmed (待复核), or a problem of an earlier 整改通知书
            overdue (see follow_up.py);
  已提交    a verified package and none of the above.
A failed package of a school that has a verified one does not change the status; it is listed in
`notes`.
Schools not on the roster are listed too, flagged 不在名单内 (a typo in a name shows up here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from desktop.core.errors import StoreError
from desktop.supervisor.follow_up import FollowUps, follow_ups
from desktop.supervisor.outcomes import FailedPackage
from desktop.supervisor.roster import RosterIndex, RosterSchool, name_key, same_school, school_key
from desktop.supervisor.submissions import SubmissionFacts

NOT_SUBMITTED, SUBMITTED, FAILED, REVIEW = "未提交", "已提交", "校验失败", "需复核"
STATUSES = (NOT_SUBMITTED, SUBMITTED, FAILED, REVIEW)
NOT_ON_ROSTER = "不在名单内"
_STATUS_ORDER = {FAILED: 0, REVIEW: 1, NOT_SUBMITTED: 2, SUBMITTED: 3}


@dataclass(frozen=True)
class SchoolRef:
    """A school as a command or a dialog names it."""

    name: str
    code: str = ""
    type: str = ""
    on_roster: bool = False

    @property
    def key(self) -> str:
        return school_key(self.name, self.code)

    def matches(self, name: str, code: str) -> bool:
        return same_school(self.name, self.code, name, code)


@dataclass(frozen=True)
class SchoolRow:
    """One line of the school list (plain data for the GUI's table model)."""

    name: str
    code: str
    type: str
    on_roster: bool
    status: str
    reasons: tuple[str, ...] = ()  # why 需复核 or 校验失败
    notes: tuple[str, ...] = ()  # worth knowing, not changing the status
    submission: SubmissionFacts | None = None
    roster: RosterSchool | None = None
    failures: tuple[FailedPackage, ...] = ()
    notices: int = 0
    overdue: int = 0  # overdue problems of its notices
    position: int = 0  # roster order; schools not on the roster follow it

    @property
    def key(self) -> str:
        return school_key(self.name, self.code)

    @property
    def verdicts(self) -> dict[str, str]:
        return self.submission.verdicts.verdicts if self.submission else {}

    @property
    def unmet(self) -> int | None:
        return len(self.submission.verdicts.unmet) if self.submission else None

    @property
    def last_package(self) -> str:
        """When the school exported its package (ISO), "" when none."""
        return self.submission.created if self.submission else ""

    @property
    def fingerprint(self) -> str:
        return self.submission.fingerprint if self.submission else ""

    @property
    def flags(self) -> tuple[str, ...]:
        return () if self.on_roster else (NOT_ON_ROSTER,)


@dataclass(frozen=True)
class IndicatorFailure:
    """One item or indicator and the schools whose latest package has it unmet."""

    checklist: str
    checklist_title: str
    code: str
    title: str
    schools: tuple[str, ...] = field(default_factory=tuple)


# --- filtering and sorting (for the GUI's proxy model and the command line) ------------------------

# Sorting keys for the UI; a key returning None (no package, no figure) sorts last either way.
SORT_KEYS: dict[str, Callable[[SchoolRow], Any]] = {
    "roster": lambda r: r.position,
    "name": lambda r: name_key(r.name),
    "code": lambda r: r.code or None,
    "status": lambda r: _STATUS_ORDER[r.status],
    "unmet": lambda r: r.unmet,
    "last_package": lambda r: r.last_package or None,
    "overdue": lambda r: r.overdue,
    "enrolment": lambda r: r.roster.enrolment if r.roster else None,
}


def sort_rows(rows: list[SchoolRow], key: str = "roster", descending: bool = False) -> list[SchoolRow]:
    """Rows sorted by one of SORT_KEYS; ties keep the order they came in (roster order)."""
    if key not in SORT_KEYS:
        raise StoreError(f"不能按「{key}」排序，可用：{'、'.join(SORT_KEYS)}")
    value = SORT_KEYS[key]
    known = [r for r in rows if value(r) is not None]
    return sorted(known, key=value, reverse=descending) + [r for r in rows if value(r) is None]


def filter_rows(rows: list[SchoolRow], *, statuses: tuple[str, ...] = (), text: str = "",
                on_roster: bool | None = None, checklist: str = "", verdict: str = "",
                unmet_item: tuple[str, str] | None = None, overdue_only: bool = False,
                inspector: str = "") -> list[SchoolRow]:
    """The rows that pass every filter given (an empty filter lets everything through).

    text matches name or 学校标识码; verdict (达标/未达标/未完成) applies to `checklist` or, with
    none named, to any checklist; unmet_item = (checklist, item or indicator id or code).
    """
    def keep(r: SchoolRow) -> bool:
        if statuses and r.status not in statuses:
            return False
        if text and text not in r.name and text not in r.code:
            return False
        if on_roster is not None and r.on_roster != on_roster:
            return False
        if checklist and not verdict and checklist not in r.verdicts:
            return False
        if verdict and not (r.verdicts.get(checklist) == verdict if checklist
                            else verdict in r.verdicts.values()):
            return False
        if unmet_item is not None and not _has_unmet(r, unmet_item):
            return False
        if inspector and (r.roster is None or r.roster.inspector != inspector):
            return False
        return not overdue_only or r.overdue > 0
    return [r for r in rows if keep(r)]


def _has_unmet(row: SchoolRow, wanted: tuple[str, str]) -> bool:
    if row.submission is None:
        return False
    checklist, item = wanted
    return any(u.checklist == checklist and item in (u.plan_item, u.alt_item, u.code)
               for u in row.submission.verdicts.unmet)


def status_counts(rows: list[SchoolRow]) -> dict[str, int]:
    """How many schools have each status, and how many are not on the roster."""
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    counts[NOT_ON_ROSTER] = sum(1 for r in rows if not r.on_roster)
    return counts


class StatusQueries(FollowUps):
    """The school list and school look-ups (mixed into Workspace)."""

    def find_school(self, ref: str) -> SchoolRef:
        """A school by 学校标识码 or name, on the roster or among the packages; StoreError if none."""
        ref = ref.strip()
        for s in self.roster():
            if ref and (ref == s.code or name_key(ref) == name_key(s.name)):
                return SchoolRef(s.name, s.code, s.type, True)
        rows = list(self.db.query(
            "SELECT school_name, school_code, school_type FROM submissions "
            "WHERE school_code = ? OR name_key = ? ORDER BY created DESC LIMIT 1",
            [ref, name_key(ref)])) if ref else []
        if not rows:
            raise StoreError(f"名单和已导入的提交包中都没有学校「{ref}」（可用学校标识码或校名）")
        return SchoolRef(rows[0]["school_name"], rows[0]["school_code"], rows[0]["school_type"])

    def latest_submission(self, name: str, code: str,
                          period: str | None = None) -> SubmissionFacts | None:
        """The school's most recently exported package still in use (of the period, if given)."""
        candidates = [f for f in self.submissions(period=period)
                      if same_school(name, code, f.school_name, f.school_code)]
        return max(candidates, key=lambda f: (f.created, f.id), default=None)

    def history(self, name: str, code: str) -> list[SubmissionFacts]:
        """Every package kept of the school, replaced ones too, the latest export first."""
        found = [f for f in self.submissions(current_only=False)
                 if same_school(name, code, f.school_name, f.school_code)]
        return sorted(found, key=lambda f: (f.created, f.id), reverse=True)

    def school_list(self, period: str | None = None, today: dt.date | None = None) -> list[SchoolRow]:
        """Every roster school in roster order, then the schools not on it (by name)."""
        today = today or dt.date.today()
        roster = self.roster()
        board = _Board(roster)
        for facts in self.submissions(period=period):
            board.add_submission(facts)
        for failure in self.failed_packages():
            if period is None or failure.claimed_period in ("", period):
                board.add_failure(failure)
        overdue = self._overdue_by_school(board, today)
        return [board.row(slot, overdue.get(slot, (0, 0))) for slot in board.slots()]

    def unidentified_failures(self) -> list[FailedPackage]:
        """Failed packages whose manifest could not say whose they are (not in any row)."""
        return [f for f in self.failed_packages() if not f.claimed_name]

    def failing_indicators(self, period: str | None = None) -> list[IndicatorFailure]:
        """Which schools fail which item or indicator, the most failed first."""
        found: dict[tuple[str, str], tuple[str, str, str, list[str]]] = {}
        for row in self.school_list(period):
            if row.submission is None:
                continue
            for u in row.submission.verdicts.unmet:
                title = row.submission.verdicts.titles.get(u.checklist, u.checklist)
                entry = found.setdefault((u.checklist, u.code + u.title), (title, u.code, u.title, []))
                entry[3].append(row.name)
        failures = [IndicatorFailure(c, t, code, title, tuple(names))
                    for (c, _), (t, code, title, names) in found.items()]
        return sorted(failures, key=lambda f: (-len(f.schools), f.checklist, f.code))

    def _overdue_by_school(self, board: "_Board", today: dt.date) -> dict[int, tuple[int, int]]:
        """Per slot: (notices, overdue problems)."""
        notices = [(board.slot_of(n.school_name, n.school_code), n) for n in self.notices()]
        notices = [(slot, n) for slot, n in notices if slot is not None]
        if not notices:
            return {}
        latest: dict[int, SubmissionFacts] = {}
        for facts in self.submissions():  # the 整改 report travels in the latest of any period
            slot = board.slot_of(facts.school_name, facts.school_code)
            if slot is not None and (slot not in latest or (facts.created, facts.id) >
                                     (latest[slot].created, latest[slot].id)):
                latest[slot] = facts
        plans = self.plans_of([f.id for f in latest.values()])
        result: dict[int, tuple[int, int]] = {}
        for slot, notice in notices:
            facts = latest.get(slot)
            items = follow_ups(notice, facts, plans.get(facts.id, {}) if facts else {}, today)
            count, late = result.get(slot, (0, 0))
            result[slot] = (count + 1, late + sum(1 for f in items if f.overdue))
        return result


class _Board:
    """Gathers submissions and failures per school: roster schools first, then the others."""

    def __init__(self, roster: list[RosterSchool]):
        self._index = RosterIndex(roster)
        self._roster = roster
        self._slot_of_roster = {id(s): n for n, s in enumerate(roster)}
        self._extra: list[tuple[str, str, str]] = []  # (name, code, type) not on the roster
        self._extra_by_code: dict[str, int] = {}
        self._extra_by_name: dict[str, int] = {}
        self.submission: dict[int, SubmissionFacts] = {}
        self.failures: dict[int, list[FailedPackage]] = {}

    def slot_of(self, name: str, code: str, create: str | None = None) -> int | None:
        """The school's slot (roster position, or after the roster); a new one if `create` is
        a school type (possibly "") and the school is not known yet."""
        entry = self._index.match(name, code)
        if entry is not None:
            return self._slot_of_roster[id(entry)]
        n = self._extra_by_code.get(code) if code else None
        if n is None:
            n = self._extra_by_name.get(name_key(name))
            if n is not None and code and self._extra[n][1]:
                n = None  # same name, another 学校标识码
        if n is not None:
            return len(self._roster) + n
        if create is None:
            return None
        self._extra.append((name, code, create))
        n = len(self._extra) - 1
        if code:
            self._extra_by_code[code] = n
        self._extra_by_name.setdefault(name_key(name), n)
        return len(self._roster) + n

    def add_submission(self, facts: SubmissionFacts) -> None:
        slot = self.slot_of(facts.school_name, facts.school_code, create=facts.school_type)
        kept = self.submission.get(slot)
        if kept is None or (facts.created, facts.id) > (kept.created, kept.id):
            self.submission[slot] = facts

    def add_failure(self, failure: FailedPackage) -> None:
        if not failure.claimed_name:
            return  # nothing tells whose it is: listed by Workspace.failed_packages() only
        slot = self.slot_of(failure.claimed_name, failure.claimed_code, create="")
        self.failures.setdefault(slot, []).append(failure)

    def slots(self) -> list[int]:
        extra = sorted(range(len(self._extra)), key=lambda n: name_key(self._extra[n][0]))
        return list(range(len(self._roster))) + [len(self._roster) + n for n in extra]

    def _identity(self, slot: int) -> tuple[str, str]:
        if slot < len(self._roster):
            return self._roster[slot].name, self._roster[slot].code
        name, code, _ = self._extra[slot - len(self._roster)]
        return name, code

    def row(self, slot: int, notices: tuple[int, int]) -> SchoolRow:
        facts = self.submission.get(slot)
        failures = tuple(self.failures.get(slot, ()))
        entry = self._roster[slot] if slot < len(self._roster) else None
        name, code = self._identity(slot)
        kind = entry.type if entry else self._extra[slot - len(self._roster)][2]
        if facts is not None:
            name, code, kind = (entry.name if entry else facts.school_name,
                                code or facts.school_code, kind or facts.school_type)
        status, reasons, notes = _judge(facts, failures, notices[1])
        return SchoolRow(name, code, kind, entry is not None, status, reasons, notes, facts, entry,
                         failures, notices[0], notices[1], slot)


def _judge(facts: SubmissionFacts | None, failures: tuple[FailedPackage, ...],
           overdue: int) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if facts is None:
        if failures:
            return FAILED, tuple(f"{f.file_name}：{f.reason}" for f in failures), ()
        return NOT_SUBMITTED, (), ()
    v = facts.verdicts
    reasons = []
    if v.incomplete:
        reasons.append("未填完：" + "、".join(v.titles.get(c, c) for c in v.incomplete) + "（结论为未完成）")
    if facts.data_status != "已完成":
        reasons.append(f"学校标记为「{facts.data_status}」，尚未定稿")
    if v.vetoes:
        reasons.append("一票否决情形为「有」：" + "、".join(v.vetoes))
    if v.pending_review:
        reasons.append(f"有 {v.pending_review} 项沿用上期的答案尚未确认（待复核）")
    if overdue:
        reasons.append(f"整改通知书中有 {overdue} 项逾期未完成")
    notes = tuple(f"另有 {f.at[:16].replace('T', ' ')} 导入的提交包 {f.file_name} 校验失败：{f.reason}"
                  for f in failures)
    return (REVIEW if reasons else SUBMITTED), tuple(reasons), notes
