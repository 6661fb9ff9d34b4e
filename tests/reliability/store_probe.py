"""Helper process for the damaged-database tests: opens a store under limits a test cannot set on itself.

Usage: python store_probe.py DATA_DIR [--as-nobody] [--fsize BYTES] [--write N]
  --as-nobody  when run as root, drop to uid/gid 65534 after the imports, so file permissions bind
  --fsize      RLIMIT_FSIZE after opening: writes past BYTES fail as on a full disk (EFBIG)
  --full-at-open  apply the --fsize limit before opening instead (creation, the day's backup)
  --write N    then save N long answers, reporting each one that returned
Prints one JSON line: {"opened": bool, "error": str|null, "error_type": str|null, "saved": [ids]},
or {"skip": why} when root privileges cannot be dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.core.errors import DesktopError  # noqa: E402
from desktop.core.store import AnswerStore  # noqa: E402

NOBODY = 65534


def drop_privileges() -> None:
    # Load lazily imported modules first: the interpreter's own files may be unreadable to nobody.
    dt.datetime.strptime("20250101-000000", "%Y%m%d-%H%M%S")
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us at the limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def probe(args: argparse.Namespace) -> dict:
    result = {"opened": False, "error": None, "error_type": None, "saved": []}
    if args.full_at_open:
        limit_file_size(args.fsize)
    try:
        store = AnswerStore.open(Path(args.data_dir))
    except DesktopError as exc:
        return {**result, "error": str(exc), "error_type": type(exc).__name__}
    result["opened"] = True
    try:
        if args.fsize is not None and not args.full_at_open:
            limit_file_size(args.fsize)
        assessment = store.assessments()[0].id
        for n in range(args.write):
            store.set_answer(assessment, "yzjh", f"probe_{n}", "磁盘写满测试的较长说明文字" * 100)
            result["saved"].append(f"probe_{n}")
    except DesktopError as exc:
        result.update(error=str(exc), error_type=type(exc).__name__)
    finally:
        store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--as-nobody", action="store_true")
    parser.add_argument("--fsize", type=int)
    parser.add_argument("--full-at-open", action="store_true")
    parser.add_argument("--write", type=int, default=0)
    args = parser.parse_args()
    if args.as_nobody and os.geteuid() == 0:
        try:
            drop_privileges()
        except PermissionError as exc:  # a container without CAP_SETUID: the test is skipped
            print(json.dumps({"skip": f"cannot drop root privileges: {exc}"}), flush=True)
            return
    print(json.dumps(probe(args), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
