"""Icons drawn for this app (SVG files under resources/icons), loaded once and cached."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from desktop import paths

PENDING_REVIEW = "pending_review"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon resources/icons/<name>.svg; an empty icon if the file is missing."""
    path = paths.resource_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def status_icon(status: str, pending_review: bool = False) -> QIcon:
    """The tree icon for an item status value (met, unmet, …); 待复核 wins over the status."""
    return icon(PENDING_REVIEW if pending_review else status)


def app_icon() -> QIcon:
    return icon("app")
