"""Helper process for the crash-safety test: forks answer writers from an already-warm interpreter.

A fresh Python that imports the store costs about 0.3 s per trial; a fork of this process costs a
few milliseconds, so hundreds of SIGKILL trials fit in a minute. Each child runs the writer of
tests/core/crash_writer.py unchanged: it prints "ready", then "ITEM N" after each set_answer returns.

Protocol, one line each way per trial (POSIX only):
  test   → zygote: DATA_DIR<TAB>FIFO<TAB>ERR_FILE   (the child's stdout goes to FIFO, stderr to ERR_FILE)
  zygote → test:   PID                              (the test kills PID with SIGKILL when it likes)
  zygote → test:   EXIT <raw wait status>           (once the child is gone)
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.core import crash_writer  # noqa: E402  (imports the store: the expensive part)


def child(data_dir: str, fifo: str, err_file: str) -> None:
    """Runs in the forked child; never returns."""
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        err = os.open(err_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(err, 2)
        out = os.open(fifo, os.O_WRONLY)  # blocks until the test opens the other end
        os.dup2(out, 1)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        crash_writer.main(Path(data_dir))
    except BaseException:  # noqa: BLE001 — the test reads the traceback from ERR_FILE
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def main() -> None:
    print("zygote ready", flush=True)
    for line in sys.stdin:
        data_dir, fifo, err_file = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            child(data_dir, fifo, err_file)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"EXIT {status}", flush=True)


if __name__ == "__main__":
    main()
