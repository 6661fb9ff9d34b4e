"""Benchmark: one answer edited → verdicts refreshed, on an assessment of 300 items (in-process).

The assessment holds the four shipped checklists with the 广东 overlay (243 items) and a
generated checklist that brings it to 300 items; every item is answered. One edit is what the
app does when a user types an answer: parse_answer, then the window's AssessmentSession.set_answer
(AnswerStore.set_answer — a committed, fsynced transaction — and the refresh of the session's
snapshot and results). Beside it, the floor: a bare sqlite3 UPDATE with the same durability
settings (WAL, synchronous=FULL) on the same disk.

    python bench/edit_bench.py [--edits 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import Figure, print_figures  # noqa: E402

ITEMS = 300
ON_DATE = dt.date(2025, 11, 1)


def synthetic_checklist(folder: Path, count: int):
    """A valid checklist of `count` items: numbers with standards, yes/no, percents, formulas."""
    from desktop.core.loader import load_checklist
    lines = ['id = "bench"', 'version = "1"', 'title = "基准测试检查表"',
             'applies_to = ["九年一贯制"]', 'source = "基准测试"',
             '[[sections]]', 'id = "s"', 'title = "基准"']
    for n in range(count):
        kind = n % 4
        body = {0: f'type = "number"\nunit = "人"\nthreshold = {n % 50 + 1}',
                1: 'type = "yes_no"\nexpected = true',
                2: 'type = "percent"\nthreshold = 90',
                3: f'type = "computed"\nformula = "b{n - 3} / max(b{n - 2} if b{n - 2} else 1, 1) * 100"'
                   '\nthreshold = 1'}[kind]
        lines += ["[[items]]", f'id = "b{n}"', 'section = "s"', f'title = "第 {n} 项"', body,
                  'source = "基准测试"']
    path = folder / "bench.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_checklist(path)


def raw_answer(item, rng: random.Random) -> Any:
    from desktop.core.model import AnswerType
    if item.type is AnswerType.YES_NO:
        return rng.choice(["是", "否"])
    if item.type is AnswerType.CHOICE:
        return rng.choice(item.options)
    if item.type is AnswerType.DATE:
        return (ON_DATE - dt.timedelta(days=rng.randrange(400))).isoformat()
    if item.type is AnswerType.TEXT:
        return f"说明 {rng.randrange(1000)}"
    if item.type is AnswerType.COMPUTED:
        return None
    high = item.maximum if item.maximum is not None else 100
    if item.type is AnswerType.PERCENT:
        high = 100
    return str(rng.randint(0, max(1, int(min(high, 5000)))))


class Assessment:
    """The store, the 300-item assessment and its answers in memory, as the app holds them."""

    def __init__(self, folder: Path, rng: random.Random):
        from desktop.core.answers import parse_answer
        from desktop.core.assessment import School
        from desktop.core.catalog import shipped
        from desktop.core.errors import InputError
        from desktop.core.store import AnswerStore
        catalog = shipped()
        self.checklists = {c: catalog.get(c, "gd") for c in catalog.checklists}
        extra = ITEMS - sum(len(c.items) for c in self.checklists.values())
        self.checklists["bench"] = synthetic_checklist(folder, max(extra, 0))
        self.store = AnswerStore.open(folder / "data")
        self.school = School("基准测试学校", "九年一贯制", code="4400000001", locale="城区",
                             ownership="公办")
        school_id = self.store.add_school(self.school)
        self.id = self.store.create_assessment(
            school_id, "2025年度", [(c.id, c.version) for c in self.checklists.values()], overlay="gd")
        self.answers: dict[str, dict[str, Any]] = {c: {} for c in self.checklists}
        self.items = [(cid, item) for cid, c in self.checklists.items() for item in c.items
                      if raw_answer(item, rng) is not None]
        for cid, item in self.items:
            try:
                value = parse_answer(item, raw_answer(item, rng))
            except InputError:
                continue
            self.store.set_answer(self.id, cid, item.id, value)
            self.answers[cid][item.id] = value

    def session(self):
        """The window's session on this assessment (the generated checklist joins the catalog)."""
        from desktop.core.catalog import Catalog, shipped
        from desktop.ui.session import AssessmentSession
        catalog = Catalog({**shipped().checklists, "bench": self.checklists["bench"]}, shipped().overlays)
        return AssessmentSession(self.store, catalog, self.id)

    @property
    def item_count(self) -> int:
        return sum(len(c.items) for c in self.checklists.values())


def time_edits(assessment: Assessment, edits: int, rng: random.Random) -> dict[str, list[float]]:
    """Milliseconds per step of each edit: parse, save (in the store), refresh, and the whole edit."""
    from desktop.core.answers import parse_answer
    from desktop.core.errors import InputError
    from desktop.ui.qt_workarounds import guard_true
    session = assessment.session()
    steps: dict[str, list[float]] = {k: [] for k in ("parse", "save", "refresh", "edit")}
    store_write = assessment.store.set_answer
    saving: list[float] = []

    def timed_write(*args: Any, **kwargs: Any) -> str:
        start = time.perf_counter()
        try:
            return store_write(*args, **kwargs)
        finally:
            saving.append(time.perf_counter() - start)

    assessment.store.set_answer = timed_write  # type: ignore[method-assign]
    done = 0
    while done < edits:
        cid, item = rng.choice(assessment.items)
        start = time.perf_counter()
        try:
            value = parse_answer(item, raw_answer(item, rng))
        except InputError:
            continue
        parsed = time.perf_counter()
        session.set_answer(cid, item.id, value)
        finished = time.perf_counter()
        guard_true()  # outside the clock: PySide6 6.12's emit() loses a reference to True
        save = saving.pop()
        for key, seconds in (("parse", parsed - start), ("save", save),
                             ("refresh", finished - parsed - save), ("edit", finished - start)):
            steps[key].append(seconds * 1000)
        done += 1
    return steps


def bare_update_ms(folder: Path, edits: int) -> float:
    """The floor: one UPDATE committed with WAL + synchronous=FULL, as the store configures it."""
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, value TEXT)")
    conn.executemany("INSERT INTO answers VALUES (?, ?)", [(n, "0") for n in range(ITEMS)])
    times = []
    for n in range(edits):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("UPDATE answers SET value = ? WHERE id = ?", [str(n), n % ITEMS])
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times)


def measure(edits: int = 200, progress: Callable[[str], None] | None = None) -> list[Figure]:
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory(prefix="edit-bench-") as temp:
        folder = Path(temp)
        from desktop import paths
        paths.init(folder / "data")
        assessment = Assessment(folder, rng)
        try:
            steps = time_edits(assessment, edits, rng)
        finally:
            assessment.store.close()
        floor = bare_update_ms(folder, edits)
    med = {k: statistics.median(v) for k, v in steps.items()}
    note = f"{assessment.item_count} 项，{len(assessment.checklists)} 张检查表，{edits} 次修改的中位数"
    return [
        Figure("修改一个答案→刷新结论（解析+保存+界面会话刷新）", med["edit"], "ms",
               "裸 SQLite UPDATE+COMMIT（WAL，synchronous=FULL）", floor, note, id="edit"),
        Figure("　其中 parse_answer", med["parse"], "ms", id="edit_parse"),
        Figure("　其中 AnswerStore.set_answer（已落盘）", med["save"], "ms", "裸 SQLite UPDATE+COMMIT", floor, id="edit_save"),
        Figure("　其中 会话刷新（快照与受影响的结论）", med["refresh"], "ms", id="edit_refresh"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args(argv)
    print_figures(measure(args.edits))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
