"""Helper process for the crash test: writes answers in a loop, reporting each one once saved.

Usage: python tests/core/crash_writer.py DATA_DIR
Prints "ready" once the store is open, then "ITEM N" after each set_answer has returned; the
test kills it at a random moment and checks every reported answer is in the database.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.core.assessment import School  # noqa: E402
from desktop.core.store import AnswerStore  # noqa: E402

CHECKLIST, VERSION = "yzjh", "test"


def assessment_id(store: AnswerStore) -> int:
    """The one assessment the writer fills (created on the first run)."""
    existing = store.assessments()
    if existing:
        return existing[0].id
    school = store.add_school(School("崩溃测试学校", "小学", code="9999999999"))
    return store.create_assessment(school, "2025年度", [(CHECKLIST, VERSION)])


def main(data_dir: Path) -> None:
    store = AnswerStore.open(data_dir)
    aid = assessment_id(store)
    start = len(store.answers(aid, CHECKLIST))
    print("ready", flush=True)
    n = start
    while True:
        n += 1
        item = f"item_{n % 50}" if n % 3 else f"new_{n}"
        store.set_answer(aid, CHECKLIST, item, Fraction(n, 4), user="crash")
        print(item, n, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
