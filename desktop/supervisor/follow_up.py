"""The 整改 loop: for each problem of a notice, what the school reported and whether it is overdue.

The school's answer to a notice travels in its next package: the snapshot's rectifications
(整改措施, 责任人, 完成时限, 状态, 完成情况) filed under the item's id. The report read here is the
school's latest verified package of any period (the notice's own package when no later one came).

A problem is:
  已销号        the 督学's 复查 concluded 已整改;
  已完成待复查  the school reports 已完成, or a later package shows the item met, and no 复查 yet;
  逾期          its deadline has passed and neither of the above holds (this is what `overdue` means);
  未开始 / 整改中  the status the school reported, before the deadline;
  未报告        no 整改措施 for it in the school's packages yet, before the deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from desktop.core.assessment import Rectification
from desktop.supervisor.records import Notice, NoticeItem
from desktop.supervisor.submissions import SubmissionFacts

CLOSED, DONE, OVERDUE, NOT_REPORTED = "已销号", "已完成待复查", "逾期", "未报告"
FINISHED = "已完成"  # the school's own 状态 for a finished 整改 (desktop.core.assessment)

Plans = dict[tuple[str, str], Rectification]


@dataclass(frozen=True)
class ItemFollowUp:
    """One problem of a notice as the 督学 follows it up.

    Attributes:
        reported: the school's 整改措施 for it in `reported_in`, None when it filed none.
        reported_in: the school's latest package (None if it has none any more).
        later_package: `reported_in` is a package other than the one the notice was drawn from.
        now_met: in a later package the item is no longer unmet (None: no later package, or the
            later package does not carry the item's checklist).
    """

    notice: Notice
    item: NoticeItem
    reported: Rectification | None
    reported_in: SubmissionFacts | None
    later_package: bool
    now_met: bool | None
    today: dt.date

    @property
    def deadline(self) -> dt.date:
        return dt.date.fromisoformat(self.item.deadline)

    @property
    def done(self) -> bool:
        """The school says it is finished, or its later data shows the standard met."""
        return (self.reported is not None and self.reported.status == FINISHED) or bool(self.now_met)

    @property
    def overdue(self) -> bool:
        return not self.item.closed and not self.done and self.today > self.deadline

    @property
    def days_overdue(self) -> int:
        return (self.today - self.deadline).days if self.overdue else 0

    @property
    def state(self) -> str:
        if self.item.closed:
            return CLOSED
        if self.done:
            return DONE
        if self.overdue:
            return OVERDUE
        return self.reported.status if self.reported is not None else NOT_REPORTED


def follow_ups(notice: Notice, latest: SubmissionFacts | None, plans: Plans,
               today: dt.date) -> list[ItemFollowUp]:
    """The follow-up of every problem of the notice, given the school's latest package and its
    plans ((checklist, item) → Rectification)."""
    later = latest is not None and latest.id != notice.submission_id
    unmet = set()
    if latest is not None:
        unmet = {(u.checklist, k) for u in latest.verdicts.unmet for k in u.plan_keys}
    result = []
    for item in notice.items:
        plan = next((plans[(item.checklist, k)] for k in item.plan_keys
                     if (item.checklist, k) in plans), None)
        now_met = None
        if later and item.checklist in latest.verdicts.verdicts:
            now_met = not any((item.checklist, k) in unmet for k in item.plan_keys)
        result.append(ItemFollowUp(notice, item, plan, latest, later, now_met, today))
    return result


def plans_from_rows(rows: Iterable[dict]) -> dict[int, Plans]:
    """submission_plans rows → per submission, (checklist, item) → Rectification."""
    found: dict[int, Plans] = {}
    for r in rows:
        found.setdefault(r["submission_id"], {})[(r["checklist"], r["item"])] = Rectification(
            r["checklist"], r["item"], r["measure"], r["owner"], r["deadline"], r["status"],
            r["progress"])
    return found


class FollowUps:
    """Follow-up queries (mixed into Workspace through StatusQueries)."""

    def follow_up(self, notice_id: int, today: dt.date | None = None) -> list[ItemFollowUp]:
        """Each problem of the notice: the school's report, 逾期 or not, the 督学's 复查."""
        notice = self.notice(notice_id)
        latest = self.latest_submission(notice.school_name, notice.school_code)
        plans = self.plans_of([latest.id] if latest else []).get(latest.id if latest else -1, {})
        return follow_ups(notice, latest, plans, today or dt.date.today())

    def overdue_items(self, today: dt.date | None = None) -> list[ItemFollowUp]:
        """Every overdue problem of every notice, the most overdue first."""
        found = [f for n in self.notices() for f in self.follow_up(n.id, today) if f.overdue]
        return sorted(found, key=lambda f: (-f.days_overdue, f.notice.number, f.item.seq))

    def plans_of(self, submission_ids: list[int]) -> dict[int, Plans]:
        if not submission_ids:
            return {}
        wanted = set(submission_ids)
        rows = self.db.query("SELECT * FROM submission_plans ORDER BY submission_id")
        return plans_from_rows(r for r in rows if r["submission_id"] in wanted)
