"""督导记录 (visit records) and 整改通知书 (rectification notices), as REPORT-FORMAT.md §5 describes.

A notice is drafted from the unmet items of the school's latest verified package (numbered
problems with the item's code, the clause its standard comes from, the gap, and a deadline per
problem: by default the issue date plus the workspace's deadline_days, 30 unless set). The draft
may be edited before it is saved; saving gives it the next number of its year, 〔2025〕第 N 号,
which never changes or repeats. Each item then records the 督学's 复查 (date, conclusion, 后续建议).
"""

from __future__ import annotations

import re

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from desktop.core.errors import InputError, StoreError
from desktop.core.store.records import now
from desktop.supervisor.roster import school_key
from desktop.supervisor.submissions import UnmetItem

REVIEW_RESULTS = ("已整改", "部分整改", "未整改")
VISIT_METHODS = ("听课", "查阅资料", "座谈", "问卷", "实地查看")
MAX_DEADLINE_DAYS = 365


@dataclass(frozen=True)
class NoticeItem:
    """One numbered problem of a notice, with its deadline and the 督学's 复查."""

    seq: int
    checklist: str
    plan_item: str  # the item id the school files its 整改措施 under
    alt_item: str
    code: str
    title: str
    problem: str
    standard: str
    requirement: str
    deadline: str  # ISO date
    review_on: str = ""  # 复查日期
    review_result: str = ""  # 复查结论: 已整改 / 部分整改 / 未整改
    follow_up: str = ""  # 督学后续建议

    @property
    def plan_keys(self) -> tuple[str, ...]:
        return (self.plan_item, self.alt_item) if self.alt_item else (self.plan_item,)

    @property
    def closed(self) -> bool:
        """销号: the 督学 checked and found it fixed."""
        return self.review_result == REVIEW_RESULTS[0]


@dataclass(frozen=True)
class Notice:
    """An 整改通知书. `number` and `id` are empty until it is saved."""

    school_name: str
    school_code: str
    issued_on: str  # ISO date
    items: tuple[NoticeItem, ...]
    number: str = ""
    id: int | None = None
    submission_id: int | None = None  # the package whose unmet items it lists
    period: str = ""
    digest: str = ""
    inspector: str = ""
    issuer: str = ""

    @property
    def key(self) -> str:
        return school_key(self.school_name, self.school_code)


@dataclass(frozen=True)
class Visit:
    """A 督导记录 (责任督学工作记录表): what the 督学 saw on a visit and asked of the school."""

    school_name: str
    school_code: str = ""
    visited_on: str = ""  # ISO date; "" for a blank form
    inspector: str = ""
    topic: str = ""  # 督导事项
    methods: tuple[str, ...] = ()  # 督导方式, from VISIT_METHODS or the 督学's own words
    seen: str = ""  # 督导情况 (what was seen)
    problems: str = ""
    suggestions: str = ""
    requirements: str = ""  # 整改要求与时限
    school_head: str = ""  # 学校负责人 (who signs for the school)
    number: str = ""
    id: int | None = None

    @property
    def key(self) -> str:
        return school_key(self.school_name, self.school_code)


def default_requirement(item: UnmetItem) -> str:
    if item.veto:
        return "立即整改，消除该情形，并书面报告整改结果"
    if item.gap:
        return f"对照标准整改到位（{item.gap}）"
    return "对照标准整改到位"


def notice_items(unmet: tuple[UnmetItem, ...], deadline: dt.date) -> tuple[NoticeItem, ...]:
    return tuple(NoticeItem(n, u.checklist, u.plan_item, u.alt_item, u.code, u.title, u.problem,
                            u.standard, default_requirement(u), deadline.isoformat())
                 for n, u in enumerate(unmet, 1))


def record_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}〔{year}〕第 {seq} 号"


ISSUER_MISSING = ("整改通知书必须写明发文机关（如「××县人民政府教育督导室」）："
                  "没有发文机关的通知书没有效力，文号也缺少机关代字")
_PLACE = re.compile(r"^(.+?[省市州盟县区旗])")


def issuer_abbreviation(issuer: str, kind: str = "督整") -> str:
    """机关代字 for the document number when none is set: 「示范县人民政府教育督导室」 → 「示范督整」.

    A 文号 is 「机关代字〔年份〕序号」; a number without the office's abbreviation does not say
    who issued it. The place name without its 县/区 suffix, then 督整 (督导整改), is what counties
    commonly use; the workspace setting notice_prefix overrides it.
    """
    place = _PLACE.match(issuer.strip())
    stem = place.group(1)[:-1] if place and len(place.group(1)) > 1 else issuer.strip()[:2]
    return f"{stem[:4]}{kind}"


def check_date(text: str, what: str, required: bool = True) -> dt.date | None:
    if not text:
        if required:
            raise InputError(f"请填写{what}（如 2025-11-20）", what)
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what}应为日期（如 2025-11-20），现为「{text}」", what) from None


class Records:
    """Notices and visit records (mixed into Workspace)."""

    # --- notices ----------------------------------------------------------------------------------

    def draft_notice(self, school: str, *, deadline_days: int | None = None,
                     issued_on: dt.date | None = None, inspector: str | None = None,
                     issuer: str | None = None) -> Notice:
        """A notice (not saved) listing the unmet items of the school's latest package."""
        settings = self.settings()
        days = int(settings["deadline_days"]) if deadline_days is None else deadline_days
        if not 1 <= days <= MAX_DEADLINE_DAYS:
            raise InputError(f"整改期限应为 1 到 {MAX_DEADLINE_DAYS} 天，现为 {days} 天", "deadline_days")
        ref = self.find_school(school)
        latest = self.latest_submission(ref.name, ref.code)
        if latest is None:
            raise StoreError(f"「{ref.name}」还没有通过校验的提交包，无法据此生成整改通知书")
        if not latest.verdicts.unmet:
            raise StoreError(f"「{ref.name}」最新的提交包（{latest.period}）中没有未达标的条目，"
                             "无需下发整改通知书")
        issued = issued_on or dt.date.today()
        return Notice(latest.school_name, latest.school_code, issued.isoformat(),
                      notice_items(latest.verdicts.unmet, issued + dt.timedelta(days=days)),
                      submission_id=latest.id, period=latest.period, digest=latest.digest,
                      inspector=settings["inspector"] if inspector is None else inspector,
                      issuer=settings["issuer"] if issuer is None else issuer)

    def save_notice(self, notice: Notice) -> Notice:
        """Stores a new notice under the next number of its year; returns it numbered."""
        if notice.id is not None:
            raise StoreError("该整改通知书已保存；请修改其条目，不要重复保存")
        issued = check_date(notice.issued_on, "下发日期")
        if not notice.items:
            raise InputError("整改通知书至少要列出一个问题", "items")
        for item in notice.items:
            check_date(item.deadline, f"第 {item.seq} 项的整改期限")
        if not notice.issuer.strip():
            raise InputError(ISSUER_MISSING, "issuer")
        prefix = self.settings()["notice_prefix"] or issuer_abbreviation(notice.issuer)
        with self._transaction() as db:
            seq = _next_seq(db, "notices", issued.year)
            number = record_number(prefix, issued.year, seq)
            at = now()
            notice_id = db["notices"].insert({
                "year": issued.year, "seq": seq, "number": number, "school_key": notice.key,
                "school_name": notice.school_name, "school_code": notice.school_code,
                "submission_id": notice.submission_id, "period": notice.period,
                "digest": notice.digest, "issued_on": notice.issued_on,
                "inspector": notice.inspector, "issuer": notice.issuer,
                "created_at": at, "updated_at": at}).last_pk
            for n, item in enumerate(notice.items, 1):
                db["notice_items"].insert({"notice_id": notice_id, **_item_row(replace(item, seq=n))})
        return self.notice(notice_id)

    def notices(self, school: str | None = None) -> list[Notice]:
        """Saved notices, oldest first; of one school when named (学校标识码 or name)."""
        rows = list(self.db.query("SELECT * FROM notices ORDER BY issued_on, id"))
        if school is not None:
            ref = self.find_school(school)
            rows = [r for r in rows if ref.matches(r["school_name"], r["school_code"])]
        items = self._notice_items([r["id"] for r in rows])
        return [_notice(r, items.get(r["id"], ())) for r in rows]

    def notice(self, notice_id: int) -> Notice:
        rows = list(self.db.query("SELECT * FROM notices WHERE id = ?", [notice_id]))
        if not rows:
            raise StoreError(f"找不到编号为 {notice_id} 的整改通知书")
        return _notice(rows[0], self._notice_items([notice_id]).get(notice_id, ()))

    def update_notice_item(self, notice_id: int, seq: int, *, deadline: str | None = None,
                           requirement: str | None = None) -> NoticeItem:
        """Changes a problem's deadline or requirement after the notice was saved."""
        changes: dict[str, Any] = {}
        if deadline is not None:
            check_date(deadline, "整改期限")
            changes["deadline"] = deadline
        if requirement is not None:
            changes["requirement"] = requirement.strip()
        return self._change_item(notice_id, seq, changes)

    def record_review(self, notice_id: int, seq: int, *, review_on: str, result: str,
                      follow_up: str = "") -> NoticeItem:
        """The 督学's 复查 of one problem: when, the conclusion, and what to do next."""
        check_date(review_on, "复查日期")
        if result not in REVIEW_RESULTS:
            raise InputError(f"复查结论应为 {'、'.join(REVIEW_RESULTS)} 之一，现为「{result}」", "result")
        return self._change_item(notice_id, seq, {"review_on": review_on, "review_result": result,
                                                  "follow_up": follow_up.strip()})

    def _change_item(self, notice_id: int, seq: int, changes: dict[str, Any]) -> NoticeItem:
        notice = self.notice(notice_id)
        if not any(i.seq == seq for i in notice.items):
            raise StoreError(f"整改通知书 {notice.number} 没有第 {seq} 项")
        if changes:
            with self._transaction() as db:
                sets = ", ".join(f"{k} = ?" for k in changes)
                db.execute(f"UPDATE notice_items SET {sets} WHERE notice_id = ? AND seq = ?",
                           [*changes.values(), notice_id, seq])
                db.execute("UPDATE notices SET updated_at = ? WHERE id = ?", [now(), notice_id])
        return next(i for i in self.notice(notice_id).items if i.seq == seq)

    def _notice_items(self, ids: list[int]) -> dict[int, tuple[NoticeItem, ...]]:
        found: dict[int, list[NoticeItem]] = {}
        wanted = set(ids)
        for row in self.db.query("SELECT * FROM notice_items ORDER BY notice_id, seq"):
            if row["notice_id"] in wanted:
                notice_id = row.pop("notice_id")
                found.setdefault(notice_id, []).append(NoticeItem(**row))
        return {k: tuple(v) for k, v in found.items()}

    # --- visit records ----------------------------------------------------------------------------

    def blank_visit(self, school: str) -> Visit:
        """A form for a visit to come: the school and the 督学 filled in, the rest blank."""
        ref = self.find_school(school)
        return Visit(ref.name, ref.code, inspector=self.settings()["inspector"])

    def save_visit(self, visit: Visit) -> Visit:
        """Stores a new record (numbered like notices, its own series) or updates a saved one."""
        visited = check_date(visit.visited_on, "督导日期")
        if not visit.school_name.strip():
            raise InputError("请填写学校名称", "school_name")
        values = {"school_key": visit.key, "school_name": visit.school_name,
                  "school_code": visit.school_code, "visited_on": visit.visited_on,
                  "inspector": visit.inspector, "topic": visit.topic,
                  "methods": "、".join(m.strip() for m in visit.methods if m.strip()),
                  "seen": visit.seen, "problems": visit.problems, "suggestions": visit.suggestions,
                  "requirements": visit.requirements, "school_head": visit.school_head,
                  "updated_at": now()}
        with self._transaction() as db:
            if visit.id is not None:
                db["visits"].update(visit.id, values)
                visit_id = visit.id
            else:
                seq = _next_seq(db, "visits", visited.year)
                settings = self.settings()
                prefix = settings["visit_prefix"] or (
                    issuer_abbreviation(settings["issuer"], "督记") if settings["issuer"].strip() else "")
                number = record_number(prefix, visited.year, seq)
                visit_id = db["visits"].insert({**values, "year": visited.year, "seq": seq,
                                                "number": number,
                                                "created_at": values["updated_at"]}).last_pk
        return self.visit(visit_id)

    def visits(self, school: str | None = None) -> list[Visit]:
        rows = list(self.db.query("SELECT * FROM visits ORDER BY visited_on, id"))
        if school is not None:
            ref = self.find_school(school)
            rows = [r for r in rows if ref.matches(r["school_name"], r["school_code"])]
        return [_visit(r) for r in rows]

    def visit(self, visit_id: int) -> Visit:
        rows = list(self.db.query("SELECT * FROM visits WHERE id = ?", [visit_id]))
        if not rows:
            raise StoreError(f"找不到编号为 {visit_id} 的督导记录")
        return _visit(rows[0])


def _next_seq(db, table: str, year: int) -> int:
    row = db.execute(f"SELECT coalesce(max(seq), 0) FROM {table} WHERE year = ?", [year]).fetchone()
    return row[0] + 1


def _item_row(item: NoticeItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in NoticeItem.__dataclass_fields__}


def _notice(row: dict[str, Any], items: tuple[NoticeItem, ...]) -> Notice:
    return Notice(row["school_name"], row["school_code"], row["issued_on"], items, row["number"],
                  row["id"], row["submission_id"], row["period"], row["digest"], row["inspector"],
                  row["issuer"])


def _visit(row: dict[str, Any]) -> Visit:
    methods = tuple(m for m in row["methods"].split("、") if m)
    return Visit(row["school_name"], row["school_code"], row["visited_on"], row["inspector"],
                 row["topic"], methods, row["seen"], row["problems"], row["suggestions"],
                 row["requirements"], row["school_head"], row["number"], row["id"])
