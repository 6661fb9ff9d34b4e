"""Time of the full PDF report (自评报告) of the demo school, all checklists with photos.

Medians of several runs: the report built in-process, the whole `python -m desktop report`
command (imports included), and — only when LibreOffice is installed — LibreOffice's headless
xlsx→pdf conversion of the same assessment exported as a workbook, for comparison.

    python bench/report_bench.py [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402
from desktop.core import catalog  # noqa: E402
from desktop.core.demo import create_demo  # noqa: E402
from desktop.core.store import AnswerStore  # noqa: E402
from desktop.exchange.pdf_report import build_report  # noqa: E402


def timings(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def row(label: str, times: list[float], note: str = "") -> str:
    median = statistics.median(times)
    spread = f"{min(times):.2f}–{max(times):.2f}"
    return f"{label:<44} {median:>8.2f} s   ({spread} s, {len(times)} runs){note}"


def bench_report(data_dir: Path, out: Path, runs: int) -> list[str]:
    with AnswerStore.open(data_dir) as store:
        snapshot = store.snapshot(store.latest_assessment())
        cat = catalog.shipped()
        first = timings(lambda: build_report(snapshot, cat, out, store.evidence_file), 1)
        info = build_report(snapshot, cat, out, store.evidence_file)
        times = timings(lambda: build_report(snapshot, cat, out, store.evidence_file), runs)
    size = out.stat().st_size / 1024
    return [f"demo report: {info.pages} pages, {len(snapshot.evidence)} evidence files, "
            f"{size:.0f} KB, font {info.font}",
            row("build_report, first call (font loading)", first),
            row("build_report (all checklists, photos)", times)]


def bench_command(data_dir: Path, out: Path, runs: int) -> str:
    command = [sys.executable, "-m", "desktop", "report", "--data-dir", str(data_dir), "--out", str(out)]
    times = timings(lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True), runs)
    return row("python -m desktop report (whole process)", times)


def bench_libreoffice(data_dir: Path, folder: Path, runs: int) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return ("LibreOffice xlsx→pdf: skipped, soffice is not installed "
                "(STACK-NOTES measured ≈ 1.5 s for a 300-row sheet on this machine kind)")
    from desktop.exchange.excel_export import export_workbook
    workbook = folder / "assessment.xlsx"
    with AnswerStore.open(data_dir) as store:
        export_workbook(store.snapshot(store.latest_assessment()), catalog.shipped(), workbook)
    profile = folder / "lo-profile"  # a private profile, so a running LibreOffice is not disturbed
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(workbook)]
    subprocess.run(command, check=True, capture_output=True)  # first start creates the profile
    times = timings(lambda: subprocess.run(command, check=True, capture_output=True), runs)
    return row("LibreOffice headless xlsx→pdf (same data)", times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the data and PDFs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        data_dir = folder / "data"
        paths.init(data_dir)
        with AnswerStore.open(data_dir) as store:
            if store.latest_assessment() is None:
                create_demo(store)
        lines = bench_report(data_dir, folder / "report.pdf", args.runs)
        lines.append(bench_command(data_dir, folder / "report-cli.pdf", args.runs))
        lines.append(bench_libreoffice(data_dir, folder, args.runs))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
