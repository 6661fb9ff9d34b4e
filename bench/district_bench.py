"""Benchmark: district statistics over a generated 500-school 资源配置统计表.

Beside each step it times a plain openpyxl read of the same file, the floor any xlsx-based
statistics pays. Medians of several runs, printed as a table.

    python bench/district_bench.py [--schools 500] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop import paths  # noqa: E402
from desktop.district.template import resource_headers  # noqa: E402

MIX = (("小学", 0.6), ("初中", 0.24), ("九年一贯制", 0.1), ("完全中学", 0.04), ("十二年一贯制", 0.02))


def _students(rng: random.Random, school_type: str) -> tuple[int, int, int]:
    small = rng.random() < 0.15  # village schools
    size = (lambda lo, hi: rng.randint(lo, hi) if not small else rng.randint(50, 300))
    primary = size(300, 2400) if school_type in ("小学", "九年一贯制", "十二年一贯制") else 0
    junior = size(300, 2000) if school_type != "小学" else 0
    senior = size(300, 1800) if school_type in ("完全中学", "十二年一贯制") else 0
    return primary, junior, senior


def school_row(rng: random.Random, n: int) -> list[object]:
    school_type = rng.choices([t for t, _ in MIX], [w for _, w in MIX])[0]
    p, j, s = _students(rng, school_type)
    spread = lambda standard, students: max(0, round(students * standard * rng.lognormvariate(0.1, 0.35) / 100))  # noqa: E731
    teachers = [spread(4.2, p), spread(5.3, j), spread(1, p), spread(1, j), spread(0.9, p), spread(0.9, j)]
    weighted = p + 1.1 * j + 1.32 * s
    area = lambda per: round(weighted * per * rng.lognormvariate(0.05, 0.3), 1)  # noqa: E731
    shared = [area(5.0), area(8.5), round(weighted * 2200 * rng.lognormvariate(0, 0.4)),
              max(1, round(weighted * 2.4 / 100 * rng.lognormvariate(0, 0.3)))]
    excluded = "教学点不足50人" if n % 97 == 0 else ""
    row = [f"第{n:03d}学校", f"44{n:08d}", school_type, p or None, j or None, s or None]
    # Teacher columns: 小学, 初中 alternate in the header (高于学历, 骨干, 体艺).
    stage_ok = [bool(p), bool(j)] * 3
    row += [t if ok else None for t, ok in zip(teachers, stage_ok)]
    return row + shared + [excluded]


def write_table(path: Path, schools: int, seed: int = 2025) -> Path:
    from openpyxl import Workbook
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.title = "资源配置统计表"
    headers = resource_headers()
    sheet.append(headers)
    for n in range(1, schools + 1):
        sheet.append(school_row(rng, n))
    book.save(path)
    return path


def plain_read(path: Path) -> int:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the generated table and outputs here")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="district-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths.init(folder / "data")
    from desktop.district.resource_table import read_resource_table
    from desktop.district.summary import summarise
    from desktop.district.whatif import what_ifs

    table = write_table(folder / "统计表.xlsx", args.schools)
    records = read_resource_table(table)
    summary = summarise(records)
    ranked = what_ifs(summary)
    results = [(name, median_ms(fn, args.runs)) for name, fn in _steps(folder, table, records, summary, ranked)]
    _report(args, summary, results)
    print(f"文件在：{folder}")
    return 0


def _steps(folder, table, records, summary, ranked) -> list[tuple[str, Callable[[], object]]]:
    from desktop.district.pdf import DistrictReport, write_pdf
    from desktop.district.resource_table import read_resource_table
    from desktop.district.summary import summarise
    from desktop.district.whatif import what_ifs
    from desktop.district.workbook import write_workbook
    return [
        ("openpyxl 直接读取（对照）", lambda: plain_read(table)),
        ("读取并校验统计表", lambda: read_resource_table(table)),
        ("逐校评价 + 差异系数", lambda: summarise(records)),
        ("补足模拟（7 项 × 2 学段）", lambda: what_ifs(summary)),
        ("district-stats 全程（读取 + 统计）", lambda: summarise(read_resource_table(table))),
        ("写汇总工作簿", lambda: write_workbook(folder / "汇总.xlsx", summary)),
        ("写 PDF 报告", lambda: write_pdf(folder / "报告.pdf", DistrictReport(summary, ranked))),
        ("命令行 district-stats --json（新进程）", lambda: _command(folder, table)),
    ]


def _command(folder: Path, table: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(folder / "data"),
                    "district-stats", str(table), "--json"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)


def _report(args, summary, results: list[tuple[str, float]]) -> None:
    from desktop.district.report_text import table
    floor = results[0][1]
    print(f"{args.schools} 所学校（{len(summary.schools)} 所参与统计），每项取 {args.runs} 次的中位数")
    rows = [[name, f"{ms:.1f}", f"{ms / floor:.2f}"] for name, ms in results]
    print("\n".join(table(["步骤", "毫秒（中位数）", "÷ openpyxl 读取"], rows, {1, 2})))
    cvs = {s.name: {i: f"{float(sp.dispersion.cv):.3f}" for i, sp in s.spreads.items()}
           for s in summary.stages.values()}
    print("差异系数：", cvs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
