"""All benchmarks in one run, printed as one table: each figure beside its floor or peer.

    python bench/run.py [--quick] [--details] [--json]      (or: make bench)

Figures (medians of several runs, the peer measured in the same run on the same machine):
  start-up to the main window vs a bare PySide6 QMainWindow (startup_bench.py);
  one answer edited → verdicts refreshed on 300 items vs a bare SQLite commit (edit_bench.py);
  peak memory with all four checklists open vs a bare window (memory_bench.py);
  the demo PDF report vs LibreOffice's headless conversion (report_bench.py, when soffice exists);
  district statistics over 500 schools vs a plain openpyxl read (district_bench.py);
  reading and importing 500 submission packages vs reading and hashing their bytes (here).
--details also prints the full tables of report_bench, exchange_bench and district_bench.
--json prints {"figures": [{"id", "name", "value", "unit", "peer", "peer_value", "ratio"}]} instead of
the table (ratio = ours / peer, null without a peer); scripts/bench_table.py turns it into README's table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for folder in (ROOT, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@dataclass(frozen=True)
class Figure:
    """One measured figure and, when there is one, its floor or peer from the same run."""

    name: str
    value: float | None  # None: not measured (the note says why)
    unit: str  # "ms", "s", "MB"
    peer: str = ""
    peer_value: float | None = None
    note: str = ""
    id: str = ""  # stable key in --json output (startup, memory, edit, report, district, verify, import)

    @property
    def ratio_value(self) -> float | None:
        if self.value is None or not self.peer_value:
            return None
        return self.value / self.peer_value

    @property
    def ratio(self) -> str:
        ratio = self.ratio_value
        return "" if ratio is None else f"×{ratio:.2f}"

    def as_json(self) -> dict[str, object]:
        ratio = self.ratio_value
        return {"id": self.id, "name": self.name.strip("\u3000 "), "value": _rounded(self.value),
                "unit": self.unit, "peer": self.peer or None, "peer_value": _rounded(self.peer_value),
                "ratio": None if ratio is None else round(ratio, 3), "note": self.note or None}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- the table -----------------------------------------------------------------------------------

def width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {unit}"


def print_figures(figures: list[Figure], title: str = "") -> None:
    header = ("指标", "本程序", "对照（同次测量）", "对照值", "倍数")
    rows = [(f.name, amount(f.value, f.unit), f.peer, amount(f.peer_value, f.unit) if f.peer else "",
             f.ratio) for f in figures]
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    if title:
        print(title)
    line = "  ".join(pad(h, w) for h, w in zip(header, widths))
    print(line)
    print("-" * width(line))
    for row in rows:
        print("  ".join(pad(cell, w, right=i in (1, 3, 4)) for i, (cell, w) in enumerate(zip(row, widths))))
    notes = [f"{f.name.strip()}：{f.note}" for f in figures if f.note]
    if notes:
        print()
        print("\n".join(f"注：{n}" for n in notes))


# --- the figures other benches measure, taken from their modules --------------------------------

def report_figures(runs: int) -> list[Figure]:
    """The demo's full PDF report, and LibreOffice's headless xlsx→pdf when it is installed."""
    import shutil
    from desktop import paths
    from desktop.core import catalog
    from desktop.core.demo import create_demo
    from desktop.core.store import AnswerStore
    from desktop.exchange.excel_export import export_workbook
    from desktop.exchange.pdf_report import build_report
    name = "完整示例报告 PDF（全部检查表，含照片）"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="report-bench-") as temp:
        folder = Path(temp)
        paths.init(folder / "data")
        with AnswerStore.open(folder / "data") as store:
            snapshot = store.snapshot(create_demo(store).assessment_id)
            report = lambda: build_report(snapshot, catalog.shipped(), folder / "r.pdf", store.evidence_file)  # noqa: E731
            report()  # fonts loaded once, as in a running app
            ours = median_seconds(report, runs)
        if soffice is None:
            return [Figure(name, ours, "s", id="report", note="未安装 LibreOffice，跳过（STACK-NOTES 在同类机器上测得"
                                                  " LibreOffice 把 300 行工作表转成 PDF 约 1.5 s）")]
        export_workbook(snapshot, catalog.shipped(), folder / "a.xlsx")
        profile = (folder / "lo-profile").as_uri()  # private: a running LibreOffice is not disturbed
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder / "lo"), str(folder / "a.xlsx")]
        convert = lambda: subprocess.run(command, check=True, capture_output=True)  # noqa: E731
        convert()  # the first start creates the profile
        peer = median_seconds(convert, runs)
    return [Figure(name, ours, "s", "LibreOffice 无界面 xlsx→pdf（同一评估）", peer, id="report")]


def district_figures(runs: int, schools: int = 500) -> list[Figure]:
    import district_bench
    from desktop import paths
    from desktop.district.resource_table import read_resource_table
    from desktop.district.summary import summarise
    with tempfile.TemporaryDirectory(prefix="district-bench-") as temp:
        folder = Path(temp)
        paths.init(folder / "data")
        table = district_bench.write_table(folder / "统计表.xlsx", schools)
        floor = median_seconds(lambda: district_bench.plain_read(table), runs)
        ours = median_seconds(lambda: summarise(read_resource_table(table)), runs)
    return [Figure(f"县域统计 {schools} 所学校（读取校验 + 指标 + 差异系数）", ours * 1000, "ms",
                   "openpyxl 直接读取同一文件", floor * 1000, id="district")]


# --- 500 submission packages ---------------------------------------------------------------------

def make_packages(folder: Path, count: int) -> list[Path]:
    """`count` packages of the demo assessment, each for a different school."""
    import dataclasses
    from desktop import paths
    from desktop.core import catalog
    from desktop.core.demo import create_demo
    from desktop.core.store import AnswerStore
    from desktop.exchange.package import write_package
    paths.init(folder / "source")
    with AnswerStore.open(folder / "source") as store:
        snapshot = store.snapshot(create_demo(store).assessment_id)
        blobs = {e.sha256: store.evidence_file(e.sha256).read_bytes() for e in snapshot.evidence}
    out = folder / "packages"
    out.mkdir()
    files = []
    for n in range(count):
        school = dataclasses.replace(snapshot.school, name=f"第{n + 1:03d}学校", code=f"44{n:08d}")
        files.append(out / f"{n:03d}.zpkg")
        write_package(dataclasses.replace(snapshot, school=school), files[-1], blobs.__getitem__,
                      catalog.shipped())
    return files


def read_and_hash(files: list[Path]) -> None:
    import hashlib
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()


def import_all(files: list[Path], data_dir: Path) -> None:
    from desktop.core import catalog
    from desktop.core.store import AnswerStore
    from desktop.exchange.package import read_package
    with AnswerStore.open(data_dir) as store:
        for path in files:
            submission = read_package(path, catalog.shipped())
            store.import_snapshot(submission.snapshot, submission.evidence_source)


def package_figures(runs: int, count: int = 500) -> list[Figure]:
    from desktop.core import catalog
    from desktop.district.sources import load_schools
    from desktop.exchange.package import read_package
    with tempfile.TemporaryDirectory(prefix="package-bench-") as temp:
        folder = Path(temp)
        files = make_packages(folder, count)
        size = sum(p.stat().st_size for p in files) / 2 ** 20
        floor = median_seconds(lambda: read_and_hash(files), runs)
        verify = median_seconds(lambda: [read_package(p, catalog.shipped()) for p in files], runs)
        stats = median_seconds(lambda: load_schools(folder / "packages"), runs)
        imports = []
        for n in range(runs):
            start = time.perf_counter()
            import_all(files, folder / f"import-{n}")
            imports.append(time.perf_counter() - start)
    peer = f"读取 {count} 个文件并计算 SHA-256"
    ms = 1000
    return [
        Figure(f"校验 {count} 个提交包（read_package）", verify * ms, "ms", peer, floor * ms,
               f"{count} 个提交包共 {size:.1f} MB，每个含 6 个佐证材料文件", id="verify"),
        Figure(f"县域统计读取 {count} 个提交包（load_schools）", stats * ms, "ms", peer, floor * ms,
               id="district_packages"),
        Figure(f"导入 {count} 个提交包到数据库（校验 + import_snapshot）", statistics.median(imports) * ms,
               "ms", peer, floor * ms, "每个提交包一个事务（已落盘），逐个导入", id="import"),
    ]


# --- running everything --------------------------------------------------------------------------

def sections(quick: bool) -> list[tuple[str, Callable[[], list[Figure]]]]:
    import edit_bench
    import memory_bench
    import startup_bench
    runs = 3 if quick else 5
    return [
        ("启动", lambda: startup_bench.measure(runs)),
        ("填报", lambda: edit_bench.measure(50 if quick else 200)),
        ("内存", lambda: memory_bench.measure(runs)),
        ("报告", lambda: report_figures(runs)),
        ("县域统计", lambda: district_figures(runs, 100 if quick else 500)),
        ("提交包", lambda: package_figures(1 if quick else 3, 50 if quick else 500)),
    ]


def details() -> None:
    for script in ("report_bench.py", "exchange_bench.py", "district_bench.py"):
        print(f"\n=== bench/{script} ===", flush=True)
        done = subprocess.run([sys.executable, str(BENCH / script)], cwd=ROOT, text=True,
                              capture_output=True)
        print(done.stdout.rstrip() or done.stderr.rstrip())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (a smoke run)")
    parser.add_argument("--details", action="store_true", help="also print the other benches' tables")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON, not a table")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: list[Figure] = []
    for name, measure in sections(args.quick):
        print(f"测量：{name}…", file=sys.stderr, flush=True)
        figures += measure()
    if args.json:
        print(json.dumps({"figures": [f.as_json() for f in figures]}, ensure_ascii=False, indent=1))
        return 0
    print()
    print_figures(figures, f"学校督导自评助手 基准测试（{'快速' if args.quick else '中位数'}，"
                           f"{os.cpu_count()} 核，{time.strftime('%Y-%m-%d %H:%M')}）")
    if args.details:
        details()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
