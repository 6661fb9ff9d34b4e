"""Progress and cancellation hooks that the long district computations accept."""

from __future__ import annotations

from typing import Callable

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


class Cancelled(Exception):
    """Raised when is_cancelled() answered True; nothing was written."""


def step(done: int, total: int, progress: ProgressFn | None, is_cancelled: CancelFn | None) -> None:
    """Reports progress, then stops the work if the user asked to cancel."""
    if progress is not None:
        progress(done, total)
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()
