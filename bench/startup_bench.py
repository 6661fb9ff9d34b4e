"""Benchmark: cold start to the main window shown, against a bare PySide6 QMainWindow start.

Each start is a new process on the offscreen platform. The clock runs from launching the process
to the moment the window's show event fires (the child prints "shown" then); the app opens the
demo assessment from a data directory made beforehand. QSettings are kept in a temporary folder
(XDG_CONFIG_HOME) so the benchmark never touches the user's own settings.

    python bench/startup_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import Figure, print_figures  # noqa: E402

# The app, started as `python -m desktop --data-dir DIR` would, reporting when its window shows.
APP_CHILD = """
import sys
from desktop.ui.main_window import MainWindow
shown = MainWindow.showEvent
def report(self, event):
    shown(self, event)
    print("shown", flush=True)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    QTimer.singleShot(0, QApplication.instance().quit)
MainWindow.showEvent = report
from desktop.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

# The peer: the least a PySide6 program does to show a main window.
BARE_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    def showEvent(self, event):
        super().showEvent(event)
        print("shown", flush=True)
        QTimer.singleShot(0, app.quit)
app = QApplication(sys.argv[:1])
window = Window()
window.show()
sys.exit(app.exec())
"""


def child_environment(folder: Path) -> dict[str, str]:
    # Compiled bytecode goes to a private folder (PYTHONPYCACHEPREFIX): the first, unmeasured start
    # writes it and the measured ones read it, as an installed program (PyInstaller ships .pyc) or
    # any second start does; the source tree stays untouched. With PYTHONDONTWRITEBYTECODE every
    # start compiled all of the app's modules again, which no user ever waits for.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               PYTHONPYCACHEPREFIX=str(folder / "pycache"),
               DESKTOP_CACHE_DIR=str(folder / "cache"))  # parsed definitions (toml_cache), private too
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def seconds_to_shown(code: str, args: list[str], env: dict[str, str]) -> float:
    """Launch → "shown" on the child's stdout; the child is then left to exit on its own."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=60)
    if line.strip() != "shown" or child.returncode != 0:
        raise RuntimeError(f"the child did not show its window (exit {child.returncode}): {err[-2000:]}")
    return elapsed


def demo_data(folder: Path) -> Path:
    data_dir = folder / "data"
    subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "demo"], cwd=ROOT,
                   check=True, capture_output=True)
    return data_dir


def measure(runs: int = 5) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as temp:
        folder = Path(temp)
        env = child_environment(folder)
        data_dir = demo_data(folder)
        seconds_to_shown(APP_CHILD, [str(data_dir)], env)  # warm the OS file cache, like a 2nd start
        seconds_to_shown(BARE_CHILD, [], env)
        app, bare, python = [], [], []
        for _ in range(runs):  # interleaved, so a busy moment hits both alike
            app.append(seconds_to_shown(APP_CHILD, [str(data_dir)], env))
            bare.append(seconds_to_shown(BARE_CHILD, [], env))
            python.append(seconds_to_shown('print("shown")', [], env))
    return [
        Figure("启动到主窗口显示（新进程，示例数据）", statistics.median(app) * 1000, "ms",
               "裸 PySide6 QMainWindow 启动到显示", statistics.median(bare) * 1000,
               f"{runs} 次的中位数；offscreen 平台；含解释器启动", id="startup"),
        Figure("　对照下限：空 Python 进程", statistics.median(python) * 1000, "ms", id="startup_python"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print_figures(measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
