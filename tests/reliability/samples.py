"""The demo assessment as the reliability tests use it: a closed store, its package and workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.demo import create_demo
from desktop.core.store import AnswerStore


@dataclass(frozen=True)
class Demo:
    data_dir: Path  # a closed store holding the demo (tests copy it before writing)
    assessment: int
    snapshot: AssessmentSnapshot
    package: bytes  # the .zpkg of the 2025 assessment, with its 6 evidence files
    workbook: Path  # the .xlsx export of the same assessment


def make_demo(folder: Path) -> Demo:
    from desktop.exchange.excel_export import export_workbook
    from desktop.exchange.package import write_package
    data_dir = folder / "store"
    with AnswerStore.open(data_dir) as store:
        result = create_demo(store)
        snapshot = store.snapshot(result.assessment_id)
        write_package(snapshot, folder / "demo.zpkg", lambda sha: store.evidence_file(sha).read_bytes(),
                      catalog.shipped())
        export_workbook(snapshot, catalog.shipped(), folder / "demo.xlsx")
    AnswerStore.open(data_dir).close()  # today's backup now exists: copies open without writing one
    return Demo(data_dir, result.assessment_id, snapshot, (folder / "demo.zpkg").read_bytes(),
                folder / "demo.xlsx")
