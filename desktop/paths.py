"""The one source of file locations: bundled data (frozen-aware) and the user's data directory."""

from __future__ import annotations

import sys
from pathlib import Path

_data_dir: Path | None = None


def _bundle_root() -> Path:
    # When frozen by PyInstaller, data files are unpacked under sys._MEIPASS.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_dir() -> Path:
    return _bundle_root() / "resources"


def checklists_dir() -> Path:
    return _bundle_root() / "checklists"


def init(data_dir: str | Path | None = None) -> Path:
    """Sets the user data directory (created if missing); defaults to the platform's location."""
    global _data_dir
    if data_dir is None:
        import platformdirs
        data_dir = platformdirs.user_data_dir("SchoolSelfAssessment", appauthor=False)
    _data_dir = Path(data_dir).expanduser().resolve()
    _data_dir.mkdir(parents=True, exist_ok=True)
    return _data_dir


def data_dir() -> Path:
    if _data_dir is None:
        return init()
    return _data_dir
