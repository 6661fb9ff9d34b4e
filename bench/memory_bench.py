"""Benchmark: peak memory (ru_maxrss) of the app with all four checklists open, vs a bare window.

The data directory holds the demo school with a 2026 assessment that uses all four shipped
checklists (its answers carried over from 2025). Each measurement is a new process on the
offscreen platform, which shows the main window, lets it settle and quits; its peak resident
set size comes from os.wait4. POSIX only.

    python bench/memory_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import Figure, print_figures  # noqa: E402
from startup_bench import APP_CHILD, BARE_CHILD, child_environment  # noqa: E402

MAKE_DATA = """
import sys
from desktop import paths
from desktop.core.catalog import shipped
from desktop.core.demo import create_demo
from desktop.core.store import AnswerStore
paths.init(sys.argv[1])
with AnswerStore.open(sys.argv[1]) as store:
    demo = create_demo(store)
    every = [(c.id, c.version) for c in shipped().checklists.values()]
    store.create_assessment(demo.school_id, "2026年度", every, overlay=demo.overlay,
                            copy_from=demo.assessment_id)
"""


def peak_mb(code: str, args: list[str], env: dict[str, str]) -> float:
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"the child failed (exit {child.returncode}): {err[-2000:]}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def measure(runs: int = 3) -> list[Figure]:
    if not hasattr(os, "wait4"):
        return [Figure("峰值内存（四张检查表）", None, "MB", note="需要 POSIX 的 wait4，跳过", id="memory")]
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as temp:
        folder = Path(temp)
        env = child_environment(folder)
        data_dir = folder / "data"
        subprocess.run([sys.executable, "-c", MAKE_DATA, str(data_dir)], cwd=ROOT, env=env, check=True)
        peak_mb(APP_CHILD, [str(data_dir)], env)  # writes the bytecode cache (see child_environment)
        app = [peak_mb(APP_CHILD, [str(data_dir)], env) for _ in range(runs)]
        bare = [peak_mb(BARE_CHILD, [], env) for _ in range(runs)]
    return [Figure("峰值内存：主窗口打开四张检查表的评估", statistics.median(app), "MB",
                   "裸 PySide6 QMainWindow", statistics.median(bare),
                   f"ru_maxrss，{runs} 次的中位数；offscreen 平台", id="memory")]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print_figures(measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
