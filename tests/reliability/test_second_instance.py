"""A second instance must never write beside the first, even after store.lock was deleted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import StoreError
from desktop.core.store import AnswerStore
from desktop.core.store.lock import LOCK_NAME

ROOT = Path(__file__).resolve().parents[2]
HOLD = ("import sys, time\nfrom desktop.core.store import AnswerStore\n"
        "s = AnswerStore.open(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(120)")


@pytest.mark.skipif(os.name != "posix", reason="Windows refuses to delete a file another process has open")
def test_deleting_store_lock_does_not_let_a_second_instance_in(tmp_path: Path, record):
    folder = tmp_path / "data"
    AnswerStore.open(folder).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "ready"
        (folder / LOCK_NAME).unlink()  # what the attack did
        with pytest.raises(StoreError, match="另一个正在运行"):
            AnswerStore.open(folder)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    AnswerStore.open(folder).close()  # once the first is gone, it opens
    record("second instance", refused_after_lock_deleted=1)
