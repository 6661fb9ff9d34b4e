"""Every main screen rendered at 1366×768, at 100 % and at 125 %, into a folder to look at.

The folder is $SCREENSHOTS_DIR when set (kept), else a temporary one. The tour also fails on what
a check can see: English or internal ids on screen, an item pane wider than its area, the
statistics' 结论 column off-screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ("01-wizard-school-empty", "03-wizard-period", "10-item-input", "11-item-unmet-with-plan",
           "12-item-failed-indicator", "13-indicator-plans", "20-grid-resources",
           "21-grid-government-section", "22-search-nothing-found", "30-dashboard", "31-narrative",
           "40-finalize-check", "50-supervisor-schools", "51-supervisor-statistics")


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_every_main_screen_at_laptop_size(scale, tmp_path):
    out = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path / "shots")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tests.ui.screen_tour", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    problems = [line for line in done.stdout.splitlines() if line.strip()]
    assert done.returncode == 0 and not problems, "\n".join(problems) or done.stderr[-2000:]
    tag = str(round(float(scale) * 100))
    missing = [name for name in SCREENS if not (out / f"{name}@{tag}.png").exists()]
    assert not missing
