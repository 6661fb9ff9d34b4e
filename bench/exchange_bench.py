"""Export and verify times for an assessment with 50 evidence files (medians of several runs).

Run: python bench/exchange_bench.py [--runs 5] [--photo-kb 600]
Evidence is generated: 40 photo-like files (random bytes, incompressible like JPEG) and 10
document-like files (compressible text), read from disk as the store would serve them.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core import catalog  # noqa: E402
from desktop.exchange.excel_export import export_workbook  # noqa: E402
from desktop.exchange.excel_import import read_workbook  # noqa: E402
from desktop.exchange.package import read_package, write_package  # noqa: E402
from tests.exchange.exchange_fixtures import sample_snapshot  # noqa: E402


def make_evidence(folder: Path, photo_kb: int) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for n in range(50):
        if n < 40:
            data = os.urandom(photo_kb * 1024)
        else:
            data = ("第{}页 学校自评佐证材料，会议记录与制度文本。\n".format(n) * 6000).encode()
        sha = hashlib.sha256(data).hexdigest()
        path = folder / sha
        path.write_bytes(data)
        files[sha] = path
    return files


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photo-kb", type=int, default=600)
    args = parser.parse_args()
    cat = catalog.shipped()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "files").mkdir()
        files = make_evidence(folder / "files", args.photo_kb)
        snapshot = sample_snapshot({sha: b"" for sha in files})  # names only; sizes fixed below
        snapshot = dataclasses.replace(snapshot, evidence=tuple(
            dataclasses.replace(e, size=files[e.sha256].stat().st_size) for e in snapshot.evidence))
        source = lambda sha: files[sha].read_bytes()  # noqa: E731
        package, workbook = folder / "bench.zpkg", folder / "bench.xlsx"
        rows = [
            ("导出提交包（写入 + 读回校验）", median_time(
                lambda: write_package(snapshot, package, source, cat), args.runs)),
            ("校验提交包（read_package）", median_time(lambda: read_package(package, cat), args.runs)),
            ("校验提交包（python -m desktop verify，整个进程）", median_time(
                lambda: subprocess.run([sys.executable, "-m", "desktop", "verify", str(package)],
                                       cwd=ROOT, check=True, capture_output=True),
                max(3, args.runs // 2))),
            ("导出工作簿 .xlsx（含读回核对）", median_time(
                lambda: export_workbook(snapshot, cat, workbook), args.runs)),
            ("读取工作簿 .xlsx（逐格校验）", median_time(lambda: read_workbook(workbook, cat), args.runs)),
        ]
        size = package.stat().st_size
        total = sum(p.stat().st_size for p in files.values())
    print(f"佐证材料 50 个文件，共 {total / 2**20:.1f} MB；提交包 {size / 2**20:.1f} MB；"
          f"每项取 {args.runs} 次的中位数")
    width = max(display_width(name) for name, _ in rows)
    print(f"{pad('操作', width)}  耗时（毫秒）")
    for name, seconds in rows:
        print(f"{pad(name, width)}  {seconds * 1000:10.0f}")


def display_width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


if __name__ == "__main__":
    main()
