"""Errors whose str() is a sentence a user can act on (in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DesktopError(Exception):
    """Base of every error caused by the user's input or environment, not by a bug."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a definition file: where it is and what is wrong."""

    file: str
    where: str  # item or section id, or "" for the file itself
    message: str

    def __str__(self) -> str:
        place = f"{self.file}"
        if self.where:
            place += f"，{self.where}"
        return f"{place}：{self.message}"


class ChecklistFileError(DesktopError):
    """A definition or overlay file has problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"检查表定义有 {len(self.problems)} 处问题："
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class InputError(DesktopError):
    """Bad input to an evaluation or a command: names the field that is wrong."""

    def __init__(self, message: str, field: str = ""):
        self.field = field
        super().__init__(message)


class ExportError(DesktopError):
    """An export file could not be written (disk full, no permission, read back wrong…)."""


class StoreError(DesktopError):
    """The database cannot be used as asked (damaged, locked, newer, read-only…)."""


class ImportFileError(DesktopError):
    """An imported file is refused whole; the message says where and why."""

    def __init__(self, message: str, *, path: str | Path = "", sheet: str = "",
                 row: int | None = None, column: str = ""):
        self.path, self.sheet, self.row, self.column = str(path), sheet, row, column
        place = "，".join(p for p in (
            f"文件 {Path(path).name}" if path else "",
            f"工作表「{sheet}」" if sheet else "",
            f"第 {row} 行" if row is not None else "",
            f"{column} 列" if column else "",
        ) if p)
        super().__init__(f"{place}：{message}" if place else message)
