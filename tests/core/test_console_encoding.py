"""Command output never fails on a console code page without Chinese (Windows 1252, piped)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from desktop.__main__ import tolerate_console_encoding

ROOT = Path(__file__).resolve().parents[2]


def test_a_command_piped_through_code_page_1252_prints_question_marks_not_a_traceback():
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "desktop", "checklists", "list"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert b"Traceback" not in done.stderr
    lines = done.stdout.decode("cp1252").splitlines()
    assert len(lines) >= 4 and all(re.fullmatch(r"\d{4}\.\d+", line.split()[1]) for line in lines[:4])
    assert "?" in lines[0]  # the names, which 1252 cannot carry


def test_chinese_code_page_and_missing_streams_are_left_as_they_are(monkeypatch):
    gbk = io.TextIOWrapper(io.BytesIO(), encoding="gbk", newline="\n")
    monkeypatch.setattr(sys, "stdout", gbk)
    monkeypatch.setattr(sys, "stderr", None)  # the windowed Windows program has no streams
    tolerate_console_encoding()
    print("学校督导自评助手", file=gbk, flush=True)
    assert gbk.buffer.getvalue().decode("gbk") == "学校督导自评助手\n"
