"""What the workspace keeps of a verified package: its facts, verdicts and unmet items, its snapshot.

The verdicts and the unmet items are worked out once, at import, by the engine
(snapshot.evaluate), so a list of 500 schools needs no evaluation. Item codes (A3.2, R4) and the
wording of a problem are the school report's (desktop/exchange/report_codes.py and the 整改台账
labels), so the school finds each point of a notice under the same number in its own report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from desktop.core import catalog as catalog_module
from desktop.core.assessment import AssessmentSnapshot, Rectification
from desktop.core.catalog import Catalog
from desktop.core.engine import INCOMPLETE, ChecklistResult, Status
from desktop.core.errors import StoreError
from desktop.core.model import STAGE_NAMES
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.core.snapshot_json import short_fingerprint, snapshot_from_json
from desktop.exchange.package import EXTENSION, Submission, read_package
from desktop.exchange.report_codes import Codes
from desktop.exchange.report_labels import Labels, load_labels


@dataclass(frozen=True)
class UnmetItem:
    """One unmet item or 资源配置 indicator of a submission: a problem a notice can list.

    Attributes:
        plan_item: the item id the school's 整改措施 is filed under (for an indicator, its input).
        alt_item: another id the plan may be filed under (the indicator's own id), or "".
        code: the printed number (A3.2, R4); title: what it is; problem: value against standard;
        standard: the clause the rule comes from; gap: what is missing.
    """

    checklist: str
    plan_item: str
    alt_item: str
    code: str
    title: str
    problem: str
    standard: str = ""
    gap: str = ""
    veto: bool = False

    @property
    def plan_keys(self) -> tuple[str, ...]:
        return (self.plan_item, self.alt_item) if self.alt_item else (self.plan_item,)


@dataclass(frozen=True)
class Verdicts:
    """The engine's conclusions on a submission, as judged when it was imported."""

    verdicts: dict[str, str]  # checklist id → 达标 / 未达标 / 未完成, in the snapshot's order
    titles: dict[str, str]  # checklist id → short title
    unmet: tuple[UnmetItem, ...]
    vetoes: tuple[str, ...]  # titles of veto items answered 有
    pending_review: int  # answers carried over from the last period and not yet confirmed
    evidence: int

    @property
    def incomplete(self) -> list[str]:
        return [c for c, v in self.verdicts.items() if v == INCOMPLETE]

    def to_json(self) -> dict[str, Any]:
        return {"verdicts": self.verdicts, "titles": self.titles, "vetoes": list(self.vetoes),
                "pending_review": self.pending_review, "evidence": self.evidence}

    @classmethod
    def from_json(cls, data: dict[str, Any], unmet: tuple[UnmetItem, ...]) -> "Verdicts":
        return cls(dict(data["verdicts"]), dict(data["titles"]), unmet, tuple(data["vetoes"]),
                   int(data["pending_review"]), int(data["evidence"]))


@dataclass(frozen=True)
class SubmissionFacts:
    """One stored submission as listed (the snapshot itself is read only on demand)."""

    id: int
    school_name: str
    school_code: str
    school_type: str
    period: str
    digest: str
    created: str  # when the school exported the package (ISO with offset)
    imported_at: str
    file_name: str  # the name the package had when it was imported
    file_size: int
    data_status: str  # 填报中 / 已完成, as the school marked it
    data_date: str
    verdicts: Verdicts
    superseded_by: int | None = None
    superseded_at: str = ""

    @property
    def fingerprint(self) -> str:
        """The short fingerprint printed on the school's report, e.g. 1A2B-3C4D-5E6F-7A8B."""
        return short_fingerprint(self.digest)

    @property
    def current(self) -> bool:
        return not self.superseded_at


@dataclass(frozen=True)
class StoredSubmission:
    """A submission opened read-only: its facts, the snapshot it carried and the package file."""

    facts: SubmissionFacts
    snapshot: AssessmentSnapshot
    package_path: Path

    def plan(self, checklist: str, keys: tuple[str, ...]) -> Rectification | None:
        return next((p for k in keys if (p := self.snapshot.rectification(checklist, k))), None)


# --- working the verdicts out ---------------------------------------------------------------------


def judge(snapshot: AssessmentSnapshot, catalog: Catalog) -> Verdicts:
    results = snapshot.evaluate(catalog)
    labels = load_labels()
    codes = Codes(snapshot, results, labels)
    unmet = tuple(u for result in results.values()
                  for u in unmet_items(snapshot, result, codes, labels))
    vetoes = tuple(v.item.title for r in results.values() for v in r.vetoes)
    return Verdicts({c: r.verdict for c, r in results.items()},
                    {c: r.checklist.title for c, r in results.items()},
                    unmet, vetoes, len(snapshot.pending_review), len(snapshot.evidence))


def unmet_items(snapshot: AssessmentSnapshot, result: ChecklistResult, codes: Codes,
                labels: Labels) -> list[UnmetItem]:
    """Indicators first, then items, in checklist order (the order of the school's 整改台账)."""
    checklist = result.checklist
    found = [_indicator(snapshot, checklist.id, stage, r, labels, checklist.resources)
             for stage in result.stages.values()
             for r in stage.indicators.values() if r.status == "unmet"]
    for r in result.items:
        if r.status is not Status.UNMET:
            continue
        problem = labels.text("ledger.item_problem", answer=r.shown,
                              standard=r.threshold_text)
        found.append(UnmetItem(checklist.id, r.id, "", codes.item_code(checklist.id, r.id),
                               r.item.title, problem, r.item.source.text, r.gap_text or r.message,
                               r.item.veto))
    return found


def _indicator(snapshot: AssessmentSnapshot, checklist_id: str, stage: StageResult,
               r: IndicatorResult, labels: Labels, rule) -> UnmetItem:
    ind = r.indicator
    problem = labels.text("ledger.indicator_problem", value=fmt_beside(r.value, r.threshold),
                          standard=fmt(r.threshold, 4), unit=ind.unit,
                          share=r.share_text)
    stage_name = STAGE_NAMES.get(stage.stage, stage.stage)
    if len(snapshot.school.profile.stages) > 1:
        stage_name = labels.text("report.stage_part", stage=stage_name)
    source = ind.source.text or (rule.source.text if rule is not None else "")
    return UnmetItem(checklist_id, ind.input_for(stage.stage), ind.id, ind.id,
                     f"{ind.title}（{stage_name}）", problem, source, r.gap_text)


def unmet_row(submission_id: int, position: int, u: UnmetItem) -> dict[str, Any]:
    return {"submission_id": submission_id, "position": position, "checklist": u.checklist,
            "plan_item": u.plan_item, "alt_item": u.alt_item, "code": u.code, "title": u.title,
            "problem": u.problem, "standard": u.standard, "gap": u.gap, "veto": int(u.veto)}


def unmet_from_row(row: dict[str, Any]) -> UnmetItem:
    return UnmetItem(row["checklist"], row["plan_item"], row["alt_item"], row["code"], row["title"],
                     row["problem"], row["standard"], row["gap"], bool(row["veto"]))


def facts_from_row(row: dict[str, Any], unmet: tuple[UnmetItem, ...]) -> SubmissionFacts:
    return SubmissionFacts(
        row["id"], row["school_name"], row["school_code"], row["school_type"], row["period"],
        row["digest"], row["created"], row["imported_at"], row["file_name"], row["file_size"],
        row["data_status"], row["data_date"],
        Verdicts.from_json(json.loads(row["summary"]), unmet),
        row["superseded_by"], row["superseded_at"] or "")


FACT_COLUMNS = ("id, school_name, school_code, school_type, period, digest, created, imported_at, "
                "file_name, file_size, data_status, data_date, summary, superseded_by, "
                "superseded_at")


class SubmissionQueries:
    """Reading stored submissions back (mixed into Workspace)."""

    def submissions(self, *, period: str | None = None, school_key: str | None = None,
                    current_only: bool = True) -> list[SubmissionFacts]:
        """Stored submissions, oldest export first; superseded ones too with current_only=False."""
        where, params = ["1"], []
        if current_only:
            where.append("superseded_at IS NULL")
        if period is not None:
            where.append("period = ?")
            params.append(period)
        if school_key is not None:
            where.append("school_key = ?")
            params.append(school_key)
        rows = list(self.db.query(f"SELECT {FACT_COLUMNS} FROM submissions WHERE "
                                  f"{' AND '.join(where)} ORDER BY created, id", params))
        unmet = self._unmet_by_submission([r["id"] for r in rows])
        return [facts_from_row(r, unmet.get(r["id"], ())) for r in rows]

    def periods(self) -> list[str]:
        """The 评估周期 of the stored submissions."""
        return [r["period"] for r in self.db.query(
            "SELECT DISTINCT period FROM submissions ORDER BY period")]

    def submission(self, submission_id: int, catalog: Catalog | None = None) -> StoredSubmission:
        """A stored submission with its snapshot, read-only."""
        row = self._submission_row(submission_id, f"{FACT_COLUMNS}, snapshot")
        snapshot = snapshot_from_json(json.loads(row.pop("snapshot")),
                                      catalog or catalog_module.shipped())
        facts = facts_from_row(row, self._unmet_by_submission([submission_id]).get(submission_id, ()))
        return StoredSubmission(facts, snapshot, self.package_path(facts.digest))

    def submission_facts(self, submission_id: int) -> SubmissionFacts:
        row = self._submission_row(submission_id, FACT_COLUMNS)
        return facts_from_row(row, self._unmet_by_submission([submission_id]).get(submission_id, ()))

    def package_path(self, digest: str) -> Path:
        return self.submissions_dir / f"{digest}{EXTENSION}"

    def open_package(self, submission_id: int, catalog: Catalog | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     is_cancelled: Callable[[], bool] | None = None) -> Submission:
        """The stored package, verified again, for its evidence (Submission.evidence_source)."""
        digest = self._submission_row(submission_id, "digest")["digest"]
        return read_package(self.package_path(digest), catalog or catalog_module.shipped(),
                            progress=progress, is_cancelled=is_cancelled)

    def _submission_row(self, submission_id: int, columns: str) -> dict[str, Any]:
        rows = list(self.db.query(f"SELECT {columns} FROM submissions WHERE id = ?", [submission_id]))
        if not rows:
            raise StoreError(f"找不到编号为 {submission_id} 的提交包记录")
        return rows[0]

    def _unmet_by_submission(self, ids: list[int]) -> dict[int, tuple[UnmetItem, ...]]:
        found: dict[int, list[UnmetItem]] = {}
        if not ids:
            return {}
        marks = ",".join("?" * len(ids)) if len(ids) <= 900 else None
        query = "SELECT * FROM submission_unmet"
        query += f" WHERE submission_id IN ({marks})" if marks else ""
        for row in self.db.query(query + " ORDER BY submission_id, position",
                                 ids if marks else []):
            found.setdefault(row["submission_id"], []).append(unmet_from_row(row))
        return {k: tuple(v) for k, v in found.items()}
